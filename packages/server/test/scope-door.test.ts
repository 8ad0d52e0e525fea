/**
 * Fitness test of the data-scope door: an exported function that reads or writes a region-bound
 * table (REGION_BOUND in src/auth/scope.ts) must take the actor (or a scope) — and then restrict
 * rows with `inScope` — or say in its name that it is deliberately unscoped (`…Unscoped`), so that
 * its callers know they must check access first. Files scanned: every server source holding SQL,
 * except the door itself. Also: the SQL door and its in-memory twin agree, own rows included.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { systemActor, type Actor, type RegionScope } from '../src/auth/actor.js';
import { DEPARTMENT_BOUND, ignoringDepartments, inScope, REGION_BOUND, visibleTo } from '../src/auth/scope.js';
import { rows, type Db } from '../src/db/store.js';
import { routeActor } from '../src/http/guard.js';
import { testDb } from './helpers.js';

const SRC = path.resolve(import.meta.dirname, '../src');
const DOOR = path.join(SRC, 'auth/scope.ts');
const TABLES = Object.keys(REGION_BOUND);
const TOUCHES = new RegExp(`\\b(?:from|join|into|update)\\s+(${TABLES.join('|')})\\b|'(${TABLES.join('|')})'`, 'i');

/** Exported functions in `source` that touch a region-bound table without taking an actor or saying `Unscoped`. */
export function scopeViolations(source: string, file = 'sample.ts'): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  // module-level constants (SQL fragments such as FROM or COLUMNS) by name, to follow references
  const constants = new Map<string, string>();
  const exported: { name: string; params: string; body: string }[] = [];
  const isExported = (n: ts.Node) => !!ts.getModifiers(n as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name) {
      const fn = { name: st.name.text, params: st.parameters.map((p) => p.getText(sf)).join(', '), body: st.body?.getText(sf) ?? '' };
      if (isExported(st)) exported.push(fn);
      else constants.set(fn.name, fn.body);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        const init = d.initializer;
        if (isExported(st) && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
          exported.push({ name: d.name.text, params: init.parameters.map((p) => p.getText(sf)).join(', '), body: init.body.getText(sf) });
        } else constants.set(d.name.text, init.getText(sf));
      }
    }
  }
  const expand = (text: string, seen: Set<string>): string => {
    let out = text;
    for (const [name, value] of constants) {
      if (seen.has(name) || !new RegExp(`\\b${name}\\b`).test(text)) continue;
      seen.add(name);
      out += '\n' + expand(value, seen);
    }
    return out;
  };
  return exported
    .filter((f) => TOUCHES.test(expand(f.body, new Set())))
    .filter((f) => !/\b(actor|scope)\b/i.test(f.params) && !f.name.endsWith('Unscoped'))
    .map((f) => `${file}: ${f.name}`);
}

function sourcesWithSql(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourcesWithSql(p);
    return e.name.endsWith('.ts') && p !== DOOR && /\bsql(`|\.raw)/.test(fs.readFileSync(p, 'utf8')) ? [p] : [];
  });
}

describe('data-scope door', () => {
  it('every exported reader or writer of a region-bound table takes the actor or is named …Unscoped', () => {
    const found = sourcesWithSql(SRC).flatMap((p) => scopeViolations(fs.readFileSync(p, 'utf8'), path.relative(SRC, p)));
    expect(found).toEqual([]);
  });

  it('the checker catches a violation, follows SQL constants, and accepts the two ways out', () => {
    const sample = `
      const FROM = sql\`observation o join subject s on s.id = o.subject_id\`;
      export async function forgotActor(db: Db, id: number) { return rows(db, sql\`select * from access_network where id = \${id}\`); }
      export const viaConstant = (db: Db) => rows(db, sql\`select o.id from \${FROM}\`);
      export async function writes(db: Db, id: number) { await db.execute(sql\`update assess_run set published = true where id = \${id}\`); }
      export async function scoped(db: Db, actor: Actor) { return rows(db, sql\`select * from access_run r where \${inScope(actor, 'access_run', 'r')}\`); }
      export async function fromOptions(db: Db, options: { actor?: Actor } = {}) { return rows(db, sql\`select * from region\`); }
      export async function graphUnscoped(db: Db, id: number) { return rows(db, sql\`select graph from access_network where id = \${id}\`); }
      export async function catalogue(db: Db) { return rows(db, sql\`select * from indicator\`); }
    `;
    expect(scopeViolations(sample)).toEqual(['sample.ts: forgotActor', 'sample.ts: viaConstant', 'sample.ts: writes']);
  });
});

