/**
 * The result tables are built as pages when read (issue 19: 100,000 units × 60 columns never sit in
 * memory as cell arrays). Checked cell for cell against the eager construction they replaced, on
 * the Keqiao scheme with peer groups, ties, a veto that bites and a caller who sees only some units;
 * and a table can be read twice.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRecords, parseScheme, runScheme, toPlain } from '@gongfu/engine/assess';
import { PRESET_DIR, presetColumns } from '../src/assess/demo.js';
import { contextRows, rankingRow, schemeLabels, TABLES, type TableContext } from '../src/assess/tables.js';
import type { OutCell, SheetSpec } from '../src/exports/table-writer.js';

const definition = JSON.parse(readFileSync(`${PRESET_DIR}/presets/keqiao-towns-annual.json`, 'utf8')) as Record<string, unknown>;
const plan = parseScheme(definition);
const N = 1500;

function context(visible?: Set<string>): TableContext {
  const cols = presetColumns(plan, 'KQT');
  const records = Array.from({ length: N }, (_, k) => {
    // units listed out of code order, so the ranking's tie-break by code has work to do
    const i = (k * 7919) % N;
    const code = `U${String(i + 1).padStart(5, '0')}`;
    const row: Record<string, number> = {};
    const rec: Record<string, string | number> = { 代码: code, 名称: `单位${i + 1}`, 类型: i % 3 === 0 ? '镇' : '街道' };
    // few distinct values: many ties in rank
    cols.forEach((c, j) => (rec[c.column] = row[c.column] = c.gen(((i * 7 + j * 3) % 16) / 15, ((i * 13 + j) % 10) / 10, code, row)));
    return rec;
  });
  const columns = cols.map((c) => c.column);
  const attributes = plan.scheme.ranking.peerGroupBy ? [plan.scheme.ranking.peerGroupBy] : [];
  const data = fromRecords(records, { idField: '代码', numericFields: columns, attributeFields: attributes });
  const out = toPlain(runScheme(plan, data, {}));
  const g = plan.scheme.ranking.peerGroupBy ?? plan.scheme.grading?.peerGroupBy;
  return {
    out,
    units: out.unitIds.map((u, i) => ({ code: u, name: String(records[i].名称), regionCode: '' })),
    labels: schemeLabels(definition),
    group: g ? (data.attributes?.[g] ?? null) : null,
    visible,
    lang: 'zh',
  };
}

const r4 = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 1e4) / 1e4;

/** The ranking rows as they were built before: every unit's row, sorted by rank, ties by code. */
function eagerRows(c: TableContext) {
  return c.out.unitIds
    .map((_, i) => rankingRow(c.out, c.units, c.group, i))
    .filter((r) => !c.visible || c.visible.has(r.unit))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unit.localeCompare(b.unit));
}

/** The tables as they were built before pages: every row from the full ranking rows. */
function eager(c: TableContext): Record<string, OutCell[][]> {
  const rows = eagerRows(c);
  const hasPeer = !!c.out.peerRank;
  const idx = new Map(c.out.unitIds.map((u, i) => [u, i]));
  const nodes = [...c.out.nodes].reverse();
  return {
    ranking: rows.map((r) => [
      r.rank,
      ...(hasPeer ? [r.peerRank, r.group] : []),
      r.unit,
      r.name,
      r4(r.score),
      r4(r.bonus),
      r4(r.penalty),
      r4(r.final),
      r.grade,
      r.vetoes.map((v) => c.labels[v]?.[c.lang] ?? v).join(', '),
      r.rankDelta,
    ]),
    scores: rows.map((r) => [r.unit, r.name, ...nodes.map((n) => r4(r.nodes[n]))]),
    indicators: rows.map((r) => {
      const i = idx.get(r.unit)!;
      const cells: OutCell[] = [r.unit, r.name];
      for (const ind of c.out.indicators) cells.push(r4(c.out.base[ind]?.[i]), r4(c.out.normalised[ind]?.[i]));
      return cells;
    }),
  };
}

const read = (s: SheetSpec) => [...(s.rows as Iterable<OutCell[][]>)].flat();

describe('paged result tables', () => {
  for (const [what, visible] of [
    ['every unit', undefined],
    [
      'a caller who sees every third unit',
      new Set(Array.from({ length: N }, (_, i) => `U${String(i + 1).padStart(5, '0')}`).filter((_, i) => i % 3 === 1)),
    ],
  ] as const) {
    it(`equal the eager tables cell for cell (${what})`, () => {
      const c = context(visible);
      const want = eager(c);
      expect(want.ranking.length).toBe(visible ? visible.size : N);
      // the fixture exercises ties and groups (else the order would be trivially right)
      const ranks = want.ranking.map((r) => r[0]);
      expect(new Set(ranks).size).toBeLessThan(ranks.length);
      expect(c.out.peerRank).toBeTruthy();
      expect(
        want.ranking.some((r) => r[r.length - 2] !== ''),
        'a veto bites',
      ).toBe(true);
      for (const name of ['ranking', 'scores', 'indicators'] as const) {
        const table = TABLES[name](c);
        expect(read(table), name).toEqual(want[name]);
        expect(read(table), `${name}, read again`).toEqual(want[name]);
      }
      expect(contextRows(c, 30)).toEqual(eagerRows(c).slice(0, 30));
    });
  }
});
