#!/usr/bin/env bash
# Create .venv (if missing) and install xuncha-kg into it; extras as arguments: test
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
# The pip that venv bundles installs the project as it is (editable installs need pip 21.3 or
# later; Python 3.11 bundles 23.x), so it is not upgraded; pip's default strategy installs only
# what is missing and upgrades a dependency only when a requirement needs a newer version.
[ -x .venv/bin/python ] || "$PY" -m venv .venv
extras=""
[ $# -gt 0 ] && extras="[$(IFS=,; echo "$*")]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras}"
