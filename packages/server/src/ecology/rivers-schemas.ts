/** zod schemas of 河长制 (rivers, reaches, chiefs, patrols) and water quality; the web infers its types from them. */
import { z } from 'zod';
import { PageQuery, RegionCode } from '../http/schemas.js';
import { DateText } from './schemas.js';

export const Code = z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - (1–40)');
export const ChiefLevel = z.enum(['district', 'town', 'village']);
export type ChiefLevel = z.infer<typeof ChiefLevel>;

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const Line = z.array(Position).min(2).max(10_000);
/** GeoJSON geometry of a river or reach: a line, several lines, or an outline (polygon). */
export const Geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('LineString'), coordinates: Line }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(Line).min(1).max(1000) }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position).min(4).max(10_000)).min(1).max(100) }),
]);

export const RiverBody = z.object({
  name: z.string().trim().min(1).max(100),
  regionCode: RegionCode.describe('the county or town that registers the river'),
  geometry: Geometry.nullable().optional(),
});
export const River = z.object({
  code: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  reaches: z.number(),
  hasGeometry: z.boolean(),
  synthetic: z.boolean(),
});

export const ReachBody = z.object({
  riverCode: Code,
  name: z.string().trim().min(1).max(100),
  regionCode: RegionCode.describe('the town or village the reach runs through'),
  lengthKm: z.number().positive().max(1000).nullable().optional(),
  geometry: Geometry.nullable().optional(),
});

export const Completion = z.object({
  expected: z.number(),
  done: z.number(),
  rate: z.number().nullable().describe('%, null when none expected'),
});

export const Chief = z.object({
  id: z.number(),
  level: ChiefLevel,
  personName: z.string(),
  phone: z.string(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  periodDays: z.number(),
  completion: Completion,
  lastPatrol: z.string().nullable(),
});

export const Reach = z.object({
  code: z.string(),
  name: z.string(),
  riverCode: z.string(),
  riverName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  townCode: z.string(),
  townName: z.string(),
  lengthKm: z.number().nullable(),
  hasGeometry: z.boolean(),
  synthetic: z.boolean(),
  chiefs: z.array(Chief),
  completion: Completion,
});

export const SpanQuery = z.object({
  from: DateText.optional().describe('first day (default: the first of this month, Asia/Shanghai)'),
  to: DateText.optional().describe('last day (default: today)'),
});
export const ReachQuery = PageQuery.extend(SpanQuery.shape).extend({
  river: Code.optional(),
  town: RegionCode.optional(),
  q: z.string().max(60).optional(),
});

export const ChiefBody = z
  .object({
    username: z.string().min(1).max(64).optional().describe('an account; else a named person'),
    personName: z.string().trim().min(1).max(50).optional(),
    phone: z
      .string()
      .regex(/^[0-9+\- ]{0,20}$/)
      .default(''),
  })
  .refine((b) => b.username || b.personName, { message: 'username or personName', path: ['personName'] });

export const PatrolRule = z.object({ level: ChiefLevel, periodDays: z.number(), source: z.string() });
export const PatrolRuleBody = z.object({ periodDays: z.number().int().min(1).max(366), source: z.string().trim().min(1).max(300) });

export const ProblemBody = z.object({
  description: z.string().trim().min(1).max(2000),
  categoryCode: z.string().min(1).max(60).default('SANITATION_RIVER').describe('a 小类 of the event loop (/events/categories)'),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
});
export const PatrolBody = z.object({
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,80}$/)
    .describe('the client’s key of this submission'),
  reachCode: Code,
  level: ChiefLevel.describe('which of the reach’s chiefs patrolled'),
  date: DateText,
  track: z.array(Position).max(10_000).default([]).describe('points or a track, [lon, lat]'),
  note: z.string().max(2000).default(''),
  problems: z.array(ProblemBody).max(20).default([]),
});
export type PatrolBody = z.infer<typeof PatrolBody>;

export const Problem = z.object({
  id: z.number(),
  description: z.string(),
  categoryCode: z.string(),
  caseId: z.number().nullable().describe('the event case it opened; null when the event loop is not installed'),
});
export const ProblemItem = z.object({
  id: z.number(),
  patrolId: z.number(),
  date: z.string(),
  reachCode: z.string(),
  reachName: z.string(),
  riverName: z.string(),
  townName: z.string(),
  chiefName: z.string(),
  level: ChiefLevel,
  description: z.string(),
  categoryCode: z.string(),
  caseId: z.number().nullable(),
});
export const Photo = z.object({ id: z.number(), fileName: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() });
export const Patrol = z.object({
  id: z.number(),
  reachCode: z.string(),
  reachName: z.string(),
  townCode: z.string(),
  townName: z.string(),
  chiefId: z.number(),
  chiefName: z.string(),
  level: ChiefLevel,
  date: z.string(),
  points: z.number(),
  note: z.string(),
  problems: z.number(),
  synthetic: z.boolean(),
  createdBy: z.string(),
});
export const PatrolDetail = Patrol.extend({
  track: z.array(z.tuple([z.number(), z.number()])),
  problemList: z.array(Problem),
  photos: z.array(Photo),
});
export const PatrolQuery = PageQuery.extend({ reach: Code.optional(), town: RegionCode.optional(), river: Code.optional() });

export const CompletionReport = z.object({
  from: z.string(),
  to: z.string(),
  towns: z.array(z.object({ townCode: z.string(), townName: z.string(), chiefs: z.number() }).extend(Completion.shape)),
  district: Completion,
  chiefs: z.array(
    z
      .object({
        chiefId: z.number(),
        personName: z.string(),
        level: ChiefLevel,
        reachCode: z.string(),
        reachName: z.string(),
        townCode: z.string(),
      })
      .extend(Completion.shape),
  ),
});

export const PatrolIndicatorsBody = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) });
export const PatrolIndicatorsReport = z.object({
  period: z.string(),
  batchId: z.number().nullable(),
  inserted: z.number(),
  revised: z.number(),
  unchanged: z.number(),
  values: z.array(z.object({ regionCode: z.string(), value: z.number() })),
});

const PeriodClass = z
  .object({ class: z.number(), worst: z.array(z.string()), exceeding: z.array(z.string()), samples: z.number() })
  .nullable();
export const WaterMonths = z.object({
  year: z.number(),
  synthetic: z.boolean(),
  sections: z.array(
    z.object({
      section: z.string(),
      name: z.string(),
      reachCode: z.string().nullable(),
      reachName: z.string().nullable(),
      riverCode: z.string().nullable(),
      riverName: z.string().nullable(),
      regionCode: z.string(),
      regionName: z.string(),
      targetClass: z.number().nullable(),
      synthetic: z.boolean(),
      months: z.array(PeriodClass).describe('January…December; null = not sampled'),
      year: PeriodClass,
      meetsTarget: z.object({ months: z.number(), sampled: z.number() }),
    }),
  ),
});
