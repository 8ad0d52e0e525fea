/**
 * Bundled, labelled presets (JSON files in ./presets, all marked `illustrative: true`).
 * The engine does no I/O: callers read the file and pass its JSON to `parseScheme`/`runScheme`.
 * (Embedding them with `import … with { type: 'json' }` would need the engine tsconfig to include
 * `src/**\/*.json`.)
 */

export interface PresetInfo {
  id: string;
  file: string;
  unitKind: 'county' | 'town' | 'village' | 'platform' | 'enterprise';
  period: 'annual' | 'monthly';
  title: { zh: string; en: string };
}

export const PRESETS: readonly PresetInfo[] = [
  {
    id: 'zj-counties-common-prosperity',
    file: 'presets/zj-counties-common-prosperity.json',
    unitKind: 'county',
    period: 'annual',
    title: { zh: '浙江省 90 个县（市、区）共同富裕考评（示意）', en: 'Zhejiang 90 counties common-prosperity assessment (illustrative)' },
  },
  {
    id: 'keqiao-towns-annual',
    file: 'presets/keqiao-towns-annual.json',
    unitKind: 'town',
    period: 'annual',
    title: { zh: '柯桥区 16 个镇街年度综合考核（示意）', en: 'Keqiao 16 towns annual assessment (illustrative)' },
  },
  {
    id: 'keqiao-platforms-monthly-saibi',
    file: 'presets/platforms-monthly-saibi.json',
    unitKind: 'platform',
    period: 'monthly',
    title: { zh: '柯桥区五大平台月度赛比（示意）', en: "Keqiao's five platforms monthly 赛比 (illustrative)" },
  },
  {
    id: 'keqiao-future-villages',
    file: 'presets/keqiao-future-villages.json',
    unitKind: 'village',
    period: 'annual',
    title: { zh: '柯桥区未来乡村场景评价（示意）', en: 'Keqiao future villages: scenario scoring (illustrative)' },
  },
  {
    id: 'mujun-huangyan-above',
    file: 'presets/mujun-huangyan-above.json',
    unitKind: 'enterprise',
    period: 'annual',
    title: {
      zh: '黄岩区规上工业企业亩均效益评价（2022 年数据，示意）',
      en: 'Huangyan 规上 industrial enterprises per-mu efficiency (2022 data, illustrative)',
    },
  },
  {
    id: 'mujun-huangyan-below',
    file: 'presets/mujun-huangyan-below.json',
    unitKind: 'enterprise',
    period: 'annual',
    title: {
      zh: '黄岩区规下工业企业亩均效益评价（2022 年数据，示意）',
      en: 'Huangyan 规下 industrial enterprises per-mu efficiency (2022 data, illustrative)',
    },
  },
];
