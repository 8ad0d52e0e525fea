/**
 * Logical backup that round-trips between PGlite and PostgreSQL: every table of the schema as
 * `row_to_json` lines in a gzip file, parents before children. Restore replaces all data in one
 * transaction (json_populate_recordset keeps every type exact) and resets identity sequences.
 *
 * File: gzip of lines `H\t{header}`, then per table `T\t{"table":…}`, `R\t{row}`…, `E\t{"rows":n}`.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { AppError } from '../errors.js';
import { appliedMigrations } from './migrate.js';
import { one, rows, type Db, type Store } from './store.js';
import { appendAudit } from '../audit/service.js';
import { auditHead } from '../audit/checkpoint.js';
import type { Actor } from '../auth/actor.js';

interface TableInfo {
  name: string;
  pk: string[];
  selfReferencing: boolean;
  serialColumns: string[];
}

const PAGE = 5000;
const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

/** Tables of the current schema in foreign-key order (referenced tables first). */
export async function schemaTables(db: Db): Promise<TableInfo[]> {
  const tables = await rows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'schema_migration'
      order by table_name`,
  );
  const fks = await rows<{ child: string; parent: string }>(
    db,
    sql`
      select distinct cl.relname as child, pl.relname as parent
      from pg_constraint c join pg_class cl on cl.oid = c.conrelid join pg_class pl on pl.oid = c.confrelid
      join pg_namespace n on n.oid = cl.relnamespace
      where c.contype = 'f' and n.nspname = current_schema()`,
  );
  const pks = await rows<{ table: string; column: string }>(
    db,
    sql`
      select cl.relname as "table", a.attname as "column"
      from pg_constraint c join pg_class cl on cl.oid = c.conrelid join pg_namespace n on n.oid = cl.relnamespace
      join lateral unnest(c.conkey) with ordinality as k(attnum, ord) on true
      join pg_attribute a on a.attrelid = cl.oid and a.attnum = k.attnum
      where c.contype = 'p' and n.nspname = current_schema() order by cl.relname, k.ord`,
  );
  const serials = await rows<{ table: string; column: string }>(
    db,
    sql`
      select table_name as "table", column_name as "column" from information_schema.columns
      where table_schema = current_schema() and (column_default like 'nextval(%' or is_identity = 'YES')`,
  );
  const info = new Map<string, TableInfo>(tables.map((t) => [t.name, { name: t.name, pk: [], selfReferencing: false, serialColumns: [] }]));
  for (const p of pks) info.get(p.table)?.pk.push(p.column);
  for (const s of serials) info.get(s.table)?.serialColumns.push(s.column);
  const deps = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set()]));
  for (const fk of fks) {
    if (!info.has(fk.child)) continue;
    if (fk.child === fk.parent) info.get(fk.child)!.selfReferencing = true;
    else deps.get(fk.child)!.add(fk.parent);
  }
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  const visit = (name: string, trail: Set<string>) => {
    if (done.has(name) || !info.has(name)) return;
    if (trail.has(name)) throw new Error(`foreign-key cycle through ${name}`);
    trail.add(name);
    for (const d of deps.get(name)!) visit(d, trail);
    trail.delete(name);
    done.add(name);
    ordered.push(info.get(name)!);
  };
  for (const t of tables) visit(t.name, new Set());
  return ordered;
}

export interface BackupReport {
  tables: { name: string; rows: number }[];
}

export async function backup(store: Store, file: string, onTable?: (name: string, rows: number) => void): Promise<BackupReport> {
  const db = store.db;
  const migrations = [...(await appliedMigrations(store)).keys()];
  const tables = await schemaTables(db);
  const out = new PassThrough();
  const writing = pipeline(out, zlib.createGzip({ level: 6 }), fs.createWriteStream(file));
  const write = async (line: string) => {
    if (!out.write(line + '\n')) await new Promise((r) => out.once('drain', r));
  };
  const report: BackupReport = { tables: [] };
  await db.transaction(async (t) => {
    const tx = t as Db;
    if (store.kind === 'postgres') await tx.execute(sql`set transaction isolation level repeatable read`);
    await write(
      `H\t${JSON.stringify({ gongfu: 'backup', version: 1, createdAt: new Date().toISOString(), database: store.kind, migrations })}`,
    );
    for (const table of tables) {
      await write(`T\t${JSON.stringify({ table: table.name })}`);
      let count = 0;
      const name = ident(table.name);
      const pageable = table.pk.length === 1 && !table.selfReferencing;
      if (pageable) {
        const key = ident(table.pk[0]);
        let after: unknown = null;
        for (;;) {
          const page: { j: string; k: unknown }[] = await rows<{ j: string; k: unknown }>(
            tx,
            sql`select row_to_json(t)::text as j, t.${key} as k from ${name} t
                where ${after === null ? sql`true` : sql`t.${key} > ${after}`} order by t.${key} limit ${PAGE}`,
          );
          for (const r of page) await write(`R\t${r.j}`);
          count += page.length;
          if (page.length < PAGE) break;
          after = page[page.length - 1].k;
        }
      } else {
        const all = await rows<{ j: string }>(tx, sql`select row_to_json(t)::text as j from ${name} t`);
        for (const r of all) await write(`R\t${r.j}`);
        count = all.length;
      }
      await write(`E\t${JSON.stringify({ rows: count })}`);
      report.tables.push({ name: table.name, rows: count });
      onTable?.(table.name, count);
    }
  });
  out.end();
  await writing;
  return report;
}

const invalid = (file: string, why: string, whyZh: string) =>
  new AppError('BACKUP_INVALID', 400, { zh: `备份文件 ${file} 无效：${whyZh}`, en: `Backup file ${file} is invalid: ${why}` });

export interface RestoreOptions {
  onTable?: (name: string, rows: number) => void;
  /** who restores: written to the audit entry of the restore */
  actor?: Pick<Actor, 'id' | 'ip'>;
  /**
   * Restore a backup whose audit log does not contain the current log's head (it would roll the
   * chain back, removing newer entries). Refused unless set; when set, recorded in the restore's
   * audit entry with both heads.
   */
  allowAuditRollback?: boolean;
}

/**
 * Replaces all data with the backup's content, atomically, and appends a `db.restore` audit entry
 * (file, both chain heads, whether the chain was rolled back). The schema must already be migrated.
 */
export async function restore(store: Store, file: string, options: RestoreOptions = {}): Promise<BackupReport> {
  const { onTable } = options;
  if (!fs.existsSync(file)) throw invalid(file, 'file not found', '文件不存在');
  const applied = await appliedMigrations(store);
  const tables = await schemaTables(store.db);
  const known = new Map(tables.map((t) => [t.name, t]));
  const magic = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  const got = fs.readSync(fd, magic, 0, 2, 0);
  fs.closeSync(fd);
  if (got < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) throw invalid(file, 'not a gzip file', '不是 gzip 格式');
  const report: BackupReport = { tables: [] };
  try {
    await store.db.transaction(async (t) => {
      const tx = t as Db;
      const headBefore = await auditHead(tx);
      // the audit log's truncate trigger lets this transaction (and only a restore) through
      await tx.execute(sql`select set_config('gongfu.restoring', 'on', true)`);
      await tx.execute(
        sql`truncate table ${sql.join(
          tables.map((x) => ident(x.name)),
          sql`, `,
        )} restart identity cascade`,
      );
      let header = false;
      let current: TableInfo | null = null;
      let buffer: string[] = [];
      let count = 0;
      const flush = async () => {
        if (!current || buffer.length === 0) return;
        await tx.execute(sql`insert into ${ident(current.name)}
            select * from json_populate_recordset(null::${ident(current.name)}, ${'[' + buffer.join(',') + ']'}::json)`);
        buffer = [];
      };
      // Opened only now: lines emitted before the loop starts would be lost.
      const gunzip = zlib.createGunzip();
      const source = fs.createReadStream(file);
      source.on('error', (e) => gunzip.destroy(e));
      const lines = readline.createInterface({ input: source.pipe(gunzip), crlfDelay: Infinity });
      for await (const line of lines) {
        if (line === '') continue;
        const tab = line.indexOf('\t');
        const kind = line.slice(0, tab);
        const body = line.slice(tab + 1);
        if (!header) {
          const h = kind === 'H' ? JSON.parse(body) : null;
          if (h?.gongfu !== 'backup') throw invalid(file, 'not a Gongfu backup', '不是共富平台的备份文件');
          const unknown = (h.migrations as string[]).filter((m) => !applied.has(m));
          if (unknown.length) {
            throw invalid(
              file,
              `made by a newer version (migrations ${unknown.join(', ')})`,
              `由更新的版本生成（迁移 ${unknown.join('、')}）`,
            );
          }
          header = true;
        } else if (kind === 'T') {
          const name = JSON.parse(body).table as string;
          current = known.get(name) ?? null;
          if (!current) throw invalid(file, `unknown table ${name}`, `未知数据表 ${name}`);
          count = 0;
        } else if (kind === 'R') {
          buffer.push(body);
          count++;
          if (buffer.length >= 2000) await flush();
        } else if (kind === 'E') {
          await flush();
          const expected = JSON.parse(body).rows as number;
          if (expected !== count)
            throw invalid(file, `table ${current?.name} has ${count} rows, expected ${expected}`, `数据表 ${current?.name} 行数不符`);
          report.tables.push({ name: current!.name, rows: count });
          onTable?.(current!.name, count);
          current = null;
        }
      }
      if (!header) throw invalid(file, 'empty file', '文件为空');
      if (current) throw invalid(file, `truncated in table ${current.name}`, `在数据表 ${current.name} 处被截断`);
      for (const table of tables) {
        for (const column of table.serialColumns) {
          await tx.execute(sql`select setval(pg_get_serial_sequence(${table.name}, ${column}),
              coalesce((select max(${ident(column)}) from ${ident(table.name)}), 0) + 1, false)`);
        }
      }
      await tx.execute(sql`select set_config('gongfu.restoring', 'off', true)`);
      const restoredHead = await auditHead(tx);
      const keepsHead =
        headBefore.seq === 0 ||
        (await one(tx, sql`select 1 as x from audit_log where seq = ${headBefore.seq} and hash = ${headBefore.hash}`)) !== undefined;
      if (!keepsHead && !options.allowAuditRollback) {
        throw new AppError(
          'AUDIT_ROLLBACK',
          409,
          {
            zh: `该备份的审计日志止于第 ${restoredHead.seq} 条，不含当前的第 ${headBefore.seq} 条：恢复会删除较新的审计记录。确需恢复请加 --allow-audit-rollback（将记入审计日志）。未做任何更改。`,
            en: `The backup's audit log ends at entry ${restoredHead.seq} and lacks the current entry ${headBefore.seq}: restoring would remove newer audit entries. Add --allow-audit-rollback to restore anyway (recorded in the audit log). Nothing was changed.`,
          },
          { currentHead: headBefore, backupHead: restoredHead },
        );
      }
      await appendAudit(tx, options.actor ?? { id: 'cli:restore' }, {
        action: 'db.restore',
        target: path.basename(file),
        before: { head: headBefore },
        after: { head: restoredHead, auditRolledBack: !keepsHead, rows: report.tables.reduce((n, t) => n + t.rows, 0) },
      });
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (
      (err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' ||
      (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ||
      err instanceof SyntaxError
    ) {
      throw invalid(file, 'damaged or not gzip', '文件损坏或不是 gzip 格式');
    }
    throw err;
  }
  return report;
}
