import { describe, expect, it } from 'vitest';
import { fnv1a } from '@gongfu/engine';
import {
  drawSeed,
  EnforceError,
  recusalOf,
  runDraw,
  sampleSize,
  stableJson,
  verifyDraw,
  type DrawInput,
  type DrawInspector,
  type DrawObject,
} from '@gongfu/engine/enforce';

const rules = (over: Partial<DrawInput['rules']> = {}): DrawInput['rules'] => ({
  ratios: { A: 1, B: 0.5 },
  perObject: 2,
  departments: ['MS'],
  conflicts: [],
  lastInspectors: {},
  ...over,
});

function population(n: number, inspectors: number): { objects: DrawObject[]; inspectors: DrawInspector[] } {
  const objects = Array.from({ length: n }, (_, k) => ({
    id: `o${String(k).padStart(4, '0')}`,
    stratum: k % 4 === 0 ? 'A' : 'B',
    town: `t${k % 5}`,
  }));
  const people = Array.from({ length: inspectors }, (_, k) => ({
    id: `i${String(k).padStart(3, '0')}`,
    department: k % 2 ? 'MS' : 'EE',
    town: `t${k % 7}`,
  }));
  return { objects, inspectors: people };
}

describe('双随机 draw', () => {
  it('sample size is round half up of population × ratio', () => {
    expect(sampleSize(10, 0.25)).toBe(3); // 2.5 → 3
    expect(sampleSize(10, 0.24)).toBe(2);
    expect(sampleSize(3, 1)).toBe(3);
    expect(sampleSize(7, 0)).toBe(0);
    expect(sampleSize(100, 0.15)).toBe(15); // 15.000000000000002 stays 15
  });

  it('the seed is fnv1a of the stable JSON of sorted inputs and the nonce', () => {
    const input: DrawInput = {
      objects: [
        { id: 'b', stratum: 'A', town: 't1' },
        { id: 'a', stratum: 'A', town: 't2' },
      ],
      inspectors: [{ id: 'x', department: 'MS', town: 't3' }],
      rules: rules({ ratios: { A: 1 } }),
      nonce: '2026-12-06 上证收盘 3412.55',
    };
    const text =
      '{"inspectors":[{"department":"MS","id":"x","town":"t3"}],"objects":[{"id":"a","stratum":"A","town":"t2"},{"id":"b","stratum":"A","town":"t1"}],' +
      '"rules":{"conflicts":[],"departments":["MS"],"lastInspectors":{},"perObject":2,"ratios":{"A":1}}}|2026-12-06 上证收盘 3412.55';
    expect(drawSeed(input)).toBe(fnv1a(text));
    // input order does not matter
    expect(drawSeed({ ...input, objects: [...input.objects].reverse() })).toBe(drawSeed(input));
    expect(drawSeed({ ...input, nonce: 'other' })).not.toBe(drawSeed(input));
    expect(stableJson({ b: 1, a: [2, { d: null, c: undefined }] })).toBe('{"a":[2,{"d":null}],"b":1}');
  });

  it('recusal: same town, listed relation, inspected it last time', () => {
    const o = { id: 'o1', stratum: 'A', town: 't1' };
    const related = new Set(['i2\u0000o1']);
    expect(recusalOf({ id: 'i1', department: 'MS', town: 't1' }, o, related, undefined)).toBe('same_town');
    expect(recusalOf({ id: 'i2', department: 'MS', town: 't2' }, o, related, undefined)).toBe('relation');
    expect(recusalOf({ id: 'i3', department: 'MS', town: 't2' }, o, related, ['i3'])).toBe('last_time');
    expect(recusalOf({ id: 'i4', department: 'MS', town: 't2' }, o, related, ['i3'])).toBeNull();
  });

  it('a forced draw: with exactly the eligible inspectors needed the result is known by hand', () => {
    const input: DrawInput = {
      objects: [
        { id: 'o1', stratum: 'A', town: 't1' },
        { id: 'o2', stratum: 'C', town: 't1' },
      ],
      inspectors: [
        { id: 'i1', department: 'MS', town: 't1' }, // same town: recused
        { id: 'i2', department: 'MS', town: 't2' }, // related: recused
        { id: 'i3', department: 'MS', town: 't2' },
        { id: 'i4', department: 'EE', town: 't3' }, // last time: recused
        { id: 'i5', department: 'EE', town: 't3' },
        { id: 'i6', department: 'FS', town: 't3' }, // department not wanted
      ],
      rules: rules({
        ratios: { A: 1 },
        departments: ['MS', 'EE'],
        conflicts: [{ inspectorId: 'i2', objectId: 'o1' }],
        lastInspectors: { o1: ['i4'] },
      }),
      nonce: 'n',
    };
    const r = runDraw(input);
    expect(r.strata).toEqual([
      { stratum: 'A', population: 1, ratio: 1, drawn: 1 },
      { stratum: 'C', population: 1, ratio: 0, drawn: 0 },
    ]);
    // required departments in code order: EE then MS
    expect(r.assignments).toEqual([{ objectId: 'o1', stratum: 'A', inspectorIds: ['i5', 'i3'] }]);
  });

  it('refuses with the object, department and recusal counts when too few inspectors remain', () => {
    const input: DrawInput = {
      objects: [{ id: 'o1', stratum: 'A', town: 't1' }],
      inspectors: [
        { id: 'i1', department: 'MS', town: 't1' },
        { id: 'i2', department: 'MS', town: 't2' },
      ],
      rules: rules({ ratios: { A: 1 } }),
      nonce: 'n',
    };
    try {
      runDraw(input);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnforceError);
      expect((e as EnforceError).code).toBe('NOT_ENOUGH_INSPECTORS');
      expect((e as EnforceError).details).toEqual({
        objectId: 'o1',
        needed: 2,
        eligible: 1,
        recused: { same_town: 1, relation: 0, last_time: 0 },
      });
    }
    expect(() => runDraw({ ...input, rules: rules({ departments: ['EE'] }) })).toThrow(/EE/);
    expect(() => runDraw({ ...input, rules: rules({ perObject: 1 }) })).toThrow(EnforceError);
    expect(() => runDraw({ ...input, rules: rules({ ratios: { A: 1.5 } }) })).toThrow(EnforceError);
  });

  it('is reproducible, verifiable, and a tampered result fails verification', () => {
    const p = population(200, 40);
    const input: DrawInput = { ...p, rules: rules({ departments: ['MS', 'EE'], lastInspectors: { o0000: ['i001'] } }), nonce: '42' };
    const a = runDraw(input);
    const b = runDraw({ ...input, objects: [...input.objects].reverse(), inspectors: [...input.inspectors].reverse() });
    expect(b).toEqual(a);
    expect(verifyDraw(input, a)).toEqual({ ok: true, seed: a.seed, differences: [] });
    const tampered = structuredClone(a);
    tampered.assignments[0]!.inspectorIds = ['i999', 'i998'];
    const check = verifyDraw(input, tampered);
    expect(check.ok).toBe(false);
    expect(check.differences).toEqual([a.assignments[0]!.objectId]);
  });

  it('never assigns a recused inspector, always ≥ 2 distinct from the required departments (many seeds)', () => {
    const p = population(120, 30);
    const town = new Map(p.objects.map((o) => [o.id, o.town]));
    const home = new Map(p.inspectors.map((i) => [i.id, i]));
    const conflicts = [{ inspectorId: 'i003', objectId: 'o0004' }];
    for (let s = 0; s < 50; s++) {
      const r = runDraw({
        ...p,
        rules: rules({ departments: ['MS', 'EE'], conflicts, lastInspectors: { o0008: ['i005'] } }),
        nonce: `seed-${s}`,
      });
      for (const a of r.assignments) {
        expect(new Set(a.inspectorIds).size).toBe(2);
        const people = a.inspectorIds.map((id) => home.get(id)!);
        expect(people.every((i) => i.town !== town.get(a.objectId))).toBe(true);
        expect(people.map((i) => i.department).sort()).toEqual(['EE', 'MS']);
        if (a.objectId === 'o0004') expect(a.inspectorIds).not.toContain('i003');
        if (a.objectId === 'o0008') expect(a.inspectorIds).not.toContain('i005');
      }
    }
  });

  it('respects per-stratum ratios exactly, and each object is drawn with its ratio over many seeds', () => {
    const p = population(400, 40); // 100 A, 300 B
    const hits = new Map<string, number>();
    const runs = 200;
    for (let s = 0; s < runs; s++) {
      const r = runDraw({ ...p, rules: rules({ ratios: { A: 0.3, B: 0.1 } }), nonce: `n${s}` });
      expect(r.strata.map((x) => [x.stratum, x.drawn])).toEqual([
        ['A', 30],
        ['B', 30],
      ]);
      for (const a of r.assignments) hits.set(a.objectId, (hits.get(a.objectId) ?? 0) + 1);
    }
    const rate = (stratum: string) => {
      const ids = p.objects.filter((o) => o.stratum === stratum).map((o) => o.id);
      return ids.reduce((n, id) => n + (hits.get(id) ?? 0), 0) / (ids.length * runs);
    };
    expect(rate('A')).toBeCloseTo(0.3, 10);
    expect(rate('B')).toBeCloseTo(0.1, 10);
    // no object is systematically favoured: every A object drawn between 15 % and 45 % of runs
    for (const o of p.objects.filter((x) => x.stratum === 'A')) expect((hits.get(o.id) ?? 0) / runs).toBeGreaterThan(0.15);
  });

  it('10,000 objects × 2 inspectors from 500 within a second', () => {
    const p = population(10_000, 500);
    const t = performance.now();
    const r = runDraw({ ...p, rules: rules({ ratios: { A: 1, B: 1 }, departments: ['MS', 'EE'] }), nonce: 'bench' });
    expect(r.assignments).toHaveLength(10_000);
    expect(performance.now() - t).toBeLessThan(3000);
  });
});
