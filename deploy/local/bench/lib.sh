# Sourced by the bench scripts: one wrk run -> a table row on stdout and, when RESULTS names a file, a TSV line
#   group  key  label  requests/s  p50-ms  p99-ms  failures
# After wrk_run, WRK_RPS, WRK_P50, WRK_P99, WRK_FAILED and WRK_SUCCESSES hold the run's figures for the caller.
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH_THREADS="${THREADS:-2}"
BENCH_CONNECTIONS="${CONNECTIONS:-16}"
BENCH_DURATION="${DURATION:-20s}"
RESULTS="${RESULTS:-}"

die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
command -v jq >/dev/null || die "jq is missing (apt-get install jq)"

bench_header() {
  echo "[bench] $BENCH_DURATION per target, $BENCH_CONNECTIONS connections, $BENCH_THREADS wrk threads"
  printf '%-44s %10s %10s %10s %9s\n' target "req/s" "p50 ms" "p99 ms" failures
}

# wrk_run group key label wrk-args... [-- markers]: the args give a lua script that reports through wrk-report.lua
wrk_run() {
  local group="$1" key="$2" label="$3" output line rps p50 p99 failed successes answers errors first; shift 3
  output="$(wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$BENCH_DURATION" --timeout 10s "$@")" \
    || { echo "[bench] error: wrk failed for $label" >&2; return 1; }
  line="$(grep '^RESULT' <<<"$output")" || { echo "[bench] error: wrk gave no result for $label" >&2; return 1; }
  read -r _ rps p50 p99 failed successes answers errors <<<"$line"
  WRK_RPS="$rps" WRK_P50="$p50" WRK_P99="$p99" WRK_FAILED="$failed" WRK_SUCCESSES="${successes:-}"
  printf '%-44s %10s %10s %10s %9s\n' "$label" "$rps" "$p50" "$p99" "$failed"
  if [ "$failed" != 0 ]; then
    first="$(sed -n 's/^FIRST_FAILURE //p' <<<"$output" | head -n 1)"
    echo "[bench] warning: $failed failures of '$label': ${answers:-?} non-success answers, ${errors:-?} socket errors or timeouts${first:+; first non-success answer: HTTP $first}"
  fi
  [ -z "$RESULTS" ] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$key" "$label" "$rps" "$p50" "$p99" "$failed" \
    >> "$RESULTS"
}

# MCP through the gateway, as the bench scripts set it up (mcp.lua sends the same headers).
MCP_VERSION=2025-11-25
mcp_post() { # url token body -> the JSON-RPC answer
  curl -sf --max-time 60 -X POST "$1" -H "Authorization: Bearer $2" -H "Content-Type: application/json" \
    -H "Accept: application/json, text/event-stream" -H "MCP-Protocol-Version: $MCP_VERSION" -d "$3"
}
# mcp_tool_pages url token: every tools/list page's result, in order, one compact JSON object a line (cursor by cursor)
mcp_tool_pages() {
  local cursor="" page params pages=0
  while :; do
    params="$( [ -n "$cursor" ] && jq -cn --arg c "$cursor" '{cursor: $c}' || echo '{}')"
    page="$(mcp_post "$1" "$2" "$(jq -cn --argjson p "$params" '{jsonrpc: "2.0", id: 1, method: "tools/list", params: $p}')")" \
      || die "tools/list through $1 failed"
    jq -ce '.result | select(.tools)' <<<"$page" || die "tools/list answered no tools: $(head -c 500 <<<"$page")"
    cursor="$(jq -r '.result.nextCursor // empty' <<<"$page")"
    pages=$((pages + 1))
    [ -n "$cursor" ] && [ "$pages" -lt 10000 ] || break
  done
}
