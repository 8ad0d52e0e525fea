import type { Actor } from './actor.js';

/** The in-memory twin of regionScope, for short lists already loaded (users). */
export function regionScopeFilter(actor: Actor): (path: string | null, code: string | null) => boolean {
  const s = actor.scope;
  return (path, code) => {
    if (s.all) return true;
    if (path && s.subtrees?.some((p) => path.startsWith(p))) return true;
    if (code && s.exact?.includes(code)) return true;
    return false;
  };
}
