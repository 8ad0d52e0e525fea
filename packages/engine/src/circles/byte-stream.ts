/**
 * Exact-length reads from a stream of byte chunks.
 *
 * The PBF reader needs "the next 4 bytes", "the next n bytes" from an AsyncIterable of
 * Uint8Array chunks of arbitrary sizes (a file stream, a fetch body, or one whole buffer).
 * Chunks are queued without copying; a read that spans chunks copies just those bytes.
 * Memory held is at most one requested block plus one chunk.
 */

export type ByteSource = Uint8Array | ArrayBuffer | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

export async function* toChunks(src: ByteSource): AsyncGenerator<Uint8Array> {
  if (src instanceof Uint8Array) {
    yield src;
    return;
  }
  if (src instanceof ArrayBuffer) {
    yield new Uint8Array(src);
    return;
  }
  for await (const chunk of src as AsyncIterable<Uint8Array>) {
    if (chunk.length > 0) yield chunk;
  }
}

export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0; // offset into chunks[0]
  private buffered = 0;
  private done = false;
  /** Total bytes consumed by read() so far (for error offsets). */
  consumed = 0;
  private readonly it: AsyncIterator<Uint8Array>;

  constructor(src: ByteSource) {
    this.it = toChunks(src)[Symbol.asyncIterator]();
  }

  /** Ensures `n` bytes are buffered; returns false when the stream ends first. */
  async fill(n: number): Promise<boolean> {
    while (this.buffered < n && !this.done) {
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        break;
      }
      this.chunks.push(r.value);
      this.buffered += r.value.length;
    }
    return this.buffered >= n;
  }

  available(): number {
    return this.buffered;
  }

  /** Copies out the next `n` buffered bytes (caller must have fill()ed). */
  read(n: number): Uint8Array {
    if (n > this.buffered) throw new RangeError('read past buffered data');
    const first = this.chunks[0];
    if (first && first.length - this.head >= n) {
      const out = first.subarray(this.head, this.head + n);
      this.head += n;
      if (this.head === first.length) {
        this.chunks.shift();
        this.head = 0;
      }
      this.buffered -= n;
      this.consumed += n;
      return out;
    }
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const c = this.chunks[0];
      const take = Math.min(n - off, c.length - this.head);
      out.set(c.subarray(this.head, this.head + take), off);
      off += take;
      this.head += take;
      if (this.head === c.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.buffered -= n;
    this.consumed += n;
    return out;
  }

  /** Peeks at up to `n` bytes without consuming them. */
  async peek(n: number): Promise<Uint8Array> {
    await this.fill(n);
    const m = Math.min(n, this.buffered);
    const saveHead = this.head;
    const saveChunks = this.chunks.slice();
    const saveBuffered = this.buffered;
    const saveConsumed = this.consumed;
    const out = this.read(m).slice();
    this.head = saveHead;
    this.chunks = saveChunks;
    this.buffered = saveBuffered;
    this.consumed = saveConsumed;
    return out;
  }
}
