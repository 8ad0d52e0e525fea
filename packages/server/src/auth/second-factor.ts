/**
 * The second factor at login and its enrolment (等保 2.0 level 3: two authentication techniques
 * for administrators). Enrolment: `begin` stores a fresh secret and returns the URI to scan; the
 * first valid code `confirm`s it. At login a user with the factor in force must give a current
 * code; without it the password alone answers TOTP_REQUIRED (the client then asks for the code).
 */
import { sql } from 'drizzle-orm';
import type { Actor } from './actor.js';
import { AppError } from '../errors.js';
import { audited } from '../audit/service.js';
import { one, type Db } from '../db/store.js';
import { verifyPassword } from './passwords.js';
import { acceptTotp, newTotpSecret, otpauthUri } from './totp.js';

const ISSUER = '共富 Gongfu';

interface FactorRow {
  username: string;
  secret: string | null;
  enabled: boolean;
  lastStep: number | null;
  passwordHash: string | null;
}

const factorOf = (db: Db, userId: number) =>
  one<FactorRow>(
    db,
    sql`select username, totp_secret as secret, totp_enabled as enabled, totp_last_step as "lastStep", password_hash as "passwordHash"
        from app_user where id = ${userId}`,
  );

export async function secondFactorEnabled(db: Db, userId: number): Promise<boolean> {
  return (await factorOf(db, userId))?.enabled ?? false;
}

const badCode = () =>
  new AppError('TOTP_INVALID', 400, { zh: '动态验证码不正确或已使用', en: 'The authenticator code is wrong or was used already' });

/**
 * Checks a login's code for a user with the factor in force and consumes its time step, inside
 * the login's transaction. Returns false for a wrong or replayed code.
 */
export async function consumeLoginCode(tx: Db, userId: number, code: string, now = Date.now()): Promise<boolean> {
  const f = await factorOf(tx, userId);
  if (!f?.enabled || !f.secret) return true;
  const step = acceptTotp(f.secret, code, now / 1000, f.lastStep);
  if (step === undefined) return false;
  // the condition makes two concurrent logins with one code accept it once
  const updated = await one<{ id: number }>(
    tx,
    sql`update app_user set totp_last_step = ${step} where id = ${userId} and (totp_last_step is null or totp_last_step < ${step}) returning id`,
  );
  return updated !== undefined;
}

export async function beginEnrolment(db: Db, actor: Actor): Promise<{ secret: string; uri: string }> {
  const f = await factorOf(db, actor.userId!);
  if (!f) throw new AppError('NOT_FOUND', 404, { zh: '用户不存在', en: 'No such user' });
  if (f.enabled)
    throw new AppError('TOTP_ALREADY_ENABLED', 409, {
      zh: '已启用动态验证码；如需更换请先停用',
      en: 'The authenticator is on already; turn it off first to change it',
    });
  const secret = newTotpSecret();
  await audited(db, actor, async (tx) => {
    await tx.execute(sql`update app_user set totp_secret = ${secret}, totp_last_step = null where id = ${actor.userId!}`);
    return { result: undefined, audit: { action: 'auth.totp_begin', target: actor.id } };
  });
  return { secret, uri: otpauthUri(ISSUER, f.username, secret) };
}

export async function confirmEnrolment(db: Db, actor: Actor, code: string): Promise<void> {
  await audited(db, actor, async (tx) => {
    const f = await factorOf(tx, actor.userId!);
    if (!f?.secret || f.enabled)
      throw new AppError('TOTP_NOT_STARTED', 409, { zh: '请先开始绑定动态验证码', en: 'Start setting up the authenticator first' });
    const step = acceptTotp(f.secret, code, Date.now() / 1000, f.lastStep);
    if (step === undefined) throw badCode();
    await tx.execute(sql`update app_user set totp_enabled = true, totp_last_step = ${step} where id = ${actor.userId!}`);
    return { result: undefined, audit: { action: 'auth.totp_enable', target: actor.id } };
  });
}

/** Turning the factor off needs the password and a current code. */
export async function disableSecondFactor(db: Db, actor: Actor, password: string, code: string): Promise<void> {
  const f = await factorOf(db, actor.userId!);
  // nothing to turn off: a refusal (a success would be a write without its audit row)
  if (!f?.enabled) throw new AppError('TOTP_NOT_ENABLED', 409, { zh: '未启用动态验证码，无需停用', en: 'The authenticator is not on' });
  if (!(await verifyPassword(f.passwordHash, password)))
    throw new AppError('PASSWORD_WRONG', 400, { zh: '当前密码不正确', en: 'Current password is wrong' });
  await audited(db, actor, async (tx) => {
    if (!(await consumeLoginCode(tx, actor.userId!, code))) throw badCode();
    await tx.execute(sql`update app_user set totp_enabled = false, totp_secret = null, totp_last_step = null where id = ${actor.userId!}`);
    return { result: undefined, audit: { action: 'auth.totp_disable', target: actor.id } };
  });
}

/** Removes a user's second factor (administrator reset); returns whether one was in force. */
export async function clearSecondFactor(tx: Db, userId: number): Promise<boolean> {
  const r = await one<{ id: number }>(
    tx,
    sql`update app_user set totp_enabled = false, totp_secret = null, totp_last_step = null where id = ${userId} and totp_enabled returning id`,
  );
  return r !== undefined;
}
