/**
 * Passwords: argon2id (RFC 9106, OWASP parameters m = 19 MiB, t = 2, p = 1), a complexity policy as
 * 等保 2.0 asks (≥ 10 characters, three of: lower case, upper case, digit, symbol), a strength
 * check against common passwords and their l33t, keyboard and date variants (zxcvbn-ts, score ≥ 3 of
 * 4, i.e. about 10^8 guesses or more; OWASP ASVS 2.1.7/2.1.8), with local words that Chinese
 * officials tend to use (place names, gongfu, admin, mima), and one-time passwords from a CSPRNG
 * without look-alike characters.
 */
import { randomBytes, randomInt } from 'node:crypto';
import argon2 from 'argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { AppError } from '../errors.js';

/** Words a guesser would try first here, beyond zxcvbn's common-password and English lists. */
const LOCAL_WORDS = [
  'gongfu',
  'gongfu123',
  'keqiao',
  'shaoxing',
  'zhejiang',
  'hangzhou',
  'china',
  'zhongguo',
  'admin',
  'administrator',
  'mima',
  'woaini',
  'huashe',
  'keyan',
  'qianqing',
  'anchang',
  'lanting',
  'fangzhi',
  'zhengfu',
];
export const MIN_STRENGTH_SCORE = 3;

let strength: ZxcvbnFactory | undefined;
/** zxcvbn-ts score 0–4 of a password, with the username as a word to avoid. */
export function passwordStrength(password: string, username?: string): number {
  strength ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary, userInputs: LOCAL_WORDS },
    graphs: common.adjacencyGraphs,
  });
  return strength.check(password, username ? [username] : undefined).score;
}

const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, OPTIONS);

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

export function checkPasswordPolicy(password: string, username?: string): void {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  const problems: { zh: string; en: string }[] = [];
  if (password.length < 10) problems.push({ zh: '至少 10 个字符', en: 'at least 10 characters' });
  if (classes < 3)
    problems.push({ zh: '包含小写字母、大写字母、数字、符号中的至少三类', en: 'three of: lower case, upper case, digit, symbol' });
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push({ zh: '不能包含用户名', en: 'must not contain the username' });
  }
  if (problems.length === 0 && passwordStrength(password, username) < MIN_STRENGTH_SCORE) {
    problems.push({
      zh: '过于常见或容易猜到（如 Password123!、P@ssw0rd2024、地名加年份），请换用几个不相关的词或更长的随机字符',
      en: 'too common or easy to guess (like Password123!, P@ssw0rd2024, a place name plus a year); use several unrelated words or a longer random string',
    });
  }
  if (problems.length) {
    throw new AppError('PASSWORD_WEAK', 400, {
      zh: `密码不符合要求：${problems.map((p) => p.zh).join('；')}`,
      en: `Password too weak: ${problems.map((p) => p.en).join('; ')}`,
    });
  }
}

const ALPHABET = {
  lower: 'abcdefghjkmnpqrstuvwxyz',
  upper: 'ABCDEFGHJKMNPQRSTUVWXYZ',
  digit: '23456789',
  symbol: '#%+=@',
};

/** 16 characters with every class present: satisfies the policy, easy to read from a terminal. */
export function oneTimePassword(): string {
  const all = Object.values(ALPHABET).join('');
  const chars = Object.values(ALPHABET).map((set) => set[randomInt(set.length)]);
  while (chars.length < 16) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
