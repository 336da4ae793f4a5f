#!/usr/bin/env bash
# Installs what Tempo needs to build, run and test on Debian 12 / Ubuntu 22.04+.
# Idempotent: installs only what is missing. Needs Rust >= 1.94 (rustup) and
# Node.js >= 20.19 with npm >= 10 already on PATH.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo

# Build: WebKitGTK and friends for Tauri. Test: Xvfb, the WebKit WebDriver,
# a keyring (gnome-keyring + keyutils) and ImageMagick for X screenshots.
# cmake, clang and libclang build the vendored llama.cpp (the local model).
PKGS="build-essential pkg-config curl file libssl-dev libdbus-1-dev libxdo-dev
      libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev libgtk-3-dev
      librsvg2-dev libayatana-appindicator3-dev
      xvfb xauth dbus-x11 webkit2gtk-driver keyutils gnome-keyring libsecret-tools
      imagemagick x11-utils procps xdotool
      cmake clang libclang-dev"
missing=$(for p in $PKGS; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || echo "$p"; done)
if [ -n "$missing" ]; then
  echo "setup: installing $(echo $missing | wc -w) apt packages"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

need() { command -v "$1" >/dev/null || { echo "setup: $1 not found. $2" >&2; exit 1; }; }
need cargo "Install Rust with rustup (https://rustup.rs), version 1.94 or newer."
need node "Install Node.js 20.19 or newer (https://nodejs.org)."
need npm "Install npm 10 or newer (it ships with Node.js)."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { echo "setup: Node.js $(node --version) is too old; Tempo's UI needs 20.19 or newer." >&2; exit 1; }

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! tauri-driver --help >/dev/null 2>&1; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked --version 2.1.0 --quiet
fi

# UI dependencies, exactly as locked.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi
