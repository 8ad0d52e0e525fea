/**
 * Units as offices write them next to figures: in a cell ("1.23亿元", "9800 万元"), in a header
 * ("本期（万元）", "GDP（亿元）"), or in a line above the table ("单位：万元"). A unit is a scale prefix
 * (千 万 十万 百万 千万 亿) and a base (元, 人, 吨 …); two units convert into each other when their
 * bases are the same: 9800 万元 = 0.98 亿元, 1.5 万人 = 15000 人.
 */

const PREFIXES: [string, number][] = [
  ['千万', 1e7],
  ['百万', 1e6],
  ['十万', 1e5],
  ['亿', 1e8],
  ['万', 1e4],
  ['千', 1e3],
];

/** Bases recognised as units in headers and cells (a bracket such as "（城镇）" is not a unit). */
const BASES = new Set([
  '元',
  '美元',
  '人',
  '人次',
  '户',
  '家',
  '个',
  '项',
  '件',
  '次',
  '辆',
  '台',
  '套',
  '张',
  '床',
  '所',
  '座',
  '吨',
  '亩',
  '公顷',
  '平方米',
  '平方公里',
  '立方米',
  '米',
  '公里',
  '克',
  '瓦',
  '瓦时',
  '千瓦时',
  '度',
  '天',
  '%',
]);

export interface Unit {
  /** as written, trimmed */
  text: string;
  base: string;
  scale: number;
}

const normalise = (s: string) =>
  s
    .replace(/[\s\u3000]/g, '')
    .replace(/^[(（[【]|[)）\]】]$/g, '')
    .replace(/^(人民币|RMB)/i, '')
    .replace('％', '%')
    .replace(/^百分比$/, '%');

/** A unit text as prefix and base, or null when it is no unit this table knows. */
export function parseUnit(raw: string): Unit | null {
  const text = normalise(raw);
  if (text === '') return null;
  if (BASES.has(text)) return { text, base: text, scale: 1 };
  for (const [prefix, scale] of PREFIXES) {
    if (text.startsWith(prefix) && BASES.has(text.slice(prefix.length))) return { text, base: text.slice(prefix.length), scale };
  }
  return null;
}

/** The factor that turns a value in `from` into the indicator's unit, or null when they do not convert. */
export function unitFactor(from: Unit, indicatorUnit: string): number | null {
  const to = parseUnit(indicatorUnit);
  if (!to || to.base !== from.base) return null;
  return from.scale / to.scale;
}

/** value × factor without float noise (9800 × 1e-4 is 0.98, not 0.9800000000000001). */
export const scaled = (value: number, factor: number) => (factor === 1 ? value : Number((value * factor).toPrecision(15)));

/** The unit in a header's last bracket: "本期（万元）", "GDP（亿元）[GDP]"; null when there is none or it is no unit. */
export function headerUnit(header: string): Unit | null {
  const m = /[(（]([^()（）]{1,12})[)）]\s*(?:[[【][^\]】]*[\]】])?\s*$/.exec(header);
  return m ? parseUnit(m[1]) : null;
}

/** The unit of a line above the table: "单位：万元", "（金额单位：亿元）", "计量单位: 人"; null otherwise. */
export function unitLine(cell: string): Unit | null {
  const m = /^[(（]?(?:计量|金额|数量|货币)?单位\s*[:：]\s*([^\s，,；;)）]{1,12})/.exec(cell.replace(/[\u3000]/g, ' ').trim());
  return m ? parseUnit(m[1]) : null;
}

/** A number with a unit after it: "1.23亿元", "9,800 万元", "-5万人" → the number text and the unit text. */
export function splitNumberUnit(cell: string): { number: string; unit: string } | null {
  if (cell.length > 64) return null;
  const m = /^\s*([+\-－＋]?[0-9０-９][0-9０-９,，.．]*(?:[eE][+-]?\d+)?)\s*([^\s0-9０-９].{0,11}?)\s*$/.exec(cell);
  return m ? { number: m[1], unit: m[2] } : null;
}
