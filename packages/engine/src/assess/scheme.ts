/**
 * The assessment scheme: a declarative, versioned JSON description of the whole computation,
 * validated with zod (schema version 1). Every object is strict: an unknown key is an error naming
 * its path and the nearest valid key (scheme-issues.ts). Structure checks that zod cannot express (cycles,
 * unknown ids, weight sums, AHP matrix size) live in validate.ts.
 *
 * Order of steps (each configurable globally and per indicator / node):
 *   denominate → impute → treat outliers → normalise → weight → aggregate per level (bottom-up)
 *   → bonus/penalty (加分/扣分) → veto (一票否决) → rank → grade → explain.
 * Levels: an indicator is level 1; a node is 1 + the highest level among its children.
 * `aggregation.byLevel["2"]` applies to every level-2 node unless the node sets its own.
 */

import { z } from 'zod';

export const SCHEMA_VERSION = 1 as const;

const Text = z.union([z.string(), z.strictObject({ zh: z.string(), en: z.string().optional() })]);
const Id = z.string().min(1).max(200);
const Direction = z.union([z.literal(1), z.literal(-1)]);

export const NormaliseSpecSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('none') }),
  z.strictObject({ method: z.literal('minmax'), lower: z.number().default(0), upper: z.number().default(100) }),
  z.strictObject({
    method: z.literal('zscore'),
    mean: z.number().default(0),
    sd: z.number().positive().default(1),
    sdKind: z.enum(['sample', 'population']).default('sample'),
  }),
  z.strictObject({ method: z.literal('rank') }),
  z.strictObject({ method: z.literal('percentile'), scale: z.number().positive().default(1) }),
  z.strictObject({ method: z.literal('borda') }),
  z.strictObject({ method: z.literal('fracmax') }),
  z.strictObject({ method: z.literal('dist2max') }),
  z.strictObject({ method: z.literal('dist2targ'), target: z.number().optional(), capMax: z.boolean().default(false) }),
  z.strictObject({
    method: z.literal('targetRatio'),
    target: z.number().optional(),
    cap: z.number().positive().nullable().default(1),
    scale: z.number().positive().default(100),
  }),
  z.strictObject({
    method: z.literal('dist2frontier'),
    frontier: z.number().optional(),
    worst: z.number().optional(),
    scale: z.number().positive().default(100),
  }),
  z.strictObject({
    method: z.literal('goalposts'),
    lower: z.number(),
    upper: z.number(),
    scale: z.number().positive().default(100),
    truncate: z.boolean().default(true),
  }),
  z.strictObject({
    method: z.literal('efficacy'),
    satisfactory: z.number(),
    unacceptable: z.number(),
    clampMin: z.number().optional(),
    clampMax: z.number().optional(),
  }),
  z.strictObject({
    method: z.literal('efficacyBands'),
    standards: z.array(z.number()).min(2),
    coefficients: z.array(z.number()).min(2).default([1, 0.8, 0.6, 0.4, 0.2]),
    points: z.number().positive().default(100),
  }),
  z.strictObject({
    method: z.literal('benchmark'),
    benchmark: z.number().positive(),
    points: z.number().positive(),
    cap: z.number().positive().nullable().default(null),
    floor: z.number().nullable().default(0),
  }),
]);

export const ImputeSpecSchema = z
  .strictObject({
    method: z.enum(['none', 'mean', 'median', 'groupMean', 'groupMedian', 'previous']),
    /** The unit attribute (data column) whose groups groupMean / groupMedian use; required for them. */
    groupBy: z.string().min(1).optional(),
    fallback: z.enum(['none', 'mean', 'median']).default('none'),
  })
  .superRefine((v, ctx) => {
    if ((v.method === 'groupMean' || v.method === 'groupMedian') && !v.groupBy)
      ctx.addIssue({
        code: 'custom',
        path: ['groupBy'],
        message: `required when method is "${v.method}": the data column holding each unit's group`,
      });
  });

export const TreatSpecSchema = z.strictObject({
  method: z.enum(['none', 'winsorise']),
  winmax: z.number().int().nonnegative().nullable().default(5),
  skewThresh: z.number().positive().default(2),
  kurtThresh: z.number().default(3.5),
  forceWin: z.boolean().default(false),
  fallback: z.enum(['logCT', 'none']).default('logCT'),
  combine: z.boolean().default(false),
});

