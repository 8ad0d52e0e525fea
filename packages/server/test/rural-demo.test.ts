/**
 * The 乡村共富 demo: synthetic ledgers for every 村社 of Keqiao whose 2021 district totals are the
 * seed's published 20.48亿 / 10.32亿, synthetic households stored encrypted, everything labelled
 * synthetic, and a second run that loads nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { systemActor } from '../src/auth/actor.js';
import { rows } from '../src/db/store.js';
import { loadRuralDemo } from '../src/rural/demo.js';
import { economy, weakList } from '../src/rural/service.js';
import { testDb, type TestDb } from './helpers.js';

process.env.GONGFU_PII_KEY ??= Buffer.alloc(32, 7).toString('base64');
let t: TestDb;

beforeAll(async () => {
  t = await testDb({ demo: new Date('2026-11-26T00:00:00Z') });
});
afterAll(async () => {
  await t.dispose();
});

describe('乡村共富 demo', () => {
  it('loads synthetic ledgers summing to the published 2021 figures, once', async () => {
    const lines = await loadRuralDemo(t.store.db);
    expect(lines[0]).toMatch(/synthetic/);
    const e = await economy(t.store.db, systemActor('test'), { year: 2021, region: '330603000000' });
    expect(e.summary.villages).toBe(341);
    expect(e.summary.reported).toBe(341);
    expect(e.summary.total).toBe(2_048_000_000);
    expect(e.summary.operating).toBe(1_032_000_000);
    expect(e.synthetic).toBe(true);
    // the seed: "两项指标年均增长达10%以上" — both grow by 10 % or more a year, 2019 → 2021
    expect(e.summary.operatingGrowth!).toBeGreaterThanOrEqual(0.1);
    expect(e.summary.totalGrowth!).toBeGreaterThanOrEqual(0.1);
    const e2020 = await economy(t.store.db, systemActor('test'), { year: 2020, region: '330603000000' });
    expect(e2020.summary.operatingGrowth!).toBeGreaterThanOrEqual(0.1);
    expect(e2020.summary.totalGrowth!).toBeGreaterThanOrEqual(0.1);
    expect(e.sources.join()).toMatch(/synthetic/);
    const weak = await weakList(t.store.db, systemActor('test'), { year: 2021, region: '330603000000' });
    expect(weak.items.length).toBeGreaterThan(5);
    expect(weak.items.length).toBeLessThan(60);
    const hh = await rows<{ n: number; s: number }>(
      t.store.db,
      sql`select count(*)::int as n, count(*) filter (where synthetic)::int as s from rural_household`,
    );
    expect(hh[0]).toEqual({ n: 300, s: 300 });
    const raw = await rows<{ id_enc: string; id_masked: string }>(t.store.db, sql`select id_enc, id_masked from rural_household limit 5`);
    for (const r of raw) expect(r.id_enc).toMatch(/^v1:/);
    expect(await loadRuralDemo(t.store.db)).toEqual(['乡村共富 / rural: synthetic ledgers already loaded']);
  });
});
