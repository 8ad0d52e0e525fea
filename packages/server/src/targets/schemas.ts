/** zod schemas of 挂图作战 (targets and the 661 project board); the web infers its types from them. */
import { z } from 'zod';

export const SPECIAL_ACTIONS = [
  '招引谋划',
  '先进制造业投资',
  '重大交通项目',
  '城市更新和住房保障',
  '优质公共服务投资',
  '重大项目要素保障',
] as const;
export const MILESTONES = ['立项', '用地', '环评能评', '施工许可', '开工', '主体完工', '竣工', '投产'] as const;
export const PROJECT_STATUSES = ['谋划', '前期', '在建', '竣工', '投产'] as const;

export const Light = z.enum(['green', 'yellow', 'red']);
export const Year = z.coerce.number().int().min(2000).max(2100);
export const Month = z.coerce.number().int().min(1).max(12);

const Thresholds = z
  .object({
    green: z.number().min(0).max(10).optional(),
    yellow: z.number().min(0).max(10).optional(),
    greenPp: z.number().min(0).max(100).optional(),
    yellowPp: z.number().min(0).max(100).optional(),
  })
  .refine((t) => t.green === undefined || t.yellow === undefined || t.yellow <= t.green, {
    message: 'yellow must not exceed green',
    path: ['yellow'],
  });

export const TargetBody = z.object({
  name: z.string().trim().min(1).max(200),
  indicatorCode: z.string().min(1).max(64),
  subjectKind: z.enum(['region', 'department', 'platform']).default('region'),
  subjectCode: z.string().min(1).max(64),
  year: Year,
  kind: z.enum(['value', 'growth']),
  targetValue: z.number().finite(),
  baseValue: z.number().finite().nullable().default(null),
  accumulation: z.enum(['cumulative', 'point']).default('cumulative'),
  direction: z.enum(['higher', 'lower']).default('higher'),
  planMethod: z.enum(['straight', 'seasonal', 'entered']).default('straight'),
  plan: z.array(z.number().min(0).max(1)).length(12).nullable().default(null),
  thresholds: Thresholds.default({}),
  department: z.string().max(100).default(''),
  leader: z.string().max(100).default(''),
  sourceDocument: z.string().max(500).default(''),
  parentId: z.number().int().positive().nullable().default(null),
  breakdown: z.enum(['sum', 'weighted']).default('sum'),
});
export type TargetBody = z.infer<typeof TargetBody>;

const Forecast = z.object({
  method: z.literal('seasonal-share'),
  point: z.number(),
  low: z.number(),
  high: z.number(),
  share: z.number(),
  mape: z.number().nullable(),
  growth: z.object({ point: z.number(), low: z.number(), high: z.number() }).nullable(),
});

export const TargetItem = z.object({
  id: z.number(),
  name: z.string(),
  indicatorCode: z.string(),
  indicatorName: z.string(),
  unit: z.string(),
  subjectKind: z.string(),
  subjectCode: z.string(),
  subjectName: z.string(),
  regionCode: z.string(),
  year: z.number(),
  kind: z.enum(['value', 'growth']),
  targetValue: z.number(),
  baseValue: z.number().nullable(),
  accumulation: z.enum(['cumulative', 'point']),
  direction: z.enum(['higher', 'lower']),
  planMethod: z.enum(['straight', 'seasonal', 'entered']),
  planMethodUsed: z.enum(['straight', 'seasonal', 'entered']),
  department: z.string(),
  leader: z.string(),
  sourceDocument: z.string(),
  parentId: z.number().nullable(),
  children: z.number(),
  synthetic: z.boolean(),
  month: z.number().nullable(),
  actual: z.number().nullable(),
  expected: z.number().nullable(),
  light: Light.nullable(),
  ratio: z.number().nullable(),
  gapPp: z.number().nullable(),
  redStreak: z.number(),
  forecast: Forecast.nullable(),
  neededPerMonth: z.number().nullable(),
});
export type TargetItem = z.infer<typeof TargetItem>;

export const TargetDetail = TargetItem.extend({
  thresholds: z.record(z.string(), z.number()),
  months: z.array(
    z.object({
      month: z.number(),
      actual: z.number().nullable(),
      expected: z.number().nullable(),
      light: Light.nullable(),
      ratio: z.number().nullable(),
      gapPp: z.number().nullable(),
    }),
  ),
  history: z.array(z.object({ year: z.number(), values: z.array(z.number().nullable()) })),
  forecastErrors: z.array(z.object({ year: z.number(), error: z.number() })),
});

export const TargetQuery = z.object({
  year: Year,
  parent: z.coerce.number().int().positive().optional().describe('sub-targets of this target'),
  top: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('only targets without a parent'),
  light: Light.optional(),
});

