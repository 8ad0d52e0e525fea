/**
 * Import of 100,000 values on PGlite and PostgreSQL: read + validate + one-transaction write, with a
 * dry run measured separately, for two workbooks holding the same values:
 * - the clean template: long layout, one header row, region and indicator codes;
 * - an office workbook: a title, a two-row header (序号/地区名称/指标名称/期间 merged down, a group
 *   「2025年报送」 merged over 本期/备注), towns and villages by name as clerks type them (柯桥,
 *   柯桥 + U+3000 + 街道, 柯桥区柯桥街道, 兴华村委会, …) and indicators by name.
 * Prints both times and the ratio (target: the office workbook within 1.5× of the template), and
 * checks that the office workbook holds exactly the template's values.
 * Run: npm run bench:import
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { systemActor } from '../packages/server/src/auth/actor.js';
import { saveIndicators } from '../packages/server/src/indicators/service.js';
import { runImport, type ImportPreview } from '../packages/server/src/imports/service.js';
import { listRegions, type Region } from '../packages/server/src/regions/repository.js';
import { loadCountyCsv, loadRegionCsv } from '../packages/server/src/regions/service.js';
import { SEED_DIR } from '../packages/server/src/demo/load.js';
import { pgliteBackend, postgresBackend, type Backend } from './lib.js';

const ROWS = 100_000;
const INDICATORS = Array.from({ length: 10 }, (_, i) => ({ code: `BENCH_${i}`, nameZh: `基准指标${'甲乙丙丁戊己庚辛壬癸'[i]}` }));
const actor = systemActor('bench');

async function prepare(b: Backend): Promise<Region[]> {
  const read = (p: string) => fs.readFileSync(path.join(SEED_DIR, p), 'utf8');
  await loadCountyCsv(b.store.db, read('regions/zhejiang-counties.csv'), { code: '330000000000', name: '浙江省' }, 'bench');
  await loadRegionCsv(b.store.db, read('regions/keqiao.csv'), 'bench');
  await saveIndicators(
    b.store.db,
    actor,
    INDICATORS.map(({ code, nameZh }) => ({
      code,
      nameZh,
      nameEn: code,
      unit: '',
      direction: 'higher',
      frequency: 'month',
      accumulation: 'point',
      decimals: 2,
      definition: 'bench',
      sourceDepartment: 'bench',
      subjectKind: 'region',
    })),
  );
  return listRegions(b.store.db, actor, { under: '330603000000' });
}

interface Value {
  region: number;
  indicator: number;
  period: string;
  value: number;
}

/** The 100,000 values both workbooks hold: every region × indicator, month after month (seeded, so both are the same). */
function values(regions: number): Value[] {
  let seed = 11;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: Value[] = [];
  for (let m = 0; out.length < ROWS; m++) {
    const period = `${2000 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    for (let region = 0; region < regions && out.length < ROWS; region++)
      for (let indicator = 0; indicator < INDICATORS.length && out.length < ROWS; indicator++)
        out.push({ region, indicator, period, value: Math.round(random() * 1e6) / 100 });
  }
  return out;
}

async function writeClean(file: string, regions: Region[], data: Value[]) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('数据');
  ws.addRow(['地区代码', '指标代码', '期间', '值']).commit();
  for (const v of data) ws.addRow([regions[v.region].code, INDICATORS[v.indicator].code, v.period, v.value]).commit();
  ws.commit();
  await wb.commit();
}

/**
 * How a clerk names each region, in turn: as the catalogue has it (兴华村委会), in short (兴华村,
 * 管墅社区), by a town's core (柯桥, unless a village has that core too: 漓渚 is 漓渚镇 or 漓渚村),
 * with a full-width space (柯桥 + U+3000 + 街道), under its town or county (柯桥区柯桥街道,
 * 柯桥街道管墅社区), with spaces around. A name that two regions share is always given under its parent.
 */
function spellings(regions: Region[]): string[][] {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const short = (n: string) => n.replace(/村民委员会$|村委会$/, '村').replace(/(社区)?居(民)?委(员)?会$/, '社区');
  const count = new Map<string, number>();
  for (const r of regions) count.set(short(r.name), (count.get(short(r.name)) ?? 0) + 1);
  const villageCores = new Set(regions.filter((r) => r.level === 'village').map((r) => short(r.name).replace(/(村|社区)$/, '')));
  return regions.map((r) => {
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
    const under = (n: string) => (parent ? `${parent.name}${n}` : n);
    const shared = (count.get(short(r.name)) ?? 0) > 1;
    const name = shared ? under(r.name) : r.name;
    const spaced = (n: string) => `${n.slice(0, 2)}\u3000${n.slice(2)}`;
    if (r.level === 'town') {
      const core = r.name.replace(/(街道|镇|乡)$/, '');
      return [name, ...(villageCores.has(core) ? [] : [core]), spaced(name), under(r.name), ` ${name} `];
    }
    if (r.level === 'village') {
      const s = shared ? under(short(r.name)) : short(r.name);
      return [name, s, spaced(s), under(short(r.name)), ` ${s}`];
    }
    return [name];
  });
}

async function writeOffice(file: string, regions: Region[], data: Value[]) {
  const names = spellings(regions);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('各镇街村社月报');
  const top = [
    ws.addRow(['柯桥区各镇街、村（社区）主要指标月度报表']),
    ws.addRow(['序号', '地区名称', '指标名称', '期间', '2025年报送', null]),
    ws.addRow([null, null, null, null, '本期', '备注']),
  ];
  ws.mergeCells('A1:F1');
  for (const c of ['A', 'B', 'C', 'D']) ws.mergeCells(`${c}2:${c}3`);
  ws.mergeCells('E2:F2');
  for (const row of top) row.commit();
  const turn = new Map<number, number>();
  data.forEach((v, i) => {
    const spelt = names[v.region];
    const k = turn.get(v.region) ?? 0;
    turn.set(v.region, k + 1);
    ws.addRow([i + 1, spelt[k % spelt.length], INDICATORS[v.indicator].nameZh, v.period, v.value, null]).commit();
  });
  ws.commit();
  await wb.commit();
}

interface Timing {
  dryMs: number;
  commitMs: number;
}

async function time(b: Backend, file: string): Promise<Timing> {
  const bytes = fs.readFileSync(file);
  // one source for both workbooks, so that the same values are the same observations
  const opts = { fileName: path.basename(file), maxBytes: 200 * 1024 * 1024, source: 'bench' };
  let t0 = performance.now();
  const dry = await runImport(b.store.db, actor, bytes, { ...opts, dryRun: true });
  const dryMs = performance.now() - t0;
  t0 = performance.now();
  const done = await runImport(b.store.db, actor, bytes, { ...opts, dryRun: false });
  const commitMs = performance.now() - t0;
  if (done.inserted !== ROWS || dry.inserted !== ROWS) throw new Error(`${opts.fileName}: expected ${ROWS} inserted, got ${done.inserted}`);
  return { dryMs, commitMs };
}

/** The office workbook, imported, holds the template's values: the template then changes nothing. */
async function sameValues(b: Backend, file: string) {
  const p: ImportPreview = await runImport(b.store.db, actor, fs.readFileSync(file), {
    fileName: path.basename(file),
    maxBytes: 200 * 1024 * 1024,
    source: 'bench',
    dryRun: true,
  });
  if (p.unchanged !== ROWS) throw new Error(`the office workbook differs from the template: ${p.unchanged} of ${ROWS} values the same`);
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const line = (name: string, label: string, t: Timing) =>
  console.log(
    `${name.padEnd(9)} ${label.padEnd(16)} dry run (read + validate): ${s(t.dryMs).padStart(7)}   import (read + validate + write, one transaction): ${s(t.commitMs).padStart(7)}`,
  );

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-bench-import-'));
const clean = path.join(dir, 'bench-100k.xlsx');
const office = path.join(dir, 'bench-100k-office.xlsx');
console.log(`bench:import — ${ROWS.toLocaleString()}-row .xlsx, ${os.cpus().length} cores, node ${process.version}`);
for (const make of [pgliteBackend, postgresBackend]) {
  const times: Timing[] = [];
  for (const [label, file] of [
    ['clean template', clean],
    ['office workbook', office],
  ] as const) {
    const b = await make();
    if (!b) break;
    try {
      const regions = await prepare(b);
      if (!fs.existsSync(file)) {
        const data = values(regions.length);
        await (file === clean ? writeClean : writeOffice)(file, regions, data);
        console.log(
          `${label}: ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB, ${ROWS.toLocaleString()} rows over ${regions.length} regions`,
        );
      }
      const t = await time(b, file);
      line(b.name, label, t);
      times.push(t);
      if (file === office) await sameValues(b, clean);
    } finally {
      await b.dispose();
    }
  }
  if (times.length === 2) {
    const [c, o] = times;
    const r = (x: number, y: number) => `${(x / y).toFixed(2)}×`;
    console.log(
      `${' '.repeat(9)} office / clean   dry run ${r(o.dryMs, c.dryMs)}   import ${r(o.commitMs, c.commitMs)}   (target ≤ 1.50×)`,
    );
  }
}
if (!process.env.BENCH_KEEP) fs.rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
