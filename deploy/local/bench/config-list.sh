#!/usr/bin/env bash
# Latency of GET /v1/connectors with 10,000 connectors in one org, through the gateway of a running local stack.
#   ./suite up && deploy/local/bench/config-list.sh     # or all benchmarks on a throwaway stack: ./suite bench
#   CONNECTORS=10000 BASE_URL=http://127.0.0.1:8080 DURATION=20s CONNECTIONS=16 THREADS=2 RESULTS=file.tsv
# Missing connectors are created first (POST /v1/connectors, credentials encrypted), so a rerun reuses them.
# Same run baselines: a 1-item page (the request's fixed cost) and /v1/connectors/schemas (no database at all).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
. "$ROOT/deploy/local/bench/lib.sh"
base="${BASE_URL:-http://127.0.0.1:8080}"
total="${CONNECTORS:-10000}"
creators=4
token="$("$ROOT/suite" token acme-admin)"
count() { curl -sf -H "Authorization: Bearer $token" "$base/v1/connectors?pageSize=1" | jq .total; }
existing="$(count)" || die "config-service does not answer at $base: run ./suite up first"
if [ "$existing" -lt "$total" ]; then
  echo "[bench] creating $((total - existing)) connectors (POST /v1/connectors, credentials encrypted)"
  started=$SECONDS
  # wrk's threads stop after their share, but wrk itself sleeps out its whole -d: stop it once the count is reached
  wrk -t$creators -c$creators -d1200s -s "$BENCH_DIR/create-connectors.lua" "$base" -- "$token" \
    $(( (total - existing + creators - 1) / creators )) "$(date +%s)" >/dev/null &
  creating=$!
  made="$existing" stalled=0
  until [ "$made" -ge "$total" ]; do
    sleep 2
    now="$(count)"
    if [ "$now" -gt "$made" ]; then stalled=0; else stalled=$((stalled + 2)); fi
    made="$now"
    [ "$stalled" -lt 30 ] || { kill $creating 2>/dev/null; die "creation stalled at $made of $total connectors"; }
  done
  kill $creating 2>/dev/null || true
  wait $creating 2>/dev/null || true
  elapsed=$(( SECONDS - started > 0 ? SECONDS - started : 1 ))
  echo "[bench] created in $elapsed s = $(( (total - existing) / elapsed )) connectors/s (4 clients)"
  [ -z "$RESULTS" ] || printf 'config-create\tcreate\tPOST /v1/connectors, 4 clients\t%s\t-\t-\t0\n' \
    "$(( (total - existing) / elapsed ))" >> "$RESULTS"
fi
in_org="$(count)"
[ "$in_org" -ge "$total" ] || die "only $in_org of $total connectors exist"
echo "[bench] config list: $in_org connectors in the org"
bench_header
request=(-s "$BENCH_DIR/wrk-report.lua" -H "Authorization: Bearer $token")
wrk_run config-list page-1 "page 1 of 50" "${request[@]}" "$base/v1/connectors?pageSize=50&pageNumber=1"
wrk_run config-list page-100 "page 100 of 50" "${request[@]}" "$base/v1/connectors?pageSize=50&pageNumber=100"
wrk_run config-list agent "one agent's 100 (agent_id filter)" "${request[@]}" \
  "$base/v1/connectors?pageSize=100&pageNumber=1&agent_id=00000000-0000-4000-8000-000000000007"
wrk_run config-list one-item "baseline: a 1-item page" "${request[@]}" "$base/v1/connectors?pageSize=1&pageNumber=1"
wrk_run config-list schemas "baseline: /v1/connectors/schemas (no database)" "${request[@]}" "$base/v1/connectors/schemas"
