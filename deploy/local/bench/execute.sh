#!/usr/bin/env bash
# Load benchmark of the execute path on a running local stack, side by side with calling the target directly, with
# the CPU each process of the suite spends per execution, then a check of the audit trail the run wrote.
#
#   ./suite up && deploy/local/bench/execute.sh     # or on a throwaway stack: ./suite bench execute (./suite bench: all)
#   CONNECTIONS="16 64" DURATION=20s WARMUP=240s MCP_WARMUP=60s RAMP=15s THREADS=2 CONNECTORS=32 STUB_PORT=18999
#   RESULTS=file.tsv
#   DRAIN_TIMEOUT=600 CATCHUP_TIMEOUT=600 CATCHUP_QUIET=30 (seconds); the stack's CONNECTORS_STATE_DIR (default
#   deploy/local/.state), PG_PORT, KAFKA_PORT, KEYCLOAK_PORT, GATEWAY, EXECUTION (URLs): as for ./suite
#
# The target is a local nginx answering every POST with a small JSON body, like a webhook receiver, so the stub is
# never the bottleneck. Webhook connectors to it are created through the gateway like any other; calls rotate over
# CONNECTORS of them because execution-service rate-limits each connector (50/s by default) and the bench measures the
# path, not the limiter. Webhook requests:send has base risk 50, which the default thresholds escalate: for the run,
# acme's escalate threshold is raised to 60 (restored afterwards), so the path measured is decide-allow-run-audit.
#
# For each connection count: wrk against the stub directly, POST .../execute on execution-service, the same through
# the gateway, and the same connectors called as MCP tools/call (JSON-RPC POSTs to /mcp through the gateway, mcp.lua;
# tool names from a tools/list at set-up, as acme-deployer like the execute calls): requests/s, p50, p99, failures
# (answers without "status":"success", or for MCP a JSON-RPC result without the stub's answer or with
# "isError":true; socket errors, timeouts), and the ratio of MCP's requests/s to execute's through the gateway (target
# >= 0.8); after WARMUP of the same load before the first count and RAMP before each further one, each followed by
# MCP_WARMUP (then RAMP) of MCP tools/call for the MCP server's own code (not measured; the JIT
# compilers take minutes under this load to settle: 60 s left them a third of execution-service's CPU). Around each
# execute run, /proc/<pid>/stat (utime+stime, plus cutime+cstime of reaped children) of every process of the suite
# (each process tree: the five services, PostgreSQL's postmaster and its backends, Kafka, Keycloak, the gateway nginx)
# is sampled right before and right after wrk: CPU ms per successful execution (the requests still in flight when wrk
# stops have used some CPU but are not counted: at most CONNECTIONS executions, a few % at 64 connections), with the
# share of the JVMs' JIT compiler threads. Past ~50 executions/s execution-service's outbox relay falls behind, so
# part of the work (relaying, Kafka, the audit consumer) happens after wrk stops: the stack is then left to drain
# (outboxes published, executions and audit trail no longer changing) and sampled again, a second set of figures
# (group cpu-drained) that includes that work and the stack idling meanwhile; the outbox backlog is shown.
#
# Then the audit trail: one execution made before the load (read back through GET /v1/audit/events as acme-auditor)
# says how many records, of which source, action and outcome, one successful execution yields; after the run, once the
# outboxes are drained and the trail stops growing, every successful execution on the run's connectors
# (execution-service's table) must have exactly that set of records in the trail (audit-service's table, read with
# psql as the stack's superuser), no record may name an execution execution-service does not have, and
# GET /v1/audit/verify must be valid for acme. Exits non-zero if not. Executions that did not succeed are shown.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
. "$ROOT/deploy/local/bench/lib.sh"
CONNECTORS="${CONNECTORS:-32}"
STUB_PORT="${STUB_PORT:-18999}"
WARMUP="${WARMUP:-240s}"
RAMP="${RAMP:-15s}"
MCP_WARMUP="${MCP_WARMUP:-60s}"
TARGETS="service gateway mcp"
COUNTS="${CONNECTIONS:-16 64}"
GATEWAY="${GATEWAY:-http://127.0.0.1:8080}"
EXECUTION="${EXECUTION:-http://127.0.0.1:8083}"
STATE="${CONNECTORS_STATE_DIR:-$ROOT/deploy/local/.state}"
PG_PORT="${PG_PORT:-15432}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
CATCHUP_TIMEOUT="${CATCHUP_TIMEOUT:-600}"   # seconds the audit trail may take to catch up after the run
CATCHUP_QUIET="${CATCHUP_QUIET:-30}"        # ... and how long it must stay unchanged to count as caught up
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-600}"       # seconds the stack may take to drain between runs
ACME=11111111-1111-4111-8111-111111111111
WORK="$(mktemp -d)"
CONNECTOR_IDS=()
SAVED_SETTINGS=""

