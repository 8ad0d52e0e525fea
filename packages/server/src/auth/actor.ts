/**
 * Who is asking, what they may do, and which regions' data they may see. Repositories turn the
 * scope into SQL through one door, `inScope` in ./scope.ts. Deny by default: an actor whose scope
 * is empty sees nothing.
 */
import { ALL_PERMISSIONS, type Permission } from '../modules.js';

export interface RegionScope {
  all?: boolean;
  /** region paths such as /330000000000/330600000000/330603000000/: that region and everything below */
  subtrees?: string[];
  /** region codes visible without their children */
  exact?: string[];
  /** rows this actor wrote themselves (RuoYi's 仅本人) */
  own?: boolean;
  /**
   * The department-bound part (data scope `department`, RuoYi's 本部门): region paths (and below) in
   * which department-bound tables show only the rows naming one of `names` (the account's department,
   * its ancestors and sub-departments); every other region-bound table shows them as `subtrees` would.
   */
  department?: { names: string[]; subtrees: string[] };
}

export interface Actor {
  /** stable identifier written to provenance and audit, e.g. `user:admin` or `cli:root` */
  id: string;
  userId?: number;
  permissions: ReadonlySet<string>;
  scope: RegionScope;
  ip?: string;
  /** an enterprise account: the subject id of the one enterprise whose own records it may read */
  enterpriseId?: number;
}

// Permissions are declared by the modules (server/src/modules.ts).
export { ALL_PERMISSIONS, type Permission };

/** The local operator (CLI on the server machine, demo loader, tests): every permission, every region. */
export const systemActor = (id = 'system'): Actor => ({ id, permissions: new Set(ALL_PERMISSIONS), scope: { all: true } });

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}
