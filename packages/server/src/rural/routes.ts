import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { errorResponses, PageQuery, pageOf, RegionCode, DryRunFlag } from '../http/schemas.js';
import { readUpload } from '../http/upload.js';
import { CONTENT_TYPES } from '../exports/table-writer.js';
import { sendDownload } from '../http/download.js';
import { exportHouseholds } from './households-export.js';
import { importHouseholds } from './households-import.js';
import { importLedgers } from './ledgers.js';
import {
  Economy,
  EconomyQuery,
  EconomyTrend,
  Evidence,
  EvidenceBody,
  EvidenceQuery,
  Household,
  HouseholdBody,
  HouseholdDetail,
  HouseholdImportReport,
  HouseholdQuery,
  HouseholdSummary,
  IndicatorsReport,
  LedgerReport,
  AreaQuery,
  Pairing,
  PairingBody,
  RevealBody,
  Revealed,
  WeakComputeBody,
  WeakComputeReport,
  WeakList,
  Year,
} from './schemas.js';
import {
  addEvidence,
  computeWeak,
  evidenceList,
  createHousehold,
  createPairing,
  economy,
  economyTrend,
  householdDetail,
  householdList,
  householdSummary,
  pairingList,
  revealHousehold,
  weakList,
  writeIndicators,
} from './service.js';

const READ = { access: { permission: 'rural:read' as const, scope: 'region' as const } };
const WRITE = { access: { permission: 'rural:write' as const, scope: 'region' as const } };
const PII = { access: { permission: 'rural:pii' as const, scope: 'region' as const } };
const Id = z.object({ id: z.coerce.number().int().positive() });
const ExportQuery = AreaQuery.extend({ format: z.enum(['xlsx', 'csv']).default('xlsx'), lang: z.enum(['zh', 'en']).default('zh') });

/** A register file, never kept by a cache (it may hold personal data). */
function sendFile(reply: FastifyReply, format: 'xlsx' | 'csv', file: { bytes: Buffer; fileName: string }) {
  void reply.header('cache-control', 'no-store');
  return sendDownload(reply, { fileName: file.fileName, contentType: CONTENT_TYPES[format], body: file.bytes });
}

