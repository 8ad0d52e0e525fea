/**
 * Working-time calendar in Asia/Shanghai: daily schedule, statutory holidays and 调休 make-up
 * working days as data; deadlines in 工作时 / 工作日 / 自然日, elapsed working time and share used.
 */
export * from './errors.js';
export * from './working-time.js';
