/** parseNumericCell: the plain-number fast path (issue 19) gives what the full rules give. */
import { describe, expect, it } from 'vitest';
import { fromRecords, parseNumericCell } from '../../src/assess/data.js';

/** The full rules without the fast path (the function as it was), as the reference. */
function reference(v: string): number | undefined {
  let s = v.trim();
  if (['', '-', '—', '－', '--', 'na', 'n/a', 'nan', 'null', '..', '/', '空', '无数据'].includes(s.toLowerCase())) return NaN;
  s = s
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/[−－]/g, '-')
    .replace(/[,，\s]/g, '');
  if (s.endsWith('%') || s.endsWith('％')) s = s.slice(0, -1);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

describe('parseNumericCell', () => {
  const cases = [
    '0',
    '-0',
    '+5',
    '12',
    '12.5',
    '.5',
    '5.',
    '1e3',
    '1E-7',
    '-2.5e+10',
    '1e400',
    '-1e400',
    '007',
    '12.5%',
    ' 12 ',
    '1,234',
    '１２．５',
    '−3',
    '－3',
    'NaN',
    'na',
    '',
    '-',
    '—',
    'abc',
    '1.2.3',
    '1e',
    'e5',
    '0x10',
    'Infinity',
    '12 345',
    '12，345',
  ];
  it.each(cases)('%j parses as the full rules say', (s) => {
    const got = parseNumericCell(s);
    const want = reference(s);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))).toBe(true);
  });

  it('random plain numbers take the fast path and keep their value', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const s = (rnd() < 0.5 ? '-' : '') + (rnd() * 10 ** Math.floor(rnd() * 12)).toFixed(Math.floor(rnd() * 6));
      expect(parseNumericCell(s)).toBe(reference(s));
    }
  });

  it('fromRecords still names a bad cell', () => {
    expect(() =>
      fromRecords(
        [
          { id: 'a', x: '1' },
          { id: 'b', x: '1..2' },
        ],
        { idField: 'id', numericFields: ['x'] },
      ),
    ).toThrow(/row 2.*"x"/);
  });
});
