#!/usr/bin/env bash
# The coach's overhead per turn, apart from generation: assembling the
# athlete's context (profile, load, last two weeks, predictions, plan,
# wellness) and searching the knowledge base, on a multi-year history of N
# activities with streams (default 1,000 FIT files from make_bulk_corpus).
# Each question runs twice: grounded (no model) and against an
# OpenAI-compatible server on loopback that answers at once (Python), so
# `latency_ms - context_ms` is the HTTP and agent cost. Prints medians.
#   usage: scripts/bench-coach.sh [N] [RUNS]
#   TEMPO_BIN  the CLI (default target/release/tempo)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
RUNS=${2:-9}
TEMPO_BIN=$(readlink -f "${TEMPO_BIN:-target/release/tempo}")
WORK=${WORK:-$(mktemp -d)}
CORPUS="$(bash scripts/fetch-test-corpus.sh)/fit"
export TEMPO_DATA_DIR="$WORK/data"

if [ ! -d "$WORK/fit" ]; then
  cargo run -q --release -p tempo-import --example make_bulk_corpus -- "$CORPUS" "$WORK/fit" "$N"
fi
if [ ! -f "$TEMPO_DATA_DIR/tempo.db" ]; then
  "$TEMPO_BIN" profile set --max-hr 190 --resting-hr 48 --lthr 172 --ftp 250 \
    --threshold-pace 4:30 --effective 2000-01-01 >/dev/null
  "$TEMPO_BIN" import "$WORK/fit" >/dev/null
fi
"$TEMPO_BIN" kb reindex >/dev/null

# An OpenAI-compatible server that answers immediately.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$PORT" <<'PY' &
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200); self.send_header("content-type", "text/event-stream"); self.end_headers()
        for d in ({"role": "assistant", "content": "Fine."},):
            self.wfile.write(b"data: " + json.dumps({"choices": [{"index": 0, "delta": d, "finish_reason": None}]}).encode() + b"\n\n")
        self.wfile.write(b"data: " + json.dumps({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 1, "completion_tokens": 1}}).encode() + b"\n\n")
        self.wfile.write(b"data: [DONE]\n\n")
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
sleep 0.5

echo "database: $(du -m "$TEMPO_DATA_DIR/tempo.db" | cut -f1) MB, $N files"
for mode in grounded instant-model; do
  args=(--provider none)
  [ "$mode" = instant-model ] && args=(--provider openai --base-url "http://127.0.0.1:$PORT/v1" --model instant)
  for i in $(seq "$RUNS"); do
    "$TEMPO_BIN" coach ask "How is my training going, and what should I do this week?" "${args[@]}" --json
  done | python3 -c "
import json, sys, statistics as st
docs, buf = [], ''
for line in sys.stdin:
    buf += line
    if line.startswith('}'):
        docs.append(json.loads(buf)); buf = ''
c = [d['context_ms'] for d in docs]; l = [d['latency_ms'] for d in docs]
print(f'$mode: {len(docs)} turns, context + retrieval median {st.median(c):.0f} ms (min {min(c)}, max {max(c)}), whole turn median {st.median(l):.0f} ms, beyond context {st.median([a-b for a,b in zip(l,c)]):.0f} ms')
"
done
