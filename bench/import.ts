/**
 * Import of a 100,000-row workbook (long layout: region, indicator, month, value) on PGlite and
 * PostgreSQL: read + validate + one-transaction write, with a dry run measured separately.
 * Run: npm run bench:import
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { systemActor } from '../packages/server/src/auth/actor.js';
import { saveIndicators } from '../packages/server/src/indicators/service.js';
import { runImport } from '../packages/server/src/imports/service.js';
import { listRegions } from '../packages/server/src/regions/repository.js';
import { loadCountyCsv, loadRegionCsv } from '../packages/server/src/regions/service.js';
import { SEED_DIR } from '../packages/server/src/demo/load.js';
import { pgliteBackend, postgresBackend, type Backend } from './lib.js';

const ROWS = 100_000;
const INDICATORS = Array.from({ length: 10 }, (_, i) => `BENCH_${i}`);
const actor = systemActor('bench');

async function prepare(b: Backend): Promise<string[]> {
  const read = (p: string) => fs.readFileSync(path.join(SEED_DIR, p), 'utf8');
  await loadCountyCsv(b.store.db, read('regions/zhejiang-counties.csv'), { code: '330000000000', name: '浙江省' }, 'bench');
  await loadRegionCsv(b.store.db, read('regions/keqiao.csv'), 'bench');
  await saveIndicators(
    b.store.db,
    actor,
    INDICATORS.map((code) => ({
      code,
      nameZh: code,
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
  return (await listRegions(b.store.db, actor, { under: '330603000000' })).map((r) => r.code);
}

async function writeWorkbook(file: string, subjects: string[]) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('数据');
  ws.addRow(['地区代码', '指标代码', '期间', '值']).commit();
  let n = 0;
  outer: for (let m = 0; ; m++) {
    const period = `${2000 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    for (const s of subjects) {
      for (const ind of INDICATORS) {
        ws.addRow([s, ind, period, Math.round(Math.random() * 1e6) / 100]).commit();
        if (++n === ROWS) break outer;
      }
    }
  }
  ws.commit();
  await wb.commit();
}

async function bench(b: Backend, file: string) {
  const bytes = fs.readFileSync(file);
  const opts = { fileName: path.basename(file), maxBytes: 200 * 1024 * 1024 };
  let t0 = performance.now();
  const dry = await runImport(b.store.db, actor, bytes, { ...opts, dryRun: true });
  const dryMs = performance.now() - t0;
  t0 = performance.now();
  const done = await runImport(b.store.db, actor, bytes, { ...opts, dryRun: false });
  const commitMs = performance.now() - t0;
  if (done.inserted !== ROWS || dry.inserted !== ROWS) throw new Error(`expected ${ROWS} inserted, got ${done.inserted}`);
  console.log(
    `${b.name.padEnd(9)} dry run (read + validate): ${(dryMs / 1000).toFixed(2)} s   import (read + validate + write, one transaction): ${(commitMs / 1000).toFixed(2)} s`,
  );
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongfu-bench-import-'));
const file = path.join(dir, 'bench-100k.xlsx');
console.log(`bench:import — ${ROWS.toLocaleString()}-row .xlsx (long layout), ${os.cpus().length} cores, node ${process.version}`);
for (const make of [pgliteBackend, postgresBackend]) {
  const b = await make();
  if (!b) continue;
  try {
    const subjects = await prepare(b);
    if (!fs.existsSync(file)) {
      await writeWorkbook(file, subjects);
      console.log(`workbook: ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
    }
    await bench(b, file);
  } finally {
    await b.dispose();
  }
}
fs.rmSync(dir, { recursive: true, force: true });
