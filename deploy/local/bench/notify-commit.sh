#!/usr/bin/env bash
# Why the outbox relay is not woken by NOTIFY (OutboxRelay, BENCHMARKS.md "Session 6 of issue 12"): durable
# single-row inserts with pgbench into two identical tables, one with the statement trigger the outbox used to have
# (pg_notify on insert), alternating, on a throwaway PostgreSQL with the suite's durability (fsync and
# synchronous_commit on). A transaction that notifies takes a database-wide lock at commit and keeps it through its
# WAL flush, so notifying commits cannot share a flush. Prints one line per run; TSV lines to $RESULTS if set.
#   deploy/local/bench/notify-commit.sh [seconds per run, default 8]
set -euo pipefail
seconds="${1:-8}"
RESULTS="${RESULTS:-}"
bin="$(pg_config --bindir 2>/dev/null || true)"
[ -x "$bin/initdb" ] || bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$bin/pgbench" ] || { echo "[bench] error: PostgreSQL's pgbench is missing" >&2; exit 1; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
dir="$(mktemp -d)"
chmod 755 "$dir"
[ "$(id -u)" != 0 ] || chown postgres "$dir"
port=$((20000 + RANDOM % 5000))
stop() { as_postgres "$bin/pg_ctl" -D "$dir/db" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap stop EXIT
as_postgres "$bin/initdb" -D "$dir/db" -U postgres --auth=trust >/dev/null
as_postgres "$bin/pg_ctl" -D "$dir/db" -w -l "$dir/log" \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
sql() { psql -h 127.0.0.1 -p "$port" -U postgres -qAt "$@"; }
sql -c "create table plain_rows (seq bigserial primary key, payload text not null);
        create table notified_rows (seq bigserial primary key, payload text not null);
        create function notify_appended() returns trigger language plpgsql as \$\$
          begin perform pg_notify('rows_appended', ''); return null; end \$\$;
        create trigger notify_appended after insert on notified_rows
          for each statement execute function notify_appended();"
for table in plain_rows notified_rows; do
  echo "insert into $table (payload) values (repeat('x', 500));" > "$dir/$table.sql"
done
echo "[bench] durable single-row inserts, ${seconds}s per run (fsync $(sql -c 'show fsync'), synchronous_commit $(sql -c 'show synchronous_commit'))"
printf '%-34s %12s %14s\n' run "commits/s" "latency ms"
for clients in 16 64; do
  for table in plain_rows notified_rows plain_rows notified_rows; do
    out="$("$bin/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -c "$clients" -j 2 -T "$seconds" \
      -f "$dir/$table.sql" postgres 2>/dev/null)"
    tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")"
    latency="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")"
    printf '%-34s %12.0f %14s\n' "$table, $clients clients" "$tps" "$latency"
    [ -z "$RESULTS" ] || printf 'notify\t%s-%s\t%s, %s clients\t%.0f\t%s\t\t0\n' "$table" "$clients" "$table" \
      "$clients" "$tps" "$latency" >> "$RESULTS"
  done
done
