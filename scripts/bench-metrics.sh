#!/usr/bin/env bash
# Metrics benchmark: tempo-metrics' divan bench next to the same computations
# in numpy/pandas (benches/peers/metrics_numpy.py), in one run on the same
# inputs, printing each pair's medians and the ratio (peer / Tempo).
#   usage: scripts/bench-metrics.sh
# The peers live in a venv under the cache folder, installed once.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${XDG_CACHE_HOME:-$HOME/.cache}/tempo/bench-venv
PEERS="numpy==2.4.6 pandas==3.1.1"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import numpy, pandas" 2>/dev/null; then
  "$VENV/bin/pip" install -q $PEERS
fi

divan=$(cargo bench -q -p tempo-metrics --bench metrics 2>/dev/null)
peer=$("$VENV/bin/python" benches/peers/metrics_numpy.py)

DIVAN="$divan" PEER="$peer" python3 - <<'PY'
import json, os, re
units = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
tempo = {}
for line in os.environ["DIVAN"].splitlines():
    m = re.match(r"^[│├╰─\s]*(\w+)\s+([\d.]+ \S+)\s+│\s+([\d.]+ \S+)\s+│\s+([\d.]+) (\S+)\s+│", line)
    if m:
        tempo[m.group(1)] = float(m.group(4)) * units[m.group(5)]
peer = json.loads(os.environ["PEER"])
print(f"numpy {peer['numpy']}, pandas {peer['pandas']}")
print(f"{'what':<24} {'tempo':>10} {'numpy/pandas':>13} {'ratio':>7}")
for name, p in peer["median_s"].items():
    t = tempo.get(name)
    if t is None:
        continue
    print(f"{name:<24} {t*1e3:>8.3f}ms {p*1e3:>11.3f}ms {p/t:>6.1f}x")
PY
