#!/usr/bin/env bash
# Backup and export benchmark on a multi-year history: N activities with
# streams (default 3,000 FIT files from make_bulk_corpus, one day apart, over
# real device recordings), imported once; then, in one run on the same
# database, Tempo's backup (`VACUUM INTO`) next to SQLite's online backup API
# driven by Python (the peer), Tempo's export bundle, and reading the bundle
# back into a fresh database. Prints times, sizes and the backup ratio.
#   usage: scripts/bench-own-data.sh [N]
#   TEMPO_BIN  the CLI (default target/release/tempo)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-3000}
TEMPO_BIN=$(readlink -f "${TEMPO_BIN:-target/release/tempo}")
WORK=${WORK:-$(mktemp -d)}
CORPUS="$(bash scripts/fetch-test-corpus.sh)/fit"
export TEMPO_DATA_DIR="$WORK/data"
t() { local s; s=$(date +%s.%N); "$@" >/dev/null; python3 -c "print(f'{$(date +%s.%N) - $s:.2f}')"; }

if [ ! -d "$WORK/fit" ]; then
  cargo run -q --release -p tempo-import --example make_bulk_corpus -- "$CORPUS" "$WORK/fit" "$N"
fi
if [ ! -f "$TEMPO_DATA_DIR/tempo.db" ]; then
  "$TEMPO_BIN" profile set --max-hr 190 --resting-hr 48 --lthr 172 --ftp 250 \
    --threshold-pace 4:30 --effective 2000-01-01 >/dev/null
  echo "import of $N files: $(t "$TEMPO_BIN" import "$WORK/fit") s"
fi
DB="$TEMPO_DATA_DIR/tempo.db"
echo "database: $(du -m "$DB" | cut -f1) MB, $("$TEMPO_BIN" activities list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["activities"]))') activities"

rm -f "$WORK/tempo-backup.db" "$WORK/peer-backup.db"
tb=$(t "$TEMPO_BIN" backup create --out "$WORK/tempo-backup.db")
pb=$(t python3 -c "
import sqlite3, sys
src = sqlite3.connect('$DB'); dst = sqlite3.connect('$WORK/peer-backup.db')
src.backup(dst); dst.close(); src.close()")
echo "backup: tempo (VACUUM INTO, with process start) $tb s, $(du -m "$WORK/tempo-backup.db" | cut -f1) MB;" \
  "python sqlite3 online backup $pb s, $(du -m "$WORK/peer-backup.db" | cut -f1) MB;" \
  "ratio peer/tempo $(python3 -c "print(f'{$pb/$tb:.2f}')")"

rm -rf "$WORK/export"; mkdir -p "$WORK/export"
te=$(t "$TEMPO_BIN" export --out "$WORK/export")
echo "export bundle: $te s, $(du -sm "$WORK/export" | cut -f1) MB, $(find "$WORK/export" -type f | wc -l) files"
ti=$(t "$TEMPO_BIN" --db "$WORK/fresh.db" import-bundle "$WORK/export"/tempo-export-*)
echo "bundle read back into a fresh database: $ti s"
rm -f "$WORK/fresh.db"*
