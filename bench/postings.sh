#!/usr/bin/env bash
# Postings per second through the fund ledger against plain INSERTs of the same rows, in the same run.
# Runs on the configured database (LIANGXIAN_DB_URL) or the embedded default; the work happens in a scratch
# database created next to it and dropped at the end. Options: --count=100000 --chunk=500
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$here/liangxian" bench postings "$@"
