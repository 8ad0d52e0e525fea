/**
 * Least privilege on PostgreSQL: the schema belongs to an owner role that runs migrations
 * (GONGFU_MIGRATE_URL); the server connects as an application role (DATABASE_URL) that may read and
 * write data but may only insert into and read the audit log — no update, delete or truncate, and
 * no DDL, so it can neither drop the append-only triggers nor rewrite history. Run as the owner
 * after every migration (`gongfu db migrate` does it when GONGFU_APP_ROLE is set).
 *
 * PGlite has a single role: these grants do not exist there (docs/security.md says what follows).
 */
import { sql } from 'drizzle-orm';
import { AppError } from '../errors.js';
import { rows, type Db } from './store.js';

/** Tables the application role may only append to and read. */
export const APPEND_ONLY_TABLES = ['audit_log'];

export async function grantAppRole(db: Db, role: string): Promise<{ tables: number }> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) {
    throw new AppError('ROLE_NAME_INVALID', 400, { zh: `数据库角色名无效：${role}`, en: `Invalid database role name: ${role}` });
  }
  const r = sql.identifier(role);
  const [{ schema }] = await rows<{ schema: string }>(db, sql`select current_schema() as schema`);
  const tables = await rows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
  );
  await db.transaction(async (tx) => {
    await tx.execute(sql`grant usage on schema ${sql.identifier(schema)} to ${r}`);
    for (const { name } of tables) {
      const t = sql.identifier(name);
      if (APPEND_ONLY_TABLES.includes(name)) {
        await tx.execute(sql`revoke all on ${t} from ${r}`);
        await tx.execute(sql`grant select, insert on ${t} to ${r}`);
      } else if (name === 'schema_migration') {
        await tx.execute(sql`revoke all on ${t} from ${r}`);
        await tx.execute(sql`grant select on ${t} to ${r}`);
      } else {
        await tx.execute(sql`grant select, insert, update, delete on ${t} to ${r}`);
      }
    }
    await tx.execute(sql`grant usage, select on all sequences in schema ${sql.identifier(schema)} to ${r}`);
  });
  return { tables: tables.length };
}

/**
 * Migrations as the schema owner (GONGFU_MIGRATE_URL, else DATABASE_URL), then the application
 * role's grants when GONGFU_APP_ROLE names one: new tables of a migration are reachable at once.
 */
export async function migrateAsOwner(config: {
  migrateUrl?: string;
  databaseUrl?: string;
  dataDir: string;
  appRole?: string;
}): Promise<{ applied: string[]; grantedTables: number | null }> {
  const { migrate } = await import('./migrate.js');
  const { openStore } = await import('./store.js');
  const store = await openStore({ databaseUrl: config.migrateUrl ?? config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    const applied = await migrate(store);
    const grantedTables = config.appRole && store.kind === 'postgres' ? (await grantAppRole(store.db, config.appRole)).tables : null;
    return { applied, grantedTables };
  } finally {
    await store.close();
  }
}
