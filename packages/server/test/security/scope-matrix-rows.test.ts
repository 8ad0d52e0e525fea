/**
 * The scope matrix for rows named by id and for writes (issue 20), generated from the route table
 * and the data, so a new route or a new region-bound table is covered as soon as it exists:
 *
 * - every GET route under /api/v1 with a path parameter that is not a region (`/events/cases/:id`,
 *   `/mujun/runs/:id/lists/:body`, …) is called by 华舍 accounts with the id or code of a row that
 *   belongs to 柯岩 alone; the answer must be a refusal (403/404) or carry nothing of 柯岩;
 * - every write (POST/PUT/PATCH/DELETE) under /api/v1 is called by the same accounts with 柯岩 rows
 *   in its path, and a body synthesized from its zod schema with every region-like field set to 柯岩;
 *   every 柯岩 row of every region-bound table (and 柯岩's accounts, departments, the built-in roles)
 *   is fingerprinted before and after: nothing of 柯岩 may change, appear or vanish.
 *
 * Which table a path parameter or body field names is found, not listed: the parameter's route
 * segments (`events/cases/:id` → event_case, `…/files/:file` → event_case_file) or the field's name
 * (`subjectId` → subject, `reachCode` → eco_reach) are matched against the tables of the database,
 * a row of 柯岩 is found through `inScope` (REGION_BOUND's declaration of each table's region), and a
 * child row is joined to its parent through the same declaration (event_case_file.case_id → event_case).
 * The detectors: the county sees 柯岩 data through many of the same GET calls, 华舍 gets 200 for its own
 * rows, and a 柯岩 account's own writes with the same generator succeed (they also fill the tables the
 * demo leaves empty before the sweep) and change the fingerprint.
 *
 * Where the demo holds no row of 柯岩 alone (circles, assessment runs over one town, a town's own
 * reporting task, 协办, enforcement cases and plans, entered target plans, outlines), the setup writes
 * one through the API as the town's own account (seedTownRows), so all 55 region-bound tables are
 * reached. Rows no town reads (the county's own, rows of no region) are a second target: 华舍 is
 * refused them and a second write sweep aimed at them changes none; a third sends 华舍's own rows
 * with the county in every region field (the scope-widening write), and nothing outside 华舍 may change.
 *
 * No write route is skipped: the sweep also logs out, changes (with a wrong current password),
 * starts a second factor and revokes tokens of its own accounts; a call that ended the caller's
 * session is followed by a fresh sign-in. The sweeping accounts (`matrix_*`) are never picked as
 * the target of a user route, so a 柯岩 account disabling itself cannot end the seed either.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { buildApp } from '../../src/app.js';
import { ALL_PERMISSIONS, systemActor, type Actor } from '../../src/auth/actor.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { setPasswordHash, upsertRole } from '../../src/auth/repository.js';
import { createUser } from '../../src/auth/service.js';
import { REGION_BOUND, inScope, type RegionBoundTable } from '../../src/auth/scope.js';
import { one, rows as many } from '../../src/db/store.js';
import { utf8 } from '../fixtures.js';
import { multipartFile, testConfig, testDb, type TestDb } from '../helpers.js';
import { makeUser, PASSWORD, signIn, type Client } from '../session.js';

const COUNTY = '330603000000';
const HUASHE = '330603003000';
const KEYAN = '330603002000';
/** 柯岩 and everything below it (12-digit codes 330603002xxx), and its name */
const KEYAN_TRACE = /330603002\d{3}|柯岩/;
const TODAY = new Date('2026-11-26T00:00:00Z');
const YEAR = TODAY.getUTCFullYear() - 1;
/** parameters that carry a region (the GET ones are the first scope matrix's) */
const REGION_KEYS = new Set([
  'region',
  'town',
  'parent',
  'under',
  'codes',
  'regionCode',
  'unitCode',
  'villageCode',
  'unit',
  'units',
  'village',
]);
/** query values a GET route needs to get past its validation (as in scope-matrix.test.ts) */
const FILL: Record<string, string> = { year: String(YEAR), indicator: 'INCOME_PC', format: 'csv', lang: 'zh', datum: 'wgs84' };

/** whose rows a call aims at: 柯岩's, 华舍's, or the county's — rows neither town reads (the county's own, or of no region) */
type Town = 'keyan' | 'huashe' | 'county';
const TOWN_CODE: Record<Town, string> = { keyan: KEYAN, huashe: HUASHE, county: COUNTY };

interface Table {
  name: string;
  columns: Set<string>;
  tokens: string[];
  /** how its rows reach a town: REGION_BOUND, a region_code column (accounts, departments), or not at all */
  bound: 'scope' | 'column' | null;
}
interface Ref {
  table: Table;
  column: string;
  /** a subject kind named by the route (`/targets/projects/:id` → subjects of kind project) */
  kind?: string;
}

let t: TestDb;
let app: FastifyInstance;
const tables = new Map<string, Table>();
let subjectKinds: string[] = [];
const townPath: Record<Town, string> = { keyan: '', huashe: '', county: '' };
let village: Record<Town, string>;
const ROLES = { m_below: 'region_and_below', m_exact: 'region', m_own: 'self' } as const;
const huashe: Record<string, Client> = {};
let keyanAdmin: Client;
let county: Client;
let seedTally: Record<string, number> = {};
const seedLog: string[] = [];
const sweepLog: string[] = [];

// ——— naming: route segments and field names → tables ———

const singular = (w: string) =>
  w.endsWith('ies') ? w.slice(0, -3) + 'y' : /(ch|sh|x)es$/.test(w) ? w.slice(0, -2) : w.endsWith('ss') ? w : w.replace(/s$/, '');
const words = (s: string) =>
  s
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[-_.]/)
    .filter(Boolean)
    .map(singular);
/** the same word, or one a prefix of the other (`eco` / `ecology`) */
const same = (a: string, b: string) => a === b || (a.length >= 3 && b.length >= 3 && (a.startsWith(b) || b.startsWith(a)));

/** The table whose name is made of `last` (the segment or field naming the row) within the route's words. */
function tableFor(context: string[], last: string[], exact = false): { table: Table; kind?: string } | null {
  if (!last.length) return null;
  let best: Table | null = null;
  let bestMissing = Infinity;
  for (const table of tables.values()) {
    if (!last.every((l) => table.tokens.some((k) => same(k, l)))) continue;
    const missing = table.tokens.filter((k) => !context.some((c) => same(c, k)) && !last.some((l) => same(l, k))).length;
    if (missing < bestMissing || (missing === bestMissing && best && table.tokens.length < best.tokens.length)) {
      best = table;
      bestMissing = missing;
    }
  }
  if (best && bestMissing === 0) return { table: best };
  const kind = last.length === 1 ? subjectKinds.find((k) => k === last[0]) : undefined;
  if (kind) return { table: tables.get('subject')!, kind };
  return best && !exact ? { table: best } : null;
}

function columnFor(table: Table, name: string, prefer: 'id' | 'code'): string | null {
  const snake = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  for (const c of [snake, `${snake}_code`, prefer, prefer === 'id' ? 'code' : 'id']) if (table.columns.has(c)) return c;
  return null;
}

/** Route words before segment `index` (without api/v1 and parameters). */
function contextOf(url: string, index: number): { context: string[]; last: string[] } {
  const segs = url.split('/').slice(3, index);
  const statics = segs.filter((s) => !s.startsWith(':'));
  return { context: statics.flatMap(words), last: statics.length ? words(statics[statics.length - 1]) : [] };
}

// ——— rows of a town ———

