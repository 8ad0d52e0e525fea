/**
 * Who is asking, what they may do, and which regions' data they may see. Every repository query
 * that returns or changes region-bound data applies `regionScope` — the one place where data scope
 * becomes SQL. Deny by default: an actor whose scope is empty sees nothing.
 */
import { sql, type SQL } from 'drizzle-orm';
import { ALL_PERMISSIONS, type Permission } from '../modules.js';

export interface RegionScope {
  all?: boolean;
  /** region paths such as /330000000000/330600000000/330603000000/: that region and everything below */
  subtrees?: string[];
  /** region codes visible without their children */
  exact?: string[];
  /** rows this actor wrote themselves (RuoYi's 仅本人) */
  own?: boolean;
}

export interface Actor {
  /** stable identifier written to provenance and audit, e.g. `user:admin` or `cli:root` */
  id: string;
  userId?: number;
  permissions: ReadonlySet<string>;
  scope: RegionScope;
  ip?: string;
}

// Permissions are declared by the modules (server/src/modules.ts).
export { ALL_PERMISSIONS, type Permission };

/** The local operator (CLI on the server machine, demo loader, tests): every permission, every region. */
export const systemActor = (id = 'system'): Actor => ({ id, permissions: new Set(ALL_PERMISSIONS), scope: { all: true } });

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

/**
 * SQL predicate restricting rows to the actor's regions, given the region path and code columns,
 * and optionally the column naming who wrote the row (for the "own rows" scope).
 */
export function regionScope(actor: Actor, pathColumn: SQL, codeColumn: SQL, ownerColumn?: SQL): SQL {
  const s = actor.scope;
  if (s.all) return sql`true`;
  const parts: SQL[] = [];
  for (const p of s.subtrees ?? []) parts.push(sql`${pathColumn} like ${escapeLike(p) + '%'}`);
  if (s.exact?.length) parts.push(sql`${codeColumn} = any(${sql.param(s.exact)}::text[])`);
  if (s.own && ownerColumn) parts.push(sql`${ownerColumn} = ${actor.id}`);
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => '\\' + c);
}
