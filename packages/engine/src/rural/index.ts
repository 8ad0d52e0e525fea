/**
 * 乡村共富 — village collective economy (总收入, 经营性收入 excluding subsidies), weak-village rules,
 * 结对帮扶 helpers, low-income household income tracking, PII masking, 未来乡村 scenario scores.
 */
export * from './errors.js';
export * from './ledger.js';
export * from './weak.js';
export * from './pairing.js';
export * from './household.js';
export * from './mask.js';
export * from './future.js';