/**
 * Rows a town reads besides those of its own region, by the module's rule: a reporting task issued by
 * the county (its office) is read by each unit it is assigned to (collect/repository.ts `visibleTask`),
 * so a county task assigned to 柯岩 alone is 柯岩's and not 华舍's, and one assigned to 华舍 is 华舍's own;
 * a 亩均 run of the county is read by every town whose enterprises it rated (mujun/repository.ts
 * `runById`), each seeing its own results only. Every other county row (a draw over the county, a
 * county-level assessment run, the circles demo, which has no region) is read by neither town: it
 * is not a cross-town target, and the county-row read and write sweeps cover it.
 */
const SEEN_THROUGH: Record<string, { table: RegionBoundTable; by: string }> = {
  report_task: { table: 'report_assignment', by: 'task_id' },
  mujun_run: { table: 'mujun_result', by: 'run_id' },
};

const townActor = (town: Town): Actor => ({ id: 'matrix:nobody', permissions: new Set(), scope: { subtrees: [townPath[town]] } });

/** SQL: the row `alias` of `table` lies in `town` (null: the table is not bound to a region) */
function inTown(table: Table, alias: string, town: Town): SQL | null {
  if (table.bound === 'scope') {
    const rule = REGION_BOUND[table.name as RegionBoundTable];
    let own = inScope(townActor(town), table.name as RegionBoundTable, alias);
    // a row its owner always sees (an import with no values to be seen through) is the town of its owner's account
    if (rule.ownerAlwaysSees && rule.owner && 'column' in rule.owner) {
      own = sql`(${own} or ${sql.raw(`${alias}.${rule.owner.column}`)} in (select 'user:' || u.username from app_user u
        where u.region_code in (select code from region where path like ${townPath[town] + '%'})))`;
    }
    const through = SEEN_THROUGH[table.name];
    if (!through) return own;
    const child = REGION_BOUND[through.table] ? inScope(townActor(town), through.table, 'seen') : sql`false`;
    return sql`(${own} or exists (select 1 from ${sql.raw(through.table)} seen where seen.${sql.raw(through.by)} = ${sql.raw(alias)}.id and ${child}))`;
  }
  if (table.bound === 'column')
    return sql`${sql.raw(alias)}.region_code in (select code from region where path like ${townPath[town] + '%'})`;
  return null;
}
const other = (town: Town): Town => (town === 'keyan' ? 'huashe' : 'keyan');
/** SQL: the row is read by neither town (null when the table is not bound to a region) */
function inNoTown(table: Table, alias: string): SQL | null {
  const k = inTown(table, alias, 'keyan');
  const h = inTown(table, alias, 'huashe');
  return k && h ? sql`not coalesce(${k}, false) and not coalesce(${h}, false)` : null;
}
/**
 * Rows of this town and not of the other (a row both towns see is not a cross-town target); for
 * writes, failing that, a row this town shares, and failing that any row.
 */
type Mode = 'only' | 'shared' | 'any';
function onlyIn(table: Table, alias: string, town: Town, mode: Mode = 'only'): SQL {
  const mine = mode === 'any' ? null : inTown(table, alias, town);
  const theirs = mode === 'only' ? inTown(table, alias, other(town)) : sql`false`;
  // the sweeping accounts themselves are not targets (a sweep that disabled itself would end)
  const notSweeper = table.name === 'app_user' ? sql` and ${sql.raw(alias)}.username not like 'matrix\_%'` : sql``;
  if (town === 'county') {
    // the county reads every row: its own are those neither town reads
    const none = mode === 'only' ? inNoTown(table, alias) : null;
    return none ? sql`${none}${notSweeper}` : sql`true${notSweeper}`;
  }
  if (!mine) return sql`true${notSweeper}`;
  return sql`(${mine}) and not (${theirs})${notSweeper}`;
}

/**
 * Values for a route's references: a row of the deepest town-bound table, lying in `town` only, and
 * for each earlier reference its parent row, joined through REGION_BOUND's `through` links.
 */
async function rowValues(
  refs: (Ref | null)[],
  town: Town,
  mode: Mode = 'only',
): Promise<{ values: (string | null)[]; row: Record<string, unknown> } | null> {
  const anchorIndex = refs
    .map((r, i) => (r?.table.bound ? i : -1))
    .filter((i) => i >= 0)
    .pop();
  const out: (string | null)[] = refs.map(() => null);
  const db = t.store.db;
  if (anchorIndex === undefined) {
    for (const [i, r] of refs.entries()) if (r) out[i] = await anyRow(r, town);
    return { values: out, row: {} };
  }
  const anchor = refs[anchorIndex]!;
  const joins: SQL[] = [];
  const selects: SQL[] = [sql`${sql.raw(`a.${anchor.column}`)}::text as v${sql.raw(String(anchorIndex))}`];
  const separate: number[] = [];
  const rule = REGION_BOUND[anchor.table.name as RegionBoundTable];
  for (const [i, r] of refs.entries()) {
    if (!r || i === anchorIndex) continue;
    if (r.table === anchor.table) {
      selects.push(sql`${sql.raw(`a.${r.column}`)}::text as v${sql.raw(String(i))}`);
      continue;
    }
    const link = [rule?.region, rule?.owner].find((l) => l && 'through' in l && l.table === r.table.name) as
      { through: string } | undefined;
    if (!link) {
      separate.push(i);
      continue;
    }
    joins.push(sql.raw(` join ${r.table.name} p${i} on p${i}.id = a.${link.through}`));
    selects.push(sql`${sql.raw(`p${i}.${r.column}`)}::text as v${sql.raw(String(i))}`);
  }
  const kind = anchor.kind ? sql` and a.kind = ${anchor.kind}` : sql``;
  const row = await one<Record<string, string>>(
    db,
    sql`select ${sql.join(selects, sql`, `)}, row_to_json(a)::text as "row" from ${sql.raw(anchor.table.name)} a${sql.join(joins, sql``)}
        where ${onlyIn(anchor.table, 'a', town, mode)}${kind} order by ${orderOf(anchor.table)} limit 1`,
  );
  if (!row) return null;
  for (const [i] of refs.entries()) if (row[`v${i}`] !== undefined) out[i] = row[`v${i}`];
  for (const i of separate) out[i] = await anyRow(refs[i]!, town);
  return { values: out, row: JSON.parse(row.row) as Record<string, unknown> };
}

/** rows the test's 柯岩 account wrote first (its own case may take a file), then the oldest */
function orderOf(table: Table): SQL {
  const owner = REGION_BOUND[table.name as RegionBoundTable]?.owner;
  const mine = owner && 'column' in owner ? sql`(a.${sql.raw(owner.column)} = 'user:matrix_ky_admin') desc nulls last, ` : sql``;
  return sql`${mine}${sql.raw(table.columns.has('id') ? 'a.id' : '1')}`;
}

/** a row of the town only if the table is bound to a region, else the first row */
async function anyRow(r: Ref, town: Town): Promise<string | null> {
  const kind = r.kind ? sql` and a.kind = ${r.kind}` : sql``;
  // a leaf of a tree (an event sub-category, not its parent), and a built-in role rather than the test's
  const leaf = ['parent_code', 'parent_id'].find((c) => r.table.columns.has(c));
  for (const mode of ['only', 'shared', 'any'] as Mode[]) {
    const row = await one<{ v: string }>(
      t.store.db,
      sql`select ${sql.raw(`a.${r.column}`)}::text as v from ${sql.raw(r.table.name)} a where ${onlyIn(r.table, 'a', town, mode)}${kind}
          ${r.table.columns.has('builtin') ? sql` and a.builtin` : sql``} order by ${leaf ? sql.raw(`a.${leaf} is null, `) : sql``}${orderOf(r.table)} limit 1`,
    );
    if (row) return row.v;
    if (!r.table.bound) break;
  }
  return null;
}

