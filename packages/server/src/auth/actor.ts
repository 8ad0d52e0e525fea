/**
 * Who is asking, and which regions they may see. Every repository query that returns or changes
 * region-bound data takes an Actor and applies `regionScope` — the single place where data scope
 * becomes SQL. Deny by default: an actor with no regions sees nothing.
 */
import { sql, type SQL } from 'drizzle-orm';

export type RegionScope =
  | { kind: 'all' }
  /** each entry is a region path such as /330000000000/330600000000/330603000000/ */
  | { kind: 'subtree'; paths: string[] }
  | { kind: 'exact'; codes: string[] }
  | { kind: 'none' };

export interface Actor {
  /** stable identifier written to provenance, e.g. `user:admin` or `cli:root` */
  id: string;
  scope: RegionScope;
}

export const systemActor = (id = 'system'): Actor => ({ id, scope: { kind: 'all' } });

/** SQL predicate restricting rows to the actor's regions, given the region path and code columns. */
export function regionScope(actor: Actor, pathColumn: SQL, codeColumn: SQL): SQL {
  const scope = actor.scope;
  switch (scope.kind) {
    case 'all':
      return sql`true`;
    case 'subtree':
      if (scope.paths.length === 0) return sql`false`;
      return sql`(${sql.join(
        scope.paths.map((p) => sql`${pathColumn} like ${escapeLike(p) + '%'}`),
        sql` or `,
      )})`;
    case 'exact':
      if (scope.codes.length === 0) return sql`false`;
      return sql`${codeColumn} = any(${sql.param(scope.codes)}::text[])`;
    default:
      return sql`false`;
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => '\\' + c);
}
