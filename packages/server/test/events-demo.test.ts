/** The 三级指挥协同 demo: synthetic cases across the 16 镇街, labelled, consistent and idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadDemo } from '../src/demo/load.js';
import { one, rows } from '../src/db/store.js';
import { loadEventsDemo } from '../src/events/demo.js';
import { testDb, type TestDb } from './helpers.js';

let t: TestDb;
const today = new Date('2026-11-26T02:00:00Z');
beforeAll(async () => {
  t = await testDb();
  await loadDemo(t.store.db, { today });
});
afterAll(async () => t.dispose());

describe('events demo', () => {
  it('loads a synthetic year across the 16 镇街, once', async () => {
    const first = await loadEventsDemo(t.store.db, { today, casesPerTown: 40 });
    expect(first[0]).toMatch(/640 synthetic cases across 16 镇街/);
    const again = await loadEventsDemo(t.store.db, { today, casesPerTown: 40 });
    expect(again[0]).toMatch(/already loaded/);
    const s = await one<{ n: number; towns: number; labelled: number; early: string; late: string }>(
      t.store.db,
      sql`select count(*)::int as n, count(distinct town_code)::int as towns,
            count(*) filter (where synthetic and description like '%合成数据 synthetic%')::int as labelled,
            min(reported_at)::text as early, max(reported_at)::text as late from event_case`,
    );
    expect(s).toMatchObject({ n: 640, towns: 16, labelled: 640 });
    // every case's version counts its action rows; states follow the loop
    const bad = await rows(
      t.store.db,
      sql`select c.id from event_case c where c.version <> (select count(*) from event_action a where a.case_id = c.id)
          or (c.state in ('closed', 'evaluated') and (c.closed_at is null or c.handled_at is null or c.closed_at < c.handled_at))
          or (c.dispatched_at is not null and c.handle_due_at <= c.dispatched_at)`,
    );
    expect(bad).toEqual([]);
    const states = await rows<{ state: string }>(t.store.db, sql`select distinct state from event_case order by state`);
    expect(states.map((x) => x.state)).toEqual(expect.arrayContaining(['closed', 'evaluated', 'handling', 'rejected']));
    // the year's indicators are in the catalogue, from a synthetic batch
    const ev = await rows<{ code: string; synthetic: boolean }>(
      t.store.db,
      sql`select distinct o.indicator_code as code, b.synthetic from observation o join import_batch b on b.id = o.batch_id
          where o.indicator_code like 'EV\_%' order by 1`,
    );
    expect(ev.map((x) => x.code)).toContain('EV_ONTIME_HANDLE_RATE');
    expect(ev.every((x) => x.synthetic)).toBe(true);
  });
});