// ——— schemas → values ———

type Json = {
  type?: string | string[];
  properties?: Record<string, Json>;
  items?: Json;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Json[];
  oneOf?: Json[];
  allOf?: Json[];
  $ref?: string;
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
  prefixItems?: Json[];
  required?: string[];
  $defs?: Record<string, Json>;
};

function jsonSchema(schema: unknown): Json | null {
  if (!schema) return null;
  try {
    return z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Json;
  } catch {
    return null;
  }
}

const STRING_TRIES = (town: Town) => [
  String(YEAR),
  `${YEAR}-11`,
  `${YEAR}-11-01`,
  `${YEAR}Q4`,
  `${YEAR}-Q4`,
  TOWN_CODE[town],
  '123456',
  '13800000000',
  'x',
  '1',
  'A1',
];

interface Synth {
  town: Town;
  /** whose regions the region fields take (the town's, or, to widen a town's own write, the county's) */
  regions: Town;
  url: string;
  values: Map<string, string | null>;
  /** the row the path names, whose current values (a version) a body may need */
  row: Record<string, unknown>;
}

/** a value for a field named `key`: a region of the town, or a row of the table the name points to */
function keyValue(key: string, type: string | undefined, s: Synth): unknown {
  const isArray = type === 'array';
  const wrap = (v: unknown) => (isArray ? [v] : v);
  if (REGION_KEYS.has(key) || /^(region|town)(Code)?s?$/.test(key)) {
    return wrap(/village/i.test(key) ? village[s.regions] : TOWN_CODE[s.regions]);
  }
  const isNumber = (t?: string) => t === 'integer' || t === 'number';
  const snake = key.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  // a counter of the row the path names (an optimistic-lock version)
  if (isNumber(type) && typeof s.row[snake] === 'number' && !snake.endsWith('_id')) return s.row[snake];
  const ref = fieldRef(s.url, key);
  if (!ref) return undefined;
  const v = s.values.get(`${ref.table.name}.${ref.column}.${ref.kind ?? ''}`);
  if (v == null) return undefined;
  if (ref.column === 'id' && !isNumber(type) && !isArray) return undefined;
  return wrap(isNumber(type) || (isArray && ref.column === 'id') ? Number(v) : v);
}

/**
 * The table a body or query field names: `subjectId`, `reachCode`, `itemCodes` by their stem; a
 * subject kind (`enterprise`); a field named exactly like a table (`indicatorSet`, `roles`); an account (`username`).
 */
function fieldRef(url: string, key: string): Ref | null {
  if (key === 'username') return { table: tables.get('app_user')!, column: 'username' };
  const m = /^(.+?)(Id|Ids|Code|Codes)$/.exec(key);
  if (m) return refFor(url, m[1], /Id/.test(m[2]) ? 'id' : 'code');
  if (subjectKinds.includes(singular(key))) return refFor(url, key, 'code');
  const { context } = contextOf(url, url.split('/').length);
  const found = tableFor(context, words(key), true);
  if (!found) return null;
  const column = found.table.columns.has('code') ? 'code' : found.table.columns.has('id') ? 'id' : null;
  return column ? { table: found.table, column, kind: found.kind } : null;
}

function refFor(url: string, name: string, prefer: 'id' | 'code'): Ref | null {
  const { context } = contextOf(url, url.split('/').length);
  const found = tableFor(context, words(name));
  if (!found) return null;
  const column = columnFor(found.table, prefer === 'id' ? 'id' : 'code', prefer);
  return column ? { table: found.table, column, kind: found.kind } : null;
}

/** the JSON type of a property (through $ref and nullable unions) */
function typeOf(node: Json | undefined, root: Json): string | undefined {
  if (!node) return undefined;
  if (node.$ref) return typeOf(root.$defs?.[node.$ref.split('/').pop()!], root);
  const options = node.anyOf ?? node.oneOf;
  if (options) return typeOf(options.find((o) => o.type !== 'null') ?? options[0], root);
  return Array.isArray(node.type) ? node.type.find((x) => x !== 'null') : node.type;
}

function synth(node: Json | undefined, root: Json, key: string | null, s: Synth, depth = 0): unknown {
  if (!node || depth > 8) return 'x';
  if (node.$ref) {
    const name = node.$ref.split('/').pop()!;
    return synth(root.$defs?.[name] ?? {}, root, key, s, depth + 1);
  }
  if (node.const !== undefined) return node.const;
  if (node.enum) return node.enum[0];
  const options = node.anyOf ?? node.oneOf;
  if (options) {
    const pick = options.find((o) => o.type !== 'null') ?? options[0];
    return synth(pick, root, key, s, depth + 1);
  }
  if (node.allOf?.length) return synth(node.allOf[0], root, key, s, depth + 1);
  const type = Array.isArray(node.type) ? node.type.find((x) => x !== 'null') : node.type;
  if (key) {
    const v = keyValue(key, type, s);
    if (v !== undefined) return v;
  }
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node.properties ?? {})) {
        // an optional reference to a row the data does not hold (a parent target) is left out, not invented
        if (!node.required?.includes(k) && /(Id|Ids|Code|Codes)$/.test(k) && keyValue(k, typeOf(v, root), s) === undefined) continue;
        out[k] = synth(v, root, k, s, depth + 1);
      }
      return out;
    }
    case 'array': {
      if (node.prefixItems) return node.prefixItems.map((p, i) => synth(p, root, i === 0 ? 'lon' : i === 1 ? 'lat' : null, s, depth + 1));
      const item = synth(node.items, root, key ? singular(key) : null, s, depth + 1);
      return Array.from({ length: Math.max(1, node.minItems ?? 1) }, () => item);
    }
    case 'integer':
    case 'number': {
      if (key === 'year') return YEAR;
      // a point in 柯桥 for coordinates
      if (key === 'lon' || key === 'lng') return 120.49;
      if (key === 'lat') return 30.08;
      const min =
        node.minimum ?? (node.exclusiveMinimum !== undefined ? node.exclusiveMinimum + (type === 'integer' ? 1 : 0.5) : undefined);
      let n = min !== undefined && min > 1 ? min : 1;
      if (node.maximum !== undefined && n > node.maximum) n = node.maximum;
      return n;
    }
    case 'boolean':
      return key === 'dryRun' ? false : true;
    case 'string': {
      if (node.format === 'date') return `${YEAR}-11-01`;
      // a deadline must lie ahead
      if (node.format === 'date-time') return new Date(Date.now() + 30 * 86_400_000).toISOString();
      if (node.format === 'uri') return 'https://example.org/matrix';
      const min = node.minLength ?? 1;
      if (node.pattern) {
        const re = new RegExp(node.pattern);
        const hit = STRING_TRIES(s.regions).find((x) => re.test(x) && x.length >= min);
        if (hit) return hit;
      }
      if (key === 'year') return String(YEAR);
      if (key === 'period') return String(YEAR);
      return 'x'.repeat(Math.max(1, min));
    }
    default:
      return 'x';
  }
}

// ——— the generated cases ———

