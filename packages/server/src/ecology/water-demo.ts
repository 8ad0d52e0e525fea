/**
 * The water-quality demo: one SYNTHETIC monitoring section (断面) per demo reach (names say 合成,
 * rows flagged synthetic), sampled on the 10th of every month of last year and this year up to
 * today, drawn with mulberry32 around a per-section baseline with a summer worsening, and classed
 * by GB 3838-2002 like an import. Targets: class Ⅲ, two sections Ⅱ. Some sections miss their
 * target in summer; one falls to 劣Ⅴ. Idempotent: a loaded demo is left alone.
 */
import { sql } from 'drizzle-orm';
import { mulberry32 } from '@gongfu/engine';
import { waterClass, type WaterClass, type WaterItem } from '@gongfu/engine/ecology';
import { one, type Db } from '../db/store.js';
import type { Actor } from '../auth/actor.js';
import { reachesOf } from './rivers-repository.js';

/** baseline pollution per section, 0 (clean) … 1 (poor) */
const BASE = [0.08, 0.25, 0.35, 0.1, 0.3, 0.6, 0.2, 0.4, 0.95];
const TARGET: WaterClass[] = [2, 3, 3, 2, 3, 3, 3, 3, 3];

/** whether the demo's sections are already there */
export async function waterDemoLoadedUnscoped(db: Db): Promise<boolean> {
  const have = await one<{ n: number }>(db, sql`select count(*)::int as n from eco_wq_section where synthetic and code like 'DEMO-WQ-%'`);
  return (have?.n ?? 0) > 0;
}

export async function loadWaterDemo(tx: Db, actor: Actor, today: string): Promise<{ sections: number; samples: number }> {
  const reaches = (await reachesOf(tx, actor, { q: 'DEMO-RV-' })).filter((r) => r.synthetic);
  const rnd = mulberry32(3838);
  const year = Number(today.slice(0, 4));
  let samples = 0;
  for (const [i, r] of reaches.entries()) {
    const code = `DEMO-WQ-${i + 1}`;
    const target = TARGET[i % TARGET.length]!;
    const base = BASE[i % BASE.length]!;
    await tx.execute(
      sql`insert into eco_wq_section (code, name, reach_code, region_code, target_class, synthetic, created_by)
          values (${code}, ${`${r.name.replace('（合成）', '')}断面（合成）`}, ${r.code}, ${r.regionCode}, ${target}, true, ${actor.id})`,
    );
    for (const y of [year - 1, year]) {
      for (let m = 1; m <= 12; m++) {
        const date = `${y}-${String(m).padStart(2, '0')}-10`;
        if (date > today) break;
        const summer = m >= 6 && m <= 9 ? 0.2 : 0;
        const p = Math.min(1.2, Math.max(0, base + summer + (rnd() - 0.5) * 0.2));
        const vals: Partial<Record<WaterItem, number>> = {
          ph: round(7 + (rnd() - 0.5) * 0.8, 2),
          do: round(8.2 - 5.5 * p, 2),
          codmn: round(1.6 + 8 * p, 1),
          cod: round(10 + 18 * p, 1),
          bod5: round(2 + 4 * p, 1),
          nh3n: round(0.1 + 1.9 * p * p, 3),
          tp: round(0.03 + 0.38 * p * p, 3),
          tn: round(0.8 + 2 * p, 2),
        };
        const c = waterClass(vals, { target });
        await tx.execute(
          sql`insert into eco_wq_sample (section_code, sampled_on, vals, class, worst_items, exceeding, region_code, synthetic, loaded_by)
              values (${code}, ${date}::date, ${JSON.stringify(vals)}::jsonb, ${c.class!}, ${sql.param(c.worst)}::text[],
                ${sql.param(c.exceeding)}::text[], ${r.regionCode}, true, ${actor.id})`,
        );
        samples++;
      }
    }
  }
  return { sections: reaches.length, samples };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
