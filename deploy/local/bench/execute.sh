#!/usr/bin/env bash
# Load benchmark of the execute path on a running local stack, side by side with calling the target directly.
#
#   ./suite up && deploy/local/bench/execute.sh     # or all benchmarks on a throwaway stack: ./suite bench
#   DURATION=20s WARMUP=60s CONNECTIONS=16 THREADS=2 CONNECTORS=32 STUB_PORT=18999 RESULTS=file.tsv to tune / record
#
# The target is a local nginx answering every POST with a small JSON body, like a webhook receiver, so the stub is
# never the bottleneck. Webhook connectors to it are created through the gateway like any other; calls rotate over
# CONNECTORS of them because execution-service rate-limits each connector (50/s by default) and the bench measures the
# path, not the limiter. Webhook requests:send has base risk 50, which the default thresholds escalate: for the run,
# acme's escalate threshold is raised to 60 (restored afterwards), so the path measured is decide-allow-run-audit.
# Reports requests/s, p50 and p99 (wrk) for: the stub directly, POST .../execute on execution-service, and the same
# through the gateway, after WARMUP of the same load (not measured: the JIT compilers are still busy at first).
# Only answers with "status":"success" (or the stub's own answer) count as successes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
. "$ROOT/deploy/local/bench/lib.sh"
CONNECTORS="${CONNECTORS:-32}"
STUB_PORT="${STUB_PORT:-18999}"
WARMUP="${WARMUP:-60s}"
GATEWAY="${GATEWAY:-http://127.0.0.1:8080}"
EXECUTION="${EXECUTION:-http://127.0.0.1:8083}"
WORK="$(mktemp -d)"
CONNECTOR_IDS=()
SAVED_SETTINGS=""

NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || die "nginx is missing (apt-get install nginx-light)"
curl -sf "$EXECUTION/q/health/ready" >/dev/null || die "execution-service is not up at $EXECUTION: run ./suite up first"
curl -s -o /dev/null "$GATEWAY/" || die "the gateway is not up at $GATEWAY"

ADMIN_TOKEN="$("$ROOT/suite" token acme-admin)"
DEPLOYER_TOKEN="$("$ROOT/suite" token acme-deployer)"
api() { # method path [body]: through the gateway as acme-admin
  curl -sf -X "$1" "$GATEWAY$2" -H "Authorization: Bearer $ADMIN_TOKEN" -H "Content-Type: application/json" \
    ${3:+-d "$3"}
}

cleanup() {
  [ -f "$WORK/nginx.pid" ] && "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -s stop 2>/dev/null || true
  local id
  for id in "${CONNECTOR_IDS[@]}"; do api DELETE "/v1/connectors/$id?force=true" >/dev/null || true; done
  [ -n "$SAVED_SETTINGS" ] && api PUT /v1/policies/settings "$SAVED_SETTINGS" >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/temp"
cat > "$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root root;" )
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/temp;
  server {
    listen 127.0.0.1:$STUB_PORT;
    location / { default_type application/json; return 200 '{"received":true}'; }
  }
}
NGINX
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf"
for _ in $(seq 50); do curl -sf -X POST "http://127.0.0.1:$STUB_PORT/hook" -d '{}' >/dev/null && break; sleep 0.1; done

SAVED_SETTINGS="$(api GET /v1/policies/settings | jq -c '{escalate_threshold, deny_threshold}')"
api PUT /v1/policies/settings "$(jq -cn --argjson s "$SAVED_SETTINGS" \
  '{escalate_threshold: ([$s.escalate_threshold, 60] | max), deny_threshold: ([$s.deny_threshold, 90] | max)}')" \
  >/dev/null || die "could not raise acme's escalate threshold (PUT /v1/policies/settings)"

for i in $(seq "$CONNECTORS"); do
  id="$(api POST /v1/connectors "$(jq -cn --arg url "http://127.0.0.1:$STUB_PORT/hook" --arg name "bench-webhook-$$-$i" \
    '{name: $name, agent_id: "a1b2c3d4-e5f6-7890-abcd-ef1234567890", connector_type: "webhook",
      permitted_operations: ["requests:send"], config: {method: "post"}, credentials: {url: $url, auth_type: "none"}}')" \
    | jq -r .id)" || die "could not create a webhook connector through $GATEWAY/v1/connectors"
  CONNECTOR_IDS+=("$id")
done
BODY='{"operation":"requests:send","params":{"body":{"event":"bench"}}}'

# execution-service learns connectors from Kafka: wait until the last one is known, and check its answer.
FIRST=""
for _ in $(seq 60); do
  FIRST="$(curl -s -X POST "$EXECUTION/v1/connectors/${CONNECTOR_IDS[-1]}/execute" \
    -H "Authorization: Bearer $DEPLOYER_TOKEN" -H "Content-Type: application/json" -d "$BODY" -w ' HTTP %{http_code}')"
  case "$FIRST" in *"HTTP 404") sleep 0.5 ;; *) break ;; esac
done
case "$FIRST" in *'"status":"success"'*) ;; *) die "the execute path does not answer success: $FIRST" ;; esac

# The same POST to the stub's one path, and rotating over the connectors' execute paths. Counting: wrk-report.lua.
cat > "$WORK/stub.lua" <<LUA
dofile("$BENCH_DIR/wrk-report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$BODY'
LUA
cat > "$WORK/execute.lua" <<LUA
dofile("$BENCH_DIR/wrk-report.lua")
local ids = { $(printf '"%s",' "${CONNECTOR_IDS[@]}") }
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer $DEPLOYER_TOKEN" }
local next_id = math.random(#ids)
function request()
  next_id = next_id % #ids + 1
  return wrk.format("POST", "/v1/connectors/" .. ids[next_id] .. "/execute", headers, '$BODY')
end
LUA

echo "[bench] execute path: $CONNECTORS webhook connectors, the stub is nginx on 127.0.0.1:$STUB_PORT; warming up for $WARMUP"
wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$WARMUP" --timeout 10s -s "$WORK/execute.lua" "$EXECUTION" >/dev/null
bench_header
wrk_run execute stub "stub called directly" -s "$WORK/stub.lua" "http://127.0.0.1:$STUB_PORT/hook" -- '"received":true'
wrk_run execute service "execute on execution-service" -s "$WORK/execute.lua" "$EXECUTION" -- '"status":"success"'
wrk_run execute gateway "execute through the gateway" -s "$WORK/execute.lua" "$GATEWAY" -- '"status":"success"'