interface Call {
  /** the route's declared data scope (`account`: the caller's own things) */
  scope?: string;
  method: string;
  route: string;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

const methodsOf = (r: { method: string | string[] }) => (Array.isArray(r.method) ? r.method : [r.method]);
const shapeKeys = (s: unknown) => Object.keys((s as { shape?: object })?.shape ?? {});

/** every value any reference may need, per town, keyed by table.column.kind */
async function valuesFor(town: Town, refs: Ref[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const r of refs) {
    const key = `${r.table.name}.${r.column}.${r.kind ?? ''}`;
    if (!out.has(key)) out.set(key, await anyRow(r, town));
  }
  return out;
}

/** The path references of a route: a table for each parameter, an enum's first value, or null. */
function pathRefs(url: string, params: Json | null): { refs: (Ref | null)[]; enums: Map<string, unknown>; names: string[] } {
  const names: string[] = [];
  const refs: (Ref | null)[] = [];
  const enums = new Map<string, unknown>();
  const parts = url.split('/');
  for (const [index, part] of parts.entries()) {
    if (!part.startsWith(':')) continue;
    const name = part.slice(1);
    names.push(name);
    const prop = params?.properties?.[name];
    const e = prop?.enum ?? prop?.anyOf?.find((o) => o.enum)?.enum;
    if (e) {
      enums.set(name, e[0]);
      refs.push(null);
      continue;
    }
    // a region parameter (`:unit` of a report task) takes the town's code
    if (REGION_KEYS.has(name)) {
      refs.push(null);
      continue;
    }
    const { context, last } = contextOf(url, index);
    const found = tableFor(context, last);
    const column = found ? columnFor(found.table, name, name === 'code' || name.endsWith('Code') ? 'code' : 'id') : null;
    refs.push(found && column ? { table: found.table, column, kind: found.kind } : null);
  }
  return { refs, enums, names };
}

function fillPath(url: string, names: string[], values: (string | null)[], enums: Map<string, unknown>, town: Town): string {
  let out = url;
  for (const [i, name] of names.entries()) {
    const v = enums.has(name) ? String(enums.get(name)) : REGION_KEYS.has(name) ? TOWN_CODE[town] : (values[i] ?? '1');
    out = out.replace(`:${name}`, encodeURIComponent(v));
  }
  return out;
}

interface ReadCase {
  route: string;
  url: Record<Town, string | null>;
}

async function readCases(): Promise<{ cases: ReadCase[]; skipped: string[] }> {
  const cases: ReadCase[] = [];
  const skipped: string[] = [];
  for (const r of app.registeredRoutes) {
    if (!methodsOf(r).includes('GET') || !r.url.startsWith('/api/v1')) continue;
    const access = r.config?.access as { public?: true } | undefined;
    if (!access || access.public) continue;
    const params = shapeKeys(r.schema?.params).filter((p) => !REGION_KEYS.has(p));
    if (!params.length) continue;
    const { refs, enums, names } = pathRefs(r.url, jsonSchema(r.schema?.params));
    if (!refs.some((x) => x?.table.bound)) {
      skipped.push(`${r.url}: names no region-bound row`);
      continue;
    }
    const query = shapeKeys(r.schema?.querystring);
    const url = {} as Record<Town, string | null>;
    for (const town of ['keyan', 'huashe', 'county'] as Town[]) {
      // a route that also names a region (a task's unit) may name a row of the county: the region is what crosses towns
      let values = (await rowValues(refs, town))?.values;
      for (const mode of ['shared', 'any'] as Mode[]) {
        if (!values && names.some((n) => REGION_KEYS.has(n))) values = (await rowValues(refs, town, mode))?.values;
      }
      if (!values) {
        url[town] = null;
        continue;
      }
      const qs = query
        .map((q) => (REGION_KEYS.has(q) ? `${q}=${TOWN_CODE[town]}` : FILL[q] !== undefined ? `${q}=${FILL[q]}` : ''))
        .filter(Boolean)
        .join('&');
      const path = fillPath(r.url, names, values, enums, town);
      url[town] = qs ? `${path}?${qs}` : path;
    }
    if (!url.keyan) skipped.push(`${r.url}: no row of 柯岩 alone in the demo`);
    else cases.push({ route: r.url, url });
  }
  return { cases, skipped };
}

const CSV = (town: Town) =>
  utf8([
    ['地区代码', '指标代码', '期间', '值', '村代码', '编码', '名称'],
    [TOWN_CODE[town], 'INCOME_PC', String(YEAR), '1', village[town], TOWN_CODE[town], '柯岩'],
  ]);

/** a 1×1 PNG */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Every write under /api/v1 (but the public ones: login, Open311), with `town`'s rows and regions everywhere. */
async function writeCalls(
  town: Town,
  methods = ['POST', 'PUT', 'PATCH', 'DELETE'],
  regions: Town = town,
): Promise<{ calls: Call[]; unresolved: number }> {
  const calls: Call[] = [];
  let unresolved = 0;
  for (const r of app.registeredRoutes) {
    if (!r.url.startsWith('/api/v1')) continue;
    const access = r.config?.access as { public?: true; scope?: string } | undefined;
    if (!access || access.public) continue;
    for (const method of methodsOf(r).filter((m) => methods.includes(m))) {
      const { refs, enums, names } = pathRefs(r.url, jsonSchema(r.schema?.params));
      let found: { values: (string | null)[]; row: Record<string, unknown> } | null = null;
      for (const mode of ['only', 'shared', 'any'] as Mode[]) if (!found) found = await rowValues(refs, town, mode);
      const values = found?.values ?? refs.map(() => null);
      unresolved += values.filter((v, i) => v == null && !enums.has(names[i]) && !REGION_KEYS.has(names[i])).length;
      const path = fillPath(r.url, names, values, enums, regions);
      // every table the body or query may name, with this town's row
      const fieldRefs: Ref[] = [];
      const body = jsonSchema(r.schema?.body);
      const query = jsonSchema(r.schema?.querystring);
      const collect = (node: Json | undefined, root: Json, depth = 0) => {
        if (!node || depth > 8) return;
        if (node.$ref) collect(root.$defs?.[node.$ref.split('/').pop()!], root, depth + 1);
        for (const [k, v] of Object.entries(node.properties ?? {})) {
          const ref = REGION_KEYS.has(k) ? null : fieldRef(r.url, k);
          if (ref) fieldRefs.push(ref);
          collect(v, root, depth + 1);
        }
        for (const o of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) collect(o, root, depth + 1);
        if (node.items) collect(node.items, root, depth + 1);
      };
      if (body) collect(body, body);
      if (query) collect(query, query);
      const s: Synth = { town, regions, url: r.url, values: await valuesFor(town, fieldRefs), row: found?.row ?? {} };
      const q = query ? (synth(query, query, null, s) as Record<string, unknown>) : {};
      const qs = Object.entries(q)
        .filter(([, v]) => v !== undefined && typeof v !== 'object')
        .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
        .join('&');
      const url = qs ? `${path}?${qs}` : path;
      if (body) calls.push({ scope: access.scope, method, route: `${method} ${r.url}`, url, payload: synth(body, body, null, s) });
      else if (method === 'POST' || method === 'PUT') {
        // no body schema: an upload (multipart) route, or one that takes no body; a CSV of this town's codes suits both
        const file = multipartFile('matrix.csv', CSV(regions));
        calls.push({ scope: access.scope, method, route: `${method} ${r.url}`, url, payload: file.payload, headers: file.headers });
      } else calls.push({ scope: access.scope, method, route: `${method} ${r.url}`, url });
    }
  }
  return { calls, unresolved };
}

// ——— the fingerprint of everything 柯岩 ———

async function fingerprint(town: 'keyan' | 'county' = 'keyan'): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const db = t.store.db;
  const hash = async (label: string, from: SQL) => {
    const row = await one<{ n: number; h: string | null }>(
      db,
      sql`select count(*)::int n, md5(string_agg(x.h, '' order by x.h)) h from (select md5(row_to_json(a)::text) h ${from}) x`,
    );
    out.set(label, `${row!.n}:${row!.h ?? ''}`);
  };
  for (const name of Object.keys(REGION_BOUND)) {
    const table = tables.get(name)!;
    await hash(name, sql`from ${sql.raw(name)} a where ${onlyIn(table, 'a', town)}`);
  }
  // accounts and departments of the town (for the county: of no town, or of no region)
  const of = (name: string) => (town === 'county' ? inNoTown(tables.get(name)!, 'a') : inTown(tables.get(name)!, 'a', town))!;
  const users = sql`select id from app_user a where ${of('app_user')}`;
  await hash('app_user', sql`from app_user a where a.id in (${users})`);
  await hash('user_role', sql`from user_role a where a.user_id in (${users})`);
  await hash('department', sql`from department a where ${of('department')}`);
  // roles are shared by every town: a town may change none of the built-in ones
  await hash('role (built-in)', sql`from role a where a.builtin`);
  return out;
}

