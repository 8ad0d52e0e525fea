/**
 * Append-only typed arrays with amortised doubling (the std::vector growth rule), used while
 * streaming so a county extract is held as flat numeric columns rather than as objects.
 */

type TypedCtor<T> = { new (n: number): T };

export class Growable<T extends Float64Array | Int32Array | Float32Array | Int8Array | Uint8Array> {
  a: T;
  n = 0;
  constructor(
    private readonly ctor: TypedCtor<T>,
    initial = 1024,
  ) {
    this.a = new ctor(initial);
  }
  push(v: number): void {
    if (this.n === this.a.length) this.grow(this.n + 1);
    this.a[this.n++] = v;
  }
  grow(min: number): void {
    let cap = this.a.length * 2;
    while (cap < min) cap *= 2;
    const b = new this.ctor(cap);
    b.set(this.a.subarray(0, this.n) as never);
    this.a = b;
  }
  /** A right-sized copy. */
  toArray(): T {
    return this.a.slice(0, this.n) as T;
  }
}

export const f64 = (n = 1024) => new Growable<Float64Array>(Float64Array, n);
export const i32 = (n = 1024) => new Growable<Int32Array>(Int32Array, n);
export const i8 = (n = 1024) => new Growable<Int8Array>(Int8Array, n);
