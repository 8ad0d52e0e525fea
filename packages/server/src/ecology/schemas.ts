import { z } from 'zod';
import { RegionCode } from '../http/schemas.js';

export const Year = z.coerce.number().int().min(2000).max(2100);
export const DateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const PollutantId = z.enum(['so2', 'no2', 'pm10', 'pm25', 'co', 'o3']);
export const StationType = z.enum(['national', 'provincial', 'micro']);

export const Station = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  type: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  synthetic: z.boolean(),
});

export const TargetQuery = z.object({
  year: Year,
  station: z.string().min(1).max(64).optional().describe('a station code; else the region'),
  region: RegionCode.optional().describe('a town or the district (default: your county)'),
});

export const TargetRef = z.object({ kind: z.enum(['station', 'region']), code: z.string(), name: z.string(), stations: z.number() });

export const Calendar = z.object({
  year: z.number(),
  target: TargetRef,
  synthetic: z.boolean(),
  days: z.array(
    z.object({
      date: z.string(),
      aqi: z.number().nullable().describe('null: not a valid day (HJ 663)'),
      level: z.number().nullable(),
      primary: z.array(PollutantId),
      pm25: z.number().nullable(),
    }),
  ),
});

const Validity = z.object({
  valid: z.boolean(),
  days: z.number(),
  perMonth: z.array(z.number()),
  shortMonths: z.array(z.number()),
  shortYear: z.boolean(),
});
const AnnualValue = z.object({ value: z.number().nullable(), validity: Validity });
const Stats = z.object({
  year: z.number(),
  validDays: z.number(),
  goodDays: z.number(),
  levelDays: z.array(z.number()),
  primaryDays: z.record(z.string(), z.number()),
  goodRatio: AnnualValue,
  pm25: AnnualValue,
  pm10: AnnualValue,
  so2: AnnualValue,
  no2: AnnualValue,
  o3_8h_p90: AnnualValue,
  co_p95: AnnualValue,
});
const Change = z.object({ delta: z.number().nullable(), pct: z.number().nullable() });
export const Annual = z.object({
  target: TargetRef,
  synthetic: z.boolean(),
  current: Stats,
  previous: Stats,
  change: z.object({
    goodRatio: Change,
    pm25: Change,
    pm10: Change,
    so2: Change,
    no2: Change,
    o3_8h_p90: Change,
    co_p95: Change,
  }),
  towns: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      stations: z.number(),
      goodRatio: z.number().nullable(),
      validDays: z.number(),
      pm25: z.number().nullable(),
    }),
  ),
});

const Conc = z.record(z.string(), z.number().nullable());
export const DayDetail = z.object({
  station: z.object({ code: z.string(), name: z.string(), type: z.string(), regionName: z.string() }),
  date: z.string(),
  synthetic: z.boolean(),
  daily: z
    .object({
      so2: z.number().nullable(),
      no2: z.number().nullable(),
      pm10: z.number().nullable(),
      pm25: z.number().nullable(),
      co: z.number().nullable(),
      o3_1h: z.number().nullable(),
      o3_8h: z.number().nullable(),
      aqi: z.number().nullable(),
      level: z.number().nullable(),
      primary: z.array(z.string()),
      exceeding: z.array(z.string()),
      validHours: z.number(),
      iaqi: Conc,
    })
    .nullable(),
  hours: z.array(
    z.object({
      hour: z.number(),
      time: z.string(),
      values: Conc,
      o3_8h: z.number().nullable(),
      iaqi: Conc,
      aqi: z.number().nullable(),
      level: z.number().nullable(),
      primary: z.array(z.string()),
    }),
  ),
});

export const ReadingsReport = z.object({
  dryRun: z.boolean(),
  rows: z.number(),
  stations: z.number(),
  days: z.number(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  missingValues: z.number(),
});

export const IndicatorsReport = z.object({
  year: z.number(),
  synthetic: z.boolean(),
  batchId: z.number().nullable(),
  inserted: z.number(),
  revised: z.number(),
  unchanged: z.number(),
  values: z.array(z.object({ indicator: z.string(), regionCode: z.string(), value: z.number() })),
  skipped: z.array(z.object({ region: z.string(), indicator: z.string(), reason: z.string() })),
});
