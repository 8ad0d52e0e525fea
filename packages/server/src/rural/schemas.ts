import { z } from 'zod';
import { PageQuery, pageOf, RegionCode } from '../http/schemas.js';

export const Year = z.coerce.number().int().min(2000).max(2100);
export const AreaQuery = z.object({
  year: Year,
  region: RegionCode.optional().describe('a village, town or the district (default: yours)'),
});

const Growth = z.number().nullable();
export const VillageEconomy = z.object({
  code: z.string(),
  name: z.string(),
  townCode: z.string(),
  townName: z.string(),
  total: z.number(),
  operating: z.number().describe('经营性收入: excludes subsidies'),
  subsidy: z.number(),
  assets: z.number().nullable(),
  liabilities: z.number().nullable(),
  totalGrowth: Growth,
  operatingGrowth: Growth,
  rankInTown: z.number(),
  rankInDistrict: z.number(),
  synthetic: z.boolean(),
});
export const Economy = pageOf(VillageEconomy).extend({
  year: z.number(),
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  synthetic: z.boolean(),
  sources: z.array(z.string()),
  summary: z.object({
    villages: z.number(),
    reported: z.number(),
    total: z.number(),
    operating: z.number(),
    subsidy: z.number(),
    totalGrowth: Growth,
    operatingGrowth: Growth,
  }),
  towns: z.array(z.object({ code: z.string(), name: z.string(), villages: z.number(), total: z.number(), operating: z.number() })),
});
export const EconomyQuery = AreaQuery.merge(PageQuery).extend({ sort: z.enum(['rank', 'code']).default('rank') });

export const LedgerReport = z.object({
  dryRun: z.boolean(),
  rows: z.number(),
  lines: z.number(),
  villages: z.number(),
  years: z.array(z.number()),
});

export const WeakRule = z.object({
  id: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9_]+$/),
  metric: z.enum(['operating', 'total']),
  below: z.number().min(0),
});
export const WeakComputeBody = z.object({ year: Year, region: RegionCode.optional(), rules: z.array(WeakRule).max(10).optional() });
export const WeakComputeReport = z.object({
  year: z.number(),
  region: z.string(),
  weak: z.number(),
  exited: z.number(),
  replaced: z.number(),
  rules: z.array(WeakRule),
});
const Reason = z.object({ rule: z.string(), metric: z.string(), value: z.number(), below: z.number() });
const Named = z.object({ code: z.string(), name: z.string(), townName: z.string() });
export const WeakList = z.object({
  year: z.number(),
  region: z.object({ code: z.string(), name: z.string() }),
  computedAt: z.string().nullable(),
  rules: z.array(WeakRule).nullable(),
  synthetic: z.boolean(),
  items: z.array(
    Named.extend({
      total: z.number(),
      operating: z.number(),
      reasons: z.array(Reason),
      change: z.enum(['new', 'continued']),
      partners: z.array(z.string()),
    }),
  ),
  exited: z.array(Named),
});

const Milestone = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  text: z.string().min(1).max(200),
  done: z.boolean().default(false),
});
export const PairingBody = z.object({
  villageCode: RegionCode,
  partnerKind: z.enum(['department', 'enterprise', 'other']),
  partnerName: z.string().trim().min(1).max(100),
  startYear: Year,
  endYear: Year.nullable().optional(),
  projects: z.string().max(2000).optional(),
  amount: z.number().min(0).max(1e12).optional(),
  milestones: z.array(Milestone).max(50).optional(),
});
export const Pairing = z.object({
  id: z.number(),
  villageCode: z.string(),
  villageName: z.string(),
  townName: z.string().nullable(),
  partnerKind: z.string(),
  partnerName: z.string(),
  startYear: z.number(),
  endYear: z.number().nullable(),
  projects: z.string(),
  amount: z.number(),
  milestones: z.array(z.object({ date: z.string(), text: z.string(), done: z.boolean() })),
  synthetic: z.boolean(),
  effect: z.object({
    baseYear: z.number(),
    base: z.number().nullable(),
    years: z.array(z.object({ year: z.number(), value: z.number(), uplift: z.number().nullable() })),
    annualGrowth: z.number().nullable(),
  }),
});

