import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode, organisationCodeCheckChar, validateCreditCode } from '@gongfu/engine/mujun';
import { isEngineError } from '@gongfu/engine';

/**
 * Real, published codes (public business registrations, each reproduced in many public repositories'
 * fixtures; all four also pass the GB 11714 check of their embedded organisation code):
 *   阿里巴巴（中国）网络技术有限公司 91330100716105852F
 *   腾讯科技（深圳）有限公司         9144030071526726XG
 *   华为技术有限公司                 914403001922038216
 *   小米科技有限责任公司             91110108551385082Q
 * 91330000142916567N was given in the brief as an example; it validates here, but its holder was not verified.
 */
const REAL = ['91330100716105852F', '9144030071526726XG', '914403001922038216', '91110108551385082Q'];

describe('统一社会信用代码 GB 32100-2015', () => {
  it('accepts real published codes, with and without the organisation-code check', () => {
    for (const c of [...REAL, '91330000142916567N']) {
      expect(validateCreditCode(c).problems).toEqual([]);
      expect(isValidCreditCode(c, { checkOrganisationCode: true })).toBe(true);
    }
  });
  it('computes the check character: Σ C_i·3^(i−1) mod 31', () => {
    expect(creditCodeCheckChar('91330100716105852')).toBe('F');
    expect(creditCodeCheckChar('9144030071526726X')).toBe('G');
    // 华为: check 6 (not a letter)
    expect(creditCodeCheckChar('91440300192203821')).toBe('6');
    expect(organisationCodeCheckChar('71610585')).toBe('2');
    expect(organisationCodeCheckChar('71526726')).toBe('X');
  });
  it('normalises spaces, lower case and full-width characters', () => {
    expect(validateCreditCode(' 9133 0100 7161 0585 2f ').valid).toBe(true);
    expect(validateCreditCode('９１３３０１００７１６１０５８５２Ｆ').code).toBe('91330100716105852F');
    expect(validateCreditCode('91330100716105852f', { normalise: false }).problems[0]).toMatchObject({
      kind: 'charset',
      position: 18,
      char: 'f',
    });
  });
  it('wrong length', () => {
    const r = validateCreditCode('9133010071610585');
    expect(r.valid).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'length', position: null })]);
    expect(r.problems[0].zh).toContain('16');
    expect(r.problems[0].en).toContain('18 characters');
  });
  it('a character outside the set, with a look-alike hint (O for 0, I for 1, S, V, Z)', () => {
    const r = validateCreditCode('91330100716IO5852F');
    expect(r.problems.map((p) => [p.kind, p.position, p.char])).toEqual([
      ['charset', 12, 'I'],
      ['charset', 13, 'O'],
    ]);
    expect(r.problems[0].zh).toContain('“1”');
    expect(r.problems[1].en).toContain('did you mean "0"');
    for (const bad of ['S', 'V', 'Z', '*'])
      expect(validateCreditCode('9133010071610585' + bad + 'F').problems[0]).toMatchObject({ kind: 'charset', position: 17, char: bad });
  });
  it('a letter in the division code (positions 3–8)', () => {
    const code = '9133A100716105852';
    const r = validateCreditCode(code + creditCodeCheckChar(code));
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'region', position: 5, char: 'A' })]);
  });
  it('a wrong check character says which one is expected', () => {
    const r = validateCreditCode('91330100716105852G');
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'check', position: 18, char: 'G', expected: 'F' })]);
    expect(r.problems[0].zh).toContain('第 18 位');
    // a transposition of two characters in the body is caught by the check character
    expect(validateCreditCode('91330100761105852F').problems[0]).toMatchObject({ kind: 'check', position: 18 });
  });
  it('optional GB 11714 organisation-code check (position 17)', () => {
    // body with a wrong organisation check digit (2 → 3) but a matching 18th character
    const code = '91330100716105853';
    const full = code + creditCodeCheckChar(code);
    expect(validateCreditCode(full).valid).toBe(true);
    const r = validateCreditCode(full, { checkOrganisationCode: true });
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'organisation-check', position: 17, char: '3', expected: '2' })]);
  });
  it('creditCodeCheckChar throws an EngineError on a bad character', () => {
    try {
      creditCodeCheckChar('9133010071610585O');
      expect.unreachable();
    } catch (e) {
      expect(isEngineError(e)).toBe(true);
      expect((e as { code: string; details: { position: number } }).details.position).toBe(17);
    }
  });
});
