#!/usr/bin/env bash
# Installs the Debian packages the full test suite needs, only if they are missing:
# Jupyter + nbconvert (notebooks run headless), Chromium (report opened in a real browser),
# PostgreSQL (exported SQL runs in a real database), scikit-learn/pandas (stored oracles, benchmarks).
set -euo pipefail
need=()
command -v jupyter-nbconvert >/dev/null 2>&1 || need+=(jupyter-notebook jupyter-nbconvert python3-nbclient)
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
/usr/bin/python3 -c "import sklearn, pandas" >/dev/null 2>&1 || need+=(python3-sklearn python3-pandas)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: these Debian packages are missing and installing them needs root: ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