for count in $COUNTS; do [[ "$count" =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS must be numbers, e.g. \"16 64\""; done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || die "nginx is missing (apt-get install nginx-light)"
PSQL="$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)"
[ -x "$PSQL" ] || die "psql is missing (apt-get install postgresql-client)"
CLK_TCK="$(getconf CLK_TCK)"
curl -sf "$EXECUTION/q/health/ready" >/dev/null || die "execution-service is not up at $EXECUTION: run ./suite up first"
curl -s -o /dev/null "$GATEWAY/" || die "the gateway is not up at $GATEWAY"
[ -d "$STATE" ] || die "no stack state at $STATE: set CONNECTORS_STATE_DIR to the state directory of the running stack"
[ -r "$STATE/postgres/superuser.pw" ] || die "cannot read $STATE/postgres/superuser.pw (the stack's PostgreSQL password)"
PG_PASSWORD="$(cat "$STATE/postgres/superuser.pw")"

sql() { # database statement: rows as tab-separated text, as the stack's superuser (RLS does not apply)
  PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=10 "$PSQL" -X -qAt -F $'\t' -v ON_ERROR_STOP=1 -h 127.0.0.1 \
    -p "$PG_PORT" -U postgres -d "$1" -c "$2"
}
sql connectors_audit "select 1" >/dev/null || die "cannot query the audit database on 127.0.0.1:$PG_PORT as postgres"

ADMIN_TOKEN="$("$ROOT/suite" token acme-admin)"
api() { # method path [body]: through the gateway as acme-admin
  curl -sf -X "$1" "$GATEWAY$2" -H "Authorization: Bearer $ADMIN_TOKEN" -H "Content-Type: application/json" \
    ${3:+-d "$3"}
}
as_auditor() { # path: GET through the gateway as acme-auditor (a fresh token each time)
  curl -sf --max-time 300 "$GATEWAY$1" -H "Authorization: Bearer $("$ROOT/suite" token acme-auditor)"
}

cleanup() {
  [ -f "$WORK/nginx.pid" ] && "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -s stop 2>/dev/null || true
  local id
  # a fresh token: a run lasts longer than the realm's 15-minute access tokens
  ADMIN_TOKEN="$("$ROOT/suite" token acme-admin 2>/dev/null)" || true
  for id in "${CONNECTOR_IDS[@]}"; do api DELETE "/v1/connectors/$id?force=true" >/dev/null || true; done
  [ -n "$SAVED_SETTINGS" ] && api PUT /v1/policies/settings "$SAVED_SETTINGS" >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---------------------------------------------------------------- the processes whose CPU is measured

# The services and their ports, as ./suite starts them (service:port:database).
read -r -a SUITE_SERVICES <<<"$(sed -n 's/^SERVICES=(\(.*\))$/\1/p' "$ROOT/suite")"
[ "${#SUITE_SERVICES[@]}" -gt 0 ] || die "could not read the services from $ROOT/suite (SERVICES=...)"
DATABASES=()
for spec in "${SUITE_SERVICES[@]}"; do
  IFS=: read -r service port db <<<"$spec"
  [ -z "$db" ] || DATABASES+=("connectors_$db")
done
gateway_port="${GATEWAY##*:}"; gateway_port="${gateway_port%%/*}"

parent_of() { local stat; stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1; stat="${stat##*) }"; set -- $stat; echo "$2"; }
in_tree() { # root pid: is pid root or one of its descendants?
  local p="$2"
  while [ -n "$p" ] && [ "$p" -gt 1 ]; do [ "$p" = "$1" ] && return 0; p="$(parent_of "$p")" || return 1; done
  return 1
}
listener_of() { # port: pid of a process listening on 127.0.0.1:port (empty when ss does not say)
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true
}
# The root of a process tree: the pid file ./suite wrote, checked against the process listening on the port.
find_root() { # name pid-file port command-line-pattern (ERE) -> ROOT_PID, and SERVER_PID: the one listening
  local name="$1" file="$2" port="$3" pattern="$4" pid="" listener
  [ -r "$file" ] && pid="$(head -n 1 "$file" | tr -dc 0-9)"
  listener="$(listener_of "$port")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    if [ -n "$listener" ] && ! in_tree "$pid" "$listener"; then
      echo "[bench] warning: $name: $file names pid $pid, but 127.0.0.1:$port is served by pid $listener: measuring $listener" >&2
      pid="$listener"
    fi
  elif [ -n "$listener" ]; then
    echo "[bench] warning: $name: no live pid in $file; measuring pid $listener, which listens on 127.0.0.1:$port" >&2
    pid="$listener"
  else
    die "$name: no live process in $file and none listening on 127.0.0.1:$port (is the stack up? CONNECTORS_STATE_DIR=$STATE)"
  fi
  # The server itself is checked: the process listening (./suite's keycloak.pid names a subshell above kc.sh and java).
  local server="${listener:-$pid}"
  tr '\0' ' ' <"/proc/$server/cmdline" 2>/dev/null | grep -Eq -- "$pattern" \
    || die "$name: pid $server is not what ./suite starts (its command line does not match '$pattern')"
  ROOT_PID="$pid" SERVER_PID="$server"
}
PROCESSES=() ROOTS="" JVMS=()
add_root() { # name pid-file port pattern
  find_root "$@"
  PROCESSES+=("$1"); ROOTS+="$1=$ROOT_PID "
  [ "$(cat "/proc/$SERVER_PID/comm" 2>/dev/null)" != java ] || JVMS+=("$SERVER_PID")
}
for spec in "${SUITE_SERVICES[@]}"; do
  IFS=: read -r service port db <<<"$spec"
  add_root "$service" "$STATE/$service.pid" "$port" 'quarkus-run\.jar'
done
add_root postgresql "$STATE/postgres/db/postmaster.pid" "$PG_PORT" 'postgres'
add_root kafka "$STATE/kafka/kafka.pid" "$KAFKA_PORT" 'kafka\.Kafka'
add_root keycloak "$STATE/keycloak/keycloak.pid" "$KEYCLOAK_PORT" 'keycloak'
add_root gateway "$STATE/nginx/nginx.pid" "$gateway_port" 'nginx'
echo "[bench] measuring the CPU of: $ROOTS(process trees, pid files in $STATE)"

# "name ticks" for each process tree (utime+stime+cutime+cstime of every live process under the root: a child that
# ends and is reaped moves its time into its parent's cutime/cstime, so nothing is lost or counted twice), "jit
# ticks": the JIT compiler threads of the suite's JVMs (part of their processes' ticks; a high share means the run
# was not warm yet), and "machine ticks": every CPU's busy time from /proc/stat (all processes, wrk and other users
# included; not steal).
cpu_snapshot() {
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v roots="$ROOTS" '
    { rest = $0; pid = $1; sub(/^.*\) /, "", rest); split(rest, f, " ")
      parent[pid] = f[2]; ticks[pid] = f[12] + f[13] + f[14] + f[15] }
    END {
      n = split(roots, r, " ")
      for (i = 1; i <= n; i++) { split(r[i], kv, "="); name[kv[2]] = kv[1]; if (!(kv[2] in ticks)) gone[kv[1]] = 1 }
      for (p in ticks) {
        q = p
        while (!(q in name) && (q in parent) && q > 1) q = parent[q]
        if (q in name) sum[name[q]] += ticks[p]
      }
      for (q in name) print name[q], ((name[q] in gone) ? "gone" : sum[name[q]] + 0)
    }'
  local jvm
  for jvm in "${JVMS[@]}"; do cat "/proc/$jvm/task/"*/stat 2>/dev/null || true; done \
    | awk '/\((C1|C2) CompilerThre/ { rest = $0; sub(/^.*\) /, "", rest); split(rest, f, " "); t += f[12] + f[13] }
           END { print "jit", t + 0 }'
  awk '$1 == "cpu" { print "machine", $2 + $3 + $4 + $7 + $8 }' /proc/stat   # user nice system irq softirq
}
declare -A BEFORE AFTER R
cpu_before() { BEFORE=(); while read -r name ticks; do BEFORE[$name]="$ticks"; done < <(cpu_snapshot); }
cpu_after() { AFTER=(); while read -r name ticks; do AFTER[$name]="$ticks"; done < <(cpu_snapshot); }
# cpu_record connections target kind: ms per successful execution of the last wrk run, per process, into R and RESULTS;
# kind "cpu" (AFTER sampled right after wrk) or "drained" (AFTER sampled once the work the run left behind was done).
CPU_ROWS=()
cpu_record() {
  local c="$1" target="$2" kind="$3" name ticks total=0 ms label group=cpu
  [ "$kind" = cpu ] || group="cpu-$kind"
  for name in "${PROCESSES[@]}" stub machine; do
    [ "${BEFORE[$name]:-gone}" != gone ] && [ "${AFTER[$name]:-gone}" != gone ] \
      || die "$name stopped or restarted during the run (pid gone): its CPU cannot be measured"
  done
  CPU_ROWS=("${PROCESSES[@]}" total jit stub machine)
  for name in "${CPU_ROWS[@]}"; do
    if [ "$name" = total ]; then ticks="$total"; else ticks=$(( ${AFTER[$name]} - ${BEFORE[$name]} )); fi
    case "$name" in total|jit|stub|machine) ;; *) total=$((total + ticks)) ;; esac
    ms="$(awk -v d="$ticks" -v hz="$CLK_TCK" -v n="${WRK_SUCCESSES:-0}" \
      'BEGIN { if (n > 0) printf "%.2f", d * 1000 / hz / n; else print "-" }')"
    R[$c:$target:$kind:$name]="$ms"
    [ -z "$RESULTS" ] || printf '%s\t%s-%s-%s\t%s\t%s\t-\t-\t%s\n' "$group" "$c" "$target" "$name" "$(cpu_label "$name")" \
      "$ms" "$WRK_FAILED" >> "$RESULTS"
  done
}
cpu_label() {
  case "$1" in
    total) echo "total (the suite's processes)" ;;
    jit) echo "of which JIT compiler threads" ;;
    stub) echo "stub nginx (not in the total)" ;;
    machine) echo "whole machine (not in the total)" ;;
    *) echo "$1" ;;
  esac
}

