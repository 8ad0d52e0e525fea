/**
 * Password history and maximum age. A changed password may not be the current one or any of the
 * last `PASSWORD_HISTORY` (argon2 hashes, compared by verifying); a password older than the
 * configured maximum age (GONGFU_PASSWORD_MAX_DAYS, default 90, 0 = never) must be changed at the
 * next login, through the same forced-change flow as a one-time password.
 */
import { sql } from 'drizzle-orm';
import { one, rows, type Db } from '../db/store.js';
import { verifyPassword } from './passwords.js';

export const PASSWORD_HISTORY = 5;

/** Whether `password` is one of the user's last `PASSWORD_HISTORY` passwords. */
export async function usedBefore(db: Db, userId: number, password: string): Promise<boolean> {
  const previous = await rows<{ hash: string }>(
    db,
    sql`select password_hash as hash from password_history where user_id = ${userId} order by replaced_at desc limit ${PASSWORD_HISTORY}`,
  );
  for (const p of previous) if (await verifyPassword(p.hash, password)) return true;
  return false;
}

/** Keeps the hash being replaced, and only the last `PASSWORD_HISTORY` of them. */
export async function rememberReplacedPassword(tx: Db, userId: number, replacedHash: string | null): Promise<void> {
  if (!replacedHash) return;
  await tx.execute(sql`insert into password_history (user_id, password_hash) values (${userId}, ${replacedHash})`);
  await tx.execute(sql`delete from password_history where user_id = ${userId} and ctid not in (
      select ctid from password_history where user_id = ${userId} order by replaced_at desc limit ${PASSWORD_HISTORY})`);
}

/** Whether the user's password is older than `maxDays` (never, when maxDays is 0). */
export async function passwordExpired(db: Db, userId: number, maxDays: number): Promise<boolean> {
  if (!maxDays) return false;
  const r = await one<{ expired: boolean }>(
    db,
    sql`select coalesce(password_changed_at < now() - ${`${maxDays} days`}::interval, false) as expired from app_user where id = ${userId}`,
  );
  return r?.expired ?? false;
}

export async function requirePasswordChange(tx: Db, userId: number): Promise<void> {
  await tx.execute(sql`update app_user set must_change_password = true where id = ${userId}`);
}
