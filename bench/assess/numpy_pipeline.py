"""Same assessment pipeline as bench/assess/run.ts and pandas_pipeline.py, in plain NumPy (the
strongest peer: no pandas overhead, every result column computed, as the engine's "every column
read" figure).

winsorise (COINr rule: |skew| < 2 or kurt < 3.5 with the bias-corrected sample skewness and excess
kurtosis = pandas/Excel = e1071 type 2, at most winmax = 5 points, log_CT fallback on the original
column) → min-max to [0, 100] (direction applied as x·dir) → entropy weights per node (0·ln0 = 0)
→ weighted arithmetic mean per node, 3 levels, NaN-skipping → rank ("min", descending) → grades.
Single-threaded: the harness limits OpenMP/BLAS to one thread (NumPy's element-wise code is
single-threaded anyway).

usage: python3 numpy_pipeline.py DATA.f64 N OUT_SCORES.f64 [REPEATS=3]
DATA is N×10 float64, column-major. Prints one JSON line like pandas_pipeline.py, plus "cold": the
first call in this process (imports done, first-touch allocations included), and "coldCpu" its
process CPU time.
"""
import json
import sys
import time

import numpy as np

K = 10
DIRECTION = {3: -1.0, 7: -1.0}
# (node, children) bottom-up; children < 10 are indicators, else node ids
TREE = [
    ("p1", [0, 1, 2]),
    ("p2", [3, 4]),
    ("p3", [5, 6, 7]),
    ("p4", [8, 9]),
    ("s1", ["p1", "p2"]),
    ("s2", ["p3", "p4"]),
    ("index", ["s1", "s2"]),
]
BANDS = [(90.0, "优秀"), (80.0, "良好"), (60.0, "合格")]


def skew_kurt(x):
    v = x[~np.isnan(x)]
    n = v.size
    d = v - v.mean()
    d2 = d * d
    m2 = d2.mean()
    m3 = (d2 * d).mean()
    m4 = (d2 * d2).mean()
    g1 = m3 / m2**1.5
    g2 = m4 / (m2 * m2) - 3.0
    skew = g1 * np.sqrt(n * (n - 1.0)) / (n - 2.0)
    kurt = ((n + 1.0) * g2 + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
    return skew, kurt


def passes(x):
    s, k = skew_kurt(x)
    return (abs(s) < 2) or (k < 3.5), s


def treat(x, winmax=5):
    ok, s = passes(x)
    if ok:
        return x, "none"
    xw = x.copy()
    nhi = nlo = nwin = 0
    while not ok and nwin < winmax:
        if s >= 0:
            m = xw == np.nanmax(xw)
            xw[m] = np.nanmax(xw[~m])
            nhi = int(m.sum())
        else:
            m = xw == np.nanmin(xw)
            xw[m] = np.nanmin(xw[~m])
            nlo = int(m.sum())
        nwin = nhi + nlo
        ok, s = passes(xw)
    if ok:
        return xw, "winsorise"
    mn, mx = np.nanmin(x), np.nanmax(x)
    return np.log(x - mn + 0.01 * (mx - mn)), "log"


def entropy_weights(sub):
    # sub: k × n (one row per child)
    p = sub / np.nansum(sub, axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=1) / np.log((~np.isnan(sub)).sum(axis=1))
    d = 1.0 - e
    return d / d.sum()


def amean(sub, w):
    present = ~np.isnan(sub)
    num = np.where(present, sub, 0.0).T @ w
    den = present.T.astype(np.float64) @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / den
    out[~present.any(axis=0)] = np.nan
    return out


def rank_min_desc(x):
    n = x.size
    order = np.argsort(-x, kind="stable")  # NaN last
    sv = x[order]
    first = np.empty(n, dtype=bool)
    first[0] = True
    first[1:] = sv[1:] != sv[:-1]
    start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    ranks = np.empty(n)
    ranks[order] = start + 1.0
    ranks[np.isnan(x)] = np.nan
    return ranks


def pipeline(arr):
    info = {"winsorised": [], "log": []}
    norm = np.empty_like(arr)
    for j in range(K):
        x, how = treat(arr[j])
        if how != "none":
            info["winsorised" if how == "winsorise" else "log"].append(f"i{j}")
        x = x * DIRECTION.get(j, 1.0)
        mn, mx = np.nanmin(x), np.nanmax(x)
        norm[j] = (x - mn) / (mx - mn) * 100.0
    scores = {}
    for node, kids in TREE:
        sub = np.stack([norm[k] if isinstance(k, int) else scores[k] for k in kids])
        scores[node] = amean(sub, entropy_weights(sub))
    final = scores["index"]
    rank = rank_min_desc(final)
    grade = np.select([final >= b for b, _ in BANDS], [g for _, g in BANDS], default="基本合格")
    return final, rank, grade, info


def main():
    path, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    arr = np.fromfile(path, dtype="<f8").reshape(K, n)
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    t0, c0 = time.perf_counter(), time.process_time()
    pipeline(arr)  # cold: the first call in this process
    cold = time.perf_counter() - t0
    cold_cpu = time.process_time() - c0
    walls, cpus = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        final, rank, grade, info = pipeline(arr)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    np.asarray(final, dtype="<f8").tofile(out)
    np.asarray(rank, dtype="<f8").tofile(out + ".rank")
    info["seconds"] = sorted(walls)[len(walls) // 2]
    info["cpu"] = sorted(cpus)[len(cpus) // 2]
    info["cold"] = cold
    info["coldCpu"] = cold_cpu
    info["walls"] = walls
    info["cpus"] = cpus
    info["numpy"] = np.__version__
    values, counts = np.unique(grade, return_counts=True)
    info["grades"] = {str(k): int(v) for k, v in zip(values, counts)}
    print(json.dumps(info, ensure_ascii=False))


if __name__ == "__main__":
    main()
