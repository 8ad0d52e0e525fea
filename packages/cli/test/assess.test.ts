import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parseScheme } from '@gongfu/engine/assess';
import { PRESET_DIR, presetColumns } from '../../server/src/assess/demo.js';
import { run } from './cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-assess-'));
const SCHEME = path.join(PRESET_DIR, 'presets/keqiao-towns-annual.json');
const towns = [
  ['330603001000', '柯桥街道'],
  ['330603002000', '柯岩街道'],
  ['330603003000', '华舍街道'],
  ['330603004000', '湖塘街道'],
  ['330603005000', '齐贤街道'],
  ['330603006000', '福全街道'],
  ['330603007000', '安昌街道'],
  ['330603008000', '兰亭街道'],
  ['330603009000', '钱清街道'],
  ['330603010000', '杨汛桥街道'],
  ['330603011000', '马鞍街道'],
  ['330603105000', '平水镇'],
  ['330603107000', '王坛镇'],
  ['330603109000', '稽东镇'],
  ['330603111000', '漓渚镇'],
  ['330603114000', '夏履镇'],
];
const env = { GONGFU_DATA: path.join(tmp, 'no-database-needed'), DATABASE_URL: '' };
let header: string[];

/** A real workbook: a title line above the header would be unusual, so the header is row 1. */
async function workbook(file: string, edit?: (rows: (string | number | null)[][]) => void) {
  const plan = parseScheme(JSON.parse(fs.readFileSync(SCHEME, 'utf8')));
  const cols = presetColumns(plan, 'KQT');
  header = ['代码', '名称', '类型', ...cols.map((c) => c.column)];
  const rows = towns.map(([code, name], i) => {
    const row: Record<string, number> = {};
    return [
      code,
      name,
      name.endsWith('镇') ? '镇' : '街道',
      ...cols.map((c, j) => (row[c.column] = c.gen(((i * 7 + j * 3) % 16) / 15, ((i + j) % 10) / 10, code, row))),
    ];
  });
  edit?.(rows);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('镇街');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

beforeAll(async () => {
  await workbook(path.join(tmp, 'towns.xlsx'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('gongfu assess (files only, no database)', () => {
  it('ranks the 16 镇街 of a real .xlsx and writes every table', async () => {
    const out = path.join(tmp, 'result.xlsx');
    const res = await run(['assess', '--scheme', SCHEME, '--data', path.join(tmp, 'towns.xlsx'), '--name', '名称', '-o', out], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('示意方案');
    expect(res.stdout).toMatch(/^\s+1 {2}3306030\d{5}/m);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['排名', '各级得分', '指标', '权重']);
    const ranking = wb.getWorksheet('排名')!;
    expect(ranking.rowCount).toBe(17);
    expect(ranking.getRow(1).values).toContain('等级');
    const names = ranking.getColumn(5).values.slice(2);
    expect(new Set(names)).toEqual(new Set(towns.map((t) => t[1])));
    expect(fs.existsSync(path.join(tmp, 'no-database-needed'))).toBe(false);
  });

  it('writes .json and .csv', async () => {
    const json = path.join(tmp, 'r.json');
    expect((await run(['assess', '--scheme', SCHEME, '--data', path.join(tmp, 'towns.xlsx'), '-o', json], env)).code).toBe(0);
    const body = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(body.ranking).toHaveLength(16);
    expect(body.outputs.explanations).toHaveLength(16);
    expect(body.scheme).toEqual({ id: 'keqiao-towns-annual', version: '2025.1-illustrative', illustrative: true });
    const csv = path.join(tmp, 'r.csv');
    expect((await run(['assess', '--scheme', SCHEME, '--data', path.join(tmp, 'towns.xlsx'), '-o', csv, '--lang', 'en'], env)).code).toBe(
      0,
    );
    expect(fs.readFileSync(csv, 'utf8').startsWith('\ufeffRank')).toBe(true);
  });

  it('names the row and column of every bad cell and exits non-zero', async () => {
    const bad = path.join(tmp, 'bad.xlsx');
    await workbook(bad, (rows) => {
      rows[3][header.indexOf('GDP增速')] = '约7%';
      rows[9][header.indexOf('满意率')] = 'n/a?';
    });
    const res = await run(['assess', '--scheme', SCHEME, '--data', bad, '-o', path.join(tmp, 'bad-out.xlsx')], env);
    expect(res.code).not.toBe(0);
    const col = (name: string) => String.fromCharCode(65 + header.indexOf(name));
    expect(res.stderr).toContain(`第 5 行 ${col('GDP增速')} 列（GDP增速）的值“约7%”不是数字（共 2 处）`);
    expect(res.stderr).toContain(`row 5, column ${col('GDP增速')} (GDP增速)`);
    expect(res.stderr).toMatch(new RegExp(`row 11\\s+col ${col('满意率')} 满意率`));
    expect(fs.existsSync(path.join(tmp, 'bad-out.xlsx'))).toBe(false);
  });

  it('reports missing columns and invalid schemes with their codes', async () => {
    const missing = path.join(tmp, 'missing.csv');
    fs.writeFileSync(missing, '代码,GDP增速\n330603001000,7\n');
    const res = await run(['assess', '--scheme', SCHEME, '--data', missing, '-o', path.join(tmp, 'x.xlsx')], env);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('DATA_MISSING_COLUMN');
    expect(res.stderr).toContain('规上工业增加值增速');
    const scheme = JSON.parse(fs.readFileSync(SCHEME, 'utf8'));
    scheme.nodes[0].children[0].weight = 0.9;
    fs.writeFileSync(path.join(tmp, 'bad-scheme.json'), JSON.stringify(scheme));
    const w = await run(
      ['assess', '--scheme', path.join(tmp, 'bad-scheme.json'), '--data', path.join(tmp, 'towns.xlsx'), '-o', path.join(tmp, 'y.xlsx')],
      env,
    );
    expect(w.code).not.toBe(0);
    expect(w.stderr).toContain('WEIGHTS_NOT_SUMMING');
  });
});

/** Fails with the command's stderr in the message, so a crash shows what was printed. */
function expectCleanFailure(res: { code: number | null; stdout: string; stderr: string }, ...expected: (string | RegExp)[]) {
  const shown = `stderr:\n${res.stderr}\nstdout:\n${res.stdout}`;
  expect(res.code, shown).toBe(1);
  expect(res.stderr, shown).not.toMatch(/^\s+at /m);
  expect(res.stderr, shown).not.toMatch(/TypeError|ReferenceError|node:internal/);
  expect(res.stderr.trim(), shown).not.toBe('');
  for (const e of expected)
    expect(res.stderr, shown).toMatch(typeof e === 'string' ? new RegExp(e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : e);
}

describe('gongfu assess: every error path prints a message and exits 1', () => {
  const data = () => path.join(tmp, 'towns.xlsx');
  const withScheme = (edit: (s: Record<string, any>) => void, name: string) => {
    const s = JSON.parse(fs.readFileSync(SCHEME, 'utf8'));
    edit(s);
    const file = path.join(tmp, name);
    fs.writeFileSync(file, JSON.stringify(s));
    return file;
  };
  const assess = (scheme: string, extra: string[] = [], dataFile = data()) =>
    run(['assess', '--scheme', scheme, '--data', dataFile, '-o', path.join(tmp, 'never.xlsx'), ...extra], env);

  it('scheme errors are listed with their paths (was: TypeError reading padEnd)', async () => {
    const file = withScheme((s) => {
      s.indicators[0].direction = 2;
      s.normalise = { method: 'minmax2' };
    }, 'e-paths.json');
    const res = await assess(file);
    expectCleanFailure(res, 'SCHEME_INVALID', /indicators\.0\.direction\s+invalid_value\s+must be one of 1 \| -1/);
    expect(res.stderr).toMatch(/normalise\.method\s+invalid_value\s+"method" must be one of "none" \| "minmax" \| "zscore"/);
    expect(res.stderr).not.toContain('Invalid input');
    expect(fs.existsSync(path.join(tmp, 'never.xlsx'))).toBe(false);
  });

  it('assess validate reports the scheme’s problems, and with --data the table’s, without running', async () => {
    const good = await run(['assess', 'validate', SCHEME], env);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/方案有效: keqiao-towns-annual/);
    const withData = await run(['assess', 'validate', SCHEME, '--data', data()], env);
    expect(withData.code, withData.stderr).toBe(0);
    expect(withData.stdout).toMatch(/单位: 16/);
    const misspelt = withScheme((s) => (s.treat = { ...(s.treat ?? {}), winMax: 5 }), 'v-misspelt.json');
    expectCleanFailure(await run(['assess', 'validate', misspelt], env), 'treat.winMax');
    const lacking = path.join(tmp, 'v-lacking.xlsx');
    await workbook(lacking);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(lacking);
    wb.getWorksheet('镇街')!.spliceColumns(4, 1); // the scheme's first data column
    await wb.xlsx.writeFile(lacking);
    expectCleanFailure(await run(['assess', 'validate', SCHEME, '--data', lacking], env), 'DATA_MISSING_COLUMN');
    expect(fs.existsSync(path.join(tmp, 'never.xlsx'))).toBe(false);
  });

  it('a run without --data or --out names the missing option', async () => {
    expectCleanFailure(await run(['assess', '--scheme', SCHEME, '-o', path.join(tmp, 'never.xlsx')], env), '缺少必需的选项 --data <file>');
    expectCleanFailure(await run(['assess', '--scheme', SCHEME, '--data', data()], env), '缺少必需的选项 -o, --out <file>');
    expect(fs.existsSync(path.join(tmp, 'never.xlsx'))).toBe(false);
  });

  it('builds a scheme from an indicator table (--meta, assess scheme-from-meta) equal to the hand-written one; bad rows named', async () => {
    const meta = path.join(tmp, 'meta.csv');
    fs.writeFileSync(
      meta,
      ['代码,名称,层级,上级,方向,权重', 'GDP,GDP增速,1,ECON,1,0.6', 'ENERGY,单位GDP能耗,1,ECON,-1,0.4', 'ECON,经济发展,2,,,'].join('\n'),
    );
    const out = path.join(tmp, 'from-meta.json');
    const made = await run(['assess', 'scheme-from-meta', meta, '-o', out, '--id', 'econ'], env);
    expect(made.code, made.stderr).toBe(0);
    const handWritten = {
      schemaVersion: 1,
      id: 'econ',
      version: '1',
      name: 'econ',
      indicators: [
        { id: 'GDP', name: 'GDP增速', direction: 1 },
        { id: 'ENERGY', name: '单位GDP能耗', direction: -1 },
      ],
      nodes: [
        {
          id: 'ECON',
          name: '经济发展',
          children: [
            { id: 'GDP', weight: 0.6 },
            { id: 'ENERGY', weight: 0.4 },
          ],
        },
      ],
      root: 'ECON',
    };
    expect(parseScheme(JSON.parse(fs.readFileSync(out, 'utf8'))).scheme).toEqual(parseScheme(handWritten).scheme);

    const table = path.join(tmp, 'econ.csv');
    fs.writeFileSync(table, ['代码,GDP,ENERGY', 'A,7.1,0.5', 'B,6.2,0.4', 'C,8.0,0.6'].join('\n'));
    const ranked = path.join(tmp, 'econ-result.json');
    const res = await run(['assess', '--meta', meta, '--data', table, '-o', ranked], env);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(ranked, 'utf8')).ranking).toHaveLength(3);

    const bad = path.join(tmp, 'meta-bad.csv');
    fs.writeFileSync(
      bad,
      ['代码,名称,层级,上级,方向,权重', 'GDP,GDP增速,一,ECON,1,0.6', 'ENERGY,单位GDP能耗,1,ECOM,-1,0.4', 'ECON,经济发展,2,,,'].join('\n'),
    );
    expectCleanFailure(await run(['assess', 'scheme-from-meta', bad, '-o', out], env), 'META_INVALID', '第 2 行');
    const both = await run(['assess', '--meta', meta, '--scheme', SCHEME, '--data', table, '-o', ranked], env);
    expectCleanFailure(both, 'SCHEME_TWICE');
  });

  it('reads the indicator table’s header as clerks write it (spaces, full-width brackets, case); a missing 层级 is named', async () => {
    const spaced = path.join(tmp, 'meta-spaced.csv');
    fs.writeFileSync(spaced, ['指标 代码,指标名称,Level,上级（代码）,方向', 'GDP,GDP增速,1,ECON,1', 'ECON,经济发展,2,,'].join('\n'));
    const out = path.join(tmp, 'from-spaced.json');
    const made = await run(['assess', 'scheme-from-meta', spaced, '-o', out], env);
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).indicators).toEqual([{ id: 'GDP', name: 'GDP增速', direction: 1 }]);
    const lacking = path.join(tmp, 'meta-lacking.csv');
    fs.writeFileSync(lacking, ['代码,名称,上级', 'GDP,GDP增速,ECON'].join('\n'));
    expectCleanFailure(
      await run(['assess', 'scheme-from-meta', lacking, '-o', out], env),
      'DATA_MISSING_COLUMN',
      '第 1 行（表头）：表头缺少列：层级',
    );
  });

  it('a denominator column in the indicator table divides the indicator by that data column', async () => {
    const meta = path.join(tmp, 'meta-denominator.csv');
    fs.writeFileSync(meta, ['代码,名称,层级,上级,方向,分母', 'INCOME,村集体收入,1,IDX,1,人口', 'IDX,总指数,2,,,'].join('\n'));
    const table = path.join(tmp, 'per-head.csv');
    // per head: A 10, B 20, C 5 → minmax 0–100 gives A 33.3, B 100, C 0 (by income alone B would not lead)
    fs.writeFileSync(table, ['代码,INCOME,人口', 'A,1000,100', 'B,1000,50', 'C,1000,200'].join('\n'));
    const ranked = path.join(tmp, 'per-head.json');
    const res = await run(['assess', '--meta', meta, '--data', table, '-o', ranked], env);
    expect(res.code, res.stderr).toBe(0);
    const ranking = JSON.parse(fs.readFileSync(ranked, 'utf8')).ranking as { unit: string; score: number }[];
    expect(ranking.map((r) => [r.unit, Math.round(r.score * 10) / 10])).toEqual([
      ['B', 100],
      ['A', 33.3],
      ['C', 0],
    ]);
  });

  it('groupMean without groupBy says groupBy is required', async () => {
    const file = withScheme((s) => (s.impute = { method: 'groupMean' }), 'e-group.json');
    const res = await assess(file);
    expectCleanFailure(res, /impute\.groupBy — required when method is "groupMean"/);
    expect(res.stderr).not.toContain('no attribute ""');
  });

  it('missing, unreadable and malformed files, bad output, sheet and empty data', async () => {
    expectCleanFailure(await assess(path.join(tmp, 'nope.json')), 'no such file', 'nope.json');
    expectCleanFailure(await assess(tmp), 'is a folder');
    fs.writeFileSync(path.join(tmp, 'broken.json'), '{"schemaVersion": 1,');
    expectCleanFailure(await assess(path.join(tmp, 'broken.json')), 'SCHEME_NOT_JSON', 'broken.json');
    expectCleanFailure(await assess(SCHEME, [], path.join(tmp, 'nope.xlsx')), 'no such file', 'nope.xlsx');
    expectCleanFailure(await run(['assess', '--scheme', SCHEME, '--data', data(), '-o', path.join(tmp, 'out.txt')], env), 'OUT_FORMAT');
    expectCleanFailure(await assess(SCHEME, ['--sheet', '不存在']), 'SHEET_NOT_FOUND', '不存在');
    fs.writeFileSync(path.join(tmp, 'empty.csv'), '代码,名称\n');
    expectCleanFailure(await assess(SCHEME, [], path.join(tmp, 'empty.csv')), 'DATA_EMPTY');
    fs.writeFileSync(path.join(tmp, 'v2.json'), JSON.stringify({ schemaVersion: 2 }));
    expectCleanFailure(await assess(path.join(tmp, 'v2.json')), 'SCHEME_VERSION');
    fs.writeFileSync(path.join(tmp, 'array.json'), '[]');
    expectCleanFailure(await assess(path.join(tmp, 'array.json')), 'SCHEME_INVALID');
  });

  it('aligns long CJK unit names in the console ranking by display width', async () => {
    const long = path.join(tmp, 'long-names.xlsx');
    await workbook(long, (rows) => {
      rows[0][1] = '柯桥区经济技术开发区管理委员会（柯桥街道）';
      rows[1][1] = 'A very long ASCII name for a unit';
    });
    const res = await run(['assess', '--scheme', SCHEME, '--data', long, '--name', '名称', '-o', path.join(tmp, 'long.json')], env);
    expect(res.code, res.stderr).toBe(0);
    const { displayWidth } = await import('../src/output.js');
    const lines = res.stdout.split('\n').filter((l) => /^\s+\d+ {2}3306/.test(l));
    expect(lines).toHaveLength(16);
    // the score column ends at the same terminal column on every line
    const ends = lines.map((l) => displayWidth(l.replace(/\s+\S*$/, '').replace(/\s+$/, '')));
    expect(new Set(ends).size, lines.join('\n')).toBe(1);
  });
});

describe('gongfu assess: unit screening', () => {
  it('drops the towns below the data threshold and lists them with the reason', async () => {
    const sparse = path.join(tmp, 'sparse.xlsx');
    await workbook(sparse, (rows) => {
      for (let j = 3; j < rows[2].length; j++) if (j % 2 === 0 || j > 6) rows[2][j] = null; // 华舍街道: most cells blank
    });
    const s = JSON.parse(fs.readFileSync(SCHEME, 'utf8'));
    s.screening = { unitScreen: 'byNA', datThresh: 0.6 };
    s.impute = { method: 'mean' };
    const file = path.join(tmp, 'screen.json');
    fs.writeFileSync(file, JSON.stringify(s));
    const out = path.join(tmp, 'screen-out.json');
    const res = await run(['assess', '--scheme', file, '--data', sparse, '--name', '名称', '-o', out, '--lang', 'en'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/screened out: 330603003000 华舍街道 — data availability \d+\.\d% below the threshold 60\.0%/);
    const body = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(body.ranking).toHaveLength(15);
    expect(body.ranking.map((r: { unit: string }) => r.unit)).not.toContain('330603003000');
    expect(body.outputs.screening.removed.map((u: { unit: string }) => u.unit)).toEqual(['330603003000']);
  });
});
