/**
 * 统一社会信用代码 (unified social credit identifier), GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》.
 * 18 characters from the 31-character set 0-9 A-H J-N P-R T U W-Y (no I O S V Z), value 0…30 in that order:
 *   pos 1      登记管理部门代码      pos 2      机构类别代码
 *   pos 3–8    登记管理机关行政区划码 (6 digits)
 *   pos 9–17   主体标识码 = 组织机构代码 (GB 11714-1997: 8 body characters + its own check character)
 *   pos 18     校验码: C18 = 31 − (Σ_{i=1..17} C_i·W_i mod 31), 31 → 0, with W_i = 3^(i−1) mod 31
 *              = 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28, written back with the same character set.
 * Optional (GB 11714-1997): organisation code check C9 = 11 − (Σ_{i=1..8} C_i·W_i mod 11),
 *   W = 3 7 9 10 5 8 4 2, characters 0-9 → 0–9, A–Z → 10–35; 10 → 'X', 11 → '0'.
 * The result names every wrong character by its 1-based position and why (zh/en), so an officer can
 * fix a mistyped code (O for 0, I for 1, lower case and full-width characters are normalised first
 * unless `normalise: false`).
 */

import { fail } from './errors.js';

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export const ORGANISATION_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];

export type CreditCodeProblemKind = 'length' | 'charset' | 'region' | 'check' | 'organisation-check';

export interface CreditCodeProblem {
  kind: CreditCodeProblemKind;
  /** 1-based position of the wrong character; null for a wrong length. */
  position: number | null;
  /** The character found at `position`. */
  char?: string;
  /** The character the check expects (kinds `check`, `organisation-check`). */
  expected?: string;
  zh: string;
  en: string;
}

export interface CreditCodeResult {
  /** The code as checked (after normalisation). */
  code: string;
  valid: boolean;
  problems: CreditCodeProblem[];
}

export interface CreditCodeOptions {
  /** Trim, NFKC (full-width → ASCII), upper-case, drop inner spaces and hyphens. Default true. */
  normalise?: boolean;
  /** Also check the embedded organisation code (positions 9–17) per GB 11714. Default false. */
  checkOrganisationCode?: boolean;
}

const LOOKALIKE: Record<string, string> = { I: '1', O: '0', Z: '2', S: '5', V: 'U' };

/** Trim, full-width → ASCII, upper case, no spaces or hyphens. */
export function normaliseCreditCode(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[\s\-‐–—]/g, '')
    .toUpperCase();
}

/** The GB 32100 check character for the first 17 characters. Throws on a character outside the set. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17)
    fail('INVALID_ARGUMENT', '校验码计算需要前 17 位', 'the check character needs the first 17 characters', { length: first17.length });
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (v < 0)
      fail(
        'CREDIT_CODE_CHARSET',
        `第 ${i + 1} 位字符 ${first17[i]} 不在代码字符集内`,
        `character ${i + 1} (${first17[i]}) is outside the code's character set`,
        {
          position: i + 1,
          char: first17[i],
        },
      );
    sum += v * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/** The GB 11714 check character for an 8-character organisation code body (0-9, A-Z); null if a character is outside. */
export function organisationCodeCheckChar(first8: string): string | null {
  if (first8.length !== 8) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8.charCodeAt(i);
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : -1;
    if (v < 0) return null;
    sum += v * ORGANISATION_CODE_WEIGHTS[i];
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** Checks a 统一社会信用代码; every problem names its 1-based position and reason. */
export function validateCreditCode(input: string, options: CreditCodeOptions = {}): CreditCodeResult {
  const code = options.normalise === false ? input : normaliseCreditCode(input);
  const problems: CreditCodeProblem[] = [];
  const chars = [...code];
  if (chars.length !== 18)
    problems.push({
      kind: 'length',
      position: null,
      zh: `统一社会信用代码应为 18 位，实际 ${chars.length} 位`,
      en: `a unified social credit code has 18 characters, this one has ${chars.length}`,
    });
  let charsetOk = true;
  chars.forEach((c, i) => {
    if (CREDIT_CODE_CHARSET.includes(c)) return;
    charsetOk = false;
    const hint = LOOKALIKE[c];
    problems.push({
      kind: 'charset',
      position: i + 1,
      char: c,
      zh: `第 ${i + 1} 位“${c}”不是合法字符（代码不使用 I、O、S、V、Z 及小写、符号）${hint ? `，是否应为“${hint}”？` : ''}`,
      en: `character ${i + 1} "${c}" is not allowed (the code never uses I, O, S, V, Z, lower case or symbols)${hint ? `; did you mean "${hint}"?` : ''}`,
    });
  });
  for (let i = 2; i < Math.min(8, chars.length); i++)
    if (CREDIT_CODE_CHARSET.includes(chars[i]) && !(chars[i] >= '0' && chars[i] <= '9'))
      problems.push({
        kind: 'region',
        position: i + 1,
        char: chars[i],
        zh: `第 ${i + 1} 位“${chars[i]}”应为数字（第 3–8 位是登记管理机关行政区划码）`,
        en: `character ${i + 1} "${chars[i]}" must be a digit (characters 3–8 are the registering authority's division code)`,
      });
  if (chars.length === 18 && charsetOk) {
    const expected = creditCodeCheckChar(code.slice(0, 17));
    if (expected !== chars[17])
      problems.push({
        kind: 'check',
        position: 18,
        char: chars[17],
        expected,
        zh: `第 18 位校验码应为“${expected}”，实际为“${chars[17]}”（或前 17 位有录入错误）`,
        en: `check character 18 should be "${expected}", found "${chars[17]}" (or one of the first 17 characters is mistyped)`,
      });
    if (options.checkOrganisationCode) {
      const org = organisationCodeCheckChar(code.slice(8, 16));
      if (org !== null && org !== chars[16])
        problems.push({
          kind: 'organisation-check',
          position: 17,
          char: chars[16],
          expected: org,
          zh: `第 17 位（组织机构代码校验码，GB 11714）应为“${org}”，实际为“${chars[16]}”`,
          en: `character 17 (the organisation code's GB 11714 check) should be "${org}", found "${chars[16]}"`,
        });
    }
  }
  return { code, valid: problems.length === 0, problems };
}

export function isValidCreditCode(input: string, options: CreditCodeOptions = {}): boolean {
  return validateCreditCode(input, options).valid;
}
