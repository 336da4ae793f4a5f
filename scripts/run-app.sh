#!/usr/bin/env bash
# Builds the UI and starts the Tempo desktop app (release build, embedded SQLite
# in your platform data folder; no account needed). Extra arguments go to the
# app, e.g. `--db /path/to/other.db`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-debian.sh
(cd ui && npm run build)
cargo run --release -p tempo-app --features custom-protocol --locked -- "$@"
