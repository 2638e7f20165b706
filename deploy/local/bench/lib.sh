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
