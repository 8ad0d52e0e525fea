/**
 * Response types of the server's zod schemas, inferred so the web app and the API cannot drift
 * apart.
 */
import type { z } from 'zod';
import type {
  Observation as ObservationSchema,
  Region as RegionSchema,
  Batch as BatchSchema,
  FeatureCollection as FeatureCollectionSchema,
} from '../../../server/src/http/schemas';
import type {
  CatalogueEntry as CatalogueEntrySchema,
  Indicator as IndicatorSchema,
  IndicatorSet as IndicatorSetSchema,
} from '../../../server/src/indicators/schema';
import type { ALL_PERMISSIONS } from '../../../server/src/auth/actor';
import type * as S from '../../../server/src/http/schemas';

export type Observation = z.infer<typeof ObservationSchema>;
export type Region = z.infer<typeof RegionSchema>;
export type Batch = z.infer<typeof BatchSchema>;
export type FeatureCollection = z.infer<typeof FeatureCollectionSchema>;
export type Indicator = z.infer<typeof IndicatorSchema>;
/** a catalogue entry as read: the indicator and whether it is retired (停用) */
export type CatalogueEntry = z.infer<typeof CatalogueEntrySchema>;
export type IndicatorSet = z.infer<typeof IndicatorSetSchema>;
export type Permission = (typeof ALL_PERMISSIONS)[number];

export type Me = z.infer<typeof S.Me>;
export type User = z.infer<typeof S.User>;
export type DataScope = z.infer<typeof S.DataScope>;
export type Role = z.infer<typeof S.Role>;
export type Department = z.infer<typeof S.Department>;
export type AuditEntry = z.infer<typeof S.AuditEntry>;
export type AuditVerification = z.infer<typeof S.AuditVerification>;
export type ImportPreview = z.infer<typeof S.ImportPreview>;
export type ImportIssue = z.infer<typeof S.ImportIssue>;
export type DetectedSheet = z.infer<typeof S.DetectedSheet>;
export type IndicatorSummary = z.infer<typeof S.IndicatorSummary>;
export type IndicatorSummaryItem = IndicatorSummary['items'][number];
export type Provenance = z.infer<typeof S.Provenance>;
export type Withdrawal = z.infer<typeof S.Withdrawal>;
export type Page<T> = S.Page<T>;
