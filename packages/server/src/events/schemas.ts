/** zod schemas of 三级指挥协同 (events); the web infers its types from them. */
import { z } from 'zod';
import { EVENT_ACTIONS, EVENT_STATES } from '@gongfu/engine/events';
import { PageQuery, pageOf, RegionCode } from '../http/schemas.js';

export const State = z.enum(EVENT_STATES);
export const Action = z.enum(EVENT_ACTIONS);
export const Channel = z.enum(['grid', 'web', 'hotline', 'api']);
export const DeadlineLevel = z.enum(['ok', 'warning', 'overdue', 'none']);

export const IntakeBody = z.object({
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,100}$/)
    .describe('the client’s key of this submission (8–100 of A–Z a–z 0–9 . _ : -); a retry with the same key returns the same case'),
  channel: Channel.default('web'),
  categoryCode: z.string().min(1).max(60).describe('a 小类 code of /events/categories'),
  regionCode: RegionCode.describe('the village (or town) where it happened'),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  address: z.string().max(200).default(''),
  description: z.string().trim().min(1).max(4000),
  reporterName: z.string().max(50).default(''),
  reporterPhone: z
    .string()
    .regex(/^[0-9+\- ]{0,20}$/)
    .default(''),
});
export type IntakeBody = z.infer<typeof IntakeBody>;

export const CaseItem = z.object({
  id: z.number(),
  channel: Channel,
  categoryCode: z.string(),
  categoryName: z.string(),
  categoryNameEn: z.string(),
  parentName: z.string(),
  parentNameEn: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  townCode: z.string(),
  townName: z.string(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  address: z.string(),
  description: z.string(),
  reporterName: z.string().describe('masked unless the caller dispatches'),
  reporterPhone: z.string().describe('masked unless the caller dispatches'),
  state: State,
  level: z.enum(['town', 'district']),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  unitNameEn: z.string().nullable(),
  version: z.number(),
  reportedAt: z.string(),
  filedAt: z.string().nullable(),
  dispatchedAt: z.string().nullable(),
  handledAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  handleDueAt: z.string().nullable(),
  closeDueAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  deadline: z.object({ level: DeadlineLevel, share: z.number().nullable() }),
  extensionPending: z.boolean(),
  extensionHours: z.number().nullable(),
  extended: z.boolean(),
  reworked: z.boolean(),
  supervised: z.number(),
  duplicateOf: z.number().nullable(),
  rating: z.number().nullable().describe('评价 1–5 (4 基本满意, 5 满意)'),
  cohandlers: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string(), regionCode: z.string() })).describe('协办 units'),
  synthetic: z.boolean(),
});
export type CaseItem = z.infer<typeof CaseItem>;

export const Duplicate = z.object({ id: z.number(), metres: z.number() });

export const IntakeResult = z.object({ case: CaseItem, created: z.boolean(), duplicates: z.array(Duplicate) });

export const TransitionBody = z.object({
  action: Action,
  version: z.number().int().positive().describe('the version the caller saw; a stale one is refused with 409 VERSION_CONFLICT'),
  reason: z.string().trim().max(1000).default(''),
  unitCode: z.string().max(60).optional().describe('dispatch / reassign: the unit (default: the routing table’s suggestion)'),
  extensionHours: z.number().positive().max(2000).optional().describe('extend_request: working hours asked for'),
  rating: z.number().int().min(1).max(5).optional().describe('evaluate: 1–5'),
});

export const MergeBody = z.object({
  into: z.number().int().positive().describe('the case that is kept; this one is closed as 重复 and linked to it'),
  version: z.number().int().positive().describe('the version of this case the caller saw'),
  intoVersion: z.number().int().positive().optional().describe('the version of the kept case the caller saw'),
  reason: z.string().trim().min(1).max(1000),
});

export const TimelineItem = z.object({
  id: z.number(),
  action: z.string(),
  fromState: State.nullable(),
  toState: State,
  actor: z.string(),
  actorName: z.string(),
  at: z.string(),
  reason: z.string(),
  detail: z.unknown().nullable(),
});

export const CaseFile = z.object({
  id: z.number(),
  stage: z.enum(['report', 'handling']),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedByName: z.string(),
  uploadedAt: z.string(),
});

export const CohandlerBody = z.object({
  unitCode: z.string().min(1).max(60),
  version: z.number().int().positive(),
  reason: z.string().trim().max(1000).default(''),
});
export const ReferBody = z.object({
  version: z.number().int().positive(),
  subjectId: z.number().int().positive().describe('the enterprise concerned (an inspection object of the enforcement module)'),
  itemCode: z.string().min(1).max(64).describe('the 执法事项 of the catalogue the enforcement case is opened under'),
  reason: z.string().trim().max(2000).default(''),
});
export const ReferralQuery = z.object({
  object: z.string().trim().max(100).optional().describe('enterprise name or code'),
  item: z.string().trim().max(100).optional().describe('item code, name, department or legal basis'),
});
export const ReferralChoices = z.object({
  objects: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string(), regionName: z.string() })),
  items: z.array(z.object({ code: z.string(), name: z.string(), department: z.string(), itemType: z.string() })),
});
export const ReplyBody = z.object({ reason: z.string().trim().min(1).max(2000).describe('the co-handling unit’s reply (协办意见)') });

