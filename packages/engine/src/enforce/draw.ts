/**
 * 双随机 draw (random objects × random inspectors), auditable: anyone holding the published inputs
 * re-runs it and gets the same result.
 *
 * Seed: fnv1a(stable JSON of {objects sorted by id, inspectors sorted by id, rules} + "|" + nonce),
 * where the nonce is a value published before the draw (e.g. a lottery number or the day's
 * closing index). The random stream is mulberry32(seed) (../random.ts), consumed in a fixed order:
 *   1. strata in code order; within a stratum the objects in id order; n = round(population × ratio)
 *      (half up) objects taken by a partial Fisher–Yates shuffle (draw order kept);
 *   2. for each drawn object in draw order: one inspector from each required department, then the
 *      remaining places from all eligible inspectors of those departments, each pick uniform over
 *      the eligible inspectors in id order.
 * Recusal (回避, 浙江省“双随机、一公开”监管工作规范): an inspector is never drawn for an object when
 * they live in the object's town, are listed as related to it (conflict-of-interest list), or
 * inspected it last time. At least `perObject` (≥ 2) inspectors per object. When too few eligible
 * inspectors remain the whole draw is refused with the object, department and counts.
 */
import { fnv1a, mulberry32 } from '../random.js';
import { fail } from './errors.js';

export interface DrawObject {
  id: string;
  /** sampling stratum, e.g. the risk class A/B/C/D */
  stratum: string;
  /** town code of the object */
  town: string;
}

export interface DrawInspector {
  id: string;
  department: string;
  /** town code of residence */
  town: string;
}

export interface DrawRules {
  /** stratum → sampling ratio in [0, 1]; a stratum not listed is not drawn */
  ratios: Record<string, number>;
  /** inspectors per object, ≥ 2 */
  perObject: number;
  /** departments each object needs one inspector from (at least one); others fill from these too */
  departments: string[];
  /** listed relations: inspector id ↔ object id */
  conflicts: { inspectorId: string; objectId: string }[];
  /** object id → inspectors of its last inspection */
  lastInspectors: Record<string, string[]>;
}

export interface DrawInput {
  objects: DrawObject[];
  inspectors: DrawInspector[];
  rules: DrawRules;
  /** the published value mixed into the seed */
  nonce: string;
}

export type RecusalReason = 'same_town' | 'relation' | 'last_time';

export interface DrawAssignment {
  objectId: string;
  stratum: string;
  inspectorIds: string[];
}

export interface DrawStratum {
  stratum: string;
  population: number;
  ratio: number;
  drawn: number;
}

export interface DrawResult {
  seed: number;
  strata: DrawStratum[];
  assignments: DrawAssignment[];
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** JSON with object keys sorted, so the same inputs always give the same text. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
}

/** The draw's seed from its inputs and the published nonce. */
export function drawSeed(input: DrawInput): number {
  const objects = [...input.objects].sort(byId).map((o) => ({ id: o.id, stratum: o.stratum, town: o.town }));
  const inspectors = [...input.inspectors].sort(byId).map((i) => ({ id: i.id, department: i.department, town: i.town }));
  return fnv1a(`${stableJson({ objects, inspectors, rules: input.rules })}|${input.nonce}`);
}

/** Why an inspector may not inspect an object, or null when eligible. */
export function recusalOf(
  inspector: DrawInspector,
  object: DrawObject,
  related: ReadonlySet<string>,
  last: readonly string[] | undefined,
): RecusalReason | null {
  if (inspector.town === object.town) return 'same_town';
  if (related.has(`${inspector.id}\u0000${object.id}`)) return 'relation';
  if (last?.includes(inspector.id)) return 'last_time';
  return null;
}

/** Objects to draw in a stratum of `population`: round half up of population × ratio. */
export function sampleSize(population: number, ratio: number): number {
  return Math.min(population, Math.floor(population * ratio + 0.5 + 1e-9));
}