const diff = (a: Map<string, string>, b: Map<string, string>) =>
  [...a.keys()].filter((k) => a.get(k) !== b.get(k)).map((k) => `${k}: ${a.get(k)} → ${b.get(k)}`);

/** Sends a call; a write that ended the caller's own session (log out, …) signs them in again. */
async function send(client: Client, username: string, call: Call): Promise<{ status: number; body: string; client: Client }> {
  const go = (c: Call) =>
    client.request(c.method as 'POST', c.url, {
      ...(c.payload !== undefined ? { payload: c.payload as string } : {}),
      ...(c.headers ? { headers: c.headers } : {}),
    });
  let res = await go(call);
  // an upload that asks for a picture or a document (evidence, photos, attachments) gets a PNG
  if (call.headers && res.statusCode >= 400 && res.statusCode < 500 && /PNG/.test(res.body)) {
    const file = multipartFile('matrix.png', PNG);
    res = await go({ ...call, payload: file.payload, headers: file.headers });
  }
  let next = client;
  // only a write that succeeded (log out, …) can have ended the session
  if (res.statusCode < 300 || res.statusCode === 401) {
    if ((await client.get('/api/v1/auth/me')).statusCode === 401) next = await signIn(app, username);
  }
  return { status: res.statusCode, body: res.body, client: next };
}

/** Monaco's OSM extract (the circles test's network): a real road network to give a town its own circles rows */
const MONACO = new Uint8Array(readFileSync(new URL('../../seed/osm/monaco.osm.pbf', import.meta.url)));
/** what each town's own seeded rows came to (label → status), for the report */
const ownSeed: Record<Town, string[]> = { keyan: [], huashe: [] };

/**
 * Rows of the tables neither the demo nor the generator fills with rows of one town alone, written
 * as that town's own account would through the API: a 15-minute-circle network, facility and
 * resident sets and a coverage run whose region is the town (the demo's circles carry no region),
 * an assessment run over the town's villages, a reporting task the town issues to its villages, a
 * case of the town with a 协办 unit, an enforcement case (with a stage move and its deadline) and a
 * joint inspection plan of the town's enterprises, and an outline of the town (see also seedTownTarget). Each must succeed: a failure here fails the setup.
 */
async function seedTownRows(client: Client, town: Town): Promise<void> {
  const db = t.store.db;
  const code = TOWN_CODE[town];
  const log = ownSeed[town];
  const must = async (label: string, p: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const res = await p;
    log.push(`${label} ${res.statusCode}`);
    if (res.statusCode >= 300) throw new Error(`${town} seed ${label}: ${res.statusCode} ${res.body.slice(0, 400)}`);
    return res.json() as Record<string, unknown> & { id: number };
  };
  const post = (url: string, payload: unknown) => client.request('POST', url, { payload: payload as string });
  // 15-minute circles
  const osm = multipartFile('monaco.osm.pbf', MONACO);
  const net = await must(
    'circles network',
    client.request(
      'POST',
      `/api/v1/access/networks?mode=walking&name=${encodeURIComponent(`matrix ${town}`)}&regionCode=${code}&synthetic=true`,
      {
        payload: osm.payload,
        headers: osm.headers,
      },
    ),
  );
  const fset = await must('facility set', post(`/api/v1/access/networks/${net.id}/facility-sets`, { regionCode: code }));
  const rset = await must('resident set', post(`/api/v1/access/networks/${net.id}/resident-sets/synthetic`, { regionCode: code }));
  await must('coverage run', post('/api/v1/access/runs', { networkId: net.id, facilitySetId: fset.id, residentSetId: rset.id }));
  // an assessment run over the town's own villages
  const villages = (
    await many<{ code: string }>(
      db,
      sql`select code from region where path like ${townPath[town] + '%'} and level = 'village' order by code limit 2`,
    )
  ).map((r) => r.code);
  await must('assessment run', post('/api/v1/assess/runs', { scheme: 'keqiao-future-villages', period: String(YEAR), region: code }));
  // a reporting task the town issues to two of its villages (its office is the town)
  const sets = await many<{ code: string }>(db, sql`select code from indicator_set order by code`);
  let task: unknown = null;
  for (const s of sets) {
    const res = await post('/api/v1/report-tasks', {
      title: `matrix ${town}`,
      indicatorSet: s.code,
      period: String(YEAR),
      deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      units: villages,
    });
    if (res.statusCode < 300) {
      task = res.json();
      break;
    }
  }
  log.push(`report task ${task ? 'created' : 'none'}`);
  if (!task) throw new Error(`${town} seed: no indicator set takes a reporting task for ${YEAR}`);
  // an event case of the town, dispatched, with a 协办 unit
  const created = await must(
    'event case',
    post('/api/v1/events/cases', {
      idempotencyKey: `matrix-${town}-cohandled-case`,
      channel: 'grid',
      categoryCode: 'SANITATION_LITTER',
      regionCode: villages[0],
      lon: 120.49,
      lat: 30.08,
      description: `matrix ${town}`,
      reporterName: '王小明',
      reporterPhone: '13812345678',
    }),
  );
  const caseId = (created as unknown as { case: { id: number } }).case.id;
  for (const action of ['accept', 'file', 'dispatch']) {
    const cur = (await client.get(`/api/v1/events/cases/${caseId}`)).json() as { case: { version: number } };
    await must(`event ${action}`, post(`/api/v1/events/cases/${caseId}/transitions`, { action, version: cur.case.version }));
  }
  const cur = (await client.get(`/api/v1/events/cases/${caseId}`)).json() as { case: { version: number } };
  await must(
    'event cohandler',
    post(`/api/v1/events/cases/${caseId}/cohandlers`, { unitCode: 'DEPT_ZJJ', version: cur.case.version, reason: 'matrix' }),
  );
  // enforcement: a case on one of the town's enterprises (with its 结案 deadline), moved a stage; a joint plan
  const firms = await many<{ id: number }>(
    db,
    sql`select s.id from subject s join region r on r.code = s.region_code where s.kind = 'enterprise' and r.path like ${townPath[town] + '%'} order by s.id limit 2`,
  );
  const items = await many<{ code: string; department: string }>(
    db,
    sql`select distinct on (department) code, department from enforce_item order by department, code limit 2`,
  );
  if (!firms.length || items.length < 2) throw new Error(`${town} seed: no enterprise or too few enforcement items`);
  const ecase = await must(
    'enforcement case',
    post('/api/v1/enforce/cases', { subjectId: firms[0].id, itemCode: items[0].code, summary: `matrix ${town}` }),
  );
  await must(
    'enforcement case stage',
    post(`/api/v1/enforce/cases/${ecase.id}/transitions`, {
      to: 'investigating',
      version: (ecase as unknown as { version: number }).version,
      note: 'matrix',
    }),
  );
  await must(
    'enforcement plan',
    post('/api/v1/enforce/plans', {
      name: `matrix ${town}`,
      regionCode: code,
      plannedOn: `${TODAY.getUTCFullYear()}-12-10`,
      leadDepartment: items[0].department,
      departments: items.map((i) => i.department),
      itemCodes: items.map((i) => i.code),
      subjectIds: firms.map((f) => f.id),
    }),
  );
  // the first enterprise enrolled in a 一件事 scenario
  const [scenario] = await many<{ code: string }>(db, sql`select code from enforce_scenario order by code limit 1`);
  if (!scenario) throw new Error(`${town} seed: no enforcement scenario`);
  await must(
    'scenario enrolment',
    client.request('PUT', `/api/v1/enforce/scenarios/${scenario.code}/objects/${firms[0]!.id}`, { payload: {} }),
  );
  // an outline of the town (a small square near 柯桥)
  const [x, y] = town === 'keyan' ? [120.44, 30.04] : [120.4, 30.08];
  const square = [
    [
      [x, y],
      [x + 0.01, y],
      [x + 0.01, y + 0.01],
      [x, y + 0.01],
      [x, y],
    ],
  ];
  // 未来乡村 evidence of one of the town's villages
  await must(
    'future-village evidence',
    post('/api/v1/rural/future/evidence', {
      villageCode: village[town],
      indicator: 'family_doctor',
      period: String(YEAR),
      title: `matrix ${town}`,
    }),
  );
  await must(
    'boundary',
    post('/api/v1/regions/boundaries', {
      datum: 'wgs84',
      source: 'matrix (synthetic)',
      geojson: {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { code }, geometry: { type: 'Polygon', coordinates: square } },
          // and its centroid, for the schematic map
          { type: 'Feature', properties: { code }, geometry: { type: 'Point', coordinates: [x + 0.005, y + 0.005] } },
        ],
      },
    }),
  );
  // a schematic map of its villages placed by hand
  const tiles = (await client.get(`/api/v1/regions/tiles?layout=${code}`)).json() as {
    cells: { code: string; col: number; row: number }[];
  };
  await must(
    'tile layout',
    client.request('PUT', `/api/v1/regions/tiles/${code}`, {
      payload: { cells: tiles.cells.map((c) => ({ code: c.code, col: c.col, row: c.row })) },
    }),
  );
}

