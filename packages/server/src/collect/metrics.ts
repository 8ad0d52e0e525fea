/** Gauges for /metrics: reporting assignments still owed, and those past their task's deadline. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/store.js';
import { one } from '../db/store.js';
import type { Gauge } from '../module.js';

export async function collectGaugesUnscoped(db: Db): Promise<Gauge[]> {
  const r = (await one<{ owed: number; overdue: number }>(
    db,
    sql`select count(*)::int as owed, count(*) filter (where t.deadline < now())::int as overdue
        from report_assignment a join report_task t on t.id = a.task_id where a.status in ('pending', 'returned')`,
  ))!;
  return [
    { name: 'gongfu_collect_assignments_owed', help: 'Reporting assignments not yet submitted (pending or returned).', value: r.owed },
    { name: 'gongfu_collect_assignments_overdue', help: 'Reporting assignments not submitted by their deadline.', value: r.overdue },
  ];
}
