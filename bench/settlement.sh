#!/usr/bin/env bash
# Settlement benchmark: settlements per second and p99 latency of the settlement call (2207 / 2304) with the
# simulated hospital system over loopback, against pgbench's simple-update TPS measured in the same run with the
# same number of clients, on the same PostgreSQL (127.0.0.1:5432).
#
#   bench/settlement.sh [--encounters N] [--concurrency C] [--pgbench-seconds S] [--warmup W] [--url URL --key-file F]
#
# Without --url it starts the server itself on a fresh database of its own on 127.0.0.1:5432 with the demo data
# (demo profile; the Changzhou hospital's signing key is written beside the data directory) and stops it at the
# end; before measuring, it runs W encounters (default 500) through the server and ANALYZEs its database, so
# the planner works from statistics of a database in use rather than of the demo's few rows. pgbench runs on a scratch database of its own (pgbench -i, then -b simple-update for S seconds).
# Both scratch databases are dropped afterwards. Builds the application jar first if it is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/app/target/liangxian.jar"
encounters=2000
concurrency=8
pg_seconds=20
warmup=500
url=""
key_file=""
pg_host="${PGHOST:-127.0.0.1}"
pg_port="${PGPORT:-5432}"
pg_user="${PGUSER:-postgres}"
while [ $# -gt 0 ]; do
  case "$1" in
    --encounters) encounters="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --pgbench-seconds) pg_seconds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --url) url="$2"; shift 2 ;;
    --key-file) key_file="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ ! -f "$jar" ]; then
  echo "Building the application jar (first run only)..." >&2
  (cd "$here" && ./mvnw -B -q -DskipTests -pl app -am package) >&2
fi
psql_() { psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -v ON_ERROR_STOP=1 -qAt "$@"; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/liangxian-settle-bench.XXXXXX")"
server_pid=""
app_db="lx_bench_settle_$$"
pg_db="lx_bench_pgbench_$$"
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  psql_ -d postgres -c "drop database if exists $app_db" >/dev/null 2>&1 || true
  psql_ -d postgres -c "drop database if exists $pg_db" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -z "$url" ]; then
  port="${LIANGXIAN_BENCH_HTTP_PORT:-18088}"
  url="http://127.0.0.1:$port"
  psql_ -d postgres -c "create database $app_db"
  echo "Starting the server on $url (database $app_db on $pg_host:$pg_port, demo data)..." >&2
  # shellcheck disable=SC2086
  LIANGXIAN_DB_URL="jdbc:postgresql://$pg_host:$pg_port/$app_db" LIANGXIAN_DB_USER="$pg_user" \
    java ${BENCH_JAVA_OPTS:--Xms1g -Xmx2g -XX:+UseParallelGC} -Dliangxian.data-dir="$tmp/pgdata" \
    -jar "$jar" --spring.profiles.active=demo --server.port="$port" --logging.level.root=WARN --logging.level.cn.liangxian.settlement=INFO \
    --spring.datasource.hikari.maximum-pool-size="${LIANGXIAN_BENCH_POOL:-16}" \
    --server.tomcat.threads.max="${LIANGXIAN_BENCH_THREADS:-64}" >"$tmp/server.log" 2>&1 &
  server_pid=$!
  key_file="$tmp/his-sim/H32040000001.key"
  for _ in $(seq 1 240); do
    if [ -s "$key_file" ] && curl -fsS "$url/actuator/health" >/dev/null 2>&1 \
        && grep -q "Demo settlements" "$tmp/server.log" 2>/dev/null; then
      break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "The server stopped:" >&2; tail -40 "$tmp/server.log" >&2; exit 1
    fi
    sleep 1
  done
  [ -s "$key_file" ] || { echo "The server did not come up:" >&2; tail -40 "$tmp/server.log" >&2; exit 1; }
fi
[ -n "$key_file" ] || { echo "--key-file is required with --url" >&2; exit 2; }

if [ -n "$server_pid" ] && [ "$warmup" -gt 0 ]; then
  echo "warm-up: $warmup encounters, then ANALYZE of $app_db ..." >&2
  java ${SIM_JAVA_OPTS:--Xmx512m} -jar "$jar" his-sim --url "$url" --key-file "$key_file" \
    --encounters "$warmup" --concurrency "$concurrency" --json >/dev/null
  psql_ -d "$app_db" -c "analyze"
fi

echo "pgbench simple-update: $concurrency clients, ${pg_seconds}s on $pg_db ..." >&2
psql_ -d postgres -c "create database $pg_db"
pgbench -h "$pg_host" -p "$pg_port" -U "$pg_user" -i -q -s 10 "$pg_db" >/dev/null 2>&1
pg_out="$(pgbench -h "$pg_host" -p "$pg_port" -U "$pg_user" -b simple-update -c "$concurrency" -j "$concurrency" \
  -T "$pg_seconds" "$pg_db" 2>&1)"
pg_tps="$(echo "$pg_out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)"
pg_lat="$(echo "$pg_out" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' | head -1)"

echo "his-sim: $encounters encounters, $concurrency workers ..." >&2
sim_json="$(java ${SIM_JAVA_OPTS:--Xmx512m} -jar "$jar" his-sim --url "$url" --key-file "$key_file" \
  --encounters "$encounters" --concurrency "$concurrency" --json)"
echo "$sim_json" > "${BENCH_OUT:-$here/bench/settlement-last.json}"

python3 - "$sim_json" "$pg_tps" "$pg_lat" "$encounters" "$concurrency" <<'EOF'
import json, sys
sim = json.loads(sys.argv[1]); tps = float(sys.argv[2]); lat = sys.argv[3]
rate = sim["settlements_per_second"]
print(f"settlement benchmark ({sys.argv[4]} encounters, {sys.argv[5]} clients, loopback)")
print(f"  his-sim settled {sim['settled']} (refused {sim['refused']}) in {sim['settle_seconds']} s")
print(f"  settlements/s      {rate:10.1f}")
print(f"  p50 / p99 / max    {sim['p50_ms']:.1f} / {sim['p99_ms']:.1f} / {sim['max_ms']:.1f} ms")
print(f"  pgbench simple-update TPS {tps:10.1f}  (latency average {lat} ms)")
ratio = rate / tps if tps else 0
print(f"  ratio settlements/s : pgbench TPS = {ratio:.3f}  (target >= 0.5; p99 target < 50 ms: "
      f"{'met' if sim['p99_ms'] < 50 else 'missed'})")
print(f"  retries {sim['retries']} (answers differing from the first: {sim['retry_mismatches']}), reversals {sim['reversed']}")
if sim["errors"]:
    print(f"  refusals: {sim['errors']}")
EOF