/** A household as every list shows it: masked only. */
export const Household = z.object({
  id: z.number(),
  code: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  townName: z.string().nullable(),
  members: z.number(),
  nameMasked: z.string(),
  idMasked: z.string(),
  phoneMasked: z.string().nullable(),
  flags: z.array(z.string()),
  measures: z.string(),
  status: z.string(),
  synthetic: z.boolean(),
  year: z.number(),
  perCapita: z.number().nullable(),
  previous: z.number().nullable(),
  growth: z.number().nullable(),
  meetsTarget: z.boolean().nullable(),
  risks: z.array(z.string()),
});
export const HouseholdQuery = AreaQuery.merge(PageQuery).extend({
  q: z.string().max(60).optional(),
  status: z.enum(['active', 'exited']).optional(),
});
const IncomeSources = { wage: z.number(), business: z.number(), property: z.number(), transfer: z.number() };
export const HouseholdDetail = Household.omit({
  year: true,
  perCapita: true,
  previous: true,
  growth: true,
  meetsTarget: true,
  risks: true,
}).extend({
  incomes: z.array(z.object({ year: z.number(), members: z.number(), ...IncomeSources, perCapita: z.number() })),
});
export const HouseholdBody = z.object({
  code: z.string().trim().min(1).max(40),
  villageCode: RegionCode,
  members: z.number().int().min(1).max(30),
  name: z.string().trim().min(1).max(40),
  idNumber: z
    .string()
    .trim()
    .regex(/^\d{17}[\dXx]$/, '18 位身份证号'),
  phone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/)
    .nullable()
    .optional(),
  flags: z
    .array(z.enum(['illness', 'disability', 'disaster']))
    .max(3)
    .optional(),
  measures: z.string().max(1000).optional(),
  incomes: z
    .array(
      z.object({
        year: Year,
        members: z.number().int().min(1).max(30).optional(),
        wage: z.number().min(0),
        business: z.number(),
        property: z.number(),
        transfer: z.number(),
      }),
    )
    .max(30)
    .optional(),
});
export const RevealBody = z.object({ reason: z.string().trim().min(4).max(200) });
export const Revealed = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  idNumber: z.string(),
  phone: z.string().nullable(),
});

const AreaFigures = z.object({
  code: z.string(),
  name: z.string(),
  households: z.number(),
  tracked: z.number(),
  perCapita: z.number().nullable(),
  previous: z.number().nullable(),
  growth: Growth,
  meetsTarget: z.number(),
  atRisk: z.number(),
});
export const HouseholdSummary = z.object({
  year: z.number(),
  target: z.number(),
  region: z.object({ code: z.string(), name: z.string() }),
  synthetic: z.boolean(),
  total: z.object({
    households: z.number(),
    tracked: z.number(),
    perCapita: z.number().nullable(),
    previous: z.number().nullable(),
    growth: Growth,
  }),
  towns: z.array(AreaFigures).describe('per town, for the district or a town (no household data)'),
  items: z.array(AreaFigures.extend({ townName: z.string().nullable() })).describe('per village (no household data)'),
});

export const IndicatorsReport = z.object({
  year: z.number(),
  synthetic: z.boolean(),
  batchId: z.number().nullable(),
  inserted: z.number(),
  revised: z.number(),
  unchanged: z.number(),
  values: z.number(),
});

export const HouseholdImportReport = z.object({
  dryRun: z.boolean(),
  rows: z.number(),
  households: z.number(),
  incomeYears: z.array(z.number()),
  preview: z.array(z.object({ code: z.string(), villageCode: z.string(), members: z.number(), name: z.string(), idNumber: z.string() })),
});

export const EvidenceBody = z.object({
  villageCode: RegionCode,
  indicator: z
    .string()
    .regex(/^[a-z0-9_]{1,60}$/)
    .describe('the indicator id in the 未来乡村 scheme, e.g. family_doctor'),
  period: z.string().regex(/^\d{4}(-\d{2})?$/),
  title: z.string().trim().min(1).max(200),
  link: z
    .string()
    .trim()
    .max(1000)
    .regex(/^https?:\/\/\S+$/, 'http(s) link')
    .nullable()
    .optional(),
  note: z.string().max(2000).optional(),
});
export const Evidence = z.object({
  id: z.number(),
  villageCode: z.string(),
  villageName: z.string(),
  indicator: z.string(),
  period: z.string(),
  title: z.string(),
  link: z.string().nullable(),
  note: z.string(),
  synthetic: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const EvidenceQuery = z.object({
  village: RegionCode.optional(),
  period: z
    .string()
    .regex(/^\d{4}(-\d{2})?$/)
    .optional(),
  region: RegionCode.optional(),
});

export const EconomyTrend = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  synthetic: z.boolean(),
  items: z.array(
    z.object({
      year: z.number(),
      villages: z.number(),
      total: z.number(),
      operating: z.number().describe('经营性收入: excludes subsidies'),
      subsidy: z.number(),
      totalGrowth: z.number().nullable(),
      operatingGrowth: z.number().nullable(),
    }),
  ),
});