export const WeightingSpecSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('fixed') }),
  z.strictObject({ method: z.literal('equal') }),
  z.strictObject({
    method: z.literal('entropy'),
    zeroShares: z.enum(['zeroTerm', 'pymcdm', 'shift']).default('zeroTerm'),
    shift: z.number().positive().default(1e-4),
  }),
  z.strictObject({ method: z.literal('critic'), sdKind: z.enum(['sample', 'population']).default('sample') }),
  z.strictObject({
    method: z.literal('ahp'),
    matrix: z.array(z.array(z.number())).optional(),
    derive: z.enum(['eigenvector', 'geometric', 'arithmetic']).default('eigenvector'),
    ri: z.enum(['saaty', 'tummala-ling']).default('saaty'),
    maxCR: z.number().positive().default(0.1),
    force: z.boolean().default(false),
  }),
]);

export const AggregationSpecSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.enum(['amean', 'gmean', 'hmean', 'wsum', 'sum']), datThresh: z.number().min(0).max(1).optional() }),
  z.strictObject({
    method: z.literal('topsis'),
    normalisation: z.enum(['minmax', 'vector', 'none']).default('minmax'),
    scale: z.number().positive().default(100),
    datThresh: z.number().min(0).max(1).optional(),
  }),
]);

/** Unit screening (COINr `Screen`, screen.ts): drop units with too little data before anything else. */
export const ScreeningSchema = z.strictObject({
  /** COINr unit_screen: "byNA", "byzeros", "byNAandzeros". */
  unitScreen: z.enum(['byNA', 'byZeros', 'byNAandZeros']),
  /** COINr dat_thresh: minimum share of indicators with data (default 2/3). */
  datThresh: z
    .number()
    .min(0)
    .max(1)
    .default(2 / 3),
  /** COINr nonzero_thresh: minimum share of non-zero values among those present (default 0.05). */
  nonzeroThresh: z.number().min(0).max(1).default(0.05),
  /** COINr Force: units kept (include: true) or dropped (false) whatever their data. */
  force: z.array(z.strictObject({ unit: z.string().min(1), include: z.boolean() })).default([]),
});

export const IndicatorSchema = z.strictObject({
  id: Id,
  name: Text.optional(),
  /** Data column holding the values; defaults to the id. */
  column: z.string().optional(),
  unit: z.string().optional(),
  direction: Direction.default(1),
  denominator: z.string().optional(),
  /** Target (目标值) used by target-based normalisation and by the explanation's gap-to-target. */
  target: z.number().optional(),
  source: z.string().optional(),
  impute: ImputeSpecSchema.optional(),
  treat: TreatSpecSchema.optional(),
  normalise: NormaliseSpecSchema.optional(),
});

const ChildRef = z.union([Id, z.strictObject({ id: Id, weight: z.number().nonnegative().optional() })]);

export const NodeSchema = z.strictObject({
  id: Id,
  name: Text.optional(),
  children: z.array(ChildRef).min(1),
  weighting: WeightingSpecSchema.optional(),
  aggregation: AggregationSpecSchema.optional(),
});

const Rule = z.discriminatedUnion('type', [
  /** points = value of a data column × perUnit (e.g. number of awards × 0.5). */
  z.strictObject({ type: z.literal('column'), column: z.string(), perUnit: z.number().default(1) }),
  /** points per full step of relative deviation from a target (e.g. +1 per 3 % over target). */
  z.strictObject({
    type: z.literal('step'),
    column: z.string(),
    target: z.number(),
    stepPct: z.number().positive(),
    pointsPerStep: z.number().positive(),
    direction: Direction.default(1),
  }),
]);

export const AdjustmentSchema = z.strictObject({
  id: Id,
  name: Text.optional(),
  kind: z.enum(['bonus', 'penalty']),
  rule: Rule,
  cap: z.number().nonnegative().optional(),
});

export const VetoSchema = z.strictObject({
  id: Id,
  name: Text.optional(),
  column: z.string(),
  /** Vetoed when the cell is ≥ threshold (default: any value > 0). Missing = not vetoed. */
  threshold: z.number().optional(),
  effect: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('capGrade'), grade: z.string() }),
    z.strictObject({ type: z.literal('forceGrade'), grade: z.string() }),
    z.strictObject({ type: z.literal('capScore'), score: z.number() }),
  ]),
});

