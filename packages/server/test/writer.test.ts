import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { systemActor, type Actor } from '../src/auth/actor.js';
import { one, rows, type Db } from '../src/db/store.js';
import { writeObservations, type ObservationInput, type WriteRequest } from '../src/observations/writer.js';
import { testDb, type TestDb } from './helpers.js';

const HUASHE = '330603003000';
const KEYAN = '330603002000';

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
  db = t.store.db;
});
afterAll(async () => t?.dispose());

const huasheOnly: Actor = {
  id: 'user:huashe',
  permissions: new Set(['data:import']),
  scope: { subtrees: ['/330000000000/330600000000/330603000000/330603003000/'] },
};
const row = (region: string, value: number): ObservationInput => ({
  indicatorCode: 'GDP',
  subject: { kind: 'region', code: region },
  period: '2001',
  periodStart: '2001-01-01',
  value,
  status: 'final',
  source: 'test',
});
const request = (rowsIn: ObservationInput[], extra: Partial<WriteRequest> = {}): WriteRequest => ({
  batch: {
    fileName: 'writer-test',
    fileSha256: 'x',
    format: 'api',
    layout: 'api',
    encoding: null,
    rowCount: rowsIn.length,
    source: 'test',
    synthetic: false,
    note: '',
  },
  rows: rowsIn,
  audit: { action: 'test.write', after: { extra: 1 } },
  ...extra,
});
const audits = () =>
  rows<{ actor: string; target: string; after: Record<string, unknown> }>(
    db,
    sql`select actor, target, after from audit_log where action = 'test.write' order by seq`,
  );

describe('observation writer', () => {
  it('a dry run compares only; a write commits one batch with its audit row; unchanged values are kept', async () => {
    const dry = await writeObservations(db, huasheOnly, request([row(HUASHE, 10)], { dryRun: true }));
    expect(dry).toMatchObject({ inserted: 1, batchId: null });
    expect(await audits()).toEqual([]);
    const first = await writeObservations(db, huasheOnly, request([row(HUASHE, 10)]));
    expect(first).toMatchObject({ inserted: 1, revised: 0, unchanged: 0 });
    const batch = await one<{ loadedBy: string }>(db, sql`select loaded_by as "loadedBy" from import_batch where id = ${first.batchId}`);
    expect(batch?.loadedBy).toBe('user:huashe');
    const second = await writeObservations(db, huasheOnly, request([row(HUASHE, 12)]));
    expect(second).toMatchObject({ inserted: 0, revised: 1, previous: new Map([[0, 10]]) });
    expect(await audits()).toEqual([
      {
        actor: 'user:huashe',
        target: `batch:${first.batchId}`,
        after: { file: 'writer-test', layout: 'api', rows: 1, inserted: 1, revised: 0, unchanged: 0, extra: 1 },
      },
      {
        actor: 'user:huashe',
        target: `batch:${second.batchId}`,
        after: { file: 'writer-test', layout: 'api', rows: 1, inserted: 0, revised: 1, unchanged: 0, extra: 1 },
      },
    ]);
    const skipped = await writeObservations(db, huasheOnly, request([row(HUASHE, 12)], { whenUnchanged: 'skip' }));
    expect(skipped).toMatchObject({ unchanged: 1, batchId: null });
    // no batch, but the attempt is on record
    const entries = await audits();
    expect(entries).toHaveLength(3);
    expect(entries[2]).toMatchObject({ actor: 'user:huashe', target: null, after: { inserted: 0, revised: 0, unchanged: 1 } });
  });

  it('a subject outside the actor’s scope refuses the whole write', async () => {
    const before = await one<{ n: number }>(db, sql`select count(*)::int as n from import_batch`);
    await expect(writeObservations(db, huasheOnly, request([row(HUASHE, 99), row(KEYAN, 1)]))).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE',
    });
    expect(await one<{ n: number }>(db, sql`select count(*)::int as n from import_batch`)).toEqual(before);
    await expect(writeObservations(db, systemActor(), request([row('330603999999', 1)]))).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
  });
});