# ---------------------------------------------------------------- waiting for the stack to drain

OUTBOX_DATABASES=()
for db in "${DATABASES[@]}"; do
  [ "$(sql "$db" "select to_regclass('public.outbox') is not null")" = t ] && OUTBOX_DATABASES+=("$db")
done
ids_sql() { printf "'%s'," "${CONNECTOR_IDS[@]}" | sed 's/,$//'; }
# "unpublished outbox rows, unfinished executions, audit records about executions" on the run's connectors
pipeline_state() {
  local db pending=0 n
  for db in "${OUTBOX_DATABASES[@]}"; do
    n="$(sql "$db" "select count(*) from outbox where published_at is null")"; pending=$((pending + n))
  done
  echo "$pending" \
    "$(sql connectors_execution "select count(*) from executions where connector_id in ($(ids_sql))
       and status in ('received', 'queued', 'approved', 'running')")" \
    "$(sql connectors_audit "select count(*) from audit_records where org_id = '$ACME' and connector_id in ($(ids_sql))
       and (target::jsonb ->> 'type' = 'execution' or details::jsonb ? 'execution_id')")"
}
# wait_drained quiet timeout [expected]: until no outbox row is unpublished and neither the unfinished executions nor
# the audit records about the run's executions have changed for `quiet` seconds (or the records equal `expected` and
# stayed so for 6 s); 1 after `timeout` seconds. Unfinished executions need not reach 0: a sync execution whose
# client hangs up (wrk stopping with requests in flight) stays received or running (see the end of the run).
wait_drained() {
  local quiet="$1" timeout="$2" expected="${3:-}" deadline=$((SECONDS + $2)) last="" since=$SECONDS report=$SECONDS
  local pending unfinished records
  while :; do
    read -r pending unfinished records <<<"$(pipeline_state)"
    if [ "$unfinished $records" != "$last" ]; then last="$unfinished $records"; since=$SECONDS
    elif [ "$pending" = 0 ]; then
      if [ -n "$expected" ] && [ "$records" = "$expected" ] && [ $((SECONDS - since)) -ge 6 ]; then return 0; fi
      [ $((SECONDS - since)) -lt "$quiet" ] || return 0
    fi
    [ "$SECONDS" -lt "$deadline" ] || {
      echo "[bench] warning: not drained after ${timeout}s: $pending outbox rows unpublished, $unfinished executions unfinished, $records audit records" >&2
      return 1; }
    if [ $((SECONDS - report)) -ge 30 ]; then
      report=$SECONDS
      echo "[bench] waiting: $pending outbox rows unpublished, $unfinished executions unfinished, $records audit records${expected:+ of $expected expected}"
    fi
    sleep 2
  done
}

