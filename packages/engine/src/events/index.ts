/**
 * 三级指挥协同 event closed loop: the transitions table and its validator, indicators with explicit
 * denominators, duplicate suggestion by distance and time. Deadlines use `@gongfu/engine/calendar`.
 */
export * from './errors.js';
export * from './transitions.js';
export * from './indicators.js';
export * from './duplicates.js';
