/** The 亩均 demo loads through the real importers: 3,000 synthetic firms, every class present, synthetic batches, idempotent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/store.js';
import { loadMujunDemo } from '../src/mujun/demo.js';
import { testDb, type TestDb } from './helpers.js';

const TODAY = new Date('2026-11-26T00:00:00Z');
let t: TestDb;

beforeAll(async () => {
  t = await testDb({ demo: TODAY });
});
afterAll(() => t.dispose());

describe('亩均 demo', () => {
  it(
    'imports the roster, the land and the four bureau files, and runs a draft evaluation with every class',
    { timeout: 120_000 },
    async () => {
      const started = Date.now();
      const lines = await loadMujunDemo(t.store.db, { today: TODAY });
      console.log(`mujun demo loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${lines.join(' ')}`);
      expect(lines[0]).toMatch(/3000 synthetic enterprises/);
      const classes = await rows<{ class: string | null; n: number }>(
        t.store.db,
        sql`select class, count(*)::int as n from mujun_result group by class order by class nulls last`,
      );
      expect(classes.map((c) => c.class)).toEqual(['A', 'B', 'C', 'D', null]);
      expect(classes.reduce((s, c) => s + c.n, 0)).toBeGreaterThan(2900);
      const batches = await rows<{ synthetic: boolean }>(
        t.store.db,
        sql`select synthetic from import_batch where source like '%（合成数据）'`,
      );
      expect(batches).toHaveLength(4);
      expect(batches.every((b) => b.synthetic)).toBe(true);
      expect(await loadMujunDemo(t.store.db, { today: TODAY })).toEqual(['亩均效益 / per-mu efficiency: 2025 already loaded']);
    },
  );
});
