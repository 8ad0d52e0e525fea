/**
 * A part's bytes built straight into buffers of about a megabyte (the pieces the xlsx writer
 * deflates one by one), so a worksheet of 100,000 rows × 60 columns makes no string per cell: a
 * string per cell, concatenated and flattened, cost about a second of garbage collection and copying
 * in 5 s (issue 19).
 * Texts given here are "byte strings" (UTF-8 bytes, one per character; see `byteString`); numbers
 * are written as `String(v)` would write them (ECMA-262 Number::toString), by hand where that is
 * exact: integers below 10^15, and values of at most four decimals below 10^9 — the rounding of
 * every result table (a decimal of ≤ 4 places below 10^9 is the only one of ≤ 4 places nearest its
 * double, and so also its shortest round-trip form).
 */
const NON_ASCII = /[^\x20-\x7e\t\n\r]/; // anything but printable ASCII (controls are removed before)

/** `s` as its UTF-8 bytes, one per character (Latin-1): it becomes those bytes by a copy. */
export const byteString = (s: string): string => (NON_ASCII.test(s) ? Buffer.from(s, 'utf8').toString('latin1') : s);

export const PIECE_BYTES = 1 << 20;

export class Pieces {
  private buf = Buffer.allocUnsafe(PIECE_BYTES + (64 << 10));
  private pos = 0;

  /** The bytes written since the last piece was taken. */
  get length(): number {
    return this.pos;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** Hands over what was written as one piece and starts the next. */
  take(): Buffer {
    const piece = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(Math.max(PIECE_BYTES + (64 << 10), this.buf.length));
    this.pos = 0;
    return piece;
  }

  /** A byte string (ASCII markup, or text through `byteString`). */
  text(s: string): void {
    this.room(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  /** A few bytes made once (markup around cells). */
  bytes(b: Uint8Array): void {
    this.room(b.length);
    const buf = this.buf;
    let p = this.pos;
    for (let k = 0; k < b.length; k++) buf[p++] = b[k];
    this.pos = p;
  }

  /** A non-negative integer below 2^53, in decimal. */
  private digits(n: number): void {
    const buf = this.buf;
    let end = this.pos;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) end++;
    this.pos = end + 1;
    let m = n;
    do {
      const q = Math.floor(m / 10);
      buf[end--] = 48 + (m - q * 10);
      m = q;
    } while (m > 0);
  }

  /** A finite number as String(v) writes it. */
  number(v: number): void {
    const a = Math.abs(v);
    if (Number.isInteger(v) && a < 1e15) {
      this.room(17);
      if (v < 0) this.buf[this.pos++] = 45; // -
      this.digits(a);
      return;
    }
    if (a < 1e9) {
      const k = Math.round(a * 1e4);
      if (k / 1e4 === a) {
        this.room(17);
        if (v < 0) this.buf[this.pos++] = 45;
        const whole = Math.floor(k / 1e4);
        let frac = k - whole * 1e4;
        this.digits(whole);
        let places = 4;
        while (frac % 10 === 0) {
          frac /= 10;
          places--;
        }
        this.buf[this.pos++] = 46; // .
        for (let d = places - 1, p = this.pos; d >= 0; d--, frac = Math.floor(frac / 10)) this.buf[p + d] = 48 + (frac % 10);
        this.pos += places;
        return;
      }
    }
    this.text(String(v));
  }
}
