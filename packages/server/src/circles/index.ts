/**
 * The accessibility module (15分钟公共服务圈) of the server. Routes: `circlesRoutes` (register under
 * /api/v1). The file readers, synthetic residents and report writers are pure and also used by the
 * CLI's offline `gongfu access` command.
 */
export { circlesRoutes } from './routes.js';
export * from './service.js';
export { encodeNetwork, decodeNetwork } from './codec.js';
export { fromAccessError, engine } from './errors.js';
export { readPointFile, parseFacilityFile, parseResidentFile, type PointFile, type ParsedFacility } from './files.js';
export { syntheticResidents, SYNTHETIC_RESIDENTS_SOURCE, DEFAULT_PEOPLE_PER_KM } from './synthetic.js';
export {
  reportToXlsx,
  reportToGeoJSON,
  reportToJson,
  coverageRows,
  OSM_ATTRIBUTION,
  type ReportMeta,
  type ReportFacility,
} from './report.js';
export { loadCirclesDemo, ACCESS_DEMO_EXTRACTS, type AccessDemoItem } from './demo.js';
