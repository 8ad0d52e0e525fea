/** zod schemas of the assessment API's responses, shared by the routes (OpenAPI), the services and the web client. */
import { z } from 'zod';

export const SchemeSummary = z.object({
  code: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  illustrative: z.boolean().describe('bundled presets are illustrative (示意), not official rules'),
  createdBy: z.string(),
  createdAt: z.string(),
  latestVersion: z.number().int(),
  latestLabel: z.string(),
  latestAt: z.string(),
  runCount: z.number().int(),
});

export const SchemeVersion = z.object({
  schemeCode: z.string(),
  version: z.number().int(),
  label: z.string(),
  definition: z.unknown().describe('the scheme JSON (see GET /assess/json-schema)'),
  bindings: z.unknown().describe('data columns → indicator codes, units, attributes'),
  note: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});

const Bilingual = z.object({ zh: z.string(), en: z.string() });

export const RunMeta = z.looseObject({
  id: z.number().int(),
  scheme: z.object({ code: z.string(), titleZh: z.string(), titleEn: z.string(), illustrative: z.boolean() }),
  version: z.number().int(),
  label: z.string(),
  period: z.string(),
  previousPeriod: z.string().nullable(),
  region: z.object({ code: z.string(), name: z.string() }),
  unitKind: z.string(),
  unitCount: z.number().int(),
  visibleUnits: z.number().int().describe('units of the run inside the caller’s data scope'),
  synthetic: z.boolean().describe('the run used values from batches flagged synthetic'),
  published: z.boolean(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  createdBy: z.string(),
  createdByName: z.string().nullable().describe('display name of the user who ran it'),
  createdAt: z.string(),
  inputSha256: z.string(),
  disclaimer: Bilingual.nullable(),
});

const Num = z.number().nullable();

export const RankingRow = z.object({
  unit: z.string(),
  name: z.string(),
  rank: Num,
  peerRank: Num,
  group: z.string().nullable(),
  score: Num,
  bonus: Num,
  penalty: Num,
  final: Num,
  grade: z.string().nullable(),
  vetoes: z.array(z.string()),
  rankDelta: Num,
  scoreDelta: Num,
  nodes: z.record(z.string(), Num),
});

export const HistoryRow = z.object({
  runId: z.number().int(),
  period: z.string(),
  version: z.number().int(),
  label: z.string(),
  published: z.boolean(),
  createdAt: z.string(),
  rank: Num,
  final: Num,
  grade: z.string().nullable(),
  unitCount: z.number().int(),
});

export const ReadIndicator = z.object({
  indicatorCode: z.string(),
  nameZh: z.string().describe('the catalogue name now (the code is what the run read)'),
  nameEn: z.string(),
  unit: z.string(),
  columns: z.array(z.string()).describe('the scheme’s data columns filled from this indicator'),
  period: z.string(),
  values: z.number().int().describe('units with a value for the period'),
  units: z.number().int(),
  previousPeriod: z.string().nullable(),
  previousValues: z.number().int().nullable(),
});

export type RunMeta = z.infer<typeof RunMeta>;
export type ReadIndicator = z.infer<typeof ReadIndicator>;
export type RankingRow = z.infer<typeof RankingRow>;
export type HistoryRow = z.infer<typeof HistoryRow>;

const GroupSeries = z.object({ n: z.number(), mean: z.number().nullable(), gap: z.number().nullable() });
/** GET /assess/runs/:id/groups: the peer groups side by side (units in the caller's scope only). */
export const GroupComparison = z.object({
  run: RunMeta,
  labels: z.record(z.string(), z.object({ zh: z.string(), en: z.string() })),
  attribute: z.string().nullable(),
  dimensions: z.array(z.string()),
  grades: z.array(z.string()),
  groups: z.array(
    z.object({
      group: z.string(),
      units: z.number(),
      series: z.record(z.string(), GroupSeries).describe('"final" and each top-level dimension'),
      grades: z.record(z.string(), z.number()),
    }),
  ),
});
