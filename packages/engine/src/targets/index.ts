/**
 * 挂图作战 helpers: expected progress (straight, seasonal, entered), lights with thresholds and
 * 个百分点 gaps, red streaks, seasonal-share year-end forecasts with leave-one-year-out error,
 * needed per remaining month, breakdown checks and major-project lag warnings. Pure functions.
 */
export * from './errors.js';
export * from './progress.js';
export * from './lights.js';
export * from './forecast.js';
export * from './breakdown.js';
export * from './project-lag.js';
export * from './status.js';