/**
 * A target of the town with an entered monthly plan, and its stored light (lights are stored when
 * they are filtered). Written after the generator's own writes: the generator's update of the town's
 * first target sets the straight plan, which deletes an entered one.
 */
async function seedTownTarget(client: Client, town: Town): Promise<void> {
  const db = t.store.db;
  const code = TOWN_CODE[town];
  const log = ownSeed[town];
  const must = async (label: string, p: Promise<{ statusCode: number; body: string }>) => {
    const res = await p;
    log.push(`${label} ${res.statusCode}`);
    if (res.statusCode >= 300) throw new Error(`${town} seed ${label}: ${res.statusCode} ${res.body.slice(0, 400)}`);
  };
  const post = (url: string, payload: unknown) => client.request('POST', url, { payload: payload as string });
  const indicator = await one<{ code: string }>(db, sql`select code from indicator where frequency = 'month' order by code limit 1`);
  await must(
    'target with a plan',
    post('/api/v1/targets', {
      name: `matrix ${town}`,
      indicatorCode: indicator?.code ?? 'INCOME_PC',
      subjectKind: 'region',
      subjectCode: code,
      year: TODAY.getUTCFullYear(),
      kind: 'value',
      targetValue: 100,
      planMethod: 'entered',
      plan: Array.from({ length: 12 }, (_, i) => (i + 1) / 12).map((v, i) => (i === 11 ? 1 : Math.round(v * 1000) / 1000)),
    }),
  );
  for (const light of ['green', 'yellow', 'red'])
    await must(`target lights ${light}`, client.get(`/api/v1/targets?year=${TODAY.getUTCFullYear()}&light=${light}`));
}

