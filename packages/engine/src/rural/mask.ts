/**
 * Masking of personal data in every list and export (个人信息保护法 第51条 去标识化; GB/T 35273-2020
 * 个人信息安全规范 §3.14 去标识化 / 附录 示例):
 * - a name keeps its first and last character (张*明; 李* for two characters; 欧**锋 for four);
 * - a 18-digit 身份证号 keeps the first 6 (region) and last 4 digits: 330603********1234;
 * - a phone number keeps the first 3 and last 4 digits: 138****5678.
 * Anything shorter than what is kept is masked entirely.
 */
const stars = (n: number) => '*'.repeat(Math.max(n, 0));

export function maskName(name: string): string {
  const c = [...name.trim()];
  if (c.length === 0) return '';
  if (c.length === 1) return '*';
  if (c.length === 2) return c[0] + '*';
  return c[0] + stars(c.length - 2) + c.at(-1);
}

function keepEnds(s: string, head: number, tail: number): string {
  const t = s.trim();
  if (t.length <= head + tail) return stars(t.length);
  return t.slice(0, head) + stars(t.length - head - tail) + t.slice(t.length - tail);
}

export const maskIdNumber = (id: string) => keepEnds(id, 6, 4);
export const maskPhone = (phone: string) => keepEnds(phone, 3, 4);

/** The 18th character of a 身份证号 from its first 17 digits, by GB 11643-1999 (ISO 7064 MOD 11-2). */
export function idCheckDigit(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i]!;
  return '10X98765432'[s % 11]!;
}

/** A 身份证号 is 17 digits and their check digit. */
export function idNumberValid(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckDigit(id.slice(0, 17)) === id[17];
}
