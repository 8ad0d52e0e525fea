/**
 * zod schemas of the accessibility API (request bodies and responses), shared by routes.ts and — as
 * inferred types — by the web client (packages/web/src/api/circles.ts), so neither can drift.
 */
import { z } from 'zod';
import { Datum } from '../http/schemas.js';

export const Mode = z.enum(['walking', 'cycling', 'driving']);

export const NetworkMeta = z.object({
  id: z.number().int(),
  name: z.string(),
  fileName: z.string(),
  fileSha256: z.string(),
  fileBytes: z.number().int(),
  mode: Mode,
  source: z.string().describe('attribution, e.g. © OpenStreetMap contributors, ODbL'),
  synthetic: z.boolean(),
  regionCode: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()).describe('engine import summary: nodes, edges, components, facilities by category …'),
  graphBytes: z.number().int().describe('size of the stored compact network (gzip)'),
  osmFacilityCount: z.number().int().describe('facilities found in the OSM tags of the extract'),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

export const PointSet = z.object({
  id: z.number().int(),
  kind: z.enum(['facility', 'resident']),
  name: z.string(),
  source: z.string(),
  sourceDatum: Datum,
  networkId: z.number().int().nullable(),
  synthetic: z.boolean().describe('true for generated points (e.g. synthetic residents), never for official data'),
  regionCode: z.string().nullable(),
  itemCount: z.number().int(),
  totalPopulation: z.number().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const FacilityItem = z.object({
  id: z.string(),
  name: z.string().nullable(),
  category: z.string(),
  lon: z.number(),
  lat: z.number(),
  capacity: z.number().nullable(),
  region: z.string().nullable(),
  tag: z.string().nullable(),
});
export const ResidentItem = z.object({
  id: z.string(),
  lon: z.number(),
  lat: z.number(),
  population: z.number(),
  region: z.string().nullable(),
});

export const CategoryCoverage = z.object({
  category: z.string(),
  thresholdSeconds: z.number(),
  coveredPopulation: z.number(),
  share: z.number(),
});
export const CoverageRow = z.object({
  region: z.string().describe('region code, a code prefix (aggregate), "(none)", or "*" for the total'),
  residents: z.number().int(),
  population: z.number(),
  offNetworkPopulation: z.number(),
  fullCirclePopulation: z.number(),
  fullCircleShare: z.number().describe('share (0–1) of population with every required category within its threshold'),
  categories: z.array(CategoryCoverage),
});
export const BlindSpot = z.object({
  category: z.string(),
  population: z.number(),
  residents: z.array(z.string()),
  lon: z.number(),
  lat: z.number(),
  bbox: z.array(z.number()),
});
export const LevelReport = z.object({
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  mode: z.string(),
  illustrative: z.boolean(),
  source: z.string(),
  total: CoverageRow,
  regions: z.array(CoverageRow),
  blindSpots: z.array(BlindSpot),
});
export const ReportSummary = z.object({
  mode: z.string(),
  walkingSpeedKmh: z.number(),
  categories: z.array(z.string()),
  boundSeconds: z.array(z.number()),
  facilities: z.object({ total: z.number().int(), byCategory: z.record(z.string(), z.number()), unsnapped: z.array(z.string()) }),
  levels: z.array(LevelReport),
  unsnappedResidents: z.array(z.string()),
  residentCount: z.number().int(),
});
export const Run = z.object({
  id: z.number().int(),
  networkId: z.number().int(),
  facilitySetId: z.number().int(),
  residentSetId: z.number().int(),
  preset: z.unknown(),
  options: z.record(z.string(), z.unknown()),
  synthetic: z.boolean().describe('true when any input is synthetic'),
  regionCode: z.string().nullable(),
  note: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const RunWithReport = Run.extend({ report: ReportSummary });

export const AnalysisBody = z.object({
  networkId: z.number().int().positive(),
  facilitySetId: z.number().int().positive(),
  residentSetId: z.number().int().positive(),
  preset: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('edited preset JSON (see GET /access/presets/default); default GB 50180-2018 + Zhejiang'),
  levels: z.array(z.string()).optional().describe('level ids; default every preset level of the network mode'),
  regionPrefixLengths: z
    .array(z.number().int().min(1).max(15))
    .optional()
    .describe('also aggregate by region-code prefixes; default [6, 9] (county, town)'),
  maxSnapDistanceM: z.number().positive().max(5000).optional(),
  blindSpotDistanceM: z.number().positive().max(5000).optional(),
});
export const PointIn = z.object({
  id: z.string().min(1),
  name: z.string().nullable().optional(),
  category: z.string(),
  lon: z.number(),
  lat: z.number(),
});

export const RunResidents = z.object({
  categories: z.array(z.string()),
  items: z.array(
    z.object({
      id: z.string(),
      region: z.string().nullable(),
      population: z.number(),
      snapDistanceM: z.number().nullable(),
      seconds: z.array(z.number().nullable()),
      facility: z.array(z.string().nullable()),
    }),
  ),
});

export const IndicatorWriteResult = z.object({
  batchId: z.number().int().nullable(),
  indicator: z.string(),
  period: z.string(),
  level: z.string(),
  synthetic: z.boolean(),
  source: z.string(),
  inserted: z.number().int(),
  revised: z.number().int(),
  unchanged: z.number().int(),
  values: z.array(z.object({ regionCode: z.string(), value: z.number() })),
  unmatched: z.array(z.string()),
});

export const WhatIfResult = z.object({
  synthetic: z.boolean(),
  added: z.array(z.object({ id: z.string(), category: z.string(), lon: z.number(), lat: z.number(), name: z.string().nullable() })),
  closed: z.array(z.string()),
  before: z.array(
    z.object({ level: z.string(), fullCircleShare: z.number(), fullCirclePopulation: z.number(), categories: z.array(CategoryCoverage) }),
  ),
  after: z.array(
    z.object({ level: z.string(), fullCircleShare: z.number(), fullCirclePopulation: z.number(), categories: z.array(CategoryCoverage) }),
  ),
  deltas: z.array(
    z.object({ level: z.string(), region: z.string(), category: z.string(), before: z.number(), after: z.number(), change: z.number() }),
  ),
});

export const SiteSuggestionResult = z.object({
  category: z.string(),
  thresholdSeconds: z.number(),
  thresholdFrom: z.string().describe('for logs and scripts (`gb50180-15min: 1000 m`); screens use threshold'),
  threshold: z.object({
    level: z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string() }).nullable().describe('the level whose threshold was used'),
    meters: z.number().nullable(),
    minutes: z.number().nullable(),
  }),
  totalPopulation: z.number(),
  baselineCoveredPopulation: z.number(),
  baselineShare: z.number(),
  picks: z.array(
    z.object({
      candidate: z.string(),
      lon: z.number(),
      lat: z.number(),
      gain: z.number(),
      coveredPopulation: z.number(),
      share: z.number(),
      residents: z.number().int(),
    }),
  ),
  unsnappedCandidates: z.array(z.string()),
  candidateSource: z.string().describe('for logs and scripts; screens use candidatesFrom'),
  candidatesFrom: z.object({
    kind: z.enum(['given', 'nodes']).describe('positions given by the caller, or every step-th node of the network'),
    step: z.number().int(),
    nodeCount: z.number().int(),
  }),
  candidateCount: z.number().int(),
  guarantee: z.string(),
  synthetic: z.boolean(),
});
