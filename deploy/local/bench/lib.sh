# Sourced by the bench scripts: one wrk run -> a table row on stdout and, when RESULTS names a file, a TSV line
#   group  key  label  requests/s  p50-ms  p99-ms  failures
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
  local group="$1" key="$2" label="$3" line rps p50 p99 failed; shift 3
  line="$(wrk -t"$BENCH_THREADS" -c"$BENCH_CONNECTIONS" -d"$BENCH_DURATION" --timeout 10s "$@" \
    | grep '^RESULT')" || { echo "[bench] error: wrk gave no result for $label" >&2; return 1; }
  read -r _ rps p50 p99 failed <<<"$line"
  printf '%-44s %10s %10s %10s %9s\n' "$label" "$rps" "$p50" "$p99" "$failed"
  [ "$failed" = 0 ] || echo "[bench] warning: $failed answers of '$label' were not successes"
  [ -z "$RESULTS" ] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$key" "$label" "$rps" "$p50" "$p99" "$failed" \
    >> "$RESULTS"
}
