/**
 * JSON-ready copies of engine results: every typed array becomes a plain number array and every
 * NaN (missing) becomes null, recursively; everything else is copied as is. For API responses —
 * `JSON.stringify` would otherwise turn a Float64Array into {"0": …} and NaN into null silently.
 */

export type Plain<T> = T extends Float64Array | Float32Array | Int32Array | Uint32Array | Int8Array | Uint8Array
  ? (number | null)[]
  : T extends (infer U)[]
    ? Plain<U>[]
    : T extends object
      ? { [K in keyof T]: Plain<T[K]> }
      : T extends number
        ? number | null
        : T;

export function toPlain<T>(value: T): Plain<T> {
  return convert(value) as Plain<T>;
}

function convert(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number>;
    const out = new Array<number | null>(a.length);
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      out[i] = Number.isFinite(x) ? x : null;
    }
    return out;
  }
  if (Array.isArray(v)) return v.map(convert);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = convert(x);
    return o;
  }
  return v;
}
