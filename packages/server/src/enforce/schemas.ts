/** zod schemas of 大综合一体化执法 (the web infers its types from them). */
import { z } from 'zod';
import { PageQuery, pageOf } from '../http/schemas.js';

export const ItemType = z.enum(['inspect', 'penalty', 'coercion', 'other']);
export const Item = z.object({
  code: z.string(),
  name: z.string(),
  department: z.string(),
  itemType: ItemType,
  legalBasis: z.string(),
  subjectTypes: z.string(),
  riskLevel: z.enum(['', 'high', 'medium', 'low']),
  transferred: z.boolean(),
  synthetic: z.boolean(),
});
export const ItemQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  department: z.string().max(100).optional(),
  itemType: ItemType.optional(),
});
export const ItemPage = pageOf(Item);
export const ItemImport = z.object({
  dryRun: z.boolean(),
  items: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int().describe('rows equal to the current version: no new version'),
});
export const CombinedLine = z.object({ code: z.string(), name: z.string(), departments: z.array(z.string()), codes: z.array(z.string()) });
export const ItemVersion = Item.extend({
  version: z.number().int(),
  changedBy: z.string(),
  changedByName: z.string().nullable().describe('the user’s display name; null for the demo loader or the command line'),
  changedAt: z.string(),
  note: z.string().describe('why: the imported file, or "backfill" for the version the catalogue had before versioning'),
  changed: z.array(z.string()).describe('fields that differ from the previous version (all fields for version 1)'),
});
export const ScenarioObject = z.object({
  scenarioCode: z.string(),
  subjectId: z.number().int(),
  code: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  enrolledBy: z.string(),
  enrolledAt: z.string(),
});
export const ObjectChecklist = z.object({
  subjectId: z.number().int(),
  scenarios: z.array(z.object({ code: z.string(), name: z.string(), leadDepartment: z.string() })),
  items: z.array(Item.extend({ scenarios: z.array(z.string()) })).describe('each item once, by department then position'),
  checklist: z.array(CombinedLine).describe('the items as one combined checklist (same item of several departments merged)'),
});

export const Scenario = z.object({
  code: z.string(),
  name: z.string(),
  objectKind: z.string(),
  leadDepartment: z.string(),
  synthetic: z.boolean(),
  itemCodes: z.array(z.string()),
  departments: z.array(z.string()),
  checklist: z.array(CombinedLine),
});
export const ScenarioBody = z.object({
  code: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  objectKind: z.string().trim().max(100).default(''),
  leadDepartment: z.string().trim().min(1).max(100),
  itemCodes: z.array(z.string().min(1)).min(1).max(500),
});

export const Inspector = z.object({
  code: z.string(),
  name: z.string(),
  department: z.string(),
  townCode: z.string(),
  townName: z.string(),
  active: z.boolean(),
  synthetic: z.boolean(),
});

export const InspectorBody = z.object({
  code: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  department: z.string().trim().min(1).max(100),
  townCode: z.string().regex(/^\d{12}$/),
  active: z.boolean().default(true),
});

export const ObjectItem = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  townCode: z.string(),
  riskClass: z.string(),
  lastInspectedOn: z.string().nullable(),
});
export const ObjectQuery = PageQuery.extend({ q: z.string().trim().max(100).optional(), region: z.string().max(12).optional() });
export const ObjectPage = pageOf(ObjectItem);

