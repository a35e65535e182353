#!/usr/bin/env bash
# Make sure Debian's chromium is present for the report's headless-browser test
# (test/report/report-browser.test.ts). playwright-core drives it; no browser is downloaded.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
# Waits for the dpkg lock: other jobs on the machine may be installing packages at the same time.
echo "ensure-chromium: $CHROMIUM missing, installing Debian's chromium with apt-get" >&2
$SUDO apt-get -o DPkg::Lock::Timeout=900 update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends chromium fonts-dejavu-core
test -x "$CHROMIUM"
