"""SciPy peer of the engine's multi-source bounded search (bench/circles/run.ts, issue 19):
scipy.sparse.csgraph.dijkstra(graph, indices=sources, min_only=True, limit=bound) on the same
reversed CSR graph (row v lists the arcs entering v, so distances are v → facility), one call per
category, single-threaded C. Parallel arcs are reduced to their minimum first (a CSR matrix would
sum duplicates). Only the dijkstra calls are timed.

usage: python3 scipy_search.py DIR REPEATS
DIR holds indptr.i32, indices.i32, data.f64 (n+1, m, m) and categories.json
([{"bound": s, "sources": "file.i32"}, …]); writes cost-K.f64 and source-K.i32 (the nearest
source's node, -1 unreached) for category K from the last repeat.
Prints one JSON line: {"walls": [...], "cpus": [...], "scipy": version, "numpy": version}.
"""
import json
import os
import sys
import time

import numpy as np
import scipy
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra


def main():
    d, repeats = sys.argv[1], int(sys.argv[2])
    indptr = np.fromfile(os.path.join(d, "indptr.i32"), dtype="<i4")
    indices = np.fromfile(os.path.join(d, "indices.i32"), dtype="<i4")
    data = np.fromfile(os.path.join(d, "data.f64"), dtype="<f8")
    n = indptr.size - 1
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    key = rows * n + indices
    order = np.lexsort((data, key))
    key, data_sorted = key[order], data[order]
    first = np.r_[True, key[1:] != key[:-1]]
    key, data_min = key[first], data_sorted[first]  # sorted by cost within a key: the first is the minimum
    graph = csr_matrix((data_min, (key // n, key % n)), shape=(n, n))
    graph.sort_indices()
    cats = json.load(open(os.path.join(d, "categories.json")))
    sources = [np.fromfile(os.path.join(d, c["sources"]), dtype="<i4") for c in cats]
    walls, cpus = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        out = [
            dijkstra(graph, directed=True, indices=s, min_only=True, limit=c["bound"], return_predecessors=True)
            for c, s in zip(cats, sources)
        ]
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    for k, (dist, _pred, src) in enumerate(out):
        dist.astype("<f8").tofile(os.path.join(d, f"cost-{k}.f64"))
        src.astype("<i4").tofile(os.path.join(d, f"source-{k}.i32"))
    print(json.dumps({"walls": walls, "cpus": cpus, "scipy": scipy.__version__, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
