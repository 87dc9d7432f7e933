#!/usr/bin/env bash
# The monthly assessment of a region against PostgreSQL COPY of the same number of result rows, in the same run.
#
#   bench/assessment.sh [--persons N] [--seed S] [--region 440100] [--period 2025-06] [--chunk 10000] [--workers 2]
#
# --persons N first loads N people with the demo generator (./liangxian demo generate --persons N --regions R
# --seed S) into the region; then ./liangxian bench assessment declares wage bases for the region's employers that
# have none for the year, assesses everyone insured in the month and measures COPY of as many rows.
# Database: LIANGXIAN_DB_URL (+ _USER, _PASSWORD and the liangxian.pii.* keys, e.g. in SPRING_APPLICATION_JSON), or
# the embedded default. Builds the application jar first if it is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
persons=0 seed=1 region=440100 period=2025-06 chunk=10000 workers=2
while [ $# -gt 0 ]; do
  case "$1" in
    --persons) persons="$2"; shift 2 ;; --persons=*) persons="${1#*=}"; shift ;;
    --seed) seed="$2"; shift 2 ;; --seed=*) seed="${1#*=}"; shift ;;
    --region) region="$2"; shift 2 ;; --region=*) region="${1#*=}"; shift ;;
    --period) period="$2"; shift 2 ;; --period=*) period="${1#*=}"; shift ;;
    --chunk) chunk="$2"; shift 2 ;; --chunk=*) chunk="${1#*=}"; shift ;;
    --workers) workers="$2"; shift 2 ;; --workers=*) workers="${1#*=}"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
# The launcher's default options favour start-up time (C1 only); a benchmark wants the optimising compiler.
export LIANGXIAN_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms1g -Xmx4g -XX:+UseParallelGC}"
if [ "$persons" -gt 0 ]; then
  "$here/liangxian" demo generate --persons "$persons" --regions "$region" --seed "$seed"
fi
exec "$here/liangxian" bench assessment --region="$region" --period="$period" --chunk="$chunk" --workers="$workers"
