export * as geo from './geo/index.js';
