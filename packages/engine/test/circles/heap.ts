/**
 * Indexed binary min-heap over node ids on typed arrays (Williams 1964 heap with a position
 * array for decrease-key, as in Cormen et al., "Introduction to Algorithms", §6.5).
 *
 * Each slot stores its node and a copy of the node's key, so sift-up/down compare within the
 * heap arrays (cache-friendly) instead of reading a graph-sized cost array at random. Keys are
 * compared lexicographically — (cost, label, node id) — with labels read from the caller's
 * array only on equal costs; pop order, and so every tie, is independent of insertion order:
 * the basis for byte-identical results.
 */

export class NodeHeap {
  readonly node: Int32Array;
  readonly key: Float64Array;
  /** Heap slot of each node, or -1 when the node is not in the heap. */
  readonly pos: Int32Array;
  size = 0;
  label: Int32Array;

  constructor(nodeCount: number) {
    this.node = new Int32Array(nodeCount);
    this.key = new Float64Array(nodeCount);
    this.pos = new Int32Array(nodeCount).fill(-1);
    this.label = new Int32Array(0);
  }

  /** Empties the heap and attaches the label array used to break cost ties. */
  reset(label: Int32Array): void {
    for (let i = 0; i < this.size; i++) this.pos[this.node[i]] = -1;
    this.size = 0;
    this.label = label;
  }

  /** Inserts node `v` with key `k`, or lowers its key to `k` (k must not increase). */
  push(v: number, k: number): void {
    let i = this.pos[v];
    if (i < 0) i = this.size++;
    const node = this.node;
    const key = this.key;
    const pos = this.pos;
    const label = this.label;
    const lv = label[v];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const kp = key[p];
      if (kp < k) break;
      const u = node[p];
      if (kp === k) {
        const lu = label[u];
        if (lu < lv || (lu === lv && u < v)) break;
      }
      node[i] = u;
      key[i] = kp;
      pos[u] = i;
      i = p;
    }
    node[i] = v;
    key[i] = k;
    pos[v] = i;
  }

  /** Removes and returns the node with the smallest key. */
  pop(): number {
    const node = this.node;
    const key = this.key;
    const pos = this.pos;
    const label = this.label;
    const top = node[0];
    pos[top] = -1;
    const n = --this.size;
    if (n === 0) return top;
    const v = node[n];
    const k = key[n];
    const lv = label[v];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let kc = key[c];
      let u = node[c];
      if (c + 1 < n) {
        const k2 = key[c + 1];
        const u2 = node[c + 1];
        if (k2 < kc || (k2 === kc && (label[u2] < label[u] || (label[u2] === label[u] && u2 < u)))) {
          c++;
          kc = k2;
          u = u2;
        }
      }
      if (kc > k) break;
      if (kc === k) {
        const lu = label[u];
        if (lu > lv || (lu === lv && u > v)) break;
      }
      node[i] = u;
      key[i] = kc;
      pos[u] = i;
      i = c;
    }
    node[i] = v;
    key[i] = k;
    pos[v] = i;
    return top;
  }
}
