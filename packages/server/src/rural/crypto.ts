/**
 * Encryption at rest of low-income households' personal data (names, ID numbers, phone numbers):
 * AES-256-GCM with a random 96-bit IV per value, stored as `v1:` + base64(iv | tag | ciphertext),
 * and an HMAC-SHA256 blind index of the ID number (duplicates found without decrypting).
 *
 * The key comes from configuration, never from the database: `GONGFU_PII_KEY` (32 bytes, base64 or
 * 64 hex digits). Without it (a single-machine trial) a random key is created once in
 * `$GONGFU_DATA/pii.key` (mode 0600) — outside the database, so a dump holds no clear value; a
 * production deployment sets GONGFU_PII_KEY and keeps it out of the data folder's backups.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';

let cached: { source: string; key: Buffer } | null = null;

function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32)
    throw new AppError('PII_KEY_INVALID', 500, {
      zh: '个人信息加密密钥无效（需 32 字节，base64 或 64 位十六进制）',
      en: 'The personal-data key is invalid (32 bytes, base64 or 64 hex digits)',
    });
  return key;
}

/** The key of this process (read once per source). */
export function piiKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const fromEnv = env.GONGFU_PII_KEY;
  const source = fromEnv ? `env:${fromEnv}` : `file:${path.resolve(env.GONGFU_DATA || './data', 'pii.key')}`;
  if (cached?.source === source) return cached.key;
  let key: Buffer;
  if (fromEnv) key = parseKey(fromEnv);
  else {
    const file = source.slice(5);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    }
    key = parseKey(readFileSync(file, 'utf8'));
  }
  cached = { source, key };
  return key;
}

export function encrypt(plain: string, key = piiKey()): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return 'v1:' + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
}

export function decrypt(stored: string, key = piiKey()): string {
  if (!stored.startsWith('v1:')) throw new AppError('PII_CORRUPT', 500, { zh: '加密数据格式无效', en: 'Encrypted value has a bad format' });
  const raw = Buffer.from(stored.slice(3), 'base64');
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  } catch {
    throw new AppError('PII_KEY_MISMATCH', 500, {
      zh: '无法解密：密钥与加密时不一致',
      en: 'Cannot decrypt: the key differs from the one used to encrypt',
    });
  }
}

export function blindIndex(value: string, key = piiKey()): string {
  return createHmac('sha256', key)
    .update('rural-id:' + value.trim().toUpperCase())
    .digest('hex');
}
