import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  backup,
  exportObservations,
  importBoundaries,
  readBoundaryFile,
  loadConfig,
  loadDemos,
  migrateAsOwner,
  periodRange,
  restore,
  runImport,
} from '@gongfu/server';
import { withStore } from '../context.js';
import { progress } from '../output.js';
import { exportRemote, importRemote, remoteFrom } from '../remote.js';

export async function demo(): Promise<void> {
  await withStore(async ({ store, actor }) => {
    const bar = progress('demo');
    const steps = await loadDemos(store.db, {
      actor,
      onStep: (module, index, total, label) => bar.update(index, total, label ? `${module}: ${label}` : module),
    });
    bar.stop();
    for (const step of steps) for (const line of step.lines) console.log(line);
  });
}

export async function dbMigrate(): Promise<void> {
  const { applied, grantedTables } = await migrateAsOwner(loadConfig());
  console.log(applied.length ? `已执行 / applied: ${applied.join(', ')}` : '数据库已是最新 / database is up to date');
  if (grantedTables !== null)
    console.log(`已授权应用角色 / application role granted: ${process.env.GONGFU_APP_ROLE} (${grantedTables} tables)`);
}

export async function dbBackup(file: string): Promise<void> {
  await withStore(async ({ store }) => {
    const bar = progress('backup');
    let n = 0;
    const report = await backup(store, path.resolve(file), (name) => bar.update(++n, n + 1, name));
    bar.stop();
    const total = report.tables.reduce((s, t) => s + t.rows, 0);
    console.log(`备份完成 / backup written: ${file} (${report.tables.length} tables, ${total} rows, ${fs.statSync(file).size} bytes)`);
  });
}

export async function dbRestore(file: string, options: { yes?: boolean; allowAuditRollback?: boolean }): Promise<void> {
  if (!options.yes) {
    throw new Error('恢复会替换全部数据，请加 --yes 确认 / restore replaces all data; confirm with --yes');
  }
  await withStore(async ({ store }) => {
    const bar = progress('restore');
    let n = 0;
    const report = await restore(store, path.resolve(file), {
      onTable: (name) => bar.update(++n, n + 1, name),
      actor: { id: `cli:${os.userInfo().username}` },
      allowAuditRollback: options.allowAuditRollback,
    });
    bar.stop();
    const total = report.tables.reduce((s, t) => s + t.rows, 0);
    console.log(`恢复完成 / restored: ${report.tables.length} tables, ${total} rows`);
  });
}

type ImportSummary = Awaited<ReturnType<typeof runImport>>;

function printImport(
  file: string,
  result: Pick<
    ImportSummary,
    'dryRun' | 'format' | 'encoding' | 'layout' | 'rowCount' | 'observationCount' | 'inserted' | 'revised' | 'unchanged' | 'batchId'
  >,
) {
  console.log(
    `${result.dryRun ? '预检 / dry run' : '已导入 / imported'}: ${path.basename(file)} (${result.format}${result.encoding ? ', ' + result.encoding : ''}, ${result.layout})`,
  );
  console.log(
    `  rows ${result.rowCount}, values ${result.observationCount}: new ${result.inserted}, revised ${result.revised}, unchanged ${result.unchanged}`,
  );
  if (result.batchId) console.log(`  batch / 批次 #${result.batchId}`);
}

export async function importFile(
  file: string,
  options: { dryRun?: boolean; status?: 'preliminary' | 'final'; source?: string; note?: string; server?: string; token?: string },
): Promise<void> {
  const remote = remoteFrom(options);
  if (remote) {
    printImport(file, await importRemote(remote, file, options));
    return;
  }
  await withStore(async ({ store, actor, config }) => {
    const bytes = fs.readFileSync(file);
    const bar = progress('import');
    const result = await runImport(store.db, actor, bytes, {
      fileName: path.basename(file),
      dryRun: !!options.dryRun,
      status: options.status,
      source: options.source,
      note: options.note,
      maxBytes: config.importMaxBytes,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.stop();
    printImport(file, result);
  });
}

export async function exportFile(options: {
  out: string;
  format?: 'xlsx' | 'csv';
  layout: 'long' | 'wide';
  lang: 'zh' | 'en';
  indicator?: string;
  region?: string;
  from?: string;
  to?: string;
  server?: string;
  token?: string;
}): Promise<void> {
  const format = options.format ?? (options.out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx');
  const remote = remoteFrom(options);
  if (remote) {
    const { out, server: _s, token: _t, ...query } = options;
    await exportRemote(remote, out, { ...query, format });
    console.log(`已导出 / exported: ${out} (${fs.statSync(out).size} bytes)`);
    return;
  }
  await withStore(async ({ store, actor }) => {
    const out = fs.createWriteStream(options.out);
    const finished = new Promise((resolve, reject) => {
      out.on('finish', () => resolve(undefined));
      out.on('error', reject);
    });
    await exportObservations(
      store.db,
      actor,
      {
        format,
        layout: options.layout,
        lang: options.lang,
        filter: {
          indicators: options.indicator?.split(',').map((s) => s.trim()),
          region: options.region,
          ...periodRange(options.from, options.to),
        },
      },
      out,
    );
    await finished;
    console.log(`已导出 / exported: ${options.out} (${fs.statSync(options.out).size} bytes)`);
  });
}

export async function boundaries(
  file: string,
  options: { datum: 'auto' | 'wgs84' | 'gcj02' | 'bd09'; source: string; dryRun?: boolean },
): Promise<void> {
  await withStore(async ({ store, actor }) => {
    const { collection, prj } = readBoundaryFile(fs.readFileSync(file), path.basename(file));
    const report = await importBoundaries(store.db, actor, collection, { ...options, prj });
    const verb = options.dryRun ? '边界预览，未保存 / outlines matched (dry run, nothing stored)' : '边界已导入 / outlines stored';
    console.log(`${verb}: ${report.matched.length} (${report.datum.used}, ${report.datum.by} → WGS-84)`);
    for (const u of report.unmatched)
      console.log(`  未匹配 / unmatched: feature ${u.feature} code ${u.code ?? '-'} ${u.name ?? ''} (${u.reason})`);
  });
}
