/** zod schemas shared by routes; the OpenAPI document is generated from these. */
import { z } from 'zod';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('stable machine-readable code, e.g. IMPORT_INVALID'),
      message: z.object({ zh: z.string(), en: z.string() }),
      details: z.unknown().optional(),
    }),
  })
  .describe('Error');

export const errorResponses = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 422: ErrorBody };

export const Datum = z.enum(['wgs84', 'gcj02', 'bd09']);
export const RegionCode = z
  .string()
  .regex(/^\d{12}(\d{3})?$/)
  .describe('12-digit 统计用区划代码 (15 for grids)');
export const RegionLevel = z.enum(['province', 'city', 'county', 'town', 'village', 'grid']);

export const Region = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  level: RegionLevel,
  parentCode: z.string().nullable(),
  path: z.string(),
  hasBoundary: z.boolean(),
  childCount: z.number().int(),
});

export const FeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.union([z.string(), z.number()]).optional(),
      properties: z.record(z.string(), z.unknown()).nullable(),
      geometry: z.unknown(),
    }),
  ),
});

export const Observation = z.object({
  id: z.number().int().describe('observation id; GET /observations/{id}/provenance traces it'),
  indicatorCode: z.string(),
  subjectKind: z.string(),
  subjectCode: z.string(),
  subjectName: z.string(),
  regionCode: z.string(),
  period: z.string(),
  value: z.number(),
  status: z.enum(['preliminary', 'final']),
  source: z.string(),
  batchId: z.number().int().describe('import batch that loaded this value'),
  synthetic: z.boolean().describe('true for generated demo data, never for official figures'),
  loadedBy: z.string(),
  loadedAt: z.string(),
  isCurrent: z.boolean(),
});

export const Batch = z.object({
  id: z.number().int(),
  fileName: z.string(),
  fileSha256: z.string(),
  format: z.string(),
  layout: z.string(),
  encoding: z.string().nullable(),
  rowCount: z.number().int(),
  insertedCount: z.number().int(),
  revisedCount: z.number().int(),
  unchangedCount: z.number().int(),
  source: z.string(),
  synthetic: z.boolean(),
  loadedBy: z.string(),
  loadedAt: z.string(),
  note: z.string(),
});

/**
 * One page shape for every list: `?page=1&pageSize=50` in, `{ items, total, page, pageSize }` out,
 * `total` counting every row the filter matches (not the page), so a screen can say "共 2548 条".
 * Pages past the end are empty, not an error.
 */
export const PAGE_SIZE_DEFAULT = 50;
export const PAGE_SIZE_MAX = 10_000;
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('1-based'),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
});
export type PageQuery = z.infer<typeof PageQuery>;
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
/** LIMIT/OFFSET of a page, for repositories. */
export const pageWindow = (p: PageQuery) => ({ limit: p.pageSize, offset: (p.page - 1) * p.pageSize });
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
/** A page from a repository's windowed reader and its count of all matching rows. */
export async function readPage<T>(
  p: PageQuery,
  items: (w: { limit: number; offset: number }) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Page<T>> {
  const [rows, total] = await Promise.all([items(pageWindow(p)), count()]);
  return { items: rows, total, ...p };
}

export const csv = (s: string | undefined) =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export const ImportIssue = z.object({
  sheet: z.string().nullable(),
  row: z.number().nullable(),
  column: z.string().nullable(),
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  /** for a name the importer could not resolve: the nearest known names (at most 3), to confirm as a mapping */
  suggestions: z.array(z.object({ code: z.string(), name: z.string() })).optional(),
  /** for a name the importer could not resolve: the name as written, the key of a `mapping` entry */
  name: z.string().optional(),
  /** for values entered on screen (JSON): the field path of the problem, e.g. `values[2].value` */
  path: z.string().optional(),
});

/** How the importer read one column of a sheet's header (issue 11, the column-mapping step). */
export const ColumnRole = z.enum([
  'subject',
  'subjectName',
  'period',
  'indicator',
  'indicatorName',
  'value',
  'status',
  'source',
  'ignored',
  'unknown',
]);
export const DetectedColumn = z.object({
  column: z.string().describe('column letter, A, B, …'),
  header: z.string().describe('the header text as read (a group header joined with its sub-header)'),
  role: ColumnRole.describe('indicator: a wide column of values of that indicator; unknown: a header the importer could not place'),
  indicator: z
    .object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), unit: z.string() })
    .nullable()
    .describe('for role indicator'),
  overridden: z.boolean().describe('set by the `columns` parameter of this request'),
});
export const DetectedSheet = z.object({
  sheet: z.string().nullable(),
  headerRows: z.array(z.number().int()).describe('1-based rows of the header: a group header row above the header row when there is one'),
  layout: z.enum(['wide', 'long']),
  columns: z.array(DetectedColumn),
});

