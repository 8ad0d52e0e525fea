/** Gauges for /metrics: 要素保障 problems not resolved, and those past their due date. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/store.js';
import { one } from '../db/store.js';
import type { Gauge } from '../module.js';

export async function targetGaugesUnscoped(db: Db): Promise<Gauge[]> {
  const r = (await one<{ open: number; overdue: number }>(
    db,
    sql`select count(*)::int as open, count(*) filter (where due_date < current_date)::int as overdue
        from project_problem where status <> 'resolved'`,
  ))!;
  return [
    { name: 'gongfu_targets_open_problems', help: 'Major-project problems (要素保障) not resolved.', value: r.open },
    { name: 'gongfu_targets_overdue_problems', help: 'Major-project problems past their due date.', value: r.overdue },
  ];
}