describe('inScope and its in-memory twin agree', () => {
  const CITY = '/330000000000/330600000000/';
  const KEQIAO = `${CITY}330603000000/`;
  const actor = (scope: RegionScope, id = 'user:me'): Actor => ({ id, permissions: new Set(), scope });
  const rowsOf = [
    { name: 'keqiao, mine', regionCode: '330603000000', regionPath: KEQIAO, owner: 'user:me' },
    { name: 'keqiao, theirs', regionCode: '330603000000', regionPath: KEQIAO, owner: 'user:other' },
    { name: 'yuecheng, mine', regionCode: '330602000000', regionPath: `${CITY}330602000000/`, owner: 'user:me' },
    { name: 'city, theirs', regionCode: '330600000000', regionPath: CITY, owner: 'user:other' },
    { name: 'no region, mine', regionCode: null, regionPath: null, owner: 'user:me' },
    { name: 'no region, theirs', regionCode: null, regionPath: null, owner: 'user:other' },
  ];
  const scopes: [string, RegionScope][] = [
    ['all', { all: true }],
    ['region and below', { subtrees: [KEQIAO] }],
    ['region only', { exact: ['330600000000'] }],
    ['own rows', { own: true }],
    ['region and below + own rows', { subtrees: [KEQIAO], own: true }],
    ['nothing', {}],
  ];

  it('on access_facility_set rows, for every scope kind', async () => {
    const t = await testDb();
    try {
      const db = t.store.db as Db;
      await db.execute(sql`insert into region (code, name, level, parent_code, path, source) values
        ('330000000000', '浙江省', 'province', null, '/330000000000/', 't'),
        ('330600000000', '绍兴市', 'city', '330000000000', ${CITY}, 't'),
        ('330602000000', '越城区', 'county', '330600000000', ${CITY + '330602000000/'}, 't'),
        ('330603000000', '柯桥区', 'county', '330600000000', ${KEQIAO}, 't')
        on conflict do nothing`);
      for (const r of rowsOf) {
        await db.execute(sql`insert into access_facility_set (name, source, source_datum, region_code, item_count, created_by)
          values (${r.name}, 't', 'wgs84', ${r.regionCode}, 0, ${r.owner})`);
      }
      const expected: Record<string, string[]> = {
        all: rowsOf.map((r) => r.name),
        'region and below': ['keqiao, mine', 'keqiao, theirs'],
        'region only': ['city, theirs'],
        'own rows': ['keqiao, mine', 'yuecheng, mine', 'no region, mine'],
        'region and below + own rows': ['keqiao, mine', 'keqiao, theirs', 'yuecheng, mine', 'no region, mine'],
        nothing: [],
      };
      for (const [label, scope] of scopes) {
        const a = actor(scope);
        const bySql = (
          await rows<{ name: string }>(
            db,
            sql`select s.name from access_facility_set s where ${inScope(a, 'access_facility_set', 's')} order by s.id`,
          )
        ).map((r) => r.name);
        const inMemory = rowsOf.filter(visibleTo(a, 'access_facility_set')).map((r) => r.name);
        expect({ label, names: bySql }).toEqual({ label, names: expected[label] });
        expect({ label, names: inMemory }).toEqual({ label, names: expected[label] });
      }
    } finally {
      await t.dispose();
    }
  });

  it('a department scope: department-bound rows naming one of its departments in its regions; other tables by region', async () => {
    const t = await testDb();
    try {
      const db = t.store.db as Db;
      await db.execute(sql`insert into region (code, name, level, parent_code, path, source) values
        ('330000000000', '浙江省', 'province', null, '/330000000000/', 't'),
        ('330600000000', '绍兴市', 'city', '330000000000', ${CITY}, 't'),
        ('330602000000', '越城区', 'county', '330600000000', ${CITY + '330602000000/'}, 't'),
        ('330603000000', '柯桥区', 'county', '330600000000', ${KEQIAO}, 't')
        on conflict do nothing`);
      const plans = [
        {
          name: 'keqiao, market+fire',
          regionCode: '330603000000',
          regionPath: KEQIAO,
          owner: 'user:other',
          departments: ['市场监管', '消防'],
        },
        {
          name: 'keqiao, fire+ecology',
          regionCode: '330603000000',
          regionPath: KEQIAO,
          owner: 'user:me',
          departments: ['消防', '生态环境'],
        },
        {
          name: 'yuecheng, market',
          regionCode: '330602000000',
          regionPath: `${CITY}330602000000/`,
          owner: 'user:other',
          departments: ['市场监管', '应急管理'],
        },
      ];
      for (const p of plans) {
        await db.execute(sql`insert into enforce_plan (region_code, name, planned_on, lead_department, departments, item_codes, created_by)
          values (${p.regionCode}, ${p.name}, '2026-12-01', ${p.departments[0]}, ${sql.param(p.departments)}::text[], '{X}', ${p.owner})`);
        await db.execute(sql`insert into access_facility_set (name, source, source_datum, region_code, item_count, created_by)
          values (${p.name}, 't', 'wgs84', ${p.regionCode}, 0, ${p.owner})`);
      }
      const cases: [string, RegionScope, string[], string[]][] = [
        [
          'market in keqiao',
          { department: { names: ['市场监管'], subtrees: [KEQIAO] } },
          ['keqiao, market+fire'],
          [plans[0]!.name, plans[1]!.name],
        ],
        ['no department', { department: { names: [], subtrees: [KEQIAO] } }, [], [plans[0]!.name, plans[1]!.name]],
        [
          'market in keqiao + own rows',
          { department: { names: ['市场监管'], subtrees: [KEQIAO] }, own: true },
          [plans[0]!.name, plans[1]!.name],
          [plans[0]!.name, plans[1]!.name],
        ],
        [
          'market in keqiao + region yuecheng',
          { department: { names: ['市场监管'], subtrees: [KEQIAO] }, exact: ['330602000000'] },
          [plans[0]!.name, plans[2]!.name],
          plans.map((p) => p.name),
        ],
      ];
      for (const [label, scope, planNames, setNames] of cases) {
        const a = actor(scope);
        const bySql = async (table: 'enforce_plan' | 'access_facility_set') =>
          (await rows<{ name: string }>(db, sql`select s.name from ${sql.raw(table)} s where ${inScope(a, table, 's')} order by s.id`)).map(
            (r) => r.name,
          );
        expect({ label, plans: await bySql('enforce_plan') }).toEqual({ label, plans: planNames });
        expect({ label, plans: plans.filter(visibleTo(a, 'enforce_plan')).map((p) => p.name) }).toEqual({ label, plans: planNames });
        expect({ label, sets: await bySql('access_facility_set') }).toEqual({ label, sets: setNames });
        expect({ label, sets: plans.filter(visibleTo(a, 'access_facility_set')).map((p) => p.name) }).toEqual({ label, sets: setNames });
      }
      // ignoringDepartments widens the department part to its regions, and nothing else
      expect(ignoringDepartments(actor({ department: { names: ['市场监管'], subtrees: [KEQIAO] }, exact: ['1'] })).scope).toEqual({
        subtrees: [KEQIAO],
        exact: ['1'],
      });
    } finally {
      await t.dispose();
    }
  });

  it('every department-bound table resolves its department link to SQL', () => {
    const a = actor({ department: { names: ['市场监管'], subtrees: [KEQIAO] } });
    expect(DEPARTMENT_BOUND.length).toBeGreaterThan(5);
    for (const table of DEPARTMENT_BOUND) expect(() => inScope(a, table, 'x')).not.toThrow();
  });

  it('tables without own rows never show rows by ownership; full scope sees all', () => {
    const own = actor({ own: true });
    expect(visibleTo(own, 'region')({ regionCode: '330603000000', regionPath: KEQIAO, owner: 'user:me' })).toBe(false);
    expect(visibleTo(own, null)({ regionCode: null, regionPath: null, owner: 'user:me' })).toBe(false);
    expect(visibleTo(systemActor(), 'region')({ regionCode: null, regionPath: null })).toBe(true);
  });

  it('refuses an alias that is not a plain SQL identifier', () => {
    expect(() => inScope(actor({ exact: ['1'] }), 'region', 'r; drop table region')).toThrow(/alias/);
  });
});

describe('RouteAccess.scope', () => {
  const analyst: Actor = { id: 'user:a', permissions: new Set(), scope: { subtrees: ['/330000000000/'], own: true } };

  it('a region route hands the caller’s scope to its handler', () => {
    expect(routeActor(analyst, 'region').scope).toEqual(analyst.scope);
  });

  it('global and account routes reach region-bound rows only with full scope', () => {
    for (const scope of ['global', 'account'] as const) {
      const a = routeActor(analyst, scope);
      expect(a.scope).toEqual({});
      expect(a.id).toBe(analyst.id);
      expect(inScope(a, 'observation', 'o')).toEqual(sql`false`);
      expect(routeActor(systemActor(), scope).scope).toEqual({ all: true });
    }
  });
});
