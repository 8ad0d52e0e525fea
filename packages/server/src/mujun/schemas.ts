import { z } from 'zod';
import { RegionCode } from '../http/schemas.js';
import { EvaluateOptions } from './evaluate.js';

export const Class = z.enum(['A', 'B', 'C', 'D']);
export const RunStatus = z.enum(['draft', 'published', 'final']);

export const Run = z.object({
  id: z.number(),
  year: z.number(),
  regionCode: z.string(),
  regionName: z.string(),
  options: z.record(z.string(), z.unknown()),
  status: RunStatus,
  createdBy: z.string(),
  createdAt: z.string(),
  counts: z.record(z.string(), z.number()).nullable(),
  publishedAt: z.string().nullable(),
  appealDays: z.number(),
  appealUntil: z.string().nullable().describe('end of the 公示 window; appeals are accepted until then'),
});

export const Result = z.object({
  subjectId: z.number(),
  code: z.string(),
  name: z.string(),
  regionCode: z.string(),
  townName: z.string(),
  scale: z.enum(['above', 'below']),
  industry: z.string().nullable(),
  landMu: z.number().nullable(),
  inputs: z.record(z.string(), z.number().nullable()),
  items: z.record(z.string(), z.number().nullable()),
  score: z.number().nullable(),
  rank: z.number().nullable(),
  computedClass: Class.nullable(),
  class: Class.nullable(),
  adjusted: z.boolean(),
  notRated: z.string().nullable(),
  vetoes: z.array(z.string()),
});

export const ResultQuery = z.object({
  scale: z.enum(['above', 'below']).optional(),
  class: z.enum(['A', 'B', 'C', 'D', 'notRated']).optional(),
  region: RegionCode.optional(),
  q: z.string().max(60).optional(),
});

export const NewRunBody = EvaluateOptions.extend({ region: RegionCode.optional().describe('the county evaluated (default: your own)') });

export const Distribution = z.object({
  by: z.enum(['region', 'platform', 'division']),
  rows: z.array(z.object({ key: z.string(), code: z.string(), scale: z.string(), class: z.string(), n: z.number() })),
});

export const Migration = z.object({
  year: z.number(),
  previousYear: z.number(),
  hasPrevious: z.boolean(),
  labels: z.array(z.string()),
  counts: z.array(z.array(z.number())),
  up: z.number(),
  down: z.number(),
  same: z.number(),
  entered: z.number(),
  left: z.number(),
});

export const Adjustment = z.object({
  id: z.number(),
  subjectId: z.number(),
  code: z.string(),
  name: z.string(),
  fromClass: z.string().nullable(),
  toClass: z.string(),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});

const FirmRef = z.object({ code: z.string(), name: z.string(), town: z.string() });
const FirmList = z.object({ firms: z.array(FirmRef), total: z.number() });
export const Reconciliation = z.object({
  year: z.number(),
  enterprises: z.number(),
  operating: z.number(),
  missing: z.array(FirmList.extend({ source: z.enum(['tax', 'statistics', 'power', 'environment']) })),
  withoutLand: FirmList,
  withoutScale: FirmList,
  landWithoutEnterprise: z.array(
    z.object({
      parcel: z.string(),
      town: z.string(),
      areaMu: z.number(),
      code: z.string().nullable(),
      role: z.enum(['owner', 'tenant']),
      closest: z.array(z.string()),
    }),
  ),
  duplicateNames: z.array(z.object({ name: z.string(), codes: z.array(z.string()) })),
});

export const ParcelReport = z.object({
  dryRun: z.boolean(),
  year: z.number(),
  parcels: z.number(),
  leases: z.number(),
  areaMu: z.number(),
  withoutOwner: z.number(),
});

const Bilingual = z.object({ zh: z.string(), en: z.string() });

export const ItemExplanation = z.object({
  id: z.string(),
  name: Bilingual,
  unit: z.string().nullable(),
  value: z.number().nullable(),
  benchmark: z.number(),
  points: z.number(),
  maxScore: z.number().nullable(),
  score: z.number().nullable(),
  numerator: z.object({ column: z.string(), value: z.number().nullable() }),
  denominator: z.object({ column: z.string(), value: z.number().nullable() }).nullable(),
  toNext: z.object({ value: z.number(), numerator: z.number().nullable(), numeratorIncrease: z.number().nullable() }).nullable(),
});

export const AppealStatus = z.enum(['pending', 'accepted', 'rejected']);

export const Appeal = z.object({
  id: z.number(),
  runId: z.number(),
  year: z.number(),
  code: z.string(),
  name: z.string(),
  regionName: z.string(),
  reason: z.string(),
  filedBy: z.string(),
  filedAt: z.string(),
  status: AppealStatus,
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  files: z.array(z.object({ id: z.number(), fileName: z.string() })),
});

/** One run's result as the enterprise sees it: its values, each item's contribution and what would raise its class. */
export const EnterpriseRun = z.object({
  runId: z.number(),
  year: z.number(),
  status: RunStatus,
  publishedAt: z.string().nullable(),
  appealUntil: z.string().nullable(),
  appealOpen: z.boolean(),
  scale: z.enum(['above', 'below']),
  landMu: z.number().nullable(),
  score: z.number().nullable(),
  rank: z.number().nullable(),
  groupSize: z.number().describe('rated firms of the same group (规上 or 规下) in the run'),
  class: Class.nullable(),
  adjustedFrom: Class.nullable().describe('the class before an approved 调档'),
  notRated: z.string().nullable(),
  vetoes: z.array(Bilingual),
  items: z.array(ItemExplanation),
  next: z
    .object({ class: Class, minScore: z.number(), gap: z.number(), basis: z.enum(['bands', 'shares']) })
    .nullable()
    .describe('the class above and the score it needs (a band line, or the lowest score that class got this year)'),
});

export const EnterpriseRecord = z.object({
  enterprise: z.object({ code: z.string(), name: z.string(), regionName: z.string() }),
  runs: z.array(EnterpriseRun),
  appeals: z.array(Appeal),
});
