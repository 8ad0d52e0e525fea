/**
 * The 河长制 demo: SYNTHETIC rivers and reaches in three Keqiao 镇街 (柯桥街道, 柯岩街道, 湖塘街道 — the
 * names say 合成 and every row is flagged synthetic), a town and a village chief per reach (named
 * persons, 示例 names) and a district chief on the first reach, and patrols over the 60 days before
 * the demo's today, drawn with mulberry32 so some chiefs fall behind their frequency rule. No
 * problems are recorded, so the demo opens no event cases. Idempotent: a loaded demo is left alone.
 */
import { mulberry32 } from '@gongfu/engine';
import { systemActor } from '../auth/actor.js';
import { audited } from '../audit/service.js';
import type { Db } from '../db/store.js';
import type { DemoOptions } from '../module.js';
import { localDate } from './days.js';
import * as repo from './rivers-repository.js';
import type { Actor } from '../auth/actor.js';
import { loadWaterDemo, waterDemoLoadedUnscoped } from './water-demo.js';
import { writeWaterIndicators } from './water.js';

const KEQIAO = '330603000000';
const TOWNS = [
  { code: '330603001000', river: 'DEMO-RV-1', riverName: '示例河一（合成）' },
  { code: '330603002000', river: 'DEMO-RV-2', riverName: '示例河二（合成）' },
  { code: '330603004000', river: 'DEMO-RV-3', riverName: '示例河三（合成）' },
];
const REACHES_PER_TOWN = 3;
/** chance that a chief patrols in a given period */
const DILIGENCE = [0.95, 0.8, 0.6];

export async function loadRiversDemo(db: Db, options: DemoOptions = {}): Promise<string[]> {
  const actor = options.actor ?? systemActor('demo');
  if (!(await repo.placeOf(db, actor, KEQIAO))) return [];
  const today = localDate((options.today ?? new Date()).getTime());
  if ((await repo.riversOf(db, actor, TOWNS[0]!.river)).length > 0)
    return ['河长制 / river chiefs: synthetic rivers already loaded', ...(await waterDemo(db, actor, today))];
  const rules = new Map((await repo.patrolRules(db)).map((r) => [r.level, r.periodDays]));
  const rnd = mulberry32(20261206);
  let reaches = 0;
  let chiefs = 0;
  let patrols = 0;
  await audited(db, actor, async (tx) => {
    for (const [ti, t] of TOWNS.entries()) {
      const town = await repo.placeOf(tx, actor, t.code);
      if (!town) continue;
      await repo.upsertRiverUnscoped(tx, {
        code: t.river,
        name: t.riverName,
        regionCode: t.code,
        geometry: null,
        synthetic: true,
        createdBy: actor.id,
      });
      for (let k = 1; k <= REACHES_PER_TOWN; k++) {
        const code = `${t.river}-${k}`;
        const lon = 120.45 + ti * 0.03 + k * 0.005;
        const lat = 30.05 + ti * 0.02;
        await repo.upsertReachUnscoped(tx, {
          code,
          riverCode: t.river,
          name: `${town.name}第${k}段（合成）`,
          regionCode: t.code,
          townCode: t.code,
          lengthKm: Math.round((1 + rnd() * 3) * 10) / 10,
          geometry: {
            type: 'LineString',
            coordinates: [
              [lon, lat],
              [lon + 0.004, lat + 0.002],
            ],
          },
          synthetic: true,
          createdBy: actor.id,
        });
        reaches++;
        const levels = (ti === 0 && k === 1 ? ['district', 'town', 'village'] : ['town', 'village']) as ('district' | 'town' | 'village')[];
        for (const level of levels) {
          const chiefId = await repo.upsertChiefUnscoped(tx, {
            reachCode: code,
            level,
            userId: null,
            personName: `示例河长${ti + 1}${k}${level === 'district' ? '区' : level === 'town' ? '镇' : '村'}（合成）`,
            phone: '',
            regionCode: t.code,
            synthetic: true,
            createdBy: actor.id,
          });
          chiefs++;
          const period = rules.get(level)!;
          const diligence = DILIGENCE[(ti + k) % DILIGENCE.length]!;
          for (let back = 60; back >= 0; back -= period) {
            if (rnd() > diligence) continue;
            const day = Math.min(back, Math.floor(rnd() * period));
            const date = addDays(today, -(back - day));
            if (date > today) continue;
            await repo.insertPatrolUnscoped(tx, {
              reachCode: code,
              chiefId,
              date,
              track: [
                [lon, lat],
                [lon + 0.002, lat + 0.001],
                [lon + 0.004, lat + 0.002],
              ],
              note: '合成巡河记录 (synthetic)',
              regionCode: t.code,
              townCode: t.code,
              synthetic: true,
              createdBy: actor.id,
            });
            patrols++;
          }
        }
      }
    }
    return {
      result: undefined,
      audit: { action: 'ecology.patrol', target: 'eco_patrol:demo', after: { synthetic: true, reaches, chiefs, patrols } },
    };
  });
  return [
    `河长制 / river chiefs (synthetic): ${TOWNS.length} rivers, ${reaches} reaches, ${chiefs} chiefs, ${patrols} patrols in the last 60 days`,
    ...(await waterDemo(db, actor, today)),
  ];
}

/** the synthetic water sections and samples, in their own audited transaction */
async function waterDemo(db: Db, actor: Actor, today: string): Promise<string[]> {
  if (await waterDemoLoadedUnscoped(db)) return ['水质 / water quality: synthetic sections already loaded'];
  const n = await audited(db, actor, async (tx) => {
    const r = await loadWaterDemo(tx, actor, today);
    return {
      result: r,
      audit: { action: 'ecology.water.import', target: 'file:water-demo (synthetic)', after: { synthetic: true, ...r } },
    };
  });
  if (!n.sections) return [];
  const year = Number(today.slice(0, 4));
  for (const y of [year - 1, year]) await writeWaterIndicators(db, actor, y, { synthetic: true });
  return [`水质 / water quality (synthetic): ${n.sections} sections, ${n.samples} monthly samples`];
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