const Band = z.strictObject({ grade: z.string(), min: z.number() });
export const GradingSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('bands'),
    /** Best first; a unit gets the first grade whose `min` it reaches; below all → `otherwise`. */
    bands: z.array(Band).min(1),
    otherwise: z.string().optional(),
    /** Different bands for some peer groups (keys = values of `peerGroupBy`). */
    peerGroupBy: z.string().optional(),
    bandsByGroup: z.record(z.string(), z.array(Band).min(1)).optional(),
  }),
  z.strictObject({
    type: z.literal('shares'),
    /** Best first; share of units (0–1) in each grade; the last grade takes the rest. */
    shares: z.array(z.strictObject({ grade: z.string(), share: z.number().min(0).max(1) })).min(1),
    peerGroupBy: z.string().optional(),
  }),
]);

export const SchemeSchema = z.strictObject({
  /** where an editor finds this schema (docs/assess-scheme.schema.json); ignored by the engine */
  $schema: z.string().optional(),
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: Id,
  version: z.string().min(1),
  name: Text,
  description: Text.optional(),
  illustrative: z.boolean().default(false),
  disclaimer: Text.optional(),
  sources: z.array(z.string()).default([]),
  period: z.enum(['annual', 'quarterly', 'monthly', 'other']).default('annual'),
  unitKind: z.string().optional(),
  screening: ScreeningSchema.optional(),
  denominators: z
    .record(z.string(), z.strictObject({ column: z.string(), scale: z.number().positive().default(1), name: Text.optional() }))
    .default({}),
  indicators: z.array(IndicatorSchema).min(1),
  nodes: z.array(NodeSchema).min(1),
  root: Id,
  weights: z
    .strictObject({
      /** Fixed weights of each node's children must sum to this (1, or 100 for points tables). */
      total: z.number().positive().default(1),
      tolerance: z.number().nonnegative().default(1e-6),
      /** true = weights are relative (COINr style) and are rescaled instead of checked. */
      relative: z.boolean().default(false),
    })
    .prefault({}),
  impute: ImputeSpecSchema.prefault({ method: 'none' }),
  treat: TreatSpecSchema.prefault({ method: 'none' }),
  normalise: NormaliseSpecSchema.prefault({ method: 'minmax' }),
  weighting: WeightingSpecSchema.prefault({ method: 'fixed' }),
  aggregation: z
    .strictObject({
      default: AggregationSpecSchema.prefault({ method: 'amean' }),
      byLevel: z.record(z.string(), AggregationSpecSchema).default({}),
    })
    .prefault({}),
  adjustments: z.array(AdjustmentSchema).default([]),
  adjustmentCaps: z.strictObject({ bonus: z.number().nonnegative().optional(), penalty: z.number().nonnegative().optional() }).default({}),
  /** Clamp the final score (after 加分/扣分), e.g. to [0, 100]. */
  finalClamp: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
  vetoes: z.array(VetoSchema).default([]),
  grading: GradingSchema.optional(),
  ranking: z
    .strictObject({
      ties: z.enum(['min', 'max', 'average', 'dense', 'first']).default('min'),
      peerGroupBy: z.string().optional(),
    })
    .prefault({}),
});

/** A scheme as written (defaults optional). */
export type SchemeInput = z.input<typeof SchemeSchema>;
/** A parsed scheme with every default filled in. */
export type Scheme = z.output<typeof SchemeSchema>;
export type IndicatorDef = z.output<typeof IndicatorSchema>;
export type NodeDef = z.output<typeof NodeSchema>;
export type NormaliseSpec = z.output<typeof NormaliseSpecSchema>;
export type WeightingSpec = z.output<typeof WeightingSpecSchema>;
export type AggregationSpec = z.output<typeof AggregationSpecSchema>;
export type AdjustmentDef = z.output<typeof AdjustmentSchema>;
export type VetoDef = z.output<typeof VetoSchema>;
export type GradingSpec = z.output<typeof GradingSchema>;
export type TextValue = z.output<typeof Text>;

/** JSON Schema (draft 2020-12) of the scheme as written, for editors and the server's API docs. */
export function schemeJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(SchemeSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
