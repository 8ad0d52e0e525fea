/**
 * Applies the ordered SQL files in `packages/server/migrations` that the database has not seen.
 * Each file runs in its own transaction together with its bookkeeping row, so a failed migration
 * leaves nothing behind. Editing an applied file is refused (checksum mismatch).
 *
 * Names: the first four files keep their legacy `NNNN_topic.sql` names (version `NNNN`). Every
 * later file is `YYYYMMDDHHMM_topic.sql` (UTC time of writing) and its version is the whole name
 * without `.sql`: two branches that each add a migration can never claim the same version, and a
 * file merged later with an older timestamp is still applied (each unseen file runs once).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { AppError } from '../errors.js';
import { rows, type Store } from './store.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface Migration {
  version: string;
  file: string;
  checksum: string;
  script: string;
}

const LEGACY_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;
const TIMESTAMPED_NAME = /^(\d{12}_[a-z0-9_]+)\.sql$/;

/** The version recorded for a migration file, or undefined when the name follows neither scheme. */
export function migrationVersion(file: string): string | undefined {
  return LEGACY_NAME.exec(file)?.[1] ?? TIMESTAMPED_NAME.exec(file)?.[1];
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const misnamed = files.filter((f) => !migrationVersion(f));
  if (misnamed.length) {
    throw new AppError('MIGRATION_NAME', 500, {
      zh: `迁移文件名不符合 YYYYMMDDHHMM_主题.sql：${misnamed.join('、')}`,
      en: `Migration file names must be YYYYMMDDHHMM_topic.sql: ${misnamed.join(', ')}`,
    });
  }
  return files.map((file) => {
    const script = fs.readFileSync(path.join(dir, file), 'utf8');
    return { version: migrationVersion(file)!, file, checksum: createHash('sha256').update(script).digest('hex'), script };
  });
}

export async function appliedMigrations(store: Store): Promise<Map<string, string>> {
  // created only when missing: the least-privileged application role may read it but runs no DDL,
  // and PostgreSQL checks the right to create even for "create table if not exists"
  const [exists] = await rows<{ t: string | null }>(store.db, sql`select to_regclass('schema_migration')::text as t`);
  if (!exists?.t)
    await store.db.execute(sql`create table if not exists schema_migration (
    version text primary key, file text not null, checksum text not null,
    applied_at timestamptz not null default now())`);
  const applied = await rows<{ version: string; checksum: string }>(
    store.db,
    sql`select version, checksum from schema_migration order by version`,
  );
  return new Map(applied.map((r) => [r.version, r.checksum]));
}

export async function migrate(store: Store, dir = MIGRATIONS_DIR): Promise<string[]> {
  const done: string[] = [];
  for (const m of listMigrations(dir)) {
    const applied = await appliedMigrations(store);
    const checksum = applied.get(m.version);
    if (checksum !== undefined) {
      if (checksum !== m.checksum) {
        throw new AppError('MIGRATION_CHANGED', 500, {
          zh: `已执行的迁移 ${m.file} 被修改过（校验和不符），请恢复原文件并新增迁移。`,
          en: `Applied migration ${m.file} was edited (checksum mismatch); restore it and add a new migration instead.`,
        });
      }
      continue;
    }
    await store.runScript(
      m.script,
      sql`insert into schema_migration (version, file, checksum) values (${m.version}, ${m.file}, ${m.checksum})
          on conflict (version) do nothing`,
    );
    done.push(m.file);
  }
  return done;
}
