import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { readUpload } from '../http/upload.js';
import { errorResponses, RegionCode, DryRunFlag } from '../http/schemas.js';
import { SubjectKind } from '../indicators/schema.js';
import { importRoster } from './roster.js';
import { listSubjects, saveSubject } from './service.js';

const WritableKind = SubjectKind.exclude(['region']);

export const Subject = z.object({
  id: z.number(),
  kind: SubjectKind,
  code: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  source: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});

const WriteReport = z.object({ inserted: z.number(), updated: z.number() });

export async function subjectRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;
  r.get(
    '/subjects',
    {
      config: { access: { permission: 'data:read', scope: 'region' } },
      schema: {
        summary: 'Subjects (regions, enterprises, platforms, projects, stations, departments) in the caller’s scope',
        querystring: z.object({
          kind: SubjectKind.optional(),
          region: RegionCode.optional().describe('subjects in this region and below'),
          q: z.string().max(50).optional().describe('part of the code or name'),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
        }),
        response: { 200: z.object({ items: z.array(Subject) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listSubjects(db, ctx.actorOf(req), req.query) }),
  );

  r.put(
    '/subjects/:kind/:code',
    {
      config: { access: { permission: 'subject:write', scope: 'region' }, audit: { action: 'subjects.upsert' } },
      schema: {
        summary: 'Create or update one subject (regions come from the region registry and cannot be written here)',
        params: z.object({ kind: WritableKind, code: z.string().min(1).max(64) }),
        body: z.object({
          name: z.string().min(1).max(200),
          regionCode: RegionCode.describe('the region the subject belongs to (decides its data scope)'),
          attributes: z.record(z.string(), z.unknown()).default({}),
          source: z.string().max(500).default(''),
        }),
        response: { 200: WriteReport, ...errorResponses },
      },
    },
    async (req) => saveSubject(db, ctx.actorOf(req), { ...req.params, ...req.body }),
  );

  r.post(
    '/subjects/import',
    {
      config: {
        access: { permission: 'subject:write', scope: 'region' },
        audit: {
          action: 'subjects.import',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        summary: 'Import a roster (名册) of subjects from .xlsx or .csv (multipart field "file"); all or nothing. dryRun=true checks only.',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          dryRun: DryRunFlag,
          kind: WritableKind.optional().describe('kind for rows without a kind column'),
        }),
        response: { 200: WriteReport.extend({ dryRun: z.boolean(), rows: z.number() }), ...errorResponses },
      },
    },
    async (req) => {
      // the same size limit as every upload: a roster is read whole
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '名册', en: 'roster' });
      return importRoster(db, ctx.actorOf(req), bytes, {
        fileName,
        kind: req.query.kind,
        dryRun: req.query.dryRun,
        maxBytes: ctx.config.importMaxBytes,
      });
    },
  );
}
