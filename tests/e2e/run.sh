#!/usr/bin/env bash
# Runs the end-to-end tests against the real desktop binary.
# Usage (under a display, e.g. via xvfb-run): tests/e2e/run.sh PATH/TO/tempo-app PATH/TO/tempo
set -euo pipefail
# A fresh session keyring (the kernel keyring Tempo's keychain uses on
# Linux), so accounts can be connected and nothing touches a real keychain.
if [ -z "${TEMPO_E2E_KEYRING:-}" ] && command -v keyctl >/dev/null; then
  TEMPO_E2E_KEYRING=1 exec keyctl session - bash "$0" "$@"
fi
APP_BIN=$(readlink -f "$1")
CLI_BIN=$(readlink -f "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
mkdir -p "$WORK/home" "$WORK/data" "$WORK/keyring"
# An unlocked Secret Service keyring on this D-Bus session, empty and private
# to the run: the app stores account tokens there and nowhere else.
if command -v gnome-keyring-daemon >/dev/null && [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  printf tempo-e2e | XDG_DATA_HOME="$WORK/keyring" gnome-keyring-daemon --unlock --components=secrets >/dev/null
fi
# Past the first-run welcome: every test but the onboarding one (which turns
# it back on for itself) starts where a returning athlete does.
mkdir -p "$WORK/home/.local/share/app.tempo.desktop"
echo '{"settings":{"onboarded":true}}' >"$WORK/home/.local/share/app.tempo.desktop/settings.json"

# The app inherits tauri-driver's environment: a private HOME (settings store,
# WebKit caches) and data folder (database, logs) so the run touches nothing real.
# TEMPO_EMBEDDING_MODEL (when set) passes through, so search runs hybrid.
# Sync providers point at fakes the tests start on this port (never the internet).
export TEMPO_SYNC_INTERVALS_URL="http://127.0.0.1:${E2E_INTERVALS_PORT:-47181}"
HOME="$WORK/home" TEMPO_DATA_DIR="$WORK/data" NO_AT_BRIDGE=1 \
  tauri-driver --port 4444 --native-port 4445 >"$WORK/tauri-driver.log" 2>&1 &
DRIVER_PID=$!
cleanup() {
  kill "$DRIVER_PID" 2>/dev/null || true
  wait "$DRIVER_PID" 2>/dev/null || true
  pkill -f "WebKitWebDriver --port=4445" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Build the knowledge-base index once, with the CLI, into the data folder the
# app uses: the app then opens it from the cache instead of embedding the
# corpus again in every short-lived test session.
TEMPO_DATA_DIR="$WORK/data" "$CLI_BIN" kb reindex

for _ in $(seq 100); do
  curl -sf http://127.0.0.1:4444/status >/dev/null && break
  sleep 0.2
done

status=0
APP_BIN="$APP_BIN" CLI_BIN="$CLI_BIN" TEMPO_DATA_DIR="$WORK/data" \
  SCREENSHOT_DIR="${SCREENSHOT_DIR:-$HERE/../../docs/screenshots}" \
  node --test --test-concurrency=1 --test-timeout=120000 "$HERE"/${E2E_ONLY:-*}.e2e.test.mjs || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- tauri-driver log ---"; tail -n 50 "$WORK/tauri-driver.log"
  for f in "$WORK"/data/logs/*; do [ -f "$f" ] && { echo "--- $f ---"; tail -n 50 "$f"; }; done
fi
exit "$status"
