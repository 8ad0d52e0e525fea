/** Gauges for /metrics: open cases and those past their stage deadline (the overdue sweep's marks). */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/store.js';
import { one } from '../db/store.js';
import type { Gauge } from '../module.js';

export async function eventGaugesUnscoped(db: Db): Promise<Gauge[]> {
  const r = (await one<{ open: number; overdue: number }>(
    db,
    sql`select count(*) filter (where closed_at is null)::int as open,
               count(*) filter (where closed_at is null and overdue)::int as overdue
        from event_case where duplicate_of is null`,
  ))!;
  return [
    { name: 'gongfu_events_open_cases', help: 'Event cases not yet closed.', value: r.open },
    { name: 'gongfu_events_overdue_cases', help: 'Open event cases past their stage deadline.', value: r.overdue },
  ];
}