# ---------------------------------------------------------------- the stub, the connectors, one sample execution

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
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" || die "could not start the stub nginx on 127.0.0.1:$STUB_PORT (port in use?)"
for _ in $(seq 50); do curl -sf -X POST "http://127.0.0.1:$STUB_PORT/hook" -d '{}' >/dev/null && break; sleep 0.1; done
STUB_PID="$(cat "$WORK/nginx.pid")"
ROOTS+="stub=$STUB_PID "

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

# execution-service learns connectors from Kafka: wait until the last one is known. This first execution is the
# sample that says what the trail holds for one execution.
DEPLOYER_TOKEN="$("$ROOT/suite" token acme-deployer)"
code=""
for _ in $(seq 60); do
  code="$(curl -s -o "$WORK/first.json" -w '%{http_code}' -X POST "$EXECUTION/v1/connectors/${CONNECTOR_IDS[-1]}/execute" \
    -H "Authorization: Bearer $DEPLOYER_TOKEN" -H "Content-Type: application/json" -d "$BODY")" || true
  [ "$code" = 404 ] || break
  sleep 0.5
done
[ "$code" = 200 ] && [ "$(jq -r .status "$WORK/first.json" 2>/dev/null)" = success ] \
  || die "the execute path does not answer success: HTTP $code $(head -c 500 "$WORK/first.json" 2>/dev/null)"
