/**
 * Gongfu assessment engine (考核评价): pure functions from a declarative scheme and a
 * units × indicators table to scores at every node, ranks, grades, explanations, sensitivity
 * and what-if. No I/O. See pipeline.ts for the order of steps and each module's header for
 * the formula it implements and its source.
 */

export * from './errors.js';
export * from './scheme.js';
export * from './scheme-from-meta.js';
export { describedSchemeJsonSchema, schemeReferenceMarkdown } from './scheme-reference.js';
export { parseScheme, compileScheme, type Plan } from './validate.js';
export * from './data.js';
export * from './stats.js';
export { median, quantile, selectInPlace } from './select.js';
export * from './rank.js';
export * from './denominate.js';
export * from './impute.js';
export * from './screen.js';
export * from './outliers.js';
export * from './normalise-basic.js';
export * from './normalise-target.js';
export * from './normalise-efficacy.js';
export * from './normalise-benchmark.js';
export { normalise, normalisedRange, type IndicatorContext } from './normalise.js';
export * from './weights-entropy.js';
export * from './weights-critic.js';
export * from './weights-ahp.js';
export * from './aggregate.js';
export * from './topsis.js';
export * from './grade.js';
export * from './grade-groups.js';
export * from './group-compare.js';
export * from './adjust.js';
export * from './veto.js';
export * from './explain.js';
export * from './pipeline.js';
export * from './sensitivity.js';
export * from './whatif.js';
export { mulberry32 } from '../random.js';
export * from './presets.js';
export * from './serialise.js';
