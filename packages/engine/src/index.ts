export * as geo from './geo/index.js';
export { mulberry32, fnv1a } from './random.js';
export { EngineError, isEngineError, type EngineErrorDetails } from './errors.js';