SAMPLE="$(jq -r .execution_id "$WORK/first.json")"
[[ "$SAMPLE" =~ ^[0-9a-f-]{36}$ ]] || die "the execute answer names no execution_id: $(head -c 500 "$WORK/first.json")"

wait_drained 15 120 || die "the stack did not settle after the sample execution"
# Through the API as an auditor would: the sample connector's records, every page, those about the sample execution.
cursor=""
: > "$WORK/sample.ndjson"
for _ in $(seq 100); do
  page="$(as_auditor "/v1/audit/events?connector_id=${CONNECTOR_IDS[-1]}&limit=500${cursor:+&cursor=$(jq -rn --arg c "$cursor" '$c | @uri')}")" \
    || die "GET /v1/audit/events as acme-auditor failed"
  jq -c --arg e "$SAMPLE" '.events[] | select(.target.id == $e or .details.execution_id == $e)' <<<"$page" >> "$WORK/sample.ndjson"
  cursor="$(jq -r '.next_cursor // empty' <<<"$page")"
  [ -n "$cursor" ] || break
done
PER_EXECUTION="$(wc -l < "$WORK/sample.ndjson")"
[ "$PER_EXECUTION" -gt 0 ] || die "the audit trail holds no record of the sample execution $SAMPLE"
SAMPLE_SPLIT="$(jq -r '"\(.source_service) \(.action) \(.outcome)"' "$WORK/sample.ndjson" | sort | uniq -c \
  | awk '{ printf "%s%s x%d", sep, $2 " " $3 " " $4, $1; sep = ", " }')"
echo "[bench] one execution ($SAMPLE) left $PER_EXECUTION audit records: $SAMPLE_SPLIT"

# MCP: the run's connectors as tools. A tools/list (every page) as acme-deployer, the caller of the execute runs: the
# names of the tools whose _meta names one of the run's connectors, until all are listed (the catalog follows
# execution-service's read model). Then one tools/call must answer the stub's body, not isError.
MCP_ARGUMENTS="$(jq -c .params <<<"$BODY")"
MCP_TOOLS="$WORK/mcp-tools.txt"
ids_json="$(printf '%s\n' "${CONNECTOR_IDS[@]}" | jq -R . | jq -sc .)"
for attempt in $(seq 60); do
  mcp_tool_pages "$GATEWAY/mcp" "$DEPLOYER_TOKEN" > "$WORK/mcp-pages.ndjson"
  pages="$(wc -l < "$WORK/mcp-pages.ndjson")"
  jq -r --argjson ids "$ids_json" '.tools[] | select((._meta["io.connectors/connector_id"] // "") as $c
    | $ids | index($c)) | .name' "$WORK/mcp-pages.ndjson" > "$MCP_TOOLS"
  [ "$(sort -u "$MCP_TOOLS" | wc -l)" -lt "$CONNECTORS" ] || break
  [ "$attempt" -lt 60 ] || die "tools/list shows $(wc -l < "$MCP_TOOLS") of the run's $CONNECTORS connectors after 60 s"
  sleep 1
done
echo "[bench] MCP: tools/list ($pages pages) names the run's $CONNECTORS connectors as tools, e.g. $(head -n 1 "$MCP_TOOLS")"
answer="$(mcp_post "$GATEWAY/mcp" "$DEPLOYER_TOKEN" "$(jq -cn --arg t "$(head -n 1 "$MCP_TOOLS")" --argjson a "$MCP_ARGUMENTS" \
  '{jsonrpc: "2.0", id: 1, method: "tools/call", params: {name: $t, arguments: $a}}')")" \
  || die "tools/call through $GATEWAY/mcp failed"
jq -e '.result and (.result.isError | not) and .result.structuredContent.body.received == true' <<<"$answer" >/dev/null \
  || die "the MCP tools/call does not answer the stub's body: $(head -c 500 <<<"$answer")"
export MCP_TOOLS MCP_ARGUMENTS

