#!/usr/bin/env python3
"""Independent reference values for tempo-metrics on a real FIT file.

Decodes the records with Garmin's official FIT SDK (garmin-fit-sdk 21.218.0,
not Tempo's decoder) and computes, in plain Python, straight from the
published definitions:
  - average power and Coggan's normalized power (30 s rolling mean of the
    per-second power, 4th power, mean, 4th root) over the seconds with power;
  - the best average power over 5 s, 60 s, 300 s and 600 s windows;
  - seconds in Edwards' five %HRmax zones (50-60-70-80-90-100 % of HRmax,
    plus "below 50 %") for a given HRmax.
The records of the file used are one per second without gaps, so no
resampling is involved. The output is committed as
crates/tempo-api/tests/reference/metrics-hrv-activity.json:

    pip install garmin-fit-sdk==21.218.0
    python3 scripts/metrics-reference.py "$(bash scripts/fetch-test-corpus.sh)/fit/hrv-activity.fit" 190 \\
        > crates/tempo-api/tests/reference/metrics-hrv-activity.json
"""
import json
import sys

from garmin_fit_sdk import Decoder, Stream


def main(path, hr_max):
    messages, errors = Decoder(Stream.from_file(path)).read()
    if errors:
        sys.exit(f"{path}: {errors}")
    records = messages["record_mesgs"]
    stamps = [r["timestamp"].timestamp() for r in records]
    gaps = [b - a for a, b in zip(stamps, stamps[1:]) if b - a != 1]
    power = [float(r["power"]) for r in records if r.get("power") is not None]
    hr = [float(r["heart_rate"]) for r in records if r.get("heart_rate") is not None]

    rolling = [sum(power[i - 29 : i + 1]) / 30 for i in range(29, len(power))]
    np_w = (sum(x**4 for x in rolling) / len(rolling)) ** 0.25

    def best(d):
        return max(sum(power[i : i + d]) / d for i in range(len(power) - d + 1))

    bounds = [hr_max * f for f in (0.5, 0.6, 0.7, 0.8, 0.9)]
    zones = [0] * 6
    for h in hr:
        zones[sum(1 for b in bounds if h >= b)] += 1

    out = {
        "file": path.rsplit("/", 1)[-1],
        "decoder": "garmin-fit-sdk 21.218.0",
        "records": len(records),
        "gaps_not_one_second": len(gaps),
        "power_samples": len(power),
        "average_w": round(sum(power) / len(power), 3),
        "normalized_w": round(np_w, 3),
        "best_w": {str(d): round(best(d), 3) for d in (5, 60, 300, 600)},
        "hr_max": hr_max,
        "hr_samples": len(hr),
        "edwards_zone_seconds": zones,
    }
    json.dump(out, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
