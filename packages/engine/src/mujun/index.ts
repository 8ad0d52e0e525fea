/**
 * 亩均效益评价 (亩均论英雄) helpers: credit-code validation, land attribution from parcels,
 * benchmarks from data, missing-data rules, scheme options (caps, benchmarks) for the
 * `mujun-huangyan-*` presets of the assessment engine, class-and-streak policies and class
 * migration. Pure functions on plain data; scoring itself runs on `@gongfu/engine/assess`.
 */
export * from './errors.js';
export * from './credit-code.js';
export * from './land.js';
export * from './emissions.js';
export * from './benchmarks.js';
export * from './scheme-json.js';
export * from './missing.js';
export * from './policy.js';
export * from './migration.js';
export * from './explain.js';
export * from './district.js';
