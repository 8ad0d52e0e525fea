/**
 * Response types of the server's zod schemas (packages/server/src/http/schemas.ts), inferred so the
 * web app and the API cannot drift apart.
 */
import type { z } from 'zod';
import type { Observation as ObservationSchema, Region as RegionSchema, Batch as BatchSchema, FeatureCollection as FeatureCollectionSchema } from '../../../server/src/http/schemas';
import type { Indicator as IndicatorSchema } from '../../../server/src/indicators/schema';

export type Observation = z.infer<typeof ObservationSchema>;
export type Region = z.infer<typeof RegionSchema>;
export type Batch = z.infer<typeof BatchSchema>;
export type FeatureCollection = z.infer<typeof FeatureCollectionSchema>;
export type Indicator = z.infer<typeof IndicatorSchema>;
