/**
 * The analyst's commands end to end, run from the built CLI as a user runs it (`node
 * packages/cli/dist/main.js`; build first with `npx tsc -b packages/engine packages/server packages/cli`):
 * 1. start-up: `gongfu --help`, `gongfu assess --help`, `gongfu --version`, ROUNDS runs each (min,
 *    median, max), beside `node -e 0` and `python3 -c pass` — the floor every Node or Python command
 *    pays. Target (issue 19): ≤ 150 ms.
 * 2. `gongfu assess` with the illustrative Keqiao scheme on 10,000 and 100,000 units (CSV and xlsx in,
 *    xlsx and csv out): wall time and peak RSS of the process (/usr/bin/time). Target: 100,000 units
 *    xlsx → xlsx ≤ 5 s and ≤ 600 MB; 10,000 units ≤ 1 s.
 * 3. `gongfu circles run` on the Helsinki extract (OSM facilities, synthetic residents), xlsx out.
 * The load average is printed with the figures (2 shared cores: read them with it).
 * Run: npm run bench:cli  (GONGFU_BENCH_ROUNDS=20, GONGFU_BENCH_UNITS=10000,100000, GONGFU_BENCH_KEEP=1)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parseScheme } from '../packages/engine/src/assess/index.js';
import { PRESET_DIR, presetColumns } from '../packages/server/src/assess/demo.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const MAIN = path.join(ROOT, 'packages/cli/dist/main.js');
const ROUNDS = Number(process.env.GONGFU_BENCH_ROUNDS ?? 20);
const UNITS = (process.env.GONGFU_BENCH_UNITS ?? '10000,100000').split(',').map(Number);
const SCHEME = path.join(PRESET_DIR, 'presets/keqiao-towns-annual.json');
const HELSINKI = path.join(ROOT, 'packages/server/seed/osm/helsinki.osm.pbf');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-bench-cli-'));
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

if (!fs.existsSync(MAIN)) throw new Error(`build the CLI first: ${MAIN} is missing`);

interface Timed {
  ms: number;
  /** peak resident set of the command, MB (null without /usr/bin/time) */
  rssMb: number | null;
  /** user + system CPU time of the command, ms (null without /usr/bin/time): less sensitive to other jobs */
  cpuMs: number | null;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command once; with /usr/bin/time for the peak RSS (its own cost is < 1 ms). */
