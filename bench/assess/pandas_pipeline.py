"""Same assessment pipeline as bench/assess/run.ts, in idiomatic vectorised pandas.

winsorise (COINr rule: |skew| < 2 or kurt < 3.5, pandas skew/kurt = Excel = e1071 type 2,
at most winmax = 5 points, log_CT fallback on the original column) → min-max to [0, 100]
(direction applied as x·dir) → entropy weights per node (0·ln0 = 0) → weighted arithmetic
mean per node, 3 levels, NaN-skipping → rank (method "min", descending) → grade bands.

Single-threaded like the TypeScript side: pandas evaluates large arithmetic through numexpr, which
uses every core by default, so numexpr is pinned to one thread (and BLAS/OpenMP via the
environment the harness sets). Node scores are kept in a dict of Series: growing a DataFrame with
`assign` per node copies and re-consolidates every column each time (about a third of the
pipeline's time in pandas 1.5), which is not how one would write it.

usage: python3 pandas_pipeline.py DATA.f64 N OUT_SCORES.f64 [REPEATS=3]
DATA is N×10 float64, column-major (column j occupies [j·N, (j+1)·N)).
Prints one JSON line: {"seconds": median wall, "cpu": median process CPU, "walls": […], "cpus": […],
"winsorised": […], "log": […]}.
"""
import json
import sys
import time

import numpy as np
import pandas as pd

try:
    import numexpr

    numexpr.set_num_threads(1)
except ImportError:  # pandas then computes with numpy alone, single-threaded already
    pass

COLS = [f"i{j}" for j in range(10)]
DIRECTION = {"i3": -1, "i7": -1}
TREE = [  # (node, children) bottom-up
    ("p1", ["i0", "i1", "i2"]),
    ("p2", ["i3", "i4"]),
    ("p3", ["i5", "i6", "i7"]),
    ("p4", ["i8", "i9"]),
    ("s1", ["p1", "p2"]),
    ("s2", ["p3", "p4"]),
    ("index", ["s1", "s2"]),
]
BANDS = [(90, "优秀"), (80, "良好"), (60, "合格")]


def passes(x):
    s, k = x.skew(), x.kurt()
    return (abs(s) < 2) or (k < 3.5), s


def treat(x, winmax=5):
    ok, s = passes(x)
    if ok:
        return x, "none"
    xw = x.copy()
    nhi = nlo = nwin = 0
    while not ok and nwin < winmax:
        if s >= 0:
            m = xw == xw.max()
            xw[m] = xw[~m].max()
            nhi = int(m.sum())
        else:
            m = xw == xw.min()
            xw[m] = xw[~m].min()
            nlo = int(m.sum())
        nwin = nhi + nlo
        ok, s = passes(xw)
    if ok:
        return xw, "winsorise"
    mn, mx = x.min(), x.max()
    return np.log(x - mn + 0.01 * (mx - mn)), "log"


def entropy_weights(sub):
    p = sub / sub.sum()
    plogp = (p * np.log(p.where(p > 0))).fillna(0.0)
    e = -plogp.sum() / np.log(sub.count())
    d = 1 - e
    return d / d.sum()


def amean(sub, w):
    num = sub.mul(w, axis=1).sum(axis=1, min_count=1)
    den = sub.notna().mul(w, axis=1).sum(axis=1)
    return num / den


def pipeline(df):
    treated = {}
    info = {"winsorised": [], "log": []}
    for c in COLS:
        x, how = treat(df[c])
        treated[c] = x
        if how == "winsorise":
            info["winsorised"].append(c)
        elif how == "log":
            info["log"].append(c)
    t = pd.DataFrame(treated)
    for c, d in DIRECTION.items():
        t[c] = t[c] * d
    norm = (t - t.min()) / (t.max() - t.min()) * 100.0
    scores = dict(norm.items())
    for node, kids in TREE:
        sub = pd.DataFrame({k: scores[k] for k in kids})
        w = entropy_weights(sub)
        scores[node] = amean(sub, w)
    final = scores["index"]
    rank = final.rank(method="min", ascending=False)
    grade = pd.Series(np.select([final >= b for b, _ in BANDS], [g for _, g in BANDS], default="基本合格"), index=final.index)
    return final, rank, grade, info


def main():
    path, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    arr = np.fromfile(path, dtype="<f8").reshape(10, n)
    df = pd.DataFrame({c: arr[j] for j, c in enumerate(COLS)})
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    walls, cpus = [], []
    pipeline(df)  # warm-up (lazy imports, first-touch allocations), as the TypeScript side gets
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        final, rank, grade, info = pipeline(df)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    secs = sorted(walls)[len(walls) // 2]
    np.asarray(final, dtype="<f8").tofile(out)
    np.asarray(rank, dtype="<f8").tofile(out + ".rank")
    info["seconds"] = secs
    info["cpu"] = sorted(cpus)[len(cpus) // 2]
    info["walls"] = walls
    info["cpus"] = cpus
    info["repeats"] = repeats
    info["pandas"] = pd.__version__
    info["grades"] = {str(k): int(v) for k, v in grade.value_counts().items()}
    print(json.dumps(info, ensure_ascii=False))


if __name__ == "__main__":
    main()
