/**
 * `gongfu --help` and `gongfu <command> --help` must stay fast (≤ 150 ms, issue 19; bench/cli.ts
 * times them): a command file only declares its commands and loads its implementation when it
 * runs. Checked twice: statically (what each command file imports) and at run time (which modules
 * a help run actually resolves, through a module-resolution hook).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScheme } from '@gongfu/engine/assess';
import { schemeAttributes, schemeColumns } from '@gongfu/server/assess/bindings';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'packages/cli');
const COMMANDS = path.join(CLI, 'src/commands');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');
const HOOK = path.join(CLI, 'test/load-log.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-startup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** What a command file may import at run time: the declaration needs commander and constants only. */
const ALLOWED = new Set(['commander', '../module.js', '@gongfu/server/circles/synthetic']);
/** Modules of the server and engine packages a help run may load (constants without imports). */
const LIGHT = [/packages\/server\/(src|dist)\/(version|circles\/synthetic)\.(ts|js)$/];

/** Runtime (not `import type`) static imports of a source file. */
export function runtimeImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^import\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gms)) {
    const [, typeOnly, clause, spec] = m;
    if (typeOnly) continue;
    // `import { type A, type B } from` is erased too
    const names = clause
      .replace(/^\{|\}$/g, '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (clause.startsWith('{') && names.every((n) => n.startsWith('type '))) continue;
    found.push(spec);
  }
  for (const m of source.matchAll(/^import\s+['"]([^'"]+)['"]/gm)) found.push(m[1]);
  return found;
}

/** Runs the CLI from source with the load log; returns the result and the resolved module URLs. */
function gongfuLogged(args: string[], name: string) {
  const log = path.join(tmp, `${name}.log`);
  fs.rmSync(log, { force: true });
  const r = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', TSX, '--import', HOOK, path.join(CLI, 'src/main.ts'), ...args],
    {
      env: { ...process.env, GONGFU_LOAD_LOG: log, GONGFU_DATA: path.join(tmp, 'no-database'), DATABASE_URL: '' },
      encoding: 'utf8',
    },
  );
  const urls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { ...r, urls, heavy: urls.filter(isHeavy) };
}

function isHeavy(url: string): boolean {
  if (/\/node_modules\/(fastify|@fastify|@electric-sql|pg|@e965|exceljs|kysely|zod|cli-progress)\//.test(url)) return true;
  if (!/\/packages\/(server|engine)\//.test(url)) return false;
  return !LIGHT.some((re) => re.test(url));
}

describe('gongfu start-up', () => {
  it('the static check sees runtime imports and ignores type-only ones', () => {
    expect(
      runtimeImports(
        `import type { A } from 'a';\nimport { type B, type C } from 'b';\nimport { D, type E } from 'd';\nimport x from 'x';\nimport {\n  F,\n} from 'f';\nimport 'side';`,
      ),
    ).toEqual(['d', 'x', 'f', 'side']);
  });

  it('every command file imports only commander, module.ts and constants at the top level', () => {
    const files = fs.readdirSync(COMMANDS).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    const offending = files.flatMap((f) =>
      runtimeImports(fs.readFileSync(path.join(COMMANDS, f), 'utf8'))
        .filter((spec) => !ALLOWED.has(spec))
        .map((spec) => `commands/${f}: ${spec}`),
    );
    expect(offending, 'load implementations with lazy(() => import(...)) inside the action').toEqual([]);
  });

  it('main.ts and module.ts load nothing of the server or engine at the top level', () => {
    for (const f of ['main.ts', 'module.ts']) {
      const heavy = runtimeImports(fs.readFileSync(path.join(CLI, 'src', f), 'utf8')).filter(
        (spec) => /^@gongfu\//.test(spec) && spec !== '@gongfu/server/version',
      );
      expect(heavy, f).toEqual([]);
    }
  });

  it.each(
    [['--help'], ['assess', '--help'], ['circles', 'run', '--help'], ['user', 'add', '--help'], ['--version']].map((a) => [a.join(' '), a]),
  )('`gongfu %s` loads neither the server nor the engine', (name, args) => {
    const r = gongfuLogged(args as string[], (name as string).replace(/\W+/g, '-'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Usage: gongfu|\d+\.\d+\.\d+/);
    // the hook saw the program's own modules (else this test could not fail)
    expect(
      r.urls.some((u) => u.endsWith('/packages/cli/src/commands/assess.ts')),
      r.urls.join('\n'),
    ).toBe(true);
    expect(r.heavy, r.stderr).toEqual([]);
  });

  it('a command that runs loads its implementation (the hook sees the engine then)', () => {
    const scheme = path.join(ROOT, 'packages/engine/src/assess/presets/keqiao-towns-annual.json');
    const r = gongfuLogged(['assess', 'validate', scheme, '--lang', 'en'], 'validate');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('scheme is valid');
    expect(r.urls.some((u) => u.endsWith('/packages/cli/src/actions/assess.ts'))).toBe(true);
    expect(r.heavy.some((u) => /\/packages\/engine\//.test(u))).toBe(true);
  });

  it('the offline commands (assess, circles run) load neither the database nor the web server', () => {
    const scheme = path.join(ROOT, 'packages/engine/src/assess/presets/keqiao-towns-annual.json');
    const data = path.join(tmp, 'units.csv');
    const plan = parseScheme(JSON.parse(fs.readFileSync(scheme, 'utf8')));
    const columns = schemeColumns(plan);
    const rows = Array.from({ length: 4 }, (_, i) =>
      [`U${i}`, `单位${i}`, i % 2 ? '镇' : '街道', ...columns.map((_, j) => 100 + i * 7 + j)].join(','),
    );
    fs.writeFileSync(data, [['代码', '名称', ...schemeAttributes(plan), ...columns].join(','), ...rows].join('\n'));
    const network = path.join(ROOT, 'packages/server/seed/osm/monaco.osm.pbf');
    for (const [name, args] of [
      ['assess', ['assess', '--scheme', scheme, '--data', data, '--name', '名称', '-o', path.join(tmp, 'a.xlsx')]],
      ['circles', ['circles', 'run', '--network', network, '-o', path.join(tmp, 'c.xlsx')]],
    ] as const) {
      const r = gongfuLogged([...args], `offline-${name}`);
      expect(r.status, r.stderr).toBe(0);
      // the engine is loaded (the hook works), the database and server packages are not
      expect(
        r.heavy.some((u) => /\/packages\/engine\//.test(u)),
        name,
      ).toBe(true);
      const server = r.urls.filter((u) =>
        /\/node_modules\/(fastify|@fastify|@electric-sql|pg|drizzle-orm|@zxcvbn-ts)\/|\/packages\/server\/(src|dist)\/(db|auth|http)\//.test(
          u,
        ),
      );
      expect(server, name).toEqual([]);
    }
  });

  it('an error in a lazily loaded command still prints bilingually and exits 1', () => {
    const r = gongfuLogged(['assess', '--data', path.join(tmp, 'missing.csv'), '-o', path.join(tmp, 'out.csv')], 'error');
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('错误');
    expect(r.stderr).toContain('Error');
  });
});