export async function ruralRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.store.db;

  r.get(
    '/rural/economy',
    {
      config: READ,
      schema: {
        summary: '村级集体经济 of a year per village in scope: 总收入, 经营性收入 (no subsidies), growth, rank in town and district',
        querystring: EconomyQuery,
        response: { 200: Economy, ...errorResponses },
      },
    },
    async (req) => {
      const { page, pageSize, sort, ...q } = req.query;
      const e = await economy(db, ctx.actorOf(req), q);
      const sorted =
        sort === 'rank' ? [...e.items].sort((a, b) => a.rankInDistrict - b.rankInDistrict || (a.code < b.code ? -1 : 1)) : e.items;
      return { ...e, items: sorted.slice((page - 1) * pageSize, page * pageSize), total: e.items.length, page, pageSize };
    },
  );

  r.get(
    '/rural/economy/trend',
    {
      config: READ,
      schema: {
        summary:
          'The trend of 村级集体经济 in an area (villages in scope): 总收入, 经营性收入 and 补助收入 per year with ledgers, and growth',
        querystring: z.object({ region: RegionCode.optional() }),
        response: { 200: EconomyTrend, ...errorResponses },
      },
    },
    async (req) => economyTrend(db, ctx.actorOf(req), req.query),
  );

  r.post(
    '/rural/ledgers',
    {
      config: {
        ...WRITE,
        audit: {
          action: 'rural.ledgers.import',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        summary:
          'Import a town’s village ledger workbook (CSV/Excel; 村社编码 or 村社名称, 年度, 租赁收入 … 补助收入, 资产总额, 负债总额; 元 or 万元 in the header; multipart field "file")',
        consumes: ['multipart/form-data'],
        querystring: z.object({
          dryRun: DryRunFlag,
        }),
        response: { 200: LedgerReport, ...errorResponses },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '村社台账', en: 'ledger' });
      return importLedgers(db, ctx.actorOf(req), bytes, { fileName, dryRun: req.query.dryRun, maxBytes: ctx.config.importMaxBytes });
    },
  );

  r.post(
    '/rural/weak',
    {
      config: { ...WRITE, audit: { action: 'rural.weak.compute' } },
      schema: {
        summary: 'Identify 经济薄弱村 of a year by rules as data (default: 经营性收入 < 50万元 or 总收入 < 100万元) and store the list',
        body: WeakComputeBody,
        response: { 200: WeakComputeReport, ...errorResponses },
      },
    },
    async (req) => computeWeak(db, ctx.actorOf(req), req.body),
  );

  r.get(
    '/rural/weak',
    {
      config: READ,
      schema: {
        summary: 'The stored weak-village list of a year: reasons, change against last year, partners; villages that left the list',
        querystring: AreaQuery,
        response: { 200: WeakList, ...errorResponses },
      },
    },
    async (req) => weakList(db, ctx.actorOf(req), req.query),
  );

  r.get(
    '/rural/pairings',
    {
      config: READ,
      schema: {
        summary: '结对帮扶 pairings in scope with their effect on the village’s operating income',
        querystring: PageQuery.extend({ region: RegionCode.optional() }),
        response: { 200: pageOf(Pairing), ...errorResponses },
      },
    },
    async (req) => pairingList(db, ctx.actorOf(req), req.query),
  );

  r.post(
    '/rural/pairings',
    {
      config: { ...WRITE, audit: { action: 'rural.pairing.create' } },
      schema: {
        summary: 'Pair a department or enterprise with a village (projects, money, milestones)',
        body: PairingBody,
        response: { 200: z.object({ id: z.number() }), ...errorResponses },
      },
    },
    async (req) => createPairing(db, ctx.actorOf(req), req.body),
  );

  r.get(
    '/rural/households',
    {
      config: READ,
      schema: {
        summary: '低收入农户 in scope: masked name, ID and phone; per-capita disposable income, growth against +10 %, risks',
        querystring: HouseholdQuery,
        response: { 200: pageOf(Household), ...errorResponses },
      },
    },
    async (req) => householdList(db, ctx.actorOf(req), req.query),
  );

  r.post(
    '/rural/households/import',
    {
      config: {
        ...WRITE,
        audit: {
          action: 'rural.households.import',
          unless: { reason: 'a dry run only previews', when: (req) => (req.query as { dryRun: boolean }).dryRun },
        },
      },
      schema: {
        summary:
          'Import the household register (CSV/Excel; 户编号, 村社编码 or 村社名称, 户主姓名, 身份证号, 联系电话, 家庭人口, optionally 年度 and the four income sources, 风险标识, 帮扶措施; multipart field "file"). Problems never quote an ID or phone number; the preview is masked',
        consumes: ['multipart/form-data'],
        querystring: z.object({ dryRun: DryRunFlag }),
        response: { 200: HouseholdImportReport, ...errorResponses },
      },
    },
    async (req) => {
      const { bytes, fileName } = await readUpload(req, ctx.config.importMaxBytes, { zh: '低收入农户名册', en: 'household register' });
      return importHouseholds(db, ctx.actorOf(req), bytes, { fileName, dryRun: req.query.dryRun, maxBytes: ctx.config.importMaxBytes });
    },
  );

  r.get(
    '/rural/households/export',
    {
      config: { ...PII, audit: { action: 'rural.households.export' } },
      schema: {
        summary:
          'The register with clear name, ID and phone (.xlsx or .csv), watermarked with the exporter and the time; needs rural:pii and a reason, which the audit entry keeps',
        querystring: ExportQuery.extend({ reason: z.string().trim().min(2).max(200) }),
      },
    },
    async (req, reply) => sendFile(reply, req.query.format, await exportHouseholds(db, ctx.actorOf(req), { ...req.query, personal: true })),
  );

  r.get(
    '/rural/households/export/masked',
    {
      config: { ...READ, audit: { action: 'rural.households.export_masked' } },
      schema: {
        summary:
          'The register masked as every list shows it (name, ID and phone masked; .xlsx or .csv), watermarked with the exporter and the time; audited',
        querystring: ExportQuery,
      },
    },
    async (req, reply) =>
      sendFile(reply, req.query.format, await exportHouseholds(db, ctx.actorOf(req), { ...req.query, personal: false })),
  );

  r.get(
    '/rural/households/summary',
    {
      config: READ,
      schema: {
        summary: 'Per village: households, population-weighted per-capita income and growth (no household data)',
        querystring: AreaQuery,
        response: { 200: HouseholdSummary, ...errorResponses },
      },
    },
    async (req) => householdSummary(db, ctx.actorOf(req), req.query),
  );

  r.get(
    '/rural/households/:id',
    {
      config: READ,
      schema: {
        summary: 'One household (masked) with its incomes by year',
        params: Id,
        response: { 200: HouseholdDetail, ...errorResponses },
      },
    },
    async (req) => householdDetail(db, ctx.actorOf(req), req.params.id),
  );

  r.post(
    '/rural/households',
    {
      config: { ...WRITE, audit: { action: 'rural.household.create' } },
      schema: {
        summary: 'Register a household: name, ID and phone stored encrypted; masked copies for lists',
        body: HouseholdBody,
        response: { 200: z.object({ id: z.number(), code: z.string() }), ...errorResponses },
      },
    },
    async (req) => createHousehold(db, ctx.actorOf(req), req.body),
  );

  r.post(
    '/rural/households/:id/reveal',
    {
      config: { ...PII, audit: { action: 'rural.household.reveal' } },
      schema: {
        summary: 'Reveal one household’s name, ID number and phone (permission rural:pii; reason required; audited)',
        params: Id,
        body: RevealBody,
        response: { 200: Revealed, ...errorResponses },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      return revealHousehold(db, ctx.actorOf(req), req.params.id, req.body.reason);
    },
  );

  r.post(
    '/rural/indicators',
    {
      config: { ...WRITE, audit: { action: 'rural.indicators' } },
      schema: {
        summary:
          'Write 村级集体经济总收入/经营性收入 (region, towns, villages) and 低收入农户人均可支配收入 and its growth as indicator values',
        body: z.object({ year: Year, region: RegionCode.optional() }),
        response: { 200: IndicatorsReport, ...errorResponses },
      },
    },
    async (req) => writeIndicators(db, ctx.actorOf(req), req.body),
  );

  r.get(
    '/rural/future/evidence',
    {
      config: READ,
      schema: {
        summary: '未来乡村 evidence (佐证材料) per village, indicator and period, in scope',
        querystring: EvidenceQuery,
        response: { 200: z.object({ items: z.array(Evidence) }), ...errorResponses },
      },
    },
    async (req) => evidenceList(db, ctx.actorOf(req), req.query),
  );

  r.post(
    '/rural/future/evidence',
    {
      config: { ...WRITE, audit: { action: 'rural.future.evidence' } },
      schema: {
        summary: 'Attach evidence to a village’s 未来乡村 indicator of a period: a title, an http(s) link, a note',
        body: EvidenceBody,
        response: { 200: z.object({ id: z.number() }), ...errorResponses },
      },
    },
    async (req) => addEvidence(db, ctx.actorOf(req), req.body),
  );
}
