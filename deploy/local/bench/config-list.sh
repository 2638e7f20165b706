#!/usr/bin/env bash
# Latency of GET /v1/connectors with 10,000 connectors in one org, through the gateway of the running local stack.
# Usage: deploy/local/bench/config-list.sh   (after ./suite up; CONNECTORS=10000 BASE_URL=http://127.0.0.1:8080)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base="${BASE_URL:-http://127.0.0.1:8080}"
total="${CONNECTORS:-10000}"
threads=4
token="$("$here/../../../suite" token acme-admin)"
count() { curl -sf -H "Authorization: Bearer $token" "$base/v1/connectors?pageSize=1" | jq .total; }
existing="$(count)"
if [ "$existing" -lt "$total" ]; then
  echo "== creating $((total - existing)) connectors (POST /v1/connectors, credentials encrypted)"
  wrk -t$threads -c$threads -d1200s -s "$here/create-connectors.lua" "$base" -- "$token" \
    $(( (total - existing + threads - 1) / threads )) "$(date +%s)" || true   # wrk exits non-zero when its threads stop themselves
fi
echo "== $(count) connectors in the org"
for page in "pageSize=50&pageNumber=1" "pageSize=50&pageNumber=100" "pageSize=100&pageNumber=1&agent_id=00000000-0000-4000-8000-000000000007"; do
  echo "== GET /v1/connectors?$page"
  wrk -t2 -c16 -d20s --latency -H "Authorization: Bearer $token" "$base/v1/connectors?$page" | sed -n '/Latency Distribution/,/Requests\/sec/p'
done
