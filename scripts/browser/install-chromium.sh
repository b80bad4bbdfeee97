#!/usr/bin/env bash
# Installs what the headless-browser test (tests/browser.rs) drives: Debian's chromium and
# chromium-driver packages. Does nothing when /usr/bin/chromium and /usr/bin/chromedriver are there.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "chromium and chromedriver already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-liberation

test -x /usr/bin/chromium
test -x /usr/bin/chromedriver
/usr/bin/chromedriver --version