# The same POST to the stub's one path, and rotating over the connectors' execute paths. Counting: wrk-report.lua.
cat > "$WORK/stub.lua" <<LUA
dofile("$BENCH_DIR/wrk-report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$BODY'
LUA
# A fresh acme-deployer token for each wrk run: the whole run outlasts the realm's 15-minute access tokens. The MCP
# runs (mcp.lua) read it from MCP_TOKEN.
write_execute_lua() {
  DEPLOYER_TOKEN="$("$ROOT/suite" token acme-deployer)" || die "could not get a token for acme-deployer"
  export MCP_TOKEN="$DEPLOYER_TOKEN" MCP_METHOD=tools/call
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
}

# ---------------------------------------------------------------- the load

WRK_TOTAL=0
# What a success is: execute's answer, or an MCP result holding the stub's answer and not flagged isError.
EXECUTE_OK=('"status":"success"')
MCP_OK=('"received":true' '!"isError":true')
warm() { # connections duration [mcp]
  local line
  write_execute_lua
  if [ "${3:-}" = mcp ]; then
    line="$(wrk -t"$BENCH_THREADS" -c"$1" -d"$2" --timeout 10s -s "$BENCH_DIR/mcp.lua" "$EXECUTION/mcp" -- "${MCP_OK[@]}" \
      | grep '^RESULT')" || die "wrk failed during the MCP warm-up"
  else
    line="$(wrk -t"$BENCH_THREADS" -c"$1" -d"$2" --timeout 10s -s "$WORK/execute.lua" "$EXECUTION" -- "${EXECUTE_OK[@]}" \
      | grep '^RESULT')" || die "wrk failed during the warm-up"
  fi
  set -- $line; WRK_TOTAL=$((WRK_TOTAL + $6))
}
measure() { # connections target label url
  local c="$1" target="$2" label="$3" url="$4" pending started
  wait_drained 3 "$DRAIN_TIMEOUT" || true
  write_execute_lua
  cpu_before
  if [ "$target" = mcp ]; then
    wrk_run execute "$target-$c" "$label, $c conn" -s "$BENCH_DIR/mcp.lua" "$url/mcp" -- "${MCP_OK[@]}"
  else
    wrk_run execute "$target-$c" "$label, $c conn" -s "$WORK/execute.lua" "$url" -- "${EXECUTE_OK[@]}"
  fi
  cpu_after
  read -r pending _ <<<"$(pipeline_state)"
  WRK_TOTAL=$((WRK_TOTAL + WRK_SUCCESSES))
  R[$c:$target:rps]="$WRK_RPS" R[$c:$target:p50]="$WRK_P50" R[$c:$target:p99]="$WRK_P99"
  R[$c:$target:failed]="$WRK_FAILED" R[$c:$target:ok]="$WRK_SUCCESSES" R[$c:$target:backlog]="$pending"
  cpu_record "$c" "$target" cpu
  # The work the run left behind (outbox rows not yet relayed, the audit consumer behind): done, then sampled again.
  started=$SECONDS
  wait_drained 3 "$DRAIN_TIMEOUT" || true
  cpu_after
  R[$c:$target:drain]="$((SECONDS - started))"
  cpu_record "$c" "$target" drained
  [ "$pending" = 0 ] || echo "[bench] $pending outbox rows were unpublished when wrk stopped; drained in $((SECONDS - started))s"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "[bench] execute path: $CONNECTORS webhook connectors, the stub is nginx on 127.0.0.1:$STUB_PORT; load average $LOAD_BEFORE"
first=1
for c in $COUNTS; do
  BENCH_CONNECTIONS="$c"
  if [ "$first" = 1 ]; then
    echo "[bench] warming up for $WARMUP at $c connections, then MCP tools/call for $MCP_WARMUP"
    warm "$c" "$WARMUP"; warm "$c" "$MCP_WARMUP" mcp; first=0
  else echo "[bench] $RAMP at $c connections before measuring (execute, then MCP)"; warm "$c" "$RAMP"; warm "$c" "$RAMP" mcp; fi
  echo "[bench] letting the stack drain (at most ${DRAIN_TIMEOUT}s)"
  wait_drained 3 "$DRAIN_TIMEOUT" || true
  bench_header
  wrk_run execute "stub-$c" "stub called directly, $c conn" -s "$WORK/stub.lua" "http://127.0.0.1:$STUB_PORT/hook" \
    -- '"received":true'
  R[$c:stub:rps]="$WRK_RPS" R[$c:stub:failed]="$WRK_FAILED"
  for target in $TARGETS; do
    case "$target" in
      service) label="execute on execution-service" url="$EXECUTION" ;;
      gateway) label="execute through the gateway" url="$GATEWAY" ;;
      mcp) label="MCP tools/call through the gateway" url="$GATEWAY" ;;
    esac
    measure "$c" "$target" "$label" "$url"
  done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- the figures

