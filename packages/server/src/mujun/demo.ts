/**
 * The 亩均效益 demo: about 3,000 synthetic enterprises across Keqiao's 16 镇街 (textile, printing
 * and dyeing heavy), loaded the way an office would load real ones — the roster, the land file and
 * the four bureaus' workbooks through the same importers — then one draft evaluation. Everything
 * is labelled synthetic (batches, sources, the workbooks' properties). Idempotent: a year that
 * already has land is left alone.
 */
import { systemActor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { runImport } from '../imports/service.js';
import type { DemoOptions } from '../module.js';
import { importRoster } from '../subjects/roster.js';
import { mujunDemoFiles } from './demo-files.js';
import { evaluate, EvaluateOptions } from './evaluate.js';
import { importParcels } from './parcels.js';
import { parcelsOf, townCodes } from './repository.js';
import { SYNTHETIC_NOTE, syntheticMujun } from './synthetic.js';

const KEQIAO = '330603000000';
const MAX_BYTES = 200 * 1024 * 1024;
const BUREAUS: Record<string, string> = {
  '税务局-实缴税金.xlsx': '柯桥区税务局（合成数据）',
  '统计局-工业企业.xlsx': '柯桥区统计局（合成数据）',
  '供电公司-用电量.xlsx': '国网绍兴市柯桥区供电公司（合成数据）',
  '生态环境-能耗排放.xlsx': '柯桥区发改局、生态环境分局、应急管理局（合成数据）',
};

export async function loadMujunDemo(db: Db, options: DemoOptions & { enterprises?: number } = {}): Promise<string[]> {
  const actor = options.actor ?? systemActor('demo');
  const year = (options.today ?? new Date()).getUTCFullYear() - 1;
  const towns = [...(await townCodes(db, actor))]
    .filter(([code]) => code.startsWith(KEQIAO.slice(0, 6)))
    .map(([code, name]) => ({ code, name }));
  if (towns.length === 0) return [];
  if ((await parcelsOf(db, actor, year)).length > 0) return [`亩均效益 / per-mu efficiency: ${year} already loaded`];
  const demo = syntheticMujun({ year, towns, enterprises: options.enterprises });
  const files = new Map((await mujunDemoFiles(demo)).map((f) => [f.name, f.bytes]));
  options.onStep?.('企业名册');
  await importRoster(db, actor, files.get('企业名册.xlsx')!, {
    fileName: '企业名册（合成数据）.xlsx',
    kind: 'enterprise',
    dryRun: false,
    maxBytes: MAX_BYTES,
  });
  options.onStep?.('用地');
  await importParcels(db, actor, files.get('用地.xlsx')!, { fileName: '用地（合成数据）.xlsx', year, dryRun: false, maxBytes: MAX_BYTES });
  for (const [name, source] of Object.entries(BUREAUS)) {
    options.onStep?.(name);
    await runImport(db, actor, files.get(name)!, {
      fileName: name,
      dryRun: false,
      status: 'final',
      source,
      synthetic: true,
      note: SYNTHETIC_NOTE,
      maxBytes: MAX_BYTES,
    });
  }
  options.onStep?.('亩均评价');
  // classes by rank shares (A 20 %, B 50 %, C 20 %, D the rest), firms under 3 亩 not rated: as many counties set them
  const run = await evaluate(
    db,
    actor,
    EvaluateOptions.parse({ year, classes: { type: 'shares', A: 0.2, B: 0.5, C: 0.2 }, minLandMu: 3 }),
    KEQIAO,
  );
  const c = run.counts;
  return [
    `亩均效益 / per-mu efficiency ${year}: ${demo.roster.length} synthetic enterprises, ${demo.parcels.length} parcels, 4 bureau files; ` +
      `run #${run.id}: A ${c.A ?? 0} · B ${c.B ?? 0} · C ${c.C ?? 0} · D ${c.D ?? 0} · 不参评 ${c.notRated ?? 0} (synthetic)`,
  ];
}
