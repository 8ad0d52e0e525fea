"""NumPy peer of bench/aqi.ts: the same daily values, daily AQI and good-day counts, vectorised.

argv: folder with so2.f64 … o3.f64 (stations × 8760 float64, NaN = missing), stations, JSON of
{"steps": IAQI_STEPS, "bp": BREAKPOINTS}. Prints one JSON line: seconds and per-station good days.
Rules as the engine (HJ 663-2013, HJ 633-2012): 24-hour means need >= 20 valid hours, O3 8-hour
>= 6 of 8, daily max 8-hour >= 14 of the 17 windows ending 8:00..24:00; concentrations rounded half
to even (CO one decimal); IAQI by linear interpolation rounded up; O3 8-hour > 800 not rated.
"""
import json
import sys
import time

import numpy as np

folder, stations, meta = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
DAYS = 365
t_load = time.perf_counter()
h = {p: np.fromfile(f"{folder}/{p}.f64", dtype="<f8").reshape(stations, DAYS, 24) for p in ["so2", "no2", "pm10", "pm25", "co", "o3"]}
load_s = time.perf_counter() - t_load


def mean_if(a, axis, min_n):
    n = np.sum(~np.isnan(a), axis=axis)
    s = np.nansum(a, axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n >= min_n, s / n, np.nan)


def iaqi(item, c):
    bp = np.array(meta["bp"][item], dtype=float)
    steps = np.array(meta["steps"][: len(bp)], dtype=float)
    v = np.ceil(np.interp(c, bp, steps) - 1e-9)
    return np.where(c > bp[-1], 500.0, v)


def aqi_of(d):
    """daily AQI (NaN = invalid day) from the seven daily items"""
    items = [("so2_24h", d["so2"]), ("no2_24h", d["no2"]), ("pm10_24h", d["pm10"]), ("pm25_24h", d["pm25"]), ("co_24h", d["co"]), ("o3_1h", d["o3_1h"])]
    out = np.max(np.stack([iaqi(k, np.nan_to_num(v)) for k, v in items]), axis=0)
    o3_8h = iaqi("o3_8h", np.nan_to_num(d["o3_8h"]))
    out = np.where(d["o3_8h"] > 800, out, np.maximum(out, o3_8h))
    invalid = np.any(np.stack([np.isnan(v) for v in d.values()]), axis=0)
    return np.where(invalid, np.nan, out)


t0 = time.perf_counter()
daily = {}
for p in ["so2", "no2", "pm10", "pm25"]:
    daily[p] = np.round(mean_if(h[p], 2, 20))
daily["co"] = np.round(mean_if(h["co"], 2, 20), 1)
o3 = h["o3"]
n1 = np.sum(~np.isnan(o3), axis=2)
with np.errstate(all="ignore"):
    daily["o3_1h"] = np.where(n1 >= 20, np.round(np.nanmax(np.where(np.isnan(o3), -np.inf, o3), axis=2)), np.nan)
    # 8-hour windows starting at hours 0..16 of the day, by differences of cumulative sums
    valid = ~np.isnan(o3)
    cs = np.concatenate([np.zeros(o3.shape[:2] + (1,)), np.cumsum(np.where(valid, o3, 0.0), axis=2)], axis=2)
    cn = np.concatenate([np.zeros(o3.shape[:2] + (1,), dtype=np.int64), np.cumsum(valid, axis=2)], axis=2)
    ws = cs[:, :, 8:25] - cs[:, :, 0:17]
    wn = cn[:, :, 8:25] - cn[:, :, 0:17]
    w8 = np.where(wn >= 6, ws / np.maximum(wn, 1), np.nan)
    nv = np.sum(~np.isnan(w8), axis=2)
    daily["o3_8h"] = np.where(nv >= 14, np.round(np.nanmax(np.where(np.isnan(w8), -np.inf, w8), axis=2)), np.nan)
aqi = aqi_of(daily)
good = np.sum(aqi <= 100, axis=1)
with np.errstate(all="ignore"):
    district = {k: np.round(np.nanmean(v, axis=0), 1 if k == "co" else 0) for k, v in daily.items()}
d_aqi = aqi_of(district)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "load": load_s, "good": good.tolist(), "districtGood": int(np.sum(d_aqi <= 100)), "districtValid": int(np.sum(~np.isnan(d_aqi)))}))
