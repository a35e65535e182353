#!/usr/bin/env bash
# The one command that runs every SegmentLab test on a fresh machine (README: "all tests").
# It installs what is missing itself — Debian packages, npm packages, the tslab kernel, a
# PostgreSQL server on a loopback port — and never skips a test for want of them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
[ -d node_modules/vitest ] || npm ci
bash scripts/ensure-tslab-kernel.sh
if [ -f scripts/start-postgres.sh ]; then
  # shellcheck disable=SC1091
  source scripts/start-postgres.sh
fi
npm test
bash scripts/run-notebooks.sh
echo "all tests passed"
