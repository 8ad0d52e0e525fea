/**
 * The xlsx writer's byte builder (exports/xlsx-pieces.ts) writes numbers by hand where that is
 * exact: checked against String(v) (the formatting it replaced) on edge cases and on a million
 * values of the kinds result tables hold; texts become their UTF-8 bytes.
 */
import { describe, expect, it } from 'vitest';
import { byteString, Pieces } from '../src/exports/xlsx-pieces.js';

function written(values: number[]): string[] {
  const p = new Pieces();
  const sep = Buffer.from('|');
  for (const v of values) {
    p.number(v);
    p.bytes(sep);
  }
  return p.take().toString('latin1').split('|').slice(0, -1);
}

/** deterministic pseudo-random numbers in [0, 1) (mulberry32) */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('numbers in the xlsx byte builder', () => {
  it('writes edge cases as String(v) does', () => {
    const edge = [
      0,
      -0,
      1,
      -1,
      9,
      10,
      99,
      100,
      1e9,
      999999999.9999,
      1e9 + 0.5,
      1e15 - 1,
      1e15,
      2 ** 53,
      1e21,
      1e-7,
      -1e-7,
      0.1,
      0.2,
      0.3,
      1.05,
      82.9711,
      -82.9711,
      0.0001,
      0.00015,
      1.0001,
      123.45,
      5e-324,
      Number.MAX_VALUE,
      1 / 3,
      2 / 3,
      0.1 + 0.2,
      4.35,
      1.005,
    ];
    expect(written(edge)).toEqual(edge.map(String));
  });

  it('agrees with String(v) on a million values rounded as the tables round them, and unrounded', () => {
    const next = random(19);
    const values: number[] = [];
    for (let i = 0; i < 250_000; i++) {
      const x = (next() - 0.3) * 10 ** Math.floor(next() * 12 - 3);
      values.push(Math.round(x * 1e4) / 1e4, x, Math.round(x), Math.round(x * 100) / 100);
    }
    const got = written(values);
    const bad = values.filter((v, i) => got[i] !== String(v));
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

describe('texts in the xlsx byte builder', () => {
  it('become their UTF-8 bytes, through a growing buffer', () => {
    const p = new Pieces();
    const long = '柯桥区'.repeat(300_000); // 2.7 MB as UTF-8: more than one buffer
    for (const s of ['单位80', 'a & b', long, '😀']) p.text(byteString(s));
    expect(p.take().toString('utf8')).toBe(`单位80a & b${long}😀`);
  });
});
