/**
 * 考核评价 API: schemes, runs, scorecards, what-if, sensitivity, exports, report. Scheme summaries,
 * versions, run metadata, ranking and rank-history rows are inferred from the server's zod schemas
 * (packages/server/src/assess/schemas.ts, bindings.ts); scheme definitions, explanations, node
 * weights and what-if outcomes are the engine's types as serialised (`Plain`). The run detail,
 * scorecard and sensitivity envelopes are still written out here: the server declares them as loose
 * objects.
 */
import type { z } from 'zod';
import type {
  GroupComparison as GroupComparisonSchema,
  HistoryRow as HistoryRowSchema,
  RankingRow as RankingRowSchema,
  RunMeta as RunMetaSchema,
  SchemeSummary as SchemeSummarySchema,
  SchemeVersion as SchemeVersionSchema,
} from '../../../server/src/assess/schemas';
import type { Bindings } from '../../../server/src/assess/bindings';
import type {
  ComparisonGap as EngineComparisonGap,
  IndicatorExplanation as EngineIndicatorExplanation,
} from '../../../engine/src/assess/explain';
import type { NodeWeights as EngineNodeWeights } from '../../../engine/src/assess/pipeline';
import type { WhatIfOutcome as EngineWhatIfOutcome } from '../../../engine/src/assess/whatif';
import type { SchemeInput } from '../../../engine/src/assess/scheme';
import type { Plain } from '../../../engine/src/assess/serialise';
import type { getScheme } from '../../../server/src/assess/schemes';
import type { IndicatorInfo as ServerIndicatorInfo, runDetail } from '../../../server/src/assess/runs';
import type { scorecard, sensitivityRun } from '../../../server/src/assess/analysis';
import type { Page } from './types';
import { apiUrl, download, getJson, postJson, type Params } from './http';

export type SchemeSummary = z.infer<typeof SchemeSummarySchema>;
export type RunMeta = z.infer<typeof RunMetaSchema>;
export type RankingRow = z.infer<typeof RankingRowSchema>;
export type GroupComparison = z.infer<typeof GroupComparisonSchema>;
export type HistoryRow = z.infer<typeof HistoryRowSchema>;
/** Engine results as the server sends them (typed arrays as arrays, NaN as null). */
export type IndicatorExplanation = Plain<EngineIndicatorExplanation>;
export type ComparisonGap = Plain<EngineComparisonGap>;
export type NodeWeights = Plain<EngineNodeWeights>;
export type WhatIfOutcome = Plain<EngineWhatIfOutcome>;

export interface Bilingual {
  zh: string;
  en: string;
}

/** A scheme as written and edited (the engine's scheme schema, defaults optional). */
export type SchemeDefinition = SchemeInput;
export type SchemeIndicatorDef = SchemeInput['indicators'][number];
export type SchemeNodeDef = SchemeInput['nodes'][number];
export type ChildRef = SchemeNodeDef['children'][number];
export type TextValue = NonNullable<SchemeInput['name']>;

/** A stored scheme version; the server's schema leaves the definition open (it is the engine's scheme JSON). */
export type SchemeVersion = Omit<z.infer<typeof SchemeVersionSchema>, 'definition' | 'bindings'> & {
  definition: SchemeDefinition;
  bindings: Bindings;
};

// Responses whose shape is the service's return value (the routes pass them through): their types
// come from the server's services, so the two cannot drift apart.
export type SchemeDetail = Omit<Awaited<ReturnType<typeof getScheme>>, 'latest'> & { latest: SchemeVersion };
export type IndicatorInfo = ServerIndicatorInfo;
export type RunDetail = Awaited<ReturnType<typeof runDetail>>;
export type Scorecard = Awaited<ReturnType<typeof scorecard>>;
export type SensitivityResult = Awaited<ReturnType<typeof sensitivityRun>>;
export type SensitivityUnit = SensitivityResult['units'][number];

export const fetchSchemes = () => getJson<{ items: SchemeSummary[] }>('/assess/schemes');
export const fetchScheme = (code: string) => getJson<SchemeDetail>(`/assess/schemes/${encodeURIComponent(code)}`);
export const fetchSchemeVersion = (code: string, version: number) =>
  getJson<SchemeVersion>(`/assess/schemes/${encodeURIComponent(code)}/versions/${version}`);
export const validateScheme = (definition: SchemeDefinition, bindings?: unknown) =>
  postJson<{ ok: true; summary: { weights: { node: string; sum: number | null }[] } }>('/assess/schemes/validate', {
    definition,
    bindings,
  });
export const saveSchemeVersion = (code: string, definition: SchemeDefinition, note: string) =>
  postJson<SchemeVersion>(`/assess/schemes/${encodeURIComponent(code)}/versions`, { definition, note });

export const fetchRuns = (q: { scheme?: string; published?: boolean; page?: number; pageSize?: number } = {}) =>
  getJson<Page<RunMeta>>('/assess/runs', q as Params);
export const createRun = (body: { scheme: string; version?: number; period: string; region?: string }) =>
  postJson<RunMeta>('/assess/runs', body);
export const fetchRun = (id: number) => getJson<RunDetail>(`/assess/runs/${id}`);
export const publishRun = (id: number) => postJson<RunMeta>(`/assess/runs/${id}/publish`, {});
/** The run's peer groups side by side (e.g. 未来乡村 pilots and candidates), units in scope only. */
export const fetchRunGroups = (id: number) => getJson<GroupComparison>(`/assess/runs/${id}/groups`);
export const fetchScorecard = (id: number, unit: string) => getJson<Scorecard>(`/assess/runs/${id}/units/${encodeURIComponent(unit)}`);
export const whatIf = (id: number, unit: string, changes: Record<string, number>) =>
  postJson<WhatIfOutcome>(`/assess/runs/${id}/what-if`, { unit, changes });
export const fetchSensitivity = (
  id: number,
  q: { runs: number; seed: number; weightShare: number; normalisations?: string; aggregations?: string },
) => getJson<SensitivityResult>(`/assess/runs/${id}/sensitivity`, q);
export const downloadRun = (id: number, q: { format: 'xlsx' | 'csv'; table?: string; unit?: string; lang: 'zh' | 'en' }) =>
  download(`/assess/runs/${id}/export`, q as Params, `assess-run${id}.${q.format}`);
export const reportUrl = (id: number, lang: 'zh' | 'en') => apiUrl(`/assess/runs/${id}/report`, { lang });
