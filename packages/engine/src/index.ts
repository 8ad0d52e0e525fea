export * as geo from './geo/index.js';
export { mulberry32, fnv1a } from './random.js';
