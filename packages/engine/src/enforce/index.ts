/**
 * 大综合一体化执法: the auditable 双随机 draw with recusal, the repeated-inspection monitor, the
 * 综合查一次 combined checklist and joint visits, enforcement case stages.
 */
export * from './errors.js';
export * from './draw.js';
export * from './repeat.js';
export * from './repeat-columns.js';
export * from './joint.js';
export * from './cases.js';