export const CaseDetail = z.object({
  case: CaseItem,
  timeline: z.array(TimelineItem),
  files: z.array(CaseFile),
  canReply: z.boolean().describe('the caller answers for a 协办 unit of this case and may reply now'),
  canRefer: z
    .boolean()
    .describe('移送执法 is open to the caller now: a dispatcher commanding the case, between 立案 and 结案, not yet referred'),
  allowedActions: z.array(Action),
  suggestedUnit: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }).nullable(),
  duplicates: z.array(Duplicate),
});

export const CaseQuery = PageQuery.extend({
  queue: z.enum(['all', 'dispatcher', 'handler', 'supervisor']).default('all'),
  state: State.optional(),
  town: RegionCode.optional(),
  category: z.string().max(60).optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
});
export type CaseQuery = z.infer<typeof CaseQuery>;
export const CasePage = pageOf(CaseItem);

export const Category = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  handleLimit: z.number().nullable(),
  handleUnit: z.enum(['work_hours', 'work_days', 'natural_days']).nullable(),
  closeLimit: z.number().nullable(),
  closeUnit: z.enum(['work_hours', 'work_days', 'natural_days']).nullable(),
});

export const Unit = z.object({
  code: z.string(),
  kind: z.enum(['region', 'department']),
  regionCode: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
});

const RatioOut = z.object({ numerator: z.number(), denominator: z.number(), rate: z.number().nullable() });
export const IndicatorRow = z.object({
  key: z.string(),
  name: z.string(),
  nameEn: z.string(),
  cases: z.number(),
  onTimeHandling: RatioOut,
  closure: RatioOut,
  onTimeClosure: RatioOut,
  rework: RatioOut,
  extension: RatioOut,
  accurateDispatch: RatioOut.describe('准确派遣数/派遣总数 (派遣 and 改派; inaccurate when sent back or re-dispatched)'),
  satisfaction: RatioOut.describe('满意数/已评价数 (rating ≥ 4)'),
  overdueUnhandled: z.number(),
});
export const IndicatorQuery = z.object({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .describe('first day, Shanghai'),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .describe('day after the last, Shanghai'),
  group: z.enum(['all', 'unit', 'town', 'category']).default('town'),
});
export const Indicators = z.object({
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  group: z.enum(['all', 'unit', 'town', 'category']),
  rows: z.array(IndicatorRow),
  synthetic: z.boolean(),
});
export const PublishBody = z.object({ year: z.number().int().min(2000).max(2100) });
export const PublishResult = z.object({
  batchId: z.number().nullable(),
  period: z.string(),
  inserted: z.number(),
  revised: z.number(),
  unchanged: z.number(),
});

export const Summary = z.object({
  open: z.number(),
  overdue: z.number(),
  warning: z.number(),
  closedThisMonth: z.number(),
  synthetic: z.boolean(),
});

/** The live map of open cases (GET /events/map). */
export const CaseMap = z.object({
  towns: z.array(z.object({ code: z.string(), name: z.string(), open: z.number(), overdue: z.number() })).describe('towns with open cases'),
  points: z
    .array(
      z.object({
        id: z.number(),
        lon: z.number(),
        lat: z.number(),
        state: State,
        overdue: z.boolean(),
        categoryName: z.string(),
        categoryNameEn: z.string(),
        townName: z.string(),
        reportedAt: z.string(),
      }),
    )
    .describe('open cases with a location (WGS-84), overdue first, then newest'),
  truncated: z.boolean().describe('more open cases have a location than the points listed'),
  open: z.number().describe('open cases counted in the towns'),
  synthetic: z.boolean().describe('some of the open cases are synthetic demo data'),
  asOf: z.string(),
});

export const HotlineReport = z.object({
  dryRun: z.boolean(),
  rows: z.number().describe('data rows read'),
  created: z.number().describe('work orders that became (or would become) new cases'),
  existing: z.number().describe('work orders already imported (same 工单编号): skipped'),
  ids: z.array(z.number()).describe('the new case ids (empty on a dry run)'),
});

export const RoutingRule = z.object({
  categoryCode: z.string(),
  categoryName: z.string(),
  categoryNameEn: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  unitNameEn: z.string().nullable(),
  locality: z.enum(['town', 'village']).nullable().describe('属地: the case’s own town or village instead of a fixed unit'),
});

export const RoutingBody = z.object({
  categoryCode: z.string().min(1).max(60),
  regionCode: z.string().regex(/^\d{12}$/),
  unitCode: z.string().min(1).max(60).nullable(),
  locality: z.enum(['town', 'village']).nullable(),
});

export const RoutingKey = z.object({ categoryCode: z.string().min(1).max(60), regionCode: z.string().regex(/^\d{12}$/) });

export const UnitStaffing = z.object({
  code: z.string(),
  kind: z.enum(['region', 'department']),
  regionCode: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  departmentId: z.number().nullable(),
  departmentName: z.string().nullable(),
});

export const UnitDepartmentBody = z.object({ departmentId: z.number().int().positive().nullable() });

const LimitUnit = z.enum(['work_hours', 'work_days', 'natural_days']);
export const CategoryBody = z.object({
  parentCode: z.string().min(1).max(60).nullable(),
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(100),
  handleLimit: z.number().positive().max(10000).nullable(),
  handleUnit: LimitUnit.nullable(),
  closeLimit: z.number().positive().max(10000).nullable(),
  closeUnit: LimitUnit.nullable(),
});
