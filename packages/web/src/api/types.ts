/**
 * Response types of the server's zod schemas, inferred so the web app and the API cannot drift
 * apart. Schemas the server keeps private to a route file are restated here from the OpenAPI doc.
 */
import type { z } from 'zod';
import type { Observation as ObservationSchema, Region as RegionSchema, Batch as BatchSchema, FeatureCollection as FeatureCollectionSchema } from '../../../server/src/http/schemas';
import type { Indicator as IndicatorSchema, IndicatorSet as IndicatorSetSchema } from '../../../server/src/indicators/schema';
import type { ALL_PERMISSIONS } from '../../../server/src/auth/actor';

export type Observation = z.infer<typeof ObservationSchema>;
export type Region = z.infer<typeof RegionSchema>;
export type Batch = z.infer<typeof BatchSchema>;
export type FeatureCollection = z.infer<typeof FeatureCollectionSchema>;
export type Indicator = z.infer<typeof IndicatorSchema>;
export type IndicatorSet = z.infer<typeof IndicatorSetSchema>;
export type Permission = (typeof ALL_PERMISSIONS)[number];

/** GET /auth/me and POST /auth/login (packages/server/src/auth/routes.ts `Me`) */
export interface Me {
  id: number;
  username: string;
  displayName: string;
  regionCode: string | null;
  departmentId: number | null;
  roles: string[];
  permissions: string[];
  mustChangePassword: boolean;
  csrfToken: string | null;
}

/** packages/server/src/auth/admin-routes.ts */
export interface User {
  id: number;
  username: string;
  displayName: string;
  departmentId: number | null;
  regionCode: string | null;
  mustChangePassword: boolean;
  disabled: boolean;
  roles: string[];
}
export type DataScope = 'all' | 'region_and_below' | 'region' | 'self';
export interface Role {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  permissions: string[];
  dataScope: DataScope;
  builtin: boolean;
}
export interface Department {
  id: number;
  name: string;
  parentId: number | null;
  regionCode: string | null;
  path: string;
}

/** packages/server/src/audit/routes.ts */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}
export interface AuditVerification {
  ok: boolean;
  count: number;
  head: string;
  problems: { seq: number; problem: string; detail: string }[];
}

/** packages/server/src/imports/routes.ts */
export interface ImportPreview {
  dryRun: boolean;
  format: 'xlsx' | 'csv';
  encoding: string | null;
  layout: 'wide' | 'long';
  sheets: string[];
  rowCount: number;
  observationCount: number;
  inserted: number;
  revised: number;
  unchanged: number;
  sample: { indicatorCode: string; subjectCode: string; period: string; value: number; previous: number | null }[];
  batchId: number | null;
}
/** packages/server/src/imports/issues.ts */
export interface ImportIssue {
  sheet: string | null;
  row: number | null;
  column: string | null;
  code: string;
  zh: string;
  en: string;
}

/** packages/server/src/reports/routes.ts */
export interface IndicatorSummaryItem {
  indicatorCode: string;
  latest: Observation;
  previous: Observation | null;
  change: number | null;
  series: { period: string; value: number }[];
}
export interface IndicatorSummary {
  region: { code: string; name: string };
  items: IndicatorSummaryItem[];
}

export interface Provenance {
  observation: Observation;
  batch: Batch;
  history: (Observation & { batch: Batch })[];
}
