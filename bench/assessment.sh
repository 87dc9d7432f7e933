#!/usr/bin/env bash
# The monthly assessment of everyone the configured database (LIANGXIAN_DB_URL, or the embedded default) holds in a
# region, against PostgreSQL COPY of the same number of result rows in the same run. --generate=N first loads N more
# insured people. Options: --region=440100 --period=2024-06 --generate=N --chunk=10000 --workers=2
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$here/liangxian" bench assessment "$@"
