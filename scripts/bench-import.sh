#!/usr/bin/env bash
# Import benchmark: Tempo's end-to-end import (the CLI: process start, decode,
# store in a fresh database) next to two Python FIT decoders, in one run on the
# same files, so the figures compare on this machine at this moment.
#   usage: scripts/bench-import.sh [CORPUS_DIR]   (default: fit/ of
#          scripts/fetch-test-corpus.sh; any folder of .fit files works)
#   TEMPO_BIN  the CLI (default target/release/tempo: cargo build --release -p tempo-cli)
#   REPEAT     passes per contender; the best one counts (default 3)
#   OUT        where the raw JSON goes (default /tmp/tempo-bench-import.json)
# Peers (PyPI, in a venv under the cache folder, installed once):
# garmin-fit-sdk 21.218.0 and fitdecode 0.11.0, see benches/peers/decode_peers.py.
# They only decode; Tempo also writes every activity to SQLite, so a ratio
# above 1 means Tempo imports faster than the fastest peer merely decodes.
# Only the *.fit files count for bytes and files/s, for Tempo too.
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPO_BIN=${TEMPO_BIN:-target/release/tempo}
OUT=${OUT:-/tmp/tempo-bench-import.json}
REPEAT=${REPEAT:-3}
VENV=${XDG_CACHE_HOME:-$HOME/.cache}/tempo/bench-venv
PEERS="garmin-fit-sdk==21.218.0 fitdecode==0.11.0"

if [ ! -x "$TEMPO_BIN" ] || ! "$TEMPO_BIN" import --help >/dev/null 2>&1; then
  echo "bench-import: $TEMPO_BIN has no 'import' command (or is missing):" \
    "build with cargo build --release -p tempo-cli" >&2
  exit 1
fi

CORPUS=${1:-}
if [ -z "$CORPUS" ]; then
  CORPUS="$(bash scripts/fetch-test-corpus.sh)/fit"
fi
if [ ! -d "$CORPUS" ]; then
  echo "bench-import: no folder $CORPUS" >&2
  exit 1
fi

if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.stamp" 2>/dev/null)" != "$PEERS" ]; then
  echo "bench-import: installing $PEERS into $VENV" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV" || {
    echo "bench-import: python3 -m venv failed (on Debian: apt-get install python3-venv)" >&2
    exit 1
  }
  # shellcheck disable=SC2086
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $PEERS >&2
  echo "$PEERS" >"$VENV/.stamp"
fi

echo "bench-import: Python peers on $CORPUS" >&2
peers_json=$(mktemp)
trap 'rm -f "$peers_json"' EXIT
"$VENV/bin/python" benches/peers/decode_peers.py "$CORPUS" --repeat "$REPEAT" >"$peers_json"

echo "bench-import: tempo import on $CORPUS" >&2
"$VENV/bin/python" - "$TEMPO_BIN" "$CORPUS" "$REPEAT" "$peers_json" "$OUT" <<'PY'
import json, os, platform, shutil, subprocess, sys, tempfile, time
from pathlib import Path

tempo_bin, corpus, repeat, peers_json, out_path = sys.argv[1:]
repeat = max(1, int(repeat))
results = json.load(open(peers_json))

files = [p for p in Path(corpus).rglob("*") if p.is_file()]
fit = [p for p in files if p.suffix.lower() == ".fit"]
if len(fit) != len(files):
    print(f"  note: {len(files) - len(fit)} non-.fit files in the corpus; tempo sees them too",
          file=sys.stderr)
size = sum(p.stat().st_size for p in fit)

best, summary = None, None
for i in range(repeat):
    tmp = tempfile.mkdtemp(prefix="tempo-bench-")
    try:
        cmd = [tempo_bin, "--db", os.path.join(tmp, "tempo.db"), "--json", "import", corpus]
        start = time.perf_counter()
        run = subprocess.run(cmd, capture_output=True, text=True)
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # 6: the import finished but refused some files (settings, workouts…).
    if run.returncode not in (0, 6):
        sys.stderr.write(run.stderr)
        sys.exit(f"bench-import: {' '.join(cmd)} exited {run.returncode}")
    print(f"  tempo: pass {i + 1}: {seconds:.3f} s", file=sys.stderr)
    if best is None or seconds < best:
        best = seconds
    try:
        summary = json.loads(run.stdout)
    except ValueError:
        summary = run.stdout.strip()

results["tempo"] = {
    "seconds": round(best, 4),
    "files": len(fit),
    "bytes": size,
    "mb_per_s": round(size / 1e6 / best, 3),
    "files_per_s": round(len(fit) / best, 2),
    "summary": summary,
}
fastest = min((v["seconds"], k) for k, v in results.items() if k != "tempo")
report = {
    "corpus": os.path.abspath(corpus),
    "repeat": repeat,
    "machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                "python": platform.python_version()},
    "fastest_peer": fastest[1],
    "tempo_over_fastest_peer": round(results["tempo"]["seconds"] / fastest[0], 4),
    "speedup_over_fastest_peer": round(fastest[0] / results["tempo"]["seconds"], 2),
    "results": results,
}
with open(out_path, "w") as f:
    json.dump(report, f, indent=2, sort_keys=True)
    f.write("\n")

print(f"Import of {len(fit)} FIT files, {size / 1e6:.2f} MB, best of {repeat}:\n")
print("| contender | seconds | MB/s | files/s | speed-up over the fastest peer |")
print("| --- | ---: | ---: | ---: | ---: |")
for name in ["tempo"] + sorted(k for k in results if k != "tempo"):
    r = results[name]
    label = name if name == "tempo" else f"{name} {r.get('version', '')}".strip()
    print(f"| {label} | {r['seconds']:.3f} | {r['mb_per_s']:.2f} | {r['files_per_s']:.1f} "
          f"| {fastest[0] / r['seconds']:.1f}x |")
print(f"\nraw JSON: {out_path}")
PY
