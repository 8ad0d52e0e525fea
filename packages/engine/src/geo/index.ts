export * from './coords.js';
export * from './distance.js';
export * from './geojson.js';
export * from './datum-detect.js';
export * from './shapefile.js';
export * from './tiles.js';
