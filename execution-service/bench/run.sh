#!/usr/bin/env bash
# Load benchmark of the execute path on the local stack, side by side with calling the target directly.
#
#   ./suite up                              # at the repo root; this script never starts or stops the stack
#   execution-service/bench/run.sh          # DURATION=20s CONNECTIONS=16 THREADS=2 STUB_PORT=18999 to tune
#
# The target is a tiny local HTTP stub (python3) that a webhook connector posts to. execution-service must be allowed
# to reach it: start the stack with CONNECTORS_OUTBOUND_ALLOWED_PRIVATE_HOSTS=127.0.0.1 for execution-service, and a
# policy that allows webhook requests:send for acme (otherwise the run reports pending_approval/denied answers).
# Reports requests/s, p50 and p99 (wrk) for: the stub directly, POST .../execute on execution-service (8083), and the
# same through the gateway (8080). Only answers with "status":"success" count as successful executions.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
STUB_PORT="${STUB_PORT:-18999}"
GATEWAY="${GATEWAY:-http://127.0.0.1:8080}"
EXECUTION="${EXECUTION:-http://127.0.0.1:8083}"
WORK="$(mktemp -d)"
STUB_PID=""

cleanup() {
  [ -n "$STUB_PID" ] && kill "$STUB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
command -v python3 >/dev/null || die "python3 is missing"
curl -sf "$EXECUTION/q/health/ready" >/dev/null || die "execution-service is not up at $EXECUTION: run ./suite up first"
curl -s -o /dev/null "$GATEWAY/" || die "the gateway is not up at $GATEWAY"

# The stub target: answers every POST with a small JSON body, like a webhook receiver.
cat > "$WORK/stub.py" <<'PY'
import sys
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
class Stub(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"received":true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_HEAD = do_POST
    def log_message(self, *args):
        pass
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Stub).serve_forever()
PY
python3 "$WORK/stub.py" "$STUB_PORT" & STUB_PID=$!
for _ in $(seq 50); do curl -sf -X POST "http://127.0.0.1:$STUB_PORT/hook" -d '{}' >/dev/null && break; sleep 0.1; done

ADMIN_TOKEN="$("$ROOT/suite" token acme-admin)"
DEPLOYER_TOKEN="$("$ROOT/suite" token acme-deployer)"

# A webhook connector to the stub, created through config-service like any other.
CONNECTOR_ID="$(curl -sf -X POST "$GATEWAY/v1/connectors" -H "Authorization: Bearer $ADMIN_TOKEN" \
  -H "Content-Type: application/json" -d @- <<JSON | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
{"name": "bench webhook", "agent_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890", "connector_type": "webhook",
 "permitted_operations": ["requests:send"], "config": {"method": "post"},
 "credentials": {"url": "http://127.0.0.1:$STUB_PORT/hook", "auth_type": "none"}}
JSON
)" || die "could not create the webhook connector through $GATEWAY/v1/connectors"
BODY='{"operation":"requests:send","params":{"body":{"event":"bench"}}}'

# execution-service learns the connector from Kafka: wait until execute finds it, and check the first answer.
FIRST=""
for _ in $(seq 60); do
  FIRST="$(curl -s -X POST "$EXECUTION/v1/connectors/$CONNECTOR_ID/execute" -H "Authorization: Bearer $DEPLOYER_TOKEN" \
    -H "Content-Type: application/json" -d "$BODY" -w ' HTTP %{http_code}')"
  case "$FIRST" in *"HTTP 404") sleep 0.5 ;; *) break ;; esac
done
echo "[bench] first execute answer: $FIRST"
case "$FIRST" in *'"status":"success"'*) ;; *) echo "[bench] warning: the execute path does not answer success (see above)" ;; esac

# wrk script: the body, the token, and a count of answers by execution status.
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $DEPLOYER_TOKEN"
wrk.body = '$BODY'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) success = 0; other = 0 end
function response(status, headers, body)
  if status == 200 and (body:find('"status":"success"', 1, true) or body:find('"received":true', 1, true)) then
    success = success + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, t in ipairs(threads) do ok = ok + t:get("success"); bad = bad + t:get("other") end
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, ok, bad + summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

run() { # label url
  local line
  line="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$WORK/post.lua" "$2" | grep '^RESULT')"
  read -r _ rps p50 p99 ok bad <<<"$line"
  printf '%-34s %10s %10s %10s %10s %8s\n' "$1" "$rps" "$p50" "$p99" "$ok" "$bad"
}

echo "[bench] $DURATION per target, $CONNECTIONS connections, $THREADS wrk threads, connector $CONNECTOR_ID"
printf '%-34s %10s %10s %10s %10s %8s\n' target "req/s" "p50 ms" "p99 ms" success other
run "stub directly" "http://127.0.0.1:$STUB_PORT/hook"
run "execute on execution-service" "$EXECUTION/v1/connectors/$CONNECTOR_ID/execute"
run "execute through the gateway" "$GATEWAY/v1/connectors/$CONNECTOR_ID/execute"

curl -s -o /dev/null -X DELETE "$GATEWAY/v1/connectors/$CONNECTOR_ID" -H "Authorization: Bearer $ADMIN_TOKEN" || true
