/**
 * Accessibility engine (15分钟公共服务圈): OSM import, road network, snapping, multi-source
 * search, coverage, blind spots, isochrones, site suggestion. Pure: inputs are bytes or
 * async iterables of byte chunks and plain data; no file or network I/O.
 */
export * from './errors.js';
export { type ByteSource } from './byte-stream.js';
export * from './osm-handler.js';
export { readOsmPbf } from './pbf-reader.js';
export { readOsmXml } from './osm-xml-reader.js';
export { readOsm, looksLikeXml } from './osm-read.js';
export * from './profiles.js';
export * from './facility-tags.js';
export * from './network.js';
export * from './components.js';
export {
  importOsmNetwork,
  OsmNetworkCollector,
  wayCentroid,
  type ImportOptions,
  type ImportResult,
  type ImportSummary,
  type OsmFacility,
} from './osm-network.js';
export { buildEdgeIndex, nearestSegment, type EdgeIndex, type NearestSegment } from './edge-index.js';
export * from './snap.js';
export * from './search.js';
export * from './point-times.js';
export * from './presets.js';
export * from './inputs.js';
export * from './coverage.js';
export { clusterPoints, type PointCluster } from './clusters.js';
export * from './isochrone.js';
export { contourRings, ringsToPolygons, signedArea, pointInRing, type Grid } from './marching-squares.js';
export * from './sites.js';
export * from './what-if.js';
export * from './geojson.js';
