/**
 * Login throttling that stops guessing and password spraying without letting anyone lock an
 * account out (OWASP ASVS 2.2.1; the Authentication Cheat Sheet's "account lockout" caveats).
 *
 * Every attempt reserves a slot on three keys before its password is verified, in one atomic
 * statement per key, so parallel guesses cannot all be evaluated:
 * - `ip:<address>` — every account guessed from one address (spraying);
 * - `pair:<account>|<address>` — one account guessed from one address;
 * - `account:<account>` — one account guessed from many addresses (distributed guessing).
 * A key answers at once for its first `free` failures; after the n-th failure (n ≥ free) the next
 * attempt must wait 2^(n − free) seconds, at most 15 minutes. So a stranger guessing from elsewhere slows the
 * account key only after many failures, while the owner's own pair key stays free.
 * A successful login clears the pair and account keys and gives back its slot on the IP key
 * (a valid login of one's own account does not reset a spraying count).
 * Counters start over once their window (15 minutes) has passed.
 */
import { sql } from 'drizzle-orm';
import { AppError } from '../errors.js';
import { one, type Db } from '../db/store.js';

export interface ThrottleKey {
  key: string;
  /** failures answered without delay within a window */
  free: number;
}

export const THROTTLE_WINDOW_SECONDS = 15 * 60;
export const MAX_DELAY_SECONDS = 15 * 60;

export function loginKeys(username: string, ip: string | undefined, free: { pair: number; ip: number; account: number }): ThrottleKey[] {
  const address = ip ?? 'unknown';
  return [
    { key: `pair:${username}|${address}`, free: free.pair },
    { key: `ip:${address}`, free: free.ip },
    { key: `account:${username}`, free: free.account },
  ];
}

/**
 * Counts one attempt on a key if the key allows one now; otherwise returns the seconds to wait.
 * One statement: concurrent attempts serialise on the key's row.
 */
export async function reserveAttempt(db: Db, k: ThrottleKey): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const window = `${THROTTLE_WINDOW_SECONDS} seconds`;
  // failures after this attempt: 1 in a fresh window, else one more
  const next = sql`case when t.window_started_at < now() - ${window}::interval then 1 else t.failures + 1 end`;
  const delay = (n: typeof next | number) => sql`least(${MAX_DELAY_SECONDS}::int, case when (${n})::int < ${k.free}::int then 0 else power(2, (${n})::int - ${k.free}::int) end) * interval '1 second'`;
  const reserved = await one<{ failures: number }>(
    db,
    sql`insert into login_throttle as t (key, failures, window_started_at, next_allowed_at)
        values (${k.key}, 1, now(), now() + ${delay(1)})
        on conflict (key) do update set
          failures = ${next},
          window_started_at = case when t.window_started_at < now() - ${window}::interval then now() else t.window_started_at end,
          next_allowed_at = now() + ${delay(next)}
        where t.next_allowed_at <= now() or t.window_started_at < now() - ${window}::interval
        returning t.failures`,
  );
  if (reserved) return { allowed: true };
  const wait = await one<{ seconds: number }>(db, sql`select ceil(extract(epoch from next_allowed_at - now()))::int as seconds from login_throttle where key = ${k.key}`);
  return { allowed: false, retryAfterSeconds: Math.max(1, wait?.seconds ?? 1) };
}

class Throttled extends Error {
  constructor(readonly seconds: number) {
    super('throttled');
  }
}

/**
 * Reserves one attempt on every key in one transaction, committed before the (slow) password
 * check so that parallel guesses are counted one by one; when a key refuses, nothing is counted
 * and the login is refused with the time to wait (429, Retry-After).
 */
export async function reserveLogin(db: Db, keys: ThrottleKey[]): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      for (const k of keys) {
        const r = await reserveAttempt(tx as Db, k);
        if (!r.allowed) throw new Throttled(r.retryAfterSeconds);
      }
    });
  } catch (err) {
    if (!(err instanceof Throttled)) throw err;
    const s = err.seconds;
    const m = Math.ceil(s / 60);
    throw new AppError(
      'LOGIN_THROTTLED',
      429,
      s < 60
        ? { zh: `登录尝试过于频繁，请 ${s} 秒后再试`, en: `Too many login attempts; try again in ${s} seconds` }
        : { zh: `登录尝试过于频繁，请 ${m} 分钟后再试`, en: `Too many login attempts; try again in ${m} minutes` },
      { retryAfterSeconds: s },
    );
  }
}

/** After a successful login: the account's own keys start over; the IP key gets its slot back. */
export async function loginSucceeded(db: Db, keys: ThrottleKey[]): Promise<void> {
  const [pair, ip, account] = keys;
  await db.execute(sql`delete from login_throttle where key in (${pair.key}, ${account.key})`);
  await db.execute(sql`update login_throttle set failures = greatest(failures - 1, 0) where key = ${ip.key}`);
}