export const DrawBody = z.object({
  name: z.string().trim().min(1).max(200),
  regionCode: z.string().regex(/^\d{12}$/),
  nonce: z.string().trim().min(1).max(200).describe('a value published before the draw (e.g. a lottery number); mixed into the seed'),
  ratios: z.record(z.string().min(1).max(20), z.number().min(0).max(1)).describe('risk class → sampling ratio'),
  perObject: z.number().int().min(2).max(10).default(2),
  departments: z.array(z.string().min(1).max(100)).min(1).max(10),
});
const Assignment = z.object({
  objectId: z.string(),
  objectName: z.string(),
  stratum: z.string(),
  inspectors: z.array(z.object({ code: z.string(), name: z.string(), department: z.string() })),
});
export const DrawSummary = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  regionName: z.string(),
  name: z.string(),
  nonce: z.string(),
  seed: z.number().int(),
  objects: z.number().int(),
  synthetic: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  publishedAt: z.string().nullable().describe('公开: when the result was published'),
  publishedBy: z.string().nullable(),
});
export const DrawDetail = DrawSummary.extend({
  strata: z.array(z.object({ stratum: z.string(), population: z.number().int(), ratio: z.number(), drawn: z.number().int() })),
  rules: z.object({ perObject: z.number().int(), departments: z.array(z.string()), ratios: z.record(z.string(), z.number()) }),
  candidates: z.object({ objects: z.number().int(), inspectors: z.number().int(), conflicts: z.number().int() }),
  assignments: z.array(Assignment),
});
export const DrawPage = pageOf(DrawSummary);
export const DrawCheck = z.object({
  ok: z.boolean(),
  seed: z.number().int(),
  storedSeed: z.number().int(),
  differences: z.array(z.string()),
});

export const Finding = z.object({ item: z.string().min(1), result: z.enum(['pass', 'fail']), note: z.string().max(2000).default('') });
export const Inspection = z.object({
  id: z.number().int(),
  subjectId: z.number().int(),
  subjectName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  inspectedOn: z.string(),
  departments: z.array(z.string()),
  itemCodes: z.array(z.string()),
  joint: z.boolean(),
  drawId: z.number().int().nullable(),
  inspectorCodes: z.array(z.string()),
  findings: z.array(Finding),
  synthetic: z.boolean(),
  planId: z.number().int().nullable(),
});
export const InspectionBody = z.object({
  subjectId: z.number().int().positive(),
  inspectedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  departments: z.array(z.string().min(1).max(100)).min(1).max(20),
  itemCodes: z.array(z.string().min(1)).max(500).default([]),
  joint: z.boolean().default(false),
  drawId: z.number().int().positive().nullable().default(null),
  inspectorCodes: z.array(z.string().min(1)).max(20).default([]),
  findings: z.array(Finding).max(500).default([]),
});
export const InspectionQuery = PageQuery.extend({ subjectId: z.coerce.number().int().positive().optional() });
export const InspectionPage = pageOf(Inspection);

export const AlertQuery = z.object({
  days: z.coerce.number().int().min(1).max(366).default(30),
  maxDepartments: z.coerce.number().int().min(1).max(20).default(1),
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .describe('default: 365 days ago'),
});
export const Alert = z.object({
  objectId: z.string(),
  objectName: z.string(),
  from: z.string(),
  to: z.string(),
  departments: z.array(z.string()),
  inspectionIds: z.array(z.string()),
});

