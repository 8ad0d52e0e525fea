/**
 * The 生态 demo: four SYNTHETIC Keqiao air-quality stations (two 国控, one 省控, one micro-station),
 * hourly readings for 2020–2021 (synthetic.ts, tuned so the district's 2021 优良天数比例 is the
 * published 90 % and PM2.5 falls 1 µg/m³), their daily AQI, and the two indicators of both years.
 * Everything is labelled synthetic (station names and attributes, reading source, the batch).
 * Idempotent: when the first station already has 2021 days, nothing is loaded.
 */
import { POLLUTANTS } from '@gongfu/engine/ecology';
import { systemActor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import type { DemoOptions } from '../module.js';
import { saveSubjects } from '../subjects/service.js';
import { dailyOf, regionOf, stationsOf } from './repository.js';
import { saveReadings, SYNTHETIC_SOURCE, writeIndicators, type Readings } from './service.js';
import { loadRiversDemo } from './rivers-demo.js';
import { DEMO_STATIONS, hourStart, syntheticAir } from './synthetic.js';

const KEQIAO = '330603000000';

export async function loadEcologyDemo(db: Db, options: DemoOptions = {}): Promise<string[]> {
  const actor = options.actor ?? systemActor('demo');
  if (!(await regionOf(db, actor, KEQIAO))) return [];
  const existing = (await stationsOf(db, actor, { q: DEMO_STATIONS[0]!.code })).find((s) => s.code === DEMO_STATIONS[0]!.code);
  if (existing && (await dailyOf(db, actor, [existing.id], '2021-01-01', '2021-12-31')).length > 0) {
    return ['空气质量 / air quality: 2020–2021 synthetic readings already loaded', ...(await loadRiversDemo(db, options))];
  }
  options.onStep?.('空气质量站点');
  await saveSubjects(
    db,
    actor,
    DEMO_STATIONS.map((s) => ({
      kind: 'station' as const,
      code: s.code,
      name: s.name,
      regionCode: s.town,
      attributes: { type: s.type, lon: s.lon, lat: s.lat, synthetic: true, note: '合成演示站点，非真实监测点位 (synthetic)' },
      source: SYNTHETIC_SOURCE,
    })),
  );
  const ids = new Map((await stationsOf(db, actor, { types: ['national', 'provincial', 'micro'] })).map((s) => [s.code, s.id]));
  options.onStep?.('空气质量小时数据');
  const air = syntheticAir();
  const lines: string[] = [];
  for (const y of air.years) {
    const r: Readings = { station: [], hour: [], so2: [], no2: [], pm10: [], pm25: [], co: [], o3: [], codes: new Map() };
    DEMO_STATIONS.forEach((s, si) => {
      const id = ids.get(s.code)!;
      r.codes.set(id, s.code);
      const h = y.hours[si]!;
      for (let i = 0; i < h.pm25.length; i++) {
        r.station.push(id);
        r.hour.push(hourStart(y.year, i));
        for (const p of POLLUTANTS) r[p].push(Number.isNaN(h[p][i]!) ? null : h[p][i]!);
      }
    });
    await saveReadings(db, actor, r, { fileName: `空气质量小时数据-${y.year}（合成数据）`, source: SYNTHETIC_SOURCE, synthetic: true });
    options.onStep?.(`空气质量指标 ${y.year}`);
    await writeIndicators(db, actor, { year: y.year, region: KEQIAO });
    lines.push(
      `空气质量 / air quality ${y.year} (synthetic): ${DEMO_STATIONS.length} stations, ${r.station.length} hourly rows; ` +
        `district 优良天数比例 ${y.stats.goodRatio.value} % (${y.stats.goodDays}/${y.stats.validDays} days), PM2.5 ${y.stats.pm25.value} µg/m³`,
    );
  }
  return [...lines, ...(await loadRiversDemo(db, options))];
}
