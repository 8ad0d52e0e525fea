/** Routes computed on request and never stored: what-if scenarios, site suggestions, isochrones. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { Datum, errorResponses, FeatureCollection } from '../http/schemas.js';
import { READ, tags } from './route-config.js';
import { AnalysisBody, PointIn, SiteSuggestionResult, WhatIfResult } from './schemas.js';
import * as service from './service.js';

export async function whatIfRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.post(
    '/access/what-if',
    {
      config: { ...READ, audit: { none: 'computes a scenario on request, stores nothing' } },
      schema: {
        tags,
        summary: 'What-if: coverage before and after adding and/or closing facilities (not stored)',
        body: AnalysisBody.extend({
          add: z.array(PointIn).optional(),
          close: z.array(z.string()).optional().describe('ids of facilities to close'),
          datum: Datum.default('wgs84').describe('datum of the added facilities’ coordinates'),
        }),
        response: {
          200: WhatIfResult,
          ...errorResponses,
        },
      },
    },
    async (req) => service.whatIfScenario(db, ctx.actorOf(req), req.body),
  );

  r.post(
    '/access/site-suggestions',
    {
      config: { ...READ, audit: { none: 'computes suggestions on request, stores nothing' } },
      schema: {
        tags,
        summary: 'Suggest k new sites for a category (greedy maximal coverage; candidates given or sampled network nodes; not stored)',
        body: AnalysisBody.omit({ levels: true, regionPrefixLengths: true, blindSpotDistanceM: true }).extend({
          category: z.string(),
          k: z.number().int().min(1).max(100),
          level: z.string().optional().describe('take the threshold from this preset level (default gb50180-15min)'),
          meters: z.number().positive().optional(),
          minutes: z.number().positive().optional(),
          candidates: z
            .array(z.object({ id: z.string().min(1), lon: z.number(), lat: z.number() }))
            .max(20000)
            .optional(),
          datum: Datum.default('wgs84'),
          maxCandidates: z.number().int().min(1).max(20000).optional(),
        }),
        response: {
          200: SiteSuggestionResult,
          ...errorResponses,
        },
      },
    },
    async (req) => service.siteSuggestions(db, ctx.actorOf(req), req.body),
  );

  r.post(
    '/access/isochrones',
    {
      config: { ...READ, audit: { none: 'computes isochrones on request, stores nothing' } },
      schema: {
        tags,
        summary: 'Isochrones (GeoJSON MultiPolygons) of a stored facility or a point, for several travel times',
        body: z.object({
          networkId: z.number().int().positive(),
          facilitySetId: z.number().int().positive().optional(),
          facilityId: z.string().optional(),
          lon: z.number().optional(),
          lat: z.number().optional(),
          datum: Datum.default('wgs84').describe('datum of lon/lat'),
          minutes: z.array(z.number().positive().max(120)).max(6).optional().describe('default [5, 10, 15]'),
          outDatum: Datum.default('wgs84'),
          cellSizeM: z.number().min(5).max(500).optional(),
        }),
        response: { 200: FeatureCollection, ...errorResponses },
      },
    },
    async (req) => service.isochroneGeoJSON(db, ctx.actorOf(req), req.body),
  );
}
