/**
 * Login throttling that stops guessing and password spraying without letting anyone lock an
 * account out (OWASP ASVS 2.2.1; the Authentication Cheat Sheet's "account lockout" caveats).
 *
 * Three counters per attempt:
 * - `pair:<account>|<address>` — one account guessed from one address;
 * - `account:<account>` — one account guessed from many addresses (distributed guessing);
 * - `ip:<address>` — every account guessed from one address (spraying).
 * The two account keys are *reserved* before the password is verified — one atomic statement per
 * key counts the attempt as a failure in advance — so parallel guesses at one account cannot all be
 * evaluated; a successful login clears them. The address key counts failures only, recorded once a
 * password proved wrong: a burst of correct logins from one office behind NAT is never held up, and
 * parallel spraying from one address can exceed its allowance by at most the requests in flight.
 * A key answers at once for its first `free` failures; after the n-th failure (n ≥ free) the next
 * attempt must wait 2^(n − free) seconds, at most 15 minutes — no hard lockout. A stranger guessing
 * from elsewhere slows the account key only after many failures; the owner's own pair key stays free.
 * Counters start over once their window (15 minutes) has passed.
 *
 * Times are clock_timestamp(), not now(): now() is when the transaction began, and an attempt that
 * waited for a row lock would compare an older time against the one written by the attempt it
 * waited for.
 */
import { sql } from 'drizzle-orm';
import { AppError } from '../errors.js';
import { one, type Db } from '../db/store.js';

export interface ThrottleKey {
  key: string;
  /** failures answered without delay within a window */
  free: number;
  /** counted before the password check (account keys) or after a failure only (address key) */
  reserved: boolean;
}

export const THROTTLE_WINDOW_SECONDS = 15 * 60;
export const MAX_DELAY_SECONDS = 15 * 60;
const WINDOW = sql`${`${THROTTLE_WINDOW_SECONDS} seconds`}::interval`;

export function loginKeys(username: string, ip: string | undefined, free: { pair: number; ip: number; account: number }): ThrottleKey[] {
  const address = ip ?? 'unknown';
  return [
    { key: `pair:${username}|${address}`, free: free.pair, reserved: true },
    { key: `ip:${address}`, free: free.ip, reserved: false },
    { key: `account:${username}`, free: free.account, reserved: true },
  ];
}

/** Upsert that counts one more failure; `onlyIfAllowed` makes it refuse (no row) while the key must wait. */
function countFailure(k: ThrottleKey, onlyIfAllowed: boolean) {
  const stale = sql`t.window_started_at < clock_timestamp() - ${WINDOW}`;
  const next = sql`case when ${stale} then 1 else t.failures + 1 end`;
  const delay = (n: typeof next | number) =>
    sql`least(${MAX_DELAY_SECONDS}::int, case when (${n})::int < ${k.free}::int then 0 else power(2, (${n})::int - ${k.free}::int) end) * interval '1 second'`;
  return sql`insert into login_throttle as t (key, failures, window_started_at, next_allowed_at)
      values (${k.key}, 1, clock_timestamp(), clock_timestamp() + ${delay(1)})
      on conflict (key) do update set
        failures = ${next},
        window_started_at = case when ${stale} then clock_timestamp() else t.window_started_at end,
        next_allowed_at = clock_timestamp() + ${delay(next)}
      ${onlyIfAllowed ? sql`where t.next_allowed_at <= clock_timestamp() or ${stale}` : sql``}
      returning t.failures`;
}

const secondsToWait = async (db: Db, k: ThrottleKey) =>
  (
    await one<{ seconds: number }>(
      db,
      sql`select ceil(extract(epoch from next_allowed_at - clock_timestamp()))::int as seconds from login_throttle
        where key = ${k.key} and next_allowed_at > clock_timestamp() and window_started_at >= clock_timestamp() - ${WINDOW}`,
    )
  )?.seconds;

/** Reserves an account key (counting the attempt), or returns the seconds to wait. */
export async function reserveAttempt(db: Db, k: ThrottleKey): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  if (await one(db, countFailure(k, true))) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, (await secondsToWait(db, k)) ?? 1) };
}

class Throttled extends Error {
  constructor(readonly seconds: number) {
    super('throttled');
  }
}

/**
 * Checks every key and reserves the account keys in one transaction, committed before the (slow)
 * password check; when a key refuses, nothing is counted and the login is refused with the time to
 * wait (429, Retry-After).
 */
export async function reserveLogin(db: Db, keys: ThrottleKey[]): Promise<void> {
  try {
    await db.transaction(async (t) => {
      const tx = t as Db;
      for (const k of keys) {
        if (k.reserved) {
          const r = await reserveAttempt(tx, k);
          if (!r.allowed) throw new Throttled(r.retryAfterSeconds);
        } else {
          const wait = await secondsToWait(tx, k);
          if (wait !== undefined && wait > 0) throw new Throttled(wait);
        }
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
        ? { zh: `登录尝试过于频繁，请 ${s} 秒后再试`, en: `Too many login attempts; try again in ${s} s` }
        : { zh: `登录尝试过于频繁，请 ${m} 分钟后再试`, en: `Too many login attempts; try again in ${m} min` },
      { retryAfterSeconds: s },
    );
  }
}

/** After a wrong password: the keys counted only on failure (the address) count it now. */
export async function loginFailed(db: Db, keys: ThrottleKey[]): Promise<void> {
  for (const k of keys) if (!k.reserved) await db.execute(countFailure(k, false));
}

/** After a successful login: the account's keys start over (the address key counted nothing). */
export async function loginSucceeded(db: Db, keys: ThrottleKey[]): Promise<void> {
  const reserved = keys.filter((k) => k.reserved).map((k) => k.key);
  await db.execute(
    sql`delete from login_throttle where key in (${sql.join(
      reserved.map((k) => sql`${k}`),
      sql`, `,
    )})`,
  );
}