beforeAll(async () => {
  t = await testDb({ demo: TODAY, modules: true });
  app = await buildApp({ store: t.store, config: testConfig() });
  const db = t.store.db;
  const cols = await many<{ table_name: string; column_name: string }>(
    db,
    sql`select table_name, column_name from information_schema.columns where table_schema = current_schema()`,
  );
  for (const c of cols) {
    let table = tables.get(c.table_name);
    if (!table) {
      const bound = c.table_name in REGION_BOUND ? 'scope' : null;
      table = { name: c.table_name, columns: new Set(), tokens: words(c.table_name.replace(/^app_/, '')), bound };
      tables.set(c.table_name, table);
    }
    table.columns.add(c.column_name);
  }
  for (const table of tables.values())
    if (!table.bound && table.columns.has('region_code') && table.columns.has('id')) table.bound = 'column';
  subjectKinds = (await many<{ kind: string }>(db, sql`select distinct kind from subject order by kind`)).map((r) => r.kind);
  for (const town of ['keyan', 'huashe', 'county'] as Town[]) {
    townPath[town] = (await one<{ path: string }>(db, sql`select path from region where code = ${TOWN_CODE[town]}`))!.path;
  }
  const villageOf = async (town: Town) =>
    (await one<{ code: string }>(
      db,
      sql`select min(code) code from region where path like ${townPath[town] + '%'} and code <> ${TOWN_CODE[town]}`,
    ))!.code;
  village = { keyan: await villageOf('keyan'), huashe: await villageOf('huashe'), county: COUNTY };

  for (const [code, dataScope] of Object.entries(ROLES)) {
    await upsertRole(db, { code, nameZh: code, nameEn: code, permissions: [...ALL_PERMISSIONS], dataScope });
  }
  for (const name of [...Object.keys(ROLES), 'town_officer']) {
    await makeUser(db, `matrix_hs_${name}`, [name], HUASHE);
    huashe[name] = await signIn(app, `matrix_hs_${name}`);
  }
  // a 柯岩 officer and a department of 柯岩, for the user and department routes to aim at
  await makeUser(db, 'ky_clerk', ['town_officer'], KEYAN);
  await makeUser(db, 'hs_clerk', ['town_officer'], HUASHE);
  await makeUser(db, 'matrix_ky_admin', ['m_below'], KEYAN);
  keyanAdmin = await signIn(app, 'matrix_ky_admin');
  await makeUser(db, 'matrix_county', ['admin'], COUNTY);
  county = await signIn(app, 'matrix_county');
  // an enterprise of 柯岩 rated by 亩均, with its own account: the appeal routes are its own
  const firm = await one<{ code: string }>(
    db,
    sql`select s.code from subject s where s.kind = 'enterprise' and ${onlyIn(tables.get('subject')!, 's', 'keyan')}
        and exists (select 1 from mujun_result r where r.subject_id = s.id) order by s.id limit 1`,
  );
  let keyanFirm: Client | null = null;
  if (firm) {
    const { id } = await createUser(db, systemActor('test'), {
      username: 'matrix_ky_firm',
      displayName: 'matrix_ky_firm',
      roles: ['enterprise'],
      regionCode: KEYAN,
      enterprise: firm.code,
    });
    await setPasswordHash(db, id, await hashPassword(PASSWORD), false);
    keyanFirm = await signIn(app, 'matrix_ky_firm');
  }

  // rows of one town alone in the tables the demo and the generator leave without (see seedTownRows)
  await seedTownRows(keyanAdmin, 'keyan');
  await seedTownRows(huashe.m_below, 'huashe');

  // 柯岩's own writes with the same generator: they show it reaches the services, and fill the
  // tables the demo leaves empty (report tasks, appeals, case files, …) before the sweep
  // (twice: the second pass finds the rows the first created, a 亩均 run of 柯岩, a draw, …)
  seedTally = {};
  for (let pass = 0; pass < 2; pass++) {
    const t0 = Date.now();
    const { calls } = await writeCalls('keyan', ['POST', 'PUT', 'PATCH']);
    if (process.env.MATRIX_DEBUG) seedLog.push(`${Date.now() - t0} ms generating`);
    for (const call of calls) {
      const started = Date.now();
      const asFirm = call.scope === 'account' && keyanFirm !== null && /enterprise|mujun/.test(call.route);
      const res = asFirm ? await send(keyanFirm!, 'matrix_ky_firm', call) : await send(keyanAdmin, 'matrix_ky_admin', call);
      if (asFirm) keyanFirm = res.client;
      else keyanAdmin = res.client;
      if (process.env.MATRIX_DEBUG) seedLog.push(`${Date.now() - started} ms ${call.route}`);
      const k = res.status >= 500 ? '5xx' : String(res.status);
      seedTally[k] = (seedTally[k] ?? 0) + 1;
      if (process.env.MATRIX_DEBUG)
        seedLog.push(
          `${pass} ${res.status} ${call.method} ${call.url} ${JSON.stringify(call.payload)?.slice(0, 300)} → ${res.body.slice(0, 300)}`,
        );
    }
  }
  await seedTownTarget(keyanAdmin, 'keyan');
  await seedTownTarget(huashe.m_below, 'huashe');
  if (process.env.MATRIX_DEBUG)
    (await import('node:fs')).writeFileSync(`${process.env.MATRIX_DEBUG_DIR ?? '/tmp/mx'}/seed.txt`, seedLog.join('\n'));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

/** Every write route with `target`'s rows and regions, by every 华舍 account; the target's fingerprint before and after. */
async function sweep(target: 'keyan' | 'county') {
  const { calls, unresolved } = await writeCalls(target);
  const before = await fingerprint(target);
  const broken: string[] = [];
  const tally: Record<string, number> = {};
  const reached = new Set<string>();
  for (const name of Object.keys(huashe)) {
    for (const call of calls) {
      const res = await send(huashe[name], `matrix_hs_${name}`, call);
      huashe[name] = res.client;
      if (res.status >= 500) broken.push(`${name} ${call.method} ${call.url} → ${res.status} ${res.body.slice(0, 200)}`);
      const k = res.status >= 500 ? '5xx' : String(res.status);
      tally[k] = (tally[k] ?? 0) + 1;
      if (res.status !== 400 && res.status !== 401 && res.status !== 403) reached.add(call.route);
      if (process.env.MATRIX_DEBUG)
        sweepLog.push(
          `${target} ${name} ${res.status} ${call.method} ${call.url} ${JSON.stringify(call.payload)?.slice(0, 200)} → ${res.body.slice(0, 300)}`,
        );
    }
  }
  const after = await fingerprint(target);
  if (process.env.MATRIX_DEBUG)
    (await import('node:fs')).writeFileSync(`${process.env.MATRIX_DEBUG_DIR ?? '/tmp/mx'}/sweep.txt`, sweepLog.join('\n'));
  const rowCount = [...before.values()].reduce((n, v) => n + Number(v.split(':')[0]), 0);
  const empty = [...before.entries()].filter(([, v]) => v.startsWith('0:')).map(([k]) => k);
  console.log(
    `${calls.length} write routes × ${Object.keys(huashe).length} 华舍 roles with ${target === 'keyan' ? '柯岩' : 'county'} values: ${JSON.stringify(tally)}; ` +
      `${reached.size} routes answered past validation and permission; ${unresolved} path values not found; ` +
      `fingerprinted ${before.size} tables (${rowCount} rows; empty: ${empty.join(', ') || 'none'})`,
  );
  return { calls, changed: diff(before, after), broken, reached };
}

describe('route × role × town scope matrix: rows named by id, and writes', () => {
  it('the demo holds 柯岩 rows in most region-bound tables', async () => {
    const empty: string[] = [];
    for (const name of Object.keys(REGION_BOUND)) {
      const row = await one<{ n: number }>(
        t.store.db,
        sql`select count(*)::int n from ${sql.raw(name)} a where ${onlyIn(tables.get(name)!, 'a', 'keyan')}`,
      );
      if (!row!.n) empty.push(name);
    }
    const total = Object.keys(REGION_BOUND).length;
    console.log(`柯岩-only rows in ${total - empty.length}/${total} region-bound tables; none in: ${empty.join(', ')}`);
    console.log(`柯岩's own writes with the generator: ${JSON.stringify(seedTally)}`);
    expect(total - empty.length).toBeGreaterThanOrEqual(total / 2);
  });

  it('a 华舍 account gets a refusal or nothing of 柯岩 from every GET route naming a 柯岩 row', async () => {
    const { cases, skipped } = await readCases();
    expect(cases.length).toBeGreaterThanOrEqual(20);
    const leaks: string[] = [];
    const broken: string[] = [];
    const tally = { refused: 0, emptyOfKeyan: 0, ownServed: 0, ownCases: 0 };
    for (const c of cases) {
      for (const [role, client] of Object.entries(huashe)) {
        const res = await client.get(c.url.keyan!);
        if (res.statusCode >= 500) broken.push(`${role} ${c.url.keyan} → ${res.statusCode}`);
        else if (res.statusCode === 403 || res.statusCode === 404) tally.refused++;
        else if (KEYAN_TRACE.test(res.body))
          leaks.push(`${role} ${c.url.keyan} → ${res.statusCode} with ${KEYAN_TRACE.exec(res.body)![0]}`);
        else tally.emptyOfKeyan++;
      }
      if (c.url.huashe) {
        tally.ownCases++;
        const own = await huashe.m_below.get(c.url.huashe);
        if (own.statusCode >= 500) broken.push(`m_below ${c.url.huashe} → ${own.statusCode}`);
        if (own.statusCode === 200) tally.ownServed++;
        else if (process.env.MATRIX_DEBUG) console.log(`own ${c.url.huashe} → ${own.statusCode} ${own.body.slice(0, 200)}`);
      }
    }
    console.log(
      `${cases.length} GET routes naming a row × ${Object.keys(huashe).length} 华舍 roles: 柯岩 rows refused ${tally.refused}, ` +
        `answered without 柯岩 data ${tally.emptyOfKeyan}; 华舍's own rows served (200) ${tally.ownServed}/${tally.ownCases}; ` +
        `skipped ${skipped.length}:\n  ${skipped.join('\n  ')}`,
    );
    expect(leaks).toEqual([]);
    expect(broken).toEqual([]);
    expect(tally.ownCases).toBeGreaterThanOrEqual(5);
    expect(tally.ownServed).toBeGreaterThanOrEqual(tally.ownCases / 2);
  });

  it('a 华舍 account is refused every GET route naming a row no town reads (the county’s own, or of no region)', async () => {
    const { cases } = await readCases();
    const county = cases.filter((c) => c.url.county);
    const served: string[] = [];
    const broken: string[] = [];
    let refused = 0;
    for (const c of county) {
      for (const [role, client] of Object.entries(huashe)) {
        const res = await client.get(c.url.county!);
        if (res.statusCode >= 500) broken.push(`${role} ${c.url.county} → ${res.statusCode}`);
        else if (res.statusCode === 403 || res.statusCode === 404) refused++;
        else served.push(`${role} ${c.url.county} → ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    console.log(
      `${county.length} GET routes naming a county row × ${Object.keys(huashe).length} 华舍 roles: refused ${refused}; served:\n  ${served.join('\n  ')}`,
    );
    expect(served).toEqual([]);
    expect(broken).toEqual([]);
    expect(county.length).toBeGreaterThanOrEqual(10);
  });

  it('the detector sees 柯岩 data where it may be seen: the county gets it from many of the same calls', async () => {
    const { cases } = await readCases();
    let seen = 0;
    for (const c of cases) if (KEYAN_TRACE.test((await county.get(c.url.keyan!)).body)) seen++;
    console.log(`the county sees 柯岩 data in ${seen} of ${cases.length} calls`);
    expect(seen).toBeGreaterThanOrEqual(cases.length / 2);
  });

  it('no write of a 华舍 account changes, adds or removes anything of 柯岩', async () => {
    const { calls, changed, broken, reached } = await sweep('keyan');
    expect(calls.length).toBeGreaterThanOrEqual(80);
    expect(changed).toEqual([]);
    expect(broken).toEqual([]);
    expect(reached.size).toBeGreaterThanOrEqual(30);
  });

  it('no write of a 华舍 account changes, adds or removes a row no town reads (the county’s own, or of no region)', async () => {
    const { changed, broken, reached } = await sweep('county');
    expect(changed).toEqual([]);
    expect(broken).toEqual([]);
    expect(reached.size).toBeGreaterThanOrEqual(30);
  });

  it('a 华舍 account’s writes on its own rows with the county in every region field add or change nothing outside 华舍', async () => {
    // the scope-widening write: 华舍's own rows in the path and body, the county (above the account) as the region
    const { calls } = await writeCalls('huashe', ['POST', 'PUT', 'PATCH'], 'county');
    const before = await fingerprint('county');
    const tally: Record<string, number> = {};
    const broken: string[] = [];
    for (const name of ['m_below', 'town_officer']) {
      for (const call of calls) {
        const res = await send(huashe[name], `matrix_hs_${name}`, call);
        huashe[name] = res.client;
        if (res.status >= 500) broken.push(`${name} ${call.method} ${call.url} → ${res.status} ${res.body.slice(0, 200)}`);
        tally[res.status >= 500 ? '5xx' : String(res.status)] = (tally[res.status >= 500 ? '5xx' : String(res.status)] ?? 0) + 1;
        if (process.env.MATRIX_DEBUG)
          sweepLog.push(
            `widen ${name} ${res.status} ${call.method} ${call.url} ${JSON.stringify(call.payload)?.slice(0, 200)} → ${res.body.slice(0, 300)}`,
          );
      }
    }
    if (process.env.MATRIX_DEBUG)
      (await import('node:fs')).writeFileSync(`${process.env.MATRIX_DEBUG_DIR ?? '/tmp/mx'}/sweep.txt`, sweepLog.join('\n'));
    console.log(`${calls.length} writes of 华舍's rows with the county's region × 2 华舍 roles: ${JSON.stringify(tally)}`);
    expect(diff(before, await fingerprint('county'))).toEqual([]);
    expect(broken).toEqual([]);
  });

  it('a town’s own plan or task is its own: a 华舍 account cannot issue an enforcement plan or a reporting task in the county’s name', async () => {
    // the widening the generator cannot express (a plan's departments must match its items)
    const db = t.store.db;
    const firms = await many<{ id: number }>(
      db,
      sql`select s.id from subject s join region r on r.code = s.region_code where s.kind = 'enterprise' and r.path like ${townPath.huashe + '%'} order by s.id limit 2`,
    );
    const items = await many<{ code: string; department: string }>(
      db,
      sql`select distinct on (department) code, department from enforce_item order by department, code limit 2`,
    );
    const countyRows = async () =>
      (await one<{ n: number }>(
        db,
        sql`select count(*)::int n from enforce_plan where region_code = ${COUNTY} and created_by like 'user:matrix_hs_%'`,
      ))!.n;
    const plan = {
      name: 'matrix widen',
      plannedOn: `${TODAY.getUTCFullYear()}-12-11`,
      leadDepartment: items[0].department,
      departments: items.map((i) => i.department),
      itemCodes: items.map((i) => i.code),
      subjectIds: firms.map((f) => f.id),
    };
    const widened = await huashe.m_below.request('POST', '/api/v1/enforce/plans', { payload: { ...plan, regionCode: COUNTY } });
    expect(widened.statusCode, widened.body).toBe(403);
    expect(widened.json().error.code).toBe('OUT_OF_SCOPE');
    expect(await countyRows()).toBe(0);
    // the detector: the same plan in 华舍's name is made
    const own = await huashe.m_below.request('POST', '/api/v1/enforce/plans', { payload: { ...plan, regionCode: HUASHE } });
    expect(own.statusCode, own.body).toBe(200);
    // a 双随机 draw over the county drawn from 华舍's objects alone
    const draw = { name: 'matrix widen', nonce: 'n', ratios: { high: 1, medium: 1, low: 1 }, perObject: 2, departments: plan.departments };
    const countyDraws = async () =>
      (await one<{ n: number }>(
        db,
        sql`select count(*)::int n from enforce_draw where region_code = ${COUNTY} and created_by like 'user:matrix_hs_%'`,
      ))!.n;
    const widenedDraw = await huashe.m_below.request('POST', '/api/v1/enforce/draws', { payload: { ...draw, regionCode: COUNTY } });
    expect(widenedDraw.statusCode, widenedDraw.body).toBe(403);
    expect(await countyDraws()).toBe(0);

    // a reporting task 华舍 issues to itself is 华舍's to manage, not the county's
    const set = (await one<{ indicatorSet: string }>(
      db,
      sql`select indicator_set as "indicatorSet" from report_task order by id limit 1`,
    ))!;
    const task = await huashe.m_below.request('POST', '/api/v1/report-tasks', {
      payload: {
        title: 'matrix self',
        indicatorSet: set.indicatorSet,
        period: String(YEAR),
        deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        units: [HUASHE],
      },
    });
    expect(task.statusCode, task.body).toBe(200);
    const office = await one<{ region: string }>(db, sql`select region_code as region from report_task where id = ${task.json().id}`);
    expect(office!.region).toBe(HUASHE);
    expect((await huashe.m_below.get(`/api/v1/report-tasks/${task.json().id}`)).json().task.manageable).toBe(true);
  });

  it('the fingerprint sees a change: 柯岩’s own writes with the same generator change several of its tables', async () => {
    const before = await fingerprint();
    for (const call of (await writeCalls('keyan', ['POST', 'PUT', 'PATCH'])).calls) {
      keyanAdmin = (await send(keyanAdmin, 'matrix_ky_admin', call)).client;
    }
    const changed = diff(before, await fingerprint());
    console.log(`柯岩's own writes changed ${changed.length} fingerprinted tables: ${changed.map((c) => c.split(':')[0]).join(', ')}`);
    expect(changed.length).toBeGreaterThanOrEqual(5);
  });

  it('the county fingerprint sees a change: the county’s own writes with the same generator change several of its tables', async () => {
    const before = await fingerprint('county');
    for (const call of (await writeCalls('county', ['POST', 'PUT', 'PATCH'])).calls)
      county = (await send(county, 'matrix_county', call)).client;
    const changed = diff(before, await fingerprint('county'));
    console.log(
      `the county's own writes changed ${changed.length} fingerprinted tables: ${changed.map((c) => c.split(':')[0]).join(', ')}`,
    );
    expect(changed.length).toBeGreaterThanOrEqual(5);
  });

  it('the same generator reaches the services: 柯岩 succeeded in many of its own writes', () => {
    const ok = Object.entries(seedTally)
      .filter(([k]) => k.startsWith('2'))
      .reduce((n, [, v]) => n + v, 0);
    expect(ok).toBeGreaterThanOrEqual(15);
  });
});
