#!/usr/bin/env bash
# Local-model benchmark: Tempo's own path (LocalModel + ChatModel::stream, the
# example crates/tempo-coach/examples/bench_local.rs, release build) next to
# llama.cpp itself (benches/peers/llama_ref_bench.cpp: its C API measured the
# way llama-bench measures), built from the very llama.cpp source vendored in
# the llama-cpp-sys-2 crate Tempo links, in one run on the same GGUF file with
# the same threads, so the ratio shows what our wrapper costs.
#   usage: scripts/bench-local-model.sh [MODEL.gguf]  (default: the test model
#          from scripts/fetch-test-gguf.sh, Gemma 3 270M Q4_K_M)
#   THREADS  threads for both (default 2)
#   RUNS     measured runs per configuration; medians count (default 3)
#   OUT      where the raw JSON goes (default /tmp/tempo-bench-local.json)
# The reference is built twice: "matched" with the CPU flags llama-cpp-sys-2
# uses for a default Rust target (GGML_NATIVE=OFF, no AVX: the binary must run
# on any x86-64), which is what Tempo ships, and "native" (llama.cpp's own
# default, -march=native), which shows what the CPU could give.
# Configurations: prompt 128 and 512 tokens, generation 64 and 128 tokens.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}
OUT=${OUT:-/tmp/tempo-bench-local.json}
TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/tempo

MODEL=${1:-}
if [ -z "$MODEL" ]; then
  MODEL=$(bash scripts/fetch-test-gguf.sh)
fi

# The llama.cpp source Tempo builds: the locked llama-cpp-sys-2's vendored copy.
SYS_VERSION=$(grep -A1 '^name = "llama-cpp-sys-2"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
SRC=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"llama-cpp-sys-2-$SYS_VERSION"/llama.cpp 2>/dev/null | head -1 || true)
if [ -z "$SRC" ]; then
  cargo fetch --locked >&2
  SRC=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"llama-cpp-sys-2-$SYS_VERSION"/llama.cpp | head -1)
fi

# The crate vendors llama.cpp's libraries but not llama-bench's source (its
# tools/ folders hold only READMEs), so the reference is a small program over
# the same C API measured the way llama-bench measures:
# benches/peers/llama_ref_bench.cpp, built against that very source.
build_reference() { # name, extra cmake flags…
  local name=$1; shift
  local dir="$CACHE/llama-ref-bench-$SYS_VERSION-$name"
  if [ ! -x "$dir/build/llama_ref_bench" ] || [ benches/peers/llama_ref_bench.cpp -nt "$dir/build/llama_ref_bench" ]; then
    echo "bench-local: building the llama.cpp reference ($name) from $SRC" >&2
    mkdir -p "$dir"
    cp benches/peers/llama_ref_bench.cpp "$dir/"
    cat >"$dir/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.14)
project(llama_ref_bench C CXX)
set(CMAKE_CXX_STANDARD 17)
set(LLAMA_BUILD_COMMON OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_TOOLS OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_TESTS OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_EXAMPLES OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_SERVER OFF CACHE BOOL "" FORCE)
add_subdirectory("$SRC" llama.cpp)
add_executable(llama_ref_bench llama_ref_bench.cpp)
target_link_libraries(llama_ref_bench PRIVATE llama)
CMAKE
    cmake -S "$dir" -B "$dir/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
      -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DGGML_OPENMP=ON "$@" >/dev/null
    cmake --build "$dir/build" --target llama_ref_bench -j "$(nproc)" >/dev/null
  fi
  echo "$dir/build/llama_ref_bench"
}

echo "bench-local: building bench_local (release)" >&2
cargo build --release --locked -p tempo-coach --example bench_local >&2
BENCH_LOCAL="$TARGET_DIR/release/examples/bench_local"
MATCHED=$(build_reference matched -DGGML_NATIVE=OFF)
NATIVE=$(build_reference native -DGGML_NATIVE=ON)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "bench-local: tempo (bench_local) on $MODEL, $THREADS threads" >&2
"$BENCH_LOCAL" --model "$MODEL" --prompt 128,512 --gen 64,128 --threads "$THREADS" --runs "$RUNS" \
  2>/dev/null >"$tmp/tempo.jsonl"
for kind in matched native; do
  bin=$MATCHED; [ "$kind" = native ] && bin=$NATIVE
  echo "bench-local: llama.cpp reference ($kind)" >&2
  "$bin" "$MODEL" "$THREADS" "$RUNS" 128,512 64,128 >"$tmp/llama-$kind.jsonl"
done

python3 - "$tmp" "$OUT" <<'EOF'
import json, sys, statistics
tmp, out = sys.argv[1], sys.argv[2]
tempo = [json.loads(l) for l in open(f"{tmp}/tempo.jsonl") if l.strip()]
llama = {k: [json.loads(l) for l in open(f"{tmp}/llama-{k}.jsonl") if l.strip()] for k in ("matched", "native")}
def rate(rows, pp, tg):
    test = f"pp{pp}" if pp else f"tg{tg}"
    return next(r["tok_s"] for r in rows if r["test"] == test)
print(f"{'test':<16}{'tempo tok/s':>12}{'llama matched':>15}{'ratio':>7}{'llama native':>14}{'ratio':>7}")
prompt_sizes = sorted({t["prompt_tokens"] for t in tempo})
for n in (128, 512):
    t = [x for x in tempo if abs(x["prompt_tokens"] - n) <= 8]
    ours = statistics.median(x["prompt_tok_s"] for x in t)
    m, v = rate(llama["matched"], n, 0), rate(llama["native"], n, 0)
    print(f"{'pp'+str(n):<16}{ours:>12.1f}{m:>15.1f}{ours/m:>7.2f}{v:>14.1f}{ours/v:>7.2f}")
for n in (64, 128):
    t = [x for x in tempo if x["generated_tokens"] == n]
    if not t:
        continue
    ours = statistics.median(x["decode_tok_s"] for x in t)
    m, v = rate(llama["matched"], 0, n), rate(llama["native"], 0, n)
    print(f"{'tg'+str(n):<16}{ours:>12.1f}{m:>15.1f}{ours/m:>7.2f}{v:>14.1f}{ours/v:>7.2f}")
for x in tempo:
    print(f"tempo prompt {x['prompt_tokens']:>4} gen {x['generated_tokens']:>4}: load {x['load_s']} s, "
          f"ttft {x['ttft_ms']:.1f} ms, peak RSS {x['peak_rss_mib']:.0f} MiB")
json.dump({"tempo": tempo, "llama_ref": llama}, open(out, "w"), indent=1)
print(f"raw JSON: {out}")
EOF