function timed(cmd: string, args: string[], env: Record<string, string> = {}): Timed {
  const marker = '@@gongfu-bench-rss ';
  const [file, argv] = TIME ? [TIME, ['-f', `${marker}%M %U %S`, cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(file, argv, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  const at = r.stderr.lastIndexOf(marker);
  const [rss, user, sys] =
    at >= 0
      ? r.stderr
          .slice(at + marker.length)
          .trim()
          .split(/\s+/)
          .map(Number)
      : [];
  const rssMb = at >= 0 ? rss / 1024 : null;
  const cpuMs = at >= 0 ? (user + sys) * 1000 : null;
  return { ms, rssMb, cpuMs, status: r.status, stdout: r.stdout, stderr: at >= 0 ? r.stderr.slice(0, at) : r.stderr };
}

function check(r: Timed, what: string): Timed {
  if (r.status !== 0) throw new Error(`${what} exited with ${r.status}:\n${r.stderr}`);
  return r;
}

const fmt = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;

/** ROUNDS runs (after one warm-up for the file cache): min, median, max. */
function repeated(label: string, cmd: string, args: string[]) {
  check(timed(cmd, args), label);
  const ms = Array.from({ length: ROUNDS }, () => check(timed(cmd, args), label).ms).sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  console.log(`  ${label.padEnd(28)} min ${fmt(ms[0])}  median ${fmt(median)}  max ${fmt(ms.at(-1)!)}`);
  return median;
}

console.log(`bench/cli — node ${process.version}, ${os.cpus().length} cores, load average ${load()}`);
console.log(`\n[start-up] ${ROUNDS} runs each (target: gongfu --help ≤ 150 ms)`);
const floor = repeated('node -e 0', process.execPath, ['-e', '0']);
const python = spawnSync('python3', ['-c', 'pass']).status === 0 ? repeated('python3 -c pass', 'python3', ['-c', 'pass']) : null;
const help = repeated('gongfu --help', process.execPath, [MAIN, '--help']);
repeated('gongfu assess --help', process.execPath, [MAIN, 'assess', '--help']);
repeated('gongfu circles run --help', process.execPath, [MAIN, 'circles', 'run', '--help']);
repeated('gongfu --version', process.execPath, [MAIN, '--version']);
console.log(
  `  gongfu --help: ${(help - floor).toFixed(0)} ms above node -e 0${python ? `, ${(help / python).toFixed(2)}× python3 -c pass` : ''}; ${help <= 150 ? 'within' : 'OVER'} the 150 ms target (load ${load()})`,
);

/** The scheme's columns for n units (the demo's generators), ids U000001…, 类型 alternating 街道/镇. */
function unitTable(n: number): { header: string[]; rows: (string | number)[][] } {
  const plan = parseScheme(JSON.parse(fs.readFileSync(SCHEME, 'utf8')));
  const cols = presetColumns(plan, 'KQT');
  const header = ['代码', '名称', '类型', ...cols.map((c) => c.column)];
  const rows = Array.from({ length: n }, (_, i) => {
    const code = `U${String(i + 1).padStart(6, '0')}`;
    const row: Record<string, number> = {};
    return [
      code,
      `单位${i + 1}`,
      i % 3 === 0 ? '镇' : '街道',
      ...cols.map((c, j) => (row[c.column] = c.gen(((i * 7 + j * 3) % 16) / 15, ((i * 13 + j) % 10) / 10, code, row))),
    ];
  });
  return { header, rows };
}

async function writeInputs(n: number) {
  const { header, rows } = unitTable(n);
  const csv = path.join(tmp, `units-${n}.csv`);
  const quote = (v: string | number) => (typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  fs.writeFileSync(csv, [header, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n');
  const xlsx = path.join(tmp, `units-${n}.xlsx`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: false });
  const ws = wb.addWorksheet('单位');
  ws.addRow(header).commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return { csv, xlsx };
}

console.log(
  `\n[assess] illustrative Keqiao scheme; wall time and peak RSS of the command (targets: 100,000 xlsx → xlsx ≤ 5 s, ≤ 600 MB; 10,000 ≤ 1 s)`,
);
for (const n of UNITS) {
  const input = await writeInputs(n);
  for (const [from, to] of [
    ['csv', 'csv'],
    ['csv', 'xlsx'],
    ['xlsx', 'xlsx'],
  ] as const) {
    const out = path.join(tmp, `out-${n}.${to}`);
    const r = check(
      timed(process.execPath, [MAIN, 'assess', '--scheme', SCHEME, '--data', input[from], '--name', '名称', '-o', out]),
      `assess ${n} ${from} → ${to}`,
    );
    const size = fs.statSync(out).size / 1024 / 1024;
    console.log(
      `  ${n.toLocaleString('en').padStart(7)} units ${from.padEnd(4)} → ${to.padEnd(4)} ${fmt(r.ms)}  CPU ${r.cpuMs === null ? '?' : fmt(r.cpuMs)}  peak RSS ${r.rssMb === null ? '?' : r.rssMb.toFixed(0).padStart(5)} MB  (out ${size.toFixed(1)} MB, load ${load()})`,
    );
  }
}

if (fs.existsSync(HELSINKI)) {
  console.log(`\n[circles run] Helsinki extract, OSM facilities, synthetic residents (target ≤ 0.6 s)`);
  for (let round = 1; round <= 3; round++) {
    const out = path.join(tmp, 'helsinki.xlsx');
    const r = check(timed(process.execPath, [MAIN, 'circles', 'run', '--network', HELSINKI, '-o', out]), 'circles run');
    console.log(
      `  round ${round}: ${fmt(r.ms)}  CPU ${r.cpuMs === null ? '?' : fmt(r.cpuMs)}  peak RSS ${r.rssMb === null ? '?' : r.rssMb.toFixed(0)} MB  (load ${load()})`,
    );
  }
}

// GONGFU_BENCH_KEEP=1 keeps the inputs and outputs (to profile one command by hand)
if (process.env.GONGFU_BENCH_KEEP) console.log(`\n(inputs and outputs kept in ${tmp})`);
else fs.rmSync(tmp, { recursive: true, force: true });
