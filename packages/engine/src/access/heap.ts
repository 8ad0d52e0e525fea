/**
 * Indexed binary min-heap over node ids on typed arrays (Williams 1964 heap with a position
 * array for decrease-key, as in Cormen et al., "Introduction to Algorithms", §6.5).
 *
 * Keys are read from the caller's `cost` and `label` arrays and compared lexicographically
 * (cost, then label, then node id), which makes pop order — and so every tie — independent of
 * insertion order: the basis for byte-identical results.
 */

export class NodeHeap {
  readonly heap: Int32Array;
  /** Heap slot of each node, or -1 when the node is not in the heap. */
  readonly pos: Int32Array;
  size = 0;
  cost: Float64Array;
  label: Int32Array;

  constructor(nodeCount: number) {
    this.heap = new Int32Array(nodeCount);
    this.pos = new Int32Array(nodeCount).fill(-1);
    this.cost = new Float64Array(0);
    this.label = new Int32Array(0);
  }

  /** Attaches the key arrays for the next search; the heap must be empty. */
  bind(cost: Float64Array, label: Int32Array): void {
    this.cost = cost;
    this.label = label;
    this.size = 0;
  }

  private less(a: number, b: number): boolean {
    const ca = this.cost[a];
    const cb = this.cost[b];
    if (ca !== cb) return ca < cb;
    const la = this.label[a];
    const lb = this.label[b];
    if (la !== lb) return la < lb;
    return a < b;
  }

  /** Inserts `v` or restores order after its key decreased. */
  pushOrDecrease(v: number): void {
    let i = this.pos[v];
    if (i < 0) {
      i = this.size++;
      this.heap[i] = v;
      this.pos[v] = i;
    }
    this.up(i);
  }

  pop(): number {
    const heap = this.heap;
    const top = heap[0];
    this.pos[top] = -1;
    const last = heap[--this.size];
    if (this.size > 0) {
      heap[0] = last;
      this.pos[last] = 0;
      this.down(0);
    }
    return top;
  }

  private up(i: number): void {
    const heap = this.heap;
    const pos = this.pos;
    const v = heap[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const u = heap[p];
      if (!this.less(v, u)) break;
      heap[i] = u;
      pos[u] = i;
      i = p;
    }
    heap[i] = v;
    pos[v] = i;
  }

  private down(i: number): void {
    const heap = this.heap;
    const pos = this.pos;
    const n = this.size;
    const v = heap[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(heap[c + 1], heap[c])) c++;
      const u = heap[c];
      if (!this.less(u, v)) break;
      heap[i] = u;
      pos[u] = i;
      i = c;
    }
    heap[i] = v;
    pos[v] = i;
  }
}
