/**
 * Names for the references an audit row keeps (`user:demo`, `assess_scheme:keqiao-towns-annual`,
 * `indicator:INCOME_PC`), so an auditor reads 演示用户 and 柯桥区 16 个镇街年度综合考核 instead of
 * login names and codes. Only catalogue tables (users, roles, departments, indicators, indicator
 * sets, schemes) are looked up: the audit log is read with global scope, and region-bound rows
 * (networks, runs, subjects) keep their kind and number.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/store.js';

export interface Name {
  zh: string;
  en: string;
}

const LOOKUPS: Record<string, (ids: string[]) => ReturnType<typeof sql>> = {
  user: (ids) => sql`select username as id, display_name as zh, display_name as en from app_user where username in ${list(ids)}`,
  role: (ids) => sql`select code as id, name_zh as zh, name_en as en from role where code in ${list(ids)}`,
  department: (ids) => sql`select id::text as id, name as zh, name as en from department where id::text in ${list(ids)}`,
  indicator: (ids) => sql`select code as id, name_zh as zh, name_en as en from indicator where code in ${list(ids)}`,
  indicator_set: (ids) => sql`select code as id, name_zh as zh, name_en as en from indicator_set where code in ${list(ids)}`,
  assess_scheme: (ids) => sql`select code as id, title_zh as zh, title_en as en from assess_scheme where code in ${list(ids)}`,
};

const list = (ids: string[]) =>
  sql`(${sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  )})`;

function split(ref: string): [string, string] | null {
  const i = ref.indexOf(':');
  return i > 0 ? [ref.slice(0, i), ref.slice(i + 1)] : null;
}

/** The name of every reference that has one; references without one are left out. */
export async function namesOf(db: Db, refs: (string | null)[]): Promise<Map<string, Name>> {
  const byKind = new Map<string, Set<string>>();
  for (const ref of refs) {
    const parts = ref ? split(ref) : null;
    if (!parts || !LOOKUPS[parts[0]]) continue;
    if (!byKind.has(parts[0])) byKind.set(parts[0], new Set());
    byKind.get(parts[0])!.add(parts[1]);
  }
  const out = new Map<string, Name>();
  await Promise.all(
    [...byKind].map(async ([kind, ids]) => {
      for (const r of await rows<{ id: string; zh: string; en: string }>(db, LOOKUPS[kind]([...ids])))
        out.set(`${kind}:${r.id}`, { zh: r.zh, en: r.en });
    }),
  );
  return out;
}

/**
 * The display name of the user an actor column holds (`user:demo` → 演示用户), null for other
 * actors (`cli:root`): for lists that show who ran, loaded or published something.
 */
export const userNameOf = (actorColumn: SQL) => sql`(select u.display_name from app_user u where 'user:' || u.username = ${actorColumn})`;

/** Who an actor column names, for a list: the user's display name, else the actor id itself (null stays null). */
export const actorNameOf = (actorColumn: SQL) => sql`coalesce(${userNameOf(actorColumn)}, ${actorColumn})`;