export function runDraw(input: DrawInput): DrawResult {
  const { rules } = input;
  if (!Number.isInteger(rules.perObject) || rules.perObject < 2)
    fail('BAD_DRAW_RULES', '每个对象至少抽取 2 名检查人员', 'at least 2 inspectors per object', { perObject: rules.perObject });
  if (rules.departments.length === 0) fail('BAD_DRAW_RULES', '至少指定一个部门', 'at least one department', {});
  if (new Set(rules.departments).size > rules.perObject)
    fail('BAD_DRAW_RULES', '指定部门数多于每个对象的检查人数', 'more required departments than inspectors per object', {
      departments: rules.departments.length,
      perObject: rules.perObject,
    });
  for (const [stratum, ratio] of Object.entries(rules.ratios))
    if (!(ratio >= 0 && ratio <= 1))
      fail('BAD_DRAW_RULES', '抽取比例须在 0 到 1 之间', 'sampling ratio must be in [0, 1]', { stratum, ratio });

  const seed = drawSeed(input);
  const rand = mulberry32(seed);
  const pick = (n: number) => Math.floor(rand() * n);

  // 1. objects per stratum
  const byStratum = new Map<string, DrawObject[]>();
  for (const o of [...input.objects].sort(byId)) {
    const list = byStratum.get(o.stratum) ?? [];
    list.push(o);
    byStratum.set(o.stratum, list);
  }
  const strata: DrawStratum[] = [];
  const drawn: DrawObject[] = [];
  for (const stratum of [...byStratum.keys()].sort()) {
    const pool = [...byStratum.get(stratum)!];
    const ratio = rules.ratios[stratum] ?? 0;
    const n = sampleSize(pool.length, ratio);
    for (let k = 0; k < n; k++) {
      const j = k + pick(pool.length - k);
      [pool[k], pool[j]] = [pool[j]!, pool[k]!];
      drawn.push(pool[k]!);
    }
    strata.push({ stratum, population: pool.length, ratio, drawn: n });
  }

  // 2. inspectors per drawn object
  const wanted = new Set(rules.departments);
  const inspectors = [...input.inspectors].sort(byId).filter((i) => wanted.has(i.department));
  const related = new Set(rules.conflicts.map((c) => `${c.inspectorId}\u0000${c.objectId}`));
  const assignments: DrawAssignment[] = [];
  for (const object of drawn) {
    const last = rules.lastInspectors[object.id];
    const recused: Record<RecusalReason, number> = { same_town: 0, relation: 0, last_time: 0 };
    const eligible: DrawInspector[] = [];
    for (const i of inspectors) {
      const why = recusalOf(i, object, related, last);
      if (why) recused[why]++;
      else eligible.push(i);
    }
    const chosen: DrawInspector[] = [];
    const taken = new Set<string>();
    for (const department of [...wanted].sort()) {
      const pool = eligible.filter((i) => i.department === department);
      if (pool.length === 0)
        fail(
          'NOT_ENOUGH_INSPECTORS',
          `对象 ${object.id} 在部门 ${department} 没有可回避后的检查人员`,
          `no eligible inspector of ${department} for ${object.id}`,
          {
            objectId: object.id,
            department,
            eligible: 0,
            recused,
          },
        );
      const p = pool[pick(pool.length)]!;
      chosen.push(p);
      taken.add(p.id);
    }
    const rest = eligible.filter((i) => !taken.has(i.id));
    while (chosen.length < rules.perObject) {
      if (rest.length === 0)
        fail(
          'NOT_ENOUGH_INSPECTORS',
          `对象 ${object.id} 回避后可抽检查人员不足 ${rules.perObject} 名`,
          `fewer than ${rules.perObject} eligible inspectors for ${object.id}`,
          {
            objectId: object.id,
            needed: rules.perObject,
            eligible: eligible.length,
            recused,
          },
        );
      const j = pick(rest.length);
      chosen.push(rest[j]!);
      rest.splice(j, 1);
    }
    assignments.push({ objectId: object.id, stratum: object.stratum, inspectorIds: chosen.map((i) => i.id) });
  }
  return { seed, strata, assignments };
}

export interface DrawCheck {
  ok: boolean;
  seed: number;
  /** object ids whose assignment differs (or that only one side has) */
  differences: string[];
}

/** Re-run a stored draw from its inputs and compare with the stored result. */
export function verifyDraw(input: DrawInput, stored: DrawResult): DrawCheck {
  const again = runDraw(input);
  const key = (a: DrawAssignment) => `${a.stratum}|${a.inspectorIds.join(',')}`;
  const mine = new Map(again.assignments.map((a) => [a.objectId, key(a)]));
  const theirs = new Map(stored.assignments.map((a) => [a.objectId, key(a)]));
  const differences = [...new Set([...mine.keys(), ...theirs.keys()])].filter((id) => mine.get(id) !== theirs.get(id)).sort();
  const sameOrder = stableJson(again.assignments.map((a) => a.objectId)) === stableJson(stored.assignments.map((a) => a.objectId));
  return { ok: again.seed === stored.seed && differences.length === 0 && sameOrder, seed: again.seed, differences };
}
