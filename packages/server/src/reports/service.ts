/** Region summaries for the cockpit: latest value per indicator with its year-on-year change and trend. */
import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/store.js';
import { notFound } from '../errors.js';
import { queryObservations, type ObservationRow } from '../observations/repository.js';
import { getRegion } from '../regions/repository.js';

function previousYear(period: string): string {
  return `${Number(period.slice(0, 4)) - 1}${period.slice(4)}`;
}

export async function indicatorSummary(db: Db, actor: Actor, regionCode: string, indicators?: string[]) {
  const region = await getRegion(db, actor, regionCode);
  if (!region) throw notFound({ zh: '地区', en: 'Region' }, regionCode);
  const rows = await queryObservations(db, actor, { subjects: [regionCode], subjectKind: 'region', indicators, limit: 10_000, offset: 0 });
  const byIndicator = new Map<string, ObservationRow[]>();
  for (const o of rows) {
    if (!byIndicator.has(o.indicatorCode)) byIndicator.set(o.indicatorCode, []);
    byIndicator.get(o.indicatorCode)!.push(o);
  }
  const items = [...byIndicator].map(([indicatorCode, series]) => {
    series.sort((a, b) => a.period.localeCompare(b.period));
    const latest = series[series.length - 1];
    const previous = series.find((o) => o.period === previousYear(latest.period)) ?? null;
    return {
      indicatorCode,
      latest,
      previous,
      change: previous && previous.value !== 0 ? latest.value / previous.value - 1 : null,
      series: series.map((o) => ({ period: o.period, value: o.value })),
    };
  });
  return { region: { code: region.code, name: region.name }, items };
}