export const ImportPreview = z.object({
  dryRun: z.boolean(),
  format: z.enum(['xlsx', 'xls', 'html', 'csv']),
  encoding: z.string().nullable(),
  layout: z.enum(['wide', 'long']),
  sheets: z.array(z.string()),
  rowCount: z.number().int(),
  observationCount: z.number().int(),
  inserted: z.number().int(),
  revised: z.number().int().describe('values that replace an earlier one (kept in history)'),
  unchanged: z.number().int(),
  sample: z.array(
    z.object({
      indicatorCode: z.string(),
      subjectCode: z.string(),
      subjectName: z.string().nullable().describe("the subject's name, for the preview"),
      period: z.string(),
      value: z.number(),
      previous: z.number().nullable(),
    }),
  ),
  batchId: z.number().int().nullable(),
  warnings: z.array(ImportIssue).describe('worth a look before committing (a share over 100 %); they do not stop the import'),
  warningCount: z.number().int(),
  detected: z.array(DetectedSheet).describe('the header and column roles of each sheet read; also in the details of a 422 IMPORT_INVALID'),
});

export const Revision = Observation.extend({
  withdrawnAt: z.string().nullable().describe('when it was withdrawn (撤回); null for a value replaced by a correction'),
  withdrawnBy: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
});

export const Provenance = z.object({
  observation: Observation,
  batch: Batch,
  history: z.array(Revision.extend({ batch: Batch })),
  names: z.record(z.string(), z.string()).describe('display names of the users among loadedBy and withdrawnBy'),
});

export const Withdrawal = z.object({
  withdrawn: Observation,
  restored: Observation.nullable().describe('the earlier revision that is current again, or null if there was none'),
});

export const IndicatorSummary = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  items: z.array(
    z.object({
      indicatorCode: z.string(),
      latest: Observation,
      previous: Observation.nullable(),
      change: z
        .number()
        .nullable()
        .describe('relative change to the previous year (0.1 = +10 %); rates (unit %, ‰) change in points: latest − previous'),
      series: z.array(z.object({ period: z.string(), value: z.number() })),
    }),
  ),
});

export const Me = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  regionCode: z.string().nullable(),
  departmentId: z.number().nullable(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  mustChangePassword: z.boolean(),
  mustEnrollSecondFactor: z.boolean().describe('an administrator who must set up an authenticator app before anything else'),
  enterprise: z
    .object({ code: z.string(), name: z.string() })
    .nullable()
    .describe('the enterprise an enterprise account represents (统一社会信用代码 and name); null for officers'),
  csrfToken: z.string().nullable().describe('send as X-CSRF-Token on POST/PUT/PATCH/DELETE'),
});

export const User = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  departmentId: z.number().nullable(),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  mustChangePassword: z.boolean(),
  disabled: z.boolean(),
  roles: z.array(z.string()),
});
export const DataScope = z.enum(['all', 'region_and_below', 'region', 'self', 'department']);
export const Role = z.object({
  id: z.number(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  permissions: z.array(z.string()),
  dataScope: DataScope,
  builtin: z.boolean(),
});
export const Department = z.object({
  id: z.number(),
  name: z.string(),
  parentId: z.number().nullable(),
  regionCode: z.string().nullable(),
  path: z.string(),
});

export const AuditEntry = z.object({
  seq: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  actorName: z.string().nullable().describe('display name of a user actor'),
  targetName: z.object({ zh: z.string(), en: z.string() }).nullable().describe('name of a catalogue target (scheme, indicator, user …)'),
  ip: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export const AuditVerification = z.object({
  ok: z.boolean(),
  count: z.number(),
  head: z.string(),
  problems: z.array(z.object({ seq: z.number(), problem: z.string(), detail: z.string() })),
});

/** A query flag `true|false` as a boolean (query strings carry text). */
export const queryFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true');

/** `dryRun` of an upload route: true unless the client says false, so a forgotten flag writes nothing. */
export const DryRunFlag = queryFlag(true).describe('true (default): check the file and report, write nothing');
