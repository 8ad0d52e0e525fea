/**
 * 考核评价 services, by concept: schemes (schemes.ts), the input snapshot (snapshot.ts, periods in
 * period.ts), stored runs (runs.ts) and per-unit analysis (analysis.ts). SQL lives in repository.ts.
 */
export * from './schemes.js';
export * from './snapshot.js';
export * from './runs.js';
export * from './analysis.js';
export { parseRunPeriod } from './period.js';
export type { Lang } from './tables.js';
