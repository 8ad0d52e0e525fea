/**
 * 考核评价 API: schemes, runs, scorecards, what-if, sensitivity, exports, report. Scheme summaries,
 * run metadata, ranking and rank-history rows are inferred from the server's zod schemas
 * (packages/server/src/assess/schemas.ts).
 */
import type { z } from 'zod';
import type {
  HistoryRow as HistoryRowSchema,
  RankingRow as RankingRowSchema,
  RunMeta as RunMetaSchema,
  SchemeSummary as SchemeSummarySchema,
} from '../../../server/src/assess/schemas';
import { apiUrl, download, getJson, postJson, type Params } from './http';

export type SchemeSummary = z.infer<typeof SchemeSummarySchema>;
export type RunMeta = z.infer<typeof RunMetaSchema>;
export type RankingRow = z.infer<typeof RankingRowSchema>;
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

export interface Bilingual {
  zh: string;
  en: string;
}


export type TextValue = string | { zh: string; en?: string };

export interface SchemeIndicatorDef {
  id: string;
  name?: TextValue;
  column?: string;
  unit?: string;
  direction?: 1 | -1;
  target?: number;
  normalise?: { method: string; [k: string]: unknown };
  [k: string]: unknown;
}

export type ChildRef = string | { id: string; weight?: number };

export interface SchemeNodeDef {
  id: string;
  name?: TextValue;
  children: ChildRef[];
  weighting?: { method: string; [k: string]: unknown };
  aggregation?: { method: string; [k: string]: unknown };
}

export interface SchemeDefinition {
  schemaVersion: 1;
  id: string;
  version: string;
  name: TextValue;
  illustrative?: boolean;
  disclaimer?: TextValue;
  period?: string;
  indicators: SchemeIndicatorDef[];
  nodes: SchemeNodeDef[];
  root: string;
  weights?: { total?: number; tolerance?: number; relative?: boolean };
  normalise?: { method: string; [k: string]: unknown };
  weighting?: { method: string; [k: string]: unknown };
  aggregation?: { default?: { method: string }; byLevel?: Record<string, { method: string }> };
  [k: string]: unknown;
}

export interface SchemeVersion {
  schemeCode: string;
  version: number;
  label: string;
  definition: SchemeDefinition;
  bindings: { units: { kind: string; level?: string }; defaultRegion: string; columns: Record<string, string>; attributes: Record<string, unknown> };
  note: string;
  createdBy: string;
  createdAt: string;
}

export interface SchemeDetail {
  scheme: SchemeSummary;
  latest: SchemeVersion;
  versions: { version: number; label: string; note: string; createdBy: string; createdAt: string }[];
}



export interface IndicatorInfo {
  id: string;
  column: string;
  indicatorCode: string | null;
  unit: string | null;
  direction: 1 | -1;
  target: number | null;
}

export interface NodeWeights {
  children: string[];
  used: (number | null)[];
  shares: (number | null)[];
  method: string;
}

export interface RunDetail {
  run: RunMeta;
  labels: Record<string, Bilingual>;
  root: string;
  nodes: string[];
  levels: Record<string, number>;
  indicators: IndicatorInfo[];
  ranking: RankingRow[];
  weights: Record<string, NodeWeights>;
  effectiveWeights: Record<string, number | null>;
  grades: string[];
  hasPeerGroups: boolean;
  warnings: { code: string; zh: string; en: string }[];
}

export interface IndicatorExplanation {
  indicator: string;
  value: number | null;
  normalised: number | null;
  weight: number | null;
  contribution: number | null;
  target?: number | null;
  gapToTarget?: number | null;
  achievement?: number | null;
  obstacle: number | null;
  obstacleRank: number | null;
}

export interface ComparisonGap {
  unitId: string;
  rank: number | null;
  score: number | null;
  scoreGap: number | null;
  byIndicator: { indicator: string; contributionGap: number | null }[];
}


