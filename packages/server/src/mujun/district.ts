/**
 * The district's and each town's 亩均 figures (规上亩均税收, 亩均增加值, A 类占比, D 类数, C/D 类用地)
 * written to the indicator catalogue when a run is published as final, through the observation
 * writer: one batch, audited, in the publication's transaction. The cockpit and the county's
 * assessment of towns read them like any indicator.
 */
import { createHash } from 'node:crypto';
import { districtFigures, type DistrictFigures } from '@gongfu/engine/mujun';
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { writeObservations } from '../observations/writer.js';
import { classedResultsUnscoped, runInputsSyntheticUnscoped } from './repository.js';

export const DISTRICT_INDICATORS: Record<string, (f: DistrictFigures) => number | null> = {
  MJ_TAX_PER_MU_ABOVE: (f) => f.taxPerMuAbove,
  MJ_VA_PER_MU_ABOVE: (f) => f.valueAddedPerMuAbove,
  MJ_SHARE_A: (f) => f.shareA,
  MJ_COUNT_D: (f) => f.countD,
  MJ_LAND_CD: (f) => f.landCD,
};

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

export async function writeDistrictIndicators(tx: Db, actor: Actor, run: { id: number; year: number; regionCode: string }) {
  const figures = districtFigures(await classedResultsUnscoped(tx, run.id), run.regionCode);
  const synthetic = await runInputsSyntheticUnscoped(tx, run.year);
  const source = `亩均效益评价 #${run.id}（${run.year} 年度，正式发布）` + (synthetic ? '【合成数据 synthetic】' : '');
  const rows = [...figures].flatMap(([region, f]) =>
    Object.entries(DISTRICT_INDICATORS).flatMap(([indicatorCode, of]) => {
      const value = of(f);
      return value === null || f.rated === 0
        ? []
        : [
            {
              indicatorCode,
              subject: { kind: 'region' as const, code: region },
              period: String(run.year),
              periodStart: `${run.year}-01-01`,
              value: round(value, 4),
              status: 'final' as const,
              source,
            },
          ];
    }),
  );
  if (rows.length === 0) return null;
  return writeObservations(tx, actor, {
    batch: {
      fileName: `mujun-run-${run.id}`,
      fileSha256: createHash('sha256')
        .update(JSON.stringify(rows.map((r) => [r.indicatorCode, r.subject.code, r.value])))
        .digest('hex'),
      format: 'api',
      layout: 'api',
      encoding: null,
      rowCount: rows.length,
      source,
      synthetic,
      note: `per-mu evaluation run ${run.id}, final publication` + (synthetic ? '; synthetic inputs, not official figures' : ''),
    },
    rows,
    whenUnchanged: 'skip',
    audit: { action: 'mujun.indicators', after: { run: run.id, year: run.year, regions: figures.size } },
  });
}
