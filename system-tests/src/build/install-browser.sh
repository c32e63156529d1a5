#!/usr/bin/env bash
# Part of the build (system-tests, before its tests): the console's browser tests drive Debian's chromium through
# Debian's chromedriver. When they are missing and this machine can install Debian packages (root, or sudo without a
# password), they are installed; otherwise the browser tests say why they are skipped (and fail on CI, which needs them).
# -Dxpmsync.browser.install=false leaves the machine as it is.
set -u
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "${1:-true}" = "false" ]; then
  echo "[browser] chromium or chromedriver missing; not installing them (xpmsync.browser.install=false)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[browser] chromium or chromedriver missing and this is no Debian-like machine: browser tests will be skipped"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "[browser] chromium or chromedriver missing, and installing them needs root:" \
      "apt-get install chromium chromium-driver (browser tests will be skipped)"
    exit 0
  fi
fi
echo "[browser] installing Debian's chromium and chromium-driver for the browser tests"
$SUDO apt-get update -q \
  && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver \
  || echo "[browser] the installation failed: browser tests will be skipped (and fail on CI)"
exit 0