export interface Scorecard {
  run: RunMeta;
  unit: { code: string; name: string; regionCode: string };
  labels: Record<string, Bilingual>;
  root: string;
  nodes: string[];
  levels: Record<string, number>;
  indicators: IndicatorInfo[];
  values: Record<string, { raw: number | null; base: number | null; normalised: number | null; observationId: number | null }>;
  explanation: { additive: boolean; indicators: IndicatorExplanation[]; above?: ComparisonGap; leader?: ComparisonGap; obstacles: string[] };
  nodeScores: Record<string, number | null>;
  nodeMeans: Record<string, number | null> | null;
  final: number | null;
  rank: number | null;
  peerRank: number | null;
  grade: string | null;
  bonus: number | null;
  penalty: number | null;
  vetoes: string[];
  change: { previousRank: number | null; rankDelta: number | null; previousScore: number | null; scoreDelta: number | null } | null;
  rankHistory: HistoryRow[];
}

export interface WhatIfOutcome {
  unitId: string;
  changed: Record<string, { from: number | null; to: number | null }>;
  before: { score: number | null; rank: number | null; grade: string | null };
  after: { score: number | null; rank: number | null; grade: string | null };
  scoreDelta: number | null;
  rankDelta: number | null;
  nodeScores: Record<string, number | null>;
}

export interface SensitivityUnit {
  unit: string;
  name: string;
  nominal: number | null;
  median: number | null;
  low: number | null;
  high: number | null;
  mean: number | null;
}

export interface SensitivityResult {
  runs: number;
  seed: number;
  unitCount: number;
  applied: { weights: { share: number } | null; normalisations: string[]; aggregations: string[] };
  skipped: { kind: string; method: string; code: string; zh: string; en: string }[];
  units: SensitivityUnit[];
}

export const fetchSchemes = () => getJson<{ items: SchemeSummary[] }>('/assess/schemes');
export const fetchScheme = (code: string) => getJson<SchemeDetail>(`/assess/schemes/${encodeURIComponent(code)}`);
export const fetchSchemeVersion = (code: string, version: number) => getJson<SchemeVersion>(`/assess/schemes/${encodeURIComponent(code)}/versions/${version}`);
export const validateScheme = (definition: SchemeDefinition, bindings?: unknown) =>
  postJson<{ ok: true; summary: { weights: { node: string; sum: number | null }[] } }>('/assess/schemes/validate', { definition, bindings });
export const saveSchemeVersion = (code: string, definition: SchemeDefinition, note: string) =>
  postJson<SchemeVersion>(`/assess/schemes/${encodeURIComponent(code)}/versions`, { definition, note });

export const fetchRuns = (q: { scheme?: string; published?: boolean; limit?: number } = {}) => getJson<{ items: RunMeta[] }>('/assess/runs', q as Params);
export const createRun = (body: { scheme: string; version?: number; period: string; region?: string }) => postJson<RunMeta>('/assess/runs', body);
export const fetchRun = (id: number) => getJson<RunDetail>(`/assess/runs/${id}`);
export const publishRun = (id: number) => postJson<RunMeta>(`/assess/runs/${id}/publish`, {});
export const fetchScorecard = (id: number, unit: string) => getJson<Scorecard>(`/assess/runs/${id}/units/${encodeURIComponent(unit)}`);
export const whatIf = (id: number, unit: string, changes: Record<string, number>) => postJson<WhatIfOutcome>(`/assess/runs/${id}/what-if`, { unit, changes });
export const fetchSensitivity = (id: number, q: { runs: number; seed: number; weightShare: number; normalisations?: string; aggregations?: string }) =>
  getJson<SensitivityResult>(`/assess/runs/${id}/sensitivity`, q);
export const downloadRun = (id: number, q: { format: 'xlsx' | 'csv'; table?: string; unit?: string; lang: 'zh' | 'en' }) =>
  download(`/assess/runs/${id}/export`, q as Params, `assess-run${id}.${q.format}`);
export const reportUrl = (id: number, lang: 'zh' | 'en') => apiUrl(`/assess/runs/${id}/report`, { lang });
