export * from './coords.js';
export * from './distance.js';
export * from './geojson.js';
