#!/usr/bin/env bash
# Roster import benchmark: N generated roster rows (default 100000) through the real import service
# (parse + validate + write) against PostgreSQL COPY of the same result rows, in one run, then rolled back.
#
#   bench/roster-import.sh [--rows N] [--region CODE]
#
# Database: LIANGXIAN_DB_URL (+ _USER, _PASSWORD, and the liangxian.pii.* keys, e.g. in SPRING_APPLICATION_JSON)
# when set; otherwise an embedded PostgreSQL of its own (port 54339), so a running demo is not disturbed.
# Builds the application jar first if it is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/app/target/liangxian.jar"
if [ ! -f "$jar" ]; then
  echo "Building the application jar (first run only)..." >&2
  (cd "$here" && ./mvnw -B -q -DskipTests -pl app -am package) >&2
fi
# Unless LIANGXIAN_BENCH_DATA_DIR names one, each run starts a fresh embedded database in a temporary
# directory (removed afterwards), so the real tables start as empty as the scratch tables COPY fills.
tmp=""
data_dir="${LIANGXIAN_BENCH_DATA_DIR:-}"
if [ -z "$data_dir" ]; then
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/liangxian-bench.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  data_dir="$tmp/pgdata"
fi
# The launcher's default options favour start-up time (C1 only); a benchmark wants the optimising compiler.
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:--Xms1g -Xmx2g -XX:+UseParallelGC} \
  -Dliangxian.data-dir="$data_dir" \
  -Dliangxian.embedded.port="${LIANGXIAN_BENCH_PORT:-54339}" \
  -jar "$jar" bench roster-import "$@"
