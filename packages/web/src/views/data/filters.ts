/** Data-browser filters ⇄ the URL query (so views can be linked, e.g. to an import batch) ⇄ the API query. */
import type { LocationQuery } from 'vue-router';
import type { ObservationQuery } from '../../api/observations';

export interface DataFilters {
  indicators: string[];
  region: string | null;
  /** include the regions below `region` (else exactly that region) */
  below: boolean;
  from: string;
  to: string;
  batch: number | null;
}

const first = (v: LocationQuery[string]) => (Array.isArray(v) ? v[0] : v) ?? '';

export function filtersFromQuery(q: LocationQuery, defaultRegion: string | null): DataFilters {
  const batch = Number(first(q.batch));
  const region = first(q.region);
  return {
    indicators: first(q.indicator).split(',').map((s) => s.trim()).filter(Boolean),
    // a batch link shows the whole batch unless a region is given too
    region: region || (Number.isInteger(batch) && batch > 0 ? null : defaultRegion),
    below: first(q.below) !== '0',
    from: first(q.from),
    to: first(q.to),
    batch: Number.isInteger(batch) && batch > 0 ? batch : null,
  };
}

export function filtersToQuery(f: DataFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.indicators.length) q.indicator = f.indicators.join(',');
  if (f.region) q.region = f.region;
  if (!f.below) q.below = '0';
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  if (f.batch) q.batch = String(f.batch);
  return q;
}

/** The same filters as /observations and /exports/observations take them. */
export function filtersToApi(f: DataFilters): Omit<ObservationQuery, 'page' | 'pageSize'> {
  return {
    indicator: f.indicators.length ? f.indicators.join(',') : undefined,
    region: f.region && f.below ? f.region : undefined,
    subject: f.region && !f.below ? f.region : undefined,
    from: f.from || undefined,
    to: f.to || undefined,
    batch: f.batch ?? undefined,
  };
}