export const BreakdownReport = z.object({
  parentId: z.number(),
  method: z.enum(['sum', 'weighted']),
  parent: z.number(),
  combined: z.number(),
  gap: z.number(),
  ok: z.boolean(),
  children: z.array(z.object({ id: z.number(), subjectName: z.string(), value: z.number(), weight: z.number().nullable() })),
});

export const LagWarning = z.object({
  kind: z.enum(['start_late', 'milestone_late', 'investment_low', 'no_report']),
  milestone: z.string().optional(),
  planned: z.string().optional(),
  actual: z.string().nullable().optional(),
  plan: z.number().optional(),
  invested: z.number().optional(),
  shortfall: z.number().optional(),
  month: z.number().optional(),
});

export const ProjectItem = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  action: z.string(),
  department: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  status: z.string(),
  totalInvestment: z.number().nullable(),
  yearPlan: z.number(),
  planToDate: z.number(),
  actualToDate: z.number(),
  warnings: z.array(LagWarning),
  synthetic: z.boolean(),
});

const Group = z.object({
  key: z.string(),
  name: z.string(),
  projects: z.number(),
  plan: z.number(),
  actual: z.number(),
  laggards: z.number(),
});

export const ProjectBoard = z.object({
  year: z.number(),
  month: z.number(),
  goal: z.number().nullable(),
  projects: z.number(),
  plan: z.number(),
  planToDate: z.number(),
  actual: z.number(),
  goalShare: z.number().nullable(),
  byAction: z.array(Group),
  byDepartment: z.array(Group),
  byTown: z.array(Group),
  monthly: z.array(z.object({ month: z.number(), plan: z.number(), actual: z.number() })),
  laggards: z.array(ProjectItem),
  synthetic: z.boolean(),
});

export const ProjectDetail = ProjectItem.extend({
  leader: z.string(),
  milestones: z.array(z.object({ kind: z.string(), planned: z.string().nullable(), actual: z.string().nullable() })),
  months: z.array(z.object({ month: z.number(), plan: z.number(), actual: z.number().nullable() })),
  problems: z.array(z.lazy(() => Problem)),
});

export const Problem = z.object({
  id: z.number(),
  projectId: z.number(),
  projectName: z.string(),
  kind: z.enum(['land', 'energy', 'funds', 'approval', 'other']),
  description: z.string(),
  ownerDepartment: z.string(),
  dueDate: z.string(),
  status: z.enum(['open', 'in_progress', 'resolved']),
  overdue: z.boolean(),
  createdBy: z.string(),
});
export const ProblemBody = z.object({
  kind: z.enum(['land', 'energy', 'funds', 'approval', 'other']),
  description: z.string().trim().min(2).max(2000),
  ownerDepartment: z.string().trim().min(1).max(100),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  status: z.enum(['open', 'in_progress', 'resolved']).default('open'),
});

export const InvestmentImport = z.object({
  dryRun: z.boolean(),
  year: z.number(),
  rows: z.number(),
  projects: z.number(),
  inserted: z.number(),
  revised: z.number(),
  unchanged: z.number(),
  batchId: z.number().nullable(),
});

// ---------------------------------------------------------------- 八大行动 milestones

export const MilestoneStatus = z.enum(['open', 'reported', 'reviewed', 'accepted', 'returned']);
export const Milestone = z.object({
  id: z.number(),
  code: z.string().nullable(),
  taskId: z.number(),
  name: z.string(),
  ownerUnit: z.string(),
  regionName: z.string(),
  dueDate: z.string(),
  signature: z.boolean(),
  status: MilestoneStatus,
  reportNote: z.string(),
  links: z.array(z.string()),
  returnReason: z.string(),
  reportedBy: z.string().nullable(),
  reportedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  acceptedBy: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  synthetic: z.boolean(),
  overdue: z.boolean(),
  files: z.array(z.object({ id: z.number(), fileName: z.string(), bytes: z.number() })),
});
const Counts = { milestones: z.number(), accepted: z.number(), overdue: z.number() };
export const MilestoneTree = z.object({
  today: z.string(),
  ...Counts,
  signature: z.number(),
  actions: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      name: z.string(),
      ownerUnit: z.string(),
      sourceDocument: z.string(),
      synthetic: z.boolean(),
      ...Counts,
      tasks: z.array(
        z.object({ id: z.number(), name: z.string(), ownerUnit: z.string(), synthetic: z.boolean(), ...Counts, items: z.array(Milestone) }),
      ),
    }),
  ),
});
export const MilestoneReport = z.object({
  note: z.string().trim().min(2).max(2000),
  links: z.array(z.string().trim().url().max(500)).max(10).default([]),
});
export const MilestoneDecision = z.object({
  decision: z.enum(['review', 'accept', 'return']),
  reason: z.string().max(1000).default(''),
});
