/**
 * Minimal protocol-buffers wire-format reader (proto2/proto3 encoding, developers.google.com/
 * protocol-buffers/docs/encoding): base-128 varints, ZigZag sint, length-delimited fields and
 * packed repeated scalars. Only what the OSM PBF schema (fileformat.proto, osmformat.proto) uses.
 *
 * Integers are returned as JS numbers: exact up to 2^53, which covers OSM ids (≈1.3·10^10)
 * and nanodegree coordinates. Reading past the end throws a RangeError that the PBF layer
 * turns into an AccessError (PBF_CORRUPT).
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export class ProtoReader {
  pos: number;
  readonly end: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  /** Unsigned varint as a number (exact below 2^53). */
  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    let val = b & 0x7f;
    if (b < 0x80) {
      this.pos = pos;
      return val;
    }
    b = buf[pos++];
    val |= (b & 0x7f) << 7;
    if (b < 0x80) {
      this.pos = pos;
      return val;
    }
    b = buf[pos++];
    val |= (b & 0x7f) << 14;
    if (b < 0x80) {
      this.pos = pos;
      return val;
    }
    b = buf[pos++];
    val |= (b & 0x7f) << 21;
    if (b < 0x80) {
      this.pos = pos;
      return val;
    }
    // ≥ 28 bits: continue with floating-point arithmetic.
    let mul = 268435456; // 2^28
    let result = val;
    for (let i = 0; i < 6; i++) {
      b = buf[pos++];
      if (b === undefined) throw new RangeError('varint past end of buffer');
      result += (b & 0x7f) * mul;
      if (b < 0x80) {
        this.pos = pos;
        return result;
      }
      mul *= 128;
    }
    throw new RangeError('varint longer than 10 bytes');
  }

  /** ZigZag-decoded signed varint (sint32/sint64). */
  svarint(): number {
    const v = this.varint();
    return v % 2 === 1 ? -(v + 1) / 2 : v / 2;
  }

  /** int32/int64 varint (two's complement; negative values use 10 bytes). */
  int(): number {
    const v = this.varint();
    return v >= 2 ** 63 ? v - 2 ** 64 : v;
  }

  /** Length-delimited field: returns [start, end) in `buf` and skips it. */
  bytesRange(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    const end = start + len;
    if (end > this.end) throw new RangeError('length-delimited field past end of message');
    this.pos = end;
    return [start, end];
  }

  bytes(): Uint8Array {
    const [s, e] = this.bytesRange();
    return this.buf.subarray(s, e);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint();
        break;
      case WIRE_FIXED64:
        this.pos += 8;
        break;
      case WIRE_BYTES:
        this.bytesRange();
        break;
      case WIRE_FIXED32:
        this.pos += 4;
        break;
      default:
        throw new RangeError(`unsupported wire type ${wireType}`);
    }
    if (this.pos > this.end) throw new RangeError('field past end of message');
  }
}

/** Decodes a packed repeated unsigned varint field into `out` (returns count). */
export function readPackedVarints(r: ProtoReader, out: number[]): number {
  const [s, e] = r.bytesRange();
  const sub = new ProtoReader(r.buf, s, e);
  let n = 0;
  while (sub.pos < e) {
    out.push(sub.varint());
    n++;
  }
  if (sub.pos !== e) throw new RangeError('packed field overruns its length');
  return n;
}

/** Decodes a packed repeated sint64 field with delta coding, pushing running sums into `out`. */
export function readPackedDeltaSvarints(r: ProtoReader, out: number[]): number {
  const [s, e] = r.bytesRange();
  const sub = new ProtoReader(r.buf, s, e);
  let acc = 0;
  let n = 0;
  while (sub.pos < e) {
    acc += sub.svarint();
    out.push(acc);
    n++;
  }
  if (sub.pos !== e) throw new RangeError('packed field overruns its length');
  return n;
}
