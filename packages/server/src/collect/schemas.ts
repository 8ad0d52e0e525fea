import { z } from 'zod';
import { RegionCode } from '../http/schemas.js';

export const AssignmentStatus = z.enum(['pending', 'submitted', 'returned', 'accepted']);

const Counts = z.object({
  total: z.number(),
  pending: z.number(),
  submitted: z.number(),
  returned: z.number(),
  accepted: z.number(),
  overdue: z.number(),
});

export const Task = z.object({
  id: z.number(),
  title: z.string(),
  indicatorSet: z.string(),
  indicatorSetName: z.string(),
  period: z.string(),
  deadline: z.string(),
  instructions: z.string(),
  yoyAlert: z.number(),
  regionCode: z.string(),
  regionName: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  attachment: z.object({ fileName: z.string(), bytes: z.number() }).nullable(),
  manageable: z.boolean(),
  counts: Counts,
});

export const Assignment = z.object({
  id: z.number(),
  regionCode: z.string(),
  regionName: z.string(),
  status: AssignmentStatus,
  batchId: z.number().nullable(),
  publishedBatchId: z.number().nullable(),
  firstSubmittedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  submissions: z.number(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  returnReason: z.string().nullable(),
  returns: z.number(),
  remindedAt: z.string().nullable(),
  reminders: z.number(),
  late: z.boolean(),
  overdue: z.boolean(),
});

export const TaskBoard = z.object({ task: Task, assignments: z.array(Assignment) });

export const NewTaskBody = z.object({
  title: z.string().trim().min(1).max(200),
  indicatorSet: z.string().min(1).max(64),
  period: z.string().min(4).max(10).describe('e.g. 2025, 2025-Q2, 2025-06'),
  deadline: z.string().datetime({ offset: true }).describe('ISO time with offset, e.g. 2026-01-10T17:00:00+08:00'),
  instructions: z.string().max(4000).default(''),
  yoyAlert: z.number().positive().max(100).default(0.3).describe('|同比| above this share is flagged in the review'),
  units: z.array(RegionCode).min(1).max(2000).describe('the regions that must report'),
});

export const ReviewRow = z.object({
  indicatorCode: z.string(),
  indicatorName: z.string(),
  unit: z.string(),
  subjectCode: z.string(),
  subjectName: z.string(),
  value: z.number().nullable(),
  status: z.enum(['preliminary', 'final']).nullable(),
  previous: z.number().nullable(),
  lastYear: z.number().nullable(),
  /** (value − previous) / |previous| */
  change: z.number().nullable(),
  /** (value − last year) / |last year| */
  yoy: z.number().nullable(),
  flags: z.array(z.enum(['missing', 'yoy', 'range'])),
});

export const Review = z.object({
  task: Task,
  assignment: Assignment,
  previousPeriod: z.string(),
  lastYearPeriod: z.string(),
  rows: z.array(ReviewRow),
});

export const UnitParams = z.object({ id: z.coerce.number().int().positive(), unit: RegionCode });
export const Reason = z.object({ reason: z.string().trim().min(2).max(500) });

export const EntryBody = z.object({
  values: z
    .array(
      z.object({
        indicator: z.string().min(1).max(100),
        subject: RegionCode.optional().describe('the region the value is for; default the reporting unit'),
        value: z.number().finite().nullable().describe('null: no figure'),
      }),
    )
    .min(1)
    .max(5000),
  note: z.string().max(2000).optional(),
  dryRun: z.boolean().default(false),
});
