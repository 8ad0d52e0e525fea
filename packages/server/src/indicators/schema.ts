import { z } from 'zod';

export const SubjectKind = z.enum(['region', 'enterprise', 'platform', 'project', 'station', 'department']);
export type SubjectKind = z.infer<typeof SubjectKind>;
export const Frequency = z.enum(['day', 'month', 'quarter', 'year']);
export type Frequency = z.infer<typeof Frequency>;

export const Indicator = z.object({
  code: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/)
    .describe('stable code, e.g. GDP'),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  unit: z.string().default(''),
  direction: z.enum(['higher', 'lower']).describe('which direction is better'),
  frequency: Frequency,
  accumulation: z.enum(['point', 'cumulative']).describe('point value or cumulative year-to-date (累计)'),
  decimals: z.number().int().min(0).max(6).default(2),
  definition: z.string().default(''),
  sourceDepartment: z.string().default(''),
  subjectKind: SubjectKind.default('region'),
  validMin: z.number().nullable().optional().describe('lowest plausible value; an import below it is warned about (a share: 0)'),
  validMax: z.number().nullable().optional().describe('highest plausible value; an import above it is warned about (a share: 100)'),
});
export type Indicator = z.infer<typeof Indicator>;

/** A catalogue entry as read: the indicator and whether it is retired (停用: kept, no new values). */
export const CatalogueEntry = Indicator.extend({
  retiredAt: z.string().nullable(),
  retiredReason: z.string().nullable(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

/** What a catalogue import creates, changes and leaves as it is (a dry run writes nothing). */
export const CataloguePreview = z.object({
  dryRun: z.boolean(),
  rows: z.number(),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.array(z.string()),
});
export type CataloguePreview = z.infer<typeof CataloguePreview>;

/** One change of a catalogue entry, from the audit log. */
export const HistoryEntry = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const IndicatorSet = z.object({
  code: z.string().min(1),
  nameZh: z.string(),
  nameEn: z.string(),
  description: z.string().default(''),
  indicators: z.array(z.string()),
});
export type IndicatorSet = z.infer<typeof IndicatorSet>;