row() { # label values...
  local label="$1"; shift
  printf '%-36s' "$label"; printf ' %11s' "$@"; printf '\n'
}
values() { # key: its value for each connection count and execute target
  local c target out=()
  for c in $COUNTS; do for target in $TARGETS; do out+=("${R[$c:$target:$1]:--}"); done; done
  printf '%s\n' "${out[@]}"
}
echo
echo "[bench] execute path, summary ($BENCH_DURATION per target; CPU: ms per successful execution, from /proc)"
header=() sub=()
for c in $COUNTS; do header+=("$c conn:" "$c conn:" "$c conn:"); sub+=(direct gateway mcp); done
row "" "${header[@]}"
row "" "${sub[@]}"
mapfile -t v < <(values rps); row "requests/s" "${v[@]}"
mapfile -t v < <(values p50); row "p50 ms" "${v[@]}"
mapfile -t v < <(values p99); row "p99 ms" "${v[@]}"
mapfile -t v < <(values failed); row "failures" "${v[@]}"
mapfile -t v < <(values ok); row "successful executions" "${v[@]}"
mapfile -t v < <(values backlog); row "outbox rows unpublished at the end" "${v[@]}"
mapfile -t v < <(values drain); row "drained after, s" "${v[@]}"
stub=(); for c in $COUNTS; do stub+=("${R[$c:stub:rps]}" "" ""); done; row "stub called directly, requests/s" "${stub[@]}"
# MCP tools/call against POST /execute, both through the gateway, same connectors, same run: requests/s and CPU.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }
ratios=() cpu_ratios=()
for c in $COUNTS; do
  r="$(ratio "${R[$c:mcp:rps]:-}" "${R[$c:gateway:rps]:-}")"
  ratios+=("" "" "$r")
  cpu_ratios+=("" "" "$(ratio "${R[$c:mcp:cpu:total]:-}" "${R[$c:gateway:cpu:total]:-}")")
  verdict="$(awk -v r="$r" 'BEGIN { if (r == "-") print "no figure"; else if (r >= 0.8) print "meets"; else print "BELOW" }')"
  [ -z "$RESULTS" ] || printf '# execute mcp/execute through the gateway at %s conn: requests/s ratio %s (%s the 0.8 target), CPU/execution ratio %s\n' \
    "$c" "$r" "$verdict" "${cpu_ratios[-1]}" >> "$RESULTS"
done
row "mcp/execute (gateway), requests/s" "${ratios[@]}"
row "mcp/execute (gateway), CPU/execution" "${cpu_ratios[@]}"
for kind in cpu drained; do
  if [ "$kind" = cpu ]; then echo "CPU ms per execution, right after wrk"
  else echo "CPU ms per execution, once drained (+ the work the run left behind, and the stack idling meanwhile)"; fi
  for name in "${CPU_ROWS[@]}"; do
    mapfile -t v < <(values "$kind:$name"); row "  $(cpu_label "$name")" "${v[@]}"
  done
done
echo "load average (1, 5, 15 min): $LOAD_BEFORE before the load, $LOAD_AFTER after"

# ---------------------------------------------------------------- the audit trail of the run

echo
executions="$(sql connectors_execution "select count(*) from executions where connector_id in ($(ids_sql))")"
echo "[bench] audit trail: waiting for it to catch up with $executions executions (at most ${CATCHUP_TIMEOUT}s)"
caught_up=yes
started=$SECONDS
# the expected count, when every execution finished with success; otherwise the trail must stay still for a while
wait_drained "$CATCHUP_QUIET" "$CATCHUP_TIMEOUT" "$((PER_EXECUTION * executions))" || caught_up=no
echo "[bench] audit trail: $( [ "$caught_up" = yes ] && echo "caught up" || echo "NOT caught up") after $((SECONDS - started))s"

sql connectors_execution "select id, status from executions where connector_id in ($(ids_sql))" > "$WORK/executions.tsv"
sql connectors_audit "select e, count(*), string_agg(source_service || ' ' || action || ' ' || outcome, ','
    order by source_service, action, outcome)
  from (select coalesce(case when target::jsonb ->> 'type' = 'execution' then target::jsonb ->> 'id' end,
                        details::jsonb ->> 'execution_id') as e, source_service, action, outcome
        from audit_records where org_id = '$ACME' and connector_id in ($(ids_sql))) r
  where e is not null group by e" > "$WORK/trail.tsv"
