#!/usr/bin/env bash
# Headless Chromium for the explorer's browser test and benchmark (tests/test_browser.py,
# scripts/bench_explorer.py): Debian's chromium, and a font with Chinese glyphs so labels in
# screenshots are readable. The playwright package that drives it comes with the test extras
# (pyproject.toml); its own browser download is not used (it cannot reach its host here), the
# tests launch /usr/bin/chromium. Idempotent: installs only what is missing, and --no-upgrade
# leaves installed packages at their versions.
set -euo pipefail

missing=()
for pkg in chromium fonts-wqy-microhei; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-upgrade "${missing[@]}"
fi
chromium --version 2>/dev/null
