#!/usr/bin/env bash
# What the test run needs on a fresh machine of this kind: Debian's Chromium and ChromeDriver with a
# CJK font (browser tests), and the local PostgreSQL on 127.0.0.1:5432 if it is installed but stopped
# (tests fall back to an embedded PostgreSQL when nothing answers there).
set -uo pipefail
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! fc-list 2>/dev/null | grep -qi "WenQuanYi"; then
  echo "Installing chromium, chromium-driver and fonts-wqy-microhei..."
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null \
    || echo "warning: could not install Chromium; browser tests will fail" >&2
fi
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  fi
fi
exit 0