export const CaseStage = z.enum(['filed', 'investigating', 'decided', 'executing', 'closed']);
export const EnforcementCase = z.object({
  id: z.number().int(),
  subjectId: z.number().int(),
  subjectName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  department: z.string(),
  inspectionId: z.number().int().nullable(),
  stage: CaseStage,
  summary: z.string(),
  version: z.number().int(),
  synthetic: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  source: z.string().nullable().describe('what referred the case, e.g. events:event_case:12 (移送); null when opened here'),
});
export const Deadline = z.object({
  id: z.number().int(),
  kind: z.enum(['file', 'close']).describe('file: 立案 within N 工作日 of the inspection; close: 结案 within M 工作日 of 立案'),
  subjectId: z.number().int(),
  subjectName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  inspectionId: z.number().int().nullable(),
  caseId: z.number().int().nullable(),
  workDays: z.number().int(),
  startAt: z.string(),
  dueAt: z.string(),
  metAt: z.string().nullable(),
  overdue: z.boolean().describe('marked by the sweep: past due and not met'),
  late: z.boolean().describe('met after its due time'),
});
export const DeadlinePage = pageOf(Deadline);
export const DeadlineQuery = PageQuery.extend({
  state: z.enum(['open', 'overdue', 'met', 'all']).default('open'),
});
export const FileMeta = z.object({
  id: z.number().int(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});
export const CaseDetail = EnforcementCase.extend({
  next: z.array(CaseStage),
  files: z.array(FileMeta.extend({ stage: CaseStage })).describe('documents, filed under the stage the case was in'),
  deadlines: z.array(Deadline),
  actions: z.array(z.object({ fromStage: CaseStage.nullable(), toStage: CaseStage, note: z.string(), actor: z.string(), at: z.string() })),
});
export const CasePage = pageOf(EnforcementCase);
export const CaseBody = z.object({
  subjectId: z.number().int().positive(),
  itemCode: z.string().min(1),
  inspectionId: z.number().int().positive().nullable().default(null),
  summary: z.string().trim().max(2000).default(''),
});
export const CaseTransitionBody = z.object({
  to: CaseStage,
  version: z.number().int().positive(),
  note: z.string().trim().max(2000).default(''),
});

export const PlanBody = z.object({
  name: z.string().trim().min(1).max(200),
  regionCode: z.string().regex(/^\d{12}$/),
  plannedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  leadDepartment: z.string().min(1).max(100),
  departments: z.array(z.string().min(1).max(100)).min(2).max(20),
  itemCodes: z.array(z.string().min(1)).min(1).max(500),
  subjectIds: z.array(z.number().int().positive()).min(1).max(500),
});
export const Plan = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  regionName: z.string(),
  name: z.string(),
  plannedOn: z.string(),
  leadDepartment: z.string(),
  departments: z.array(z.string()),
  itemCodes: z.array(z.string()),
  synthetic: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const PlanPage = pageOf(Plan);
export const PlanDetail = Plan.extend({
  checklist: z.array(z.object({ code: z.string(), name: z.string(), department: z.string(), legalBasis: z.string() })),
  objects: z.array(
    z.object({ subjectId: z.number().int(), subjectName: z.string(), regionCode: z.string(), inspectionId: z.number().int().nullable() }),
  ),
});
export const PlanInspectionBody = z.object({
  subjectId: z.number().int().positive(),
  inspectedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  inspectorCodes: z.array(z.string().min(1)).max(20).default([]),
  findings: z.array(Finding).min(1).max(500),
});

export const Order = z.object({
  id: z.number().int(),
  inspectionId: z.number().int(),
  itemCode: z.string(),
  itemName: z.string(),
  subjectId: z.number().int(),
  subjectName: z.string(),
  regionCode: z.string(),
  dueOn: z.string(),
  note: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const OrderBody = z.object({
  itemCode: z.string().min(1).max(64),
  dueOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .describe('整改期限'),
  note: z.string().trim().max(2000).default(''),
});
export const FollowUp = z.object({
  inspection: Inspection,
  files: z.array(FileMeta.extend({ itemCode: z.string() })),
  orders: z.array(Order),
  cases: z.array(z.object({ id: z.number().int(), itemCode: z.string() })),
});

const StageCounts = z.object({
  cases: z.number().int(),
  open: z.number().int(),
  closed: z.number().int(),
  byStage: z.record(CaseStage, z.number().int()),
});
export const CaseStats = z.object({
  total: z.number().int(),
  departments: z.array(StageCounts.extend({ department: z.string() })),
  items: z.array(StageCounts.extend({ department: z.string(), itemCode: z.string(), itemName: z.string() })),
});
export const CaseStatsQuery = z.object({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .describe('cases opened on or after (Asia/Shanghai)'),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .describe('cases opened before'),
});
export const BurdenQuery = PageQuery.extend({
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .describe('default: 365 days ago'),
});
export const BurdenPage = pageOf(
  z.object({
    subjectId: z.number().int(),
    subjectName: z.string(),
    regionName: z.string(),
    inspections: z.number().int(),
    joint: z.number().int().describe('综合查一次 visits'),
    separate: z.number().int().describe('visits of one department outside a joint plan'),
    departments: z.number().int(),
    departmentList: z.array(z.string()),
  }),
);
