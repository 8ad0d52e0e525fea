/** The assessment module's API for the CLI and the demo loader. */
export { assessRoutes } from './routes.js';
export { loadAssessDemo, readPreset, PRESET_DIR, PLATFORMS, ASSESS_SYNTHETIC_SOURCE, type AssessDemoReport } from './demo.js';
export { fromAssessError, engine } from './errors.js';
export { schemeColumns, schemeAttributes, checkBindings, Bindings } from './bindings.js';
export {
  rankingRows,
  schemeLabels,
  scorecardTable,
  TABLES,
  type Lang,
  type PlainResult,
  type TableContext,
  type UnitMeta,
} from './tables.js';
export { computeOutputs, dataOf, type Snapshot } from './snapshot.js';
export { canonicalJsonUndefinedAsNull as canonicalJson, sha256 } from '../util/canonical-json.js';
