/**
 * 生态 — ambient air quality: HJ 633-2012 IAQI/AQI, levels and primary pollutants; HJ 663-2013 /
 * GB 3095-2012 data validity, daily and annual statistics (优良天数比例, annual means, O3 and CO
 * percentiles) and year-on-year changes. Pure functions; hourly and daily series are typed arrays.
 */
export * from './errors.js';
export * from './breakpoints.js';
export * from './iaqi.js';
export * from './rounding.js';
export * from './percentile.js';
export * from './daily.js';
export * from './hours.js';
export * from './annual.js';
export * from './patrol.js';
export * from './water.js';
export * from './water-period.js';
