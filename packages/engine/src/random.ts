/**
 * Seeded pseudo-random numbers, the one copy used by the engine, the demos, tests and benches:
 * mulberry32 (32-bit state, period 2³², public-domain algorithm by Tommy Ettinger), uniform in
 * [0, 1), seeded by a number or by a key through FNV-1a. Outputs must never change: demo data
 * and published sensitivity intervals are reproduced from them (pinned in test/random.test.ts).
 */

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a (32-bit) of a text's UTF-16 code units: a seed from a key such as `town-annual:330603001000`. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
