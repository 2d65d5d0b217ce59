#!/usr/bin/env bash
# Browser tests and PDF reports drive Debian's Chromium through puppeteer-core
# (plain `puppeteer` would try to download its own browser, which fails offline).
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Chromium not found at $CHROMIUM: installing Debian's chromium package…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "Chromium is required for browser tests and PDF reports: run 'sudo apt-get install chromium' or set CHROMIUM_PATH." >&2
exit 1
