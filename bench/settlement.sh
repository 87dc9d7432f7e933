#!/usr/bin/env bash
# Settlement benchmark: settlements per second and p99 latency of the settlement call (2207 / 2304) with the
# simulated hospital system over loopback, against pgbench's simple-update TPS measured in the same run with the
# same number of clients, on the same PostgreSQL (127.0.0.1:5432).
#
#   bench/settlement.sh [--encounters N] [--concurrency C] [--pgbench-seconds S] [--warmup W] [--population P]
#                       [--url URL --key-file F [--persons-file F]]
#
# Without --url it starts the server itself on a fresh database of its own on 127.0.0.1:5432 with the demo data
# (demo profile; the Changzhou hospital's signing key is written beside the data directory) and stops it at the
# end. It adds P generated people (default 20000) to Changzhou with `demo generate`, whose insured women of
# child-bearing age are the hospital's patients (P = 0: the demo's six named women). Before measuring, it runs W
# encounters (default 500) through the server, then VACUUM ANALYZE (this server may run with autovacuum off) and
# a checkpoint, so the planner works from statistics of a database in use. pgbench runs on a scratch database of
# its own (pgbench -i, then -b simple-update for S seconds). Both scratch databases are dropped afterwards.
# While both run, a sampler reads the CPU time of the server, the simulated HIS, PostgreSQL and pgbench from
# /proc, so the report also gives the CPU each settlement and each pgbench transaction costs the machine.
# Builds the application jar first if it is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/app/target/liangxian.jar"
encounters=2000
concurrency=8
pg_seconds=20
warmup=500
population=20000
url=""
key_file=""
persons_file=""
pg_host="${PGHOST:-127.0.0.1}"
pg_port="${PGPORT:-5432}"
pg_user="${PGUSER:-postgres}"
while [ $# -gt 0 ]; do
  case "$1" in
    --encounters) encounters="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --pgbench-seconds) pg_seconds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --population) population="$2"; shift 2 ;;
    --persons-file) persons_file="$2"; shift 2 ;;
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
sampler_pid=""
app_db="lx_bench_settle_$$"
pg_db="lx_bench_pgbench_$$"
cleanup() {
  if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; fi
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

sim_persons=()
if [ -n "$server_pid" ] && [ "$population" -gt 0 ]; then
  echo "population: $population generated people in Changzhou (demo generate) ..." >&2
  persons_file="$tmp/women.txt"
  LIANGXIAN_DB_URL="jdbc:postgresql://$pg_host:$pg_port/$app_db" LIANGXIAN_DB_USER="$pg_user" \
    java -Xmx1g -Dliangxian.data-dir="$tmp/pgdata" -jar "$jar" demo generate --persons "$population" \
    --regions 320400 --seed 20201 --women-out "$persons_file" --spring.profiles.active=demo \
    --logging.level.root=WARN >&2
fi
if [ -n "$persons_file" ]; then
  sim_persons=(--persons-file "$persons_file")
fi

if [ -n "$server_pid" ] && [ "$warmup" -gt 0 ]; then
  echo "warm-up: $warmup encounters, then VACUUM ANALYZE of $app_db and a checkpoint ..." >&2
  java ${SIM_JAVA_OPTS:--Xmx512m} -jar "$jar" his-sim --url "$url" --key-file "$key_file" "${sim_persons[@]}" \
    --encounters "$warmup" --concurrency "$concurrency" --json >/dev/null
  psql_ -d "$app_db" -c "vacuum analyze"
  psql_ -d postgres -c "checkpoint"
fi

# CPU sampler: every 0.2 s, the CPU ticks of the server, the simulated HIS, PostgreSQL, pgbench and the machine
cat > "$tmp/sampler.py" <<'PY'
import os, sys, time
server = sys.argv[2]
out = open(sys.argv[1], "w")
seen = {}  # pid -> (kind, ticks): a process that exits (pgbench and its connections) keeps its last count
while True:
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            cmd = open(f"/proc/{p}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="ignore")
            st = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        program = os.path.basename(cmd.split(" ", 1)[0])
        kind = ("server" if p == server else "sim" if " his-sim " in cmd else "pgbench" if program == "pgbench"
                else "pg" if program == "postgres" or cmd.startswith("postgres:") else None)
        if kind:
            seen[p] = (kind, int(st[11]) + int(st[12]))
    t = {"server": 0, "sim": 0, "pg": 0, "pgbench": 0}
    for kind, ticks in seen.values():
        t[kind] += ticks
    cpu = open("/proc/stat").readline().split()
    busy = sum(int(x) for x in cpu[1:4]) + sum(int(x) for x in cpu[6:9])
    out.write(f"{time.time() * 1000:.0f} {t['server']} {t['sim']} {t['pg']} {t['pgbench']} {busy}\n")
    out.flush()
    time.sleep(0.2)
PY
python3 "$tmp/sampler.py" "$tmp/cpu.txt" "${server_pid:-none}" &
sampler_pid=$!

echo "pgbench simple-update: $concurrency clients, ${pg_seconds}s on $pg_db ..." >&2
psql_ -d postgres -c "create database $pg_db"
pgbench -h "$pg_host" -p "$pg_port" -U "$pg_user" -i -q -s 10 "$pg_db" >/dev/null 2>&1
psql_ -d postgres -c "checkpoint"
pg_started="$(date +%s%3N)"
pg_out="$(pgbench -h "$pg_host" -p "$pg_port" -U "$pg_user" -b simple-update -c "$concurrency" -j "$concurrency" \
  -T "$pg_seconds" "$pg_db" 2>&1)"
pg_tps="$(echo "$pg_out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)"
pg_lat="$(echo "$pg_out" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' | head -1)"
pg_txns="$(echo "$pg_out" | sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' | head -1)"
pg_ended="$(date +%s%3N)"
psql_ -d postgres -c "checkpoint"

echo "his-sim: $encounters encounters, $concurrency workers ..." >&2
sim_json="$(java ${SIM_JAVA_OPTS:--Xmx512m} -jar "$jar" his-sim --url "$url" --key-file "$key_file" \
  "${sim_persons[@]}" --encounters "$encounters" --concurrency "$concurrency" --json)"
sleep 0.5
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
echo "$sim_json" > "${BENCH_OUT:-$here/bench/settlement-last.json}"

python3 - "$sim_json" "$pg_tps" "$pg_lat" "$encounters" "$concurrency" "$tmp/cpu.txt" "$pg_started" "$pg_ended" \
  "${pg_txns:-0}" "$(getconf CLK_TCK)" "$(nproc)" <<'EOF'
import json, sys
sim = json.loads(sys.argv[1]); tps = float(sys.argv[2]); lat = sys.argv[3]
rows = [[float(x) for x in l.split()] for l in open(sys.argv[6]) if l.strip()]
hz = float(sys.argv[10])

def window(a, b):
    """CPU ms of each column between wall-clock ms a and b (the samples nearest inside the window)."""
    inside = [r for r in rows if a <= r[0] <= b]
    if len(inside) < 2:
        return None
    first, last = inside[0], inside[-1]
    share = (b - a) / (last[0] - first[0])  # scale the sampled span up to the whole window
    return [(last[i] - first[i]) * 1000 / hz * share for i in range(1, 6)]
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
settle = window(sim["settle_started_at_ms"], sim["settle_ended_at_ms"])
bench = window(float(sys.argv[7]), float(sys.argv[8]))
if settle and bench and sim["settled"] and int(sys.argv[9]):
    n, t = sim["settled"], int(sys.argv[9])
    server, simcpu, pg, _, busy = [x / n for x in settle]
    _, _, pgb_pg, pgb_client, pgb_busy = [x / t for x in bench]
    print(f"  CPU per settlement (ms):  server {server:.2f}, simulated HIS {simcpu:.2f}, PostgreSQL {pg:.2f};"
          f" machine {busy:.2f}")
    print(f"  CPU per pgbench transaction (ms): pgbench {pgb_client:.2f}, PostgreSQL {pgb_pg:.2f}; machine {pgb_busy:.2f}")
    print(f"  machine CPU per settlement = {busy / pgb_busy:.1f} pgbench transactions"
          f" (machine busy {settle[4] / (sim['settle_ended_at_ms'] - sim['settle_started_at_ms']) / int(sys.argv[11]):.0%}"
          f" of {sys.argv[11]} cores while settling, {bench[4] / (float(sys.argv[8]) - float(sys.argv[7])) / int(sys.argv[11]):.0%}"
          f" during pgbench)")
EOF