# One line per record kind ("kind<TAB>expected<TAB>found"), then "key value" lines.
awk -F'\t' -v sample="$SAMPLE" -v wrk_ok="$WRK_TOTAL" '
  FNR == NR { status[$1] = $2; next }
  { count[$1] = $2; split_of[$1] = $3 }
  END {
    n = (sample in count) ? count[sample] : 0; s = split_of[sample]
    k = split(s, kinds, ","); for (i = 1; i <= k; i++) per[kinds[i]]++
    for (e in status) {
      executions++
      if (status[e] != "success") { other[status[e]]++; other_records[status[e]] += count[e] + 0; continue }
      ok++; c = (e in count) ? count[e] : 0; found += c
      if (c < n) { missing += n - c; short++ } else if (c > n) { extra += c - n; long++ }
      if (split_of[e] != s) differ++
      m = split(split_of[e], kinds, ","); for (i = 1; i <= m; i++) got[kinds[i]]++
    }
    for (e in count) if (!(e in status)) { orphans++; orphan_records += count[e] }
    for (kind in per) print "kind\t" kind "\t" per[kind] * ok "\t" got[kind] + 0
    for (kind in got) if (!(kind in per)) print "kind\t" kind "\t0\t" got[kind]
    others = ""
    for (st in other) others = others (others == "" ? "" : ", ") other[st] " " st " (" other_records[st] + 0 " records)"
    print "sample_records\t" n
    print "executions\t" executions + 0
    print "successes\t" ok + 0
    print "others\t" (others == "" ? "none" : others)
    print "expected\t" n * ok
    print "found\t" found + 0
    print "missing\t" missing + 0 "\t" short + 0
    print "extra\t" extra + 0 "\t" long + 0
    print "differ\t" differ + 0
    print "orphans\t" orphans + 0 "\t" orphan_records + 0
  }' "$WORK/executions.tsv" "$WORK/trail.tsv" > "$WORK/check.tsv"
check() { awk -F'\t' -v k="$1" -v f="${2:-2}" '$1 == k { print $f }' "$WORK/check.tsv"; }

problems=()
echo "[bench] audit trail of the run: every execution on its $CONNECTORS connectors (execution-service's table) against audit-service's table"
echo "  executions: $(check executions), of which $(check successes) success; others, not checked: $(check others)"
case "$(check others)" in *received*|*running*)
  echo "[bench] warning: executions left received/running are sync executions whose client hung up (wrk stopping with requests in flight): execution-service never finishes them" ;;
esac
echo "  wrk counted $WRK_TOTAL successful answers over all runs and warm-ups, +2 samples, execute and MCP (requests still in flight when a wrk run stopped make the difference)"
echo "  one execution, from the sample via GET /v1/audit/events: $PER_EXECUTION records ($SAMPLE_SPLIT)"
printf '  %-58s %10s %10s\n' "records (source, action, outcome)" expected found
awk -F'\t' '$1 == "kind" { printf "  %-58s %10s %10s\n", $2, $3, $4 }' "$WORK/check.tsv" | sort
printf '  %-58s %10s %10s\n' total "$(check expected)" "$(check found)"
echo "  executions missing records: $(check missing 3) ($(check missing) records); with more records than the sample: $(check extra 3) ($(check extra) records); with another split: $(check differ); records about executions not of the run: $(check orphans 3)"
[ "$(check sample_records)" = "$PER_EXECUTION" ] \
  || problems+=("the API shows $PER_EXECUTION records of the sample execution, the database $(check sample_records)")
[ "$(check missing)" = 0 ] || problems+=("$(check missing) records missing ($(check missing 3) executions)")
[ "$(check extra)" = 0 ] || problems+=("$(check extra) records more than expected ($(check extra 3) executions)")
[ "$(check differ)" = 0 ] || problems+=("$(check differ) executions with another split of records than the sample")
[ "$(check orphans)" = 0 ] || problems+=("$(check orphans 3) records about executions execution-service does not have")
[ "$caught_up" = yes ] || problems+=("the trail did not catch up within ${CATCHUP_TIMEOUT}s")
verify="$(as_auditor /v1/audit/verify)" || verify='{"valid":"no answer"}'
echo "  GET /v1/audit/verify (acme): $(jq -c '{valid, records_checked, first_broken, checkpoint_matches: .checkpoint.matches}' <<<"$verify")"
[ "$(jq -r .valid <<<"$verify")" = true ] || problems+=("GET /v1/audit/verify is not valid for acme")

if [ "${#problems[@]}" = 0 ]; then
  verdict="passed: $(check expected) records for $(check successes) successful executions ($PER_EXECUTION each), verify valid"
else
  verdict="FAILED: $(IFS=';'; echo "${problems[*]}")"
fi
[ -z "$RESULTS" ] || echo "# execute audit check $verdict" >> "$RESULTS"
echo "[bench] audit check $verdict"
[ "${#problems[@]}" = 0 ] || exit 1
