#!/usr/bin/env bash
# The test suite on a fresh machine: install with the test extras, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh test
bash scripts/install_browser.sh   # Debian's chromium for the explorer's browser test
bash scripts/install_doc_converter.sh   # antiword for .doc input, unless a converter is installed
.venv/bin/ruff check kg tests scripts
.venv/bin/mypy kg
.venv/bin/python -m pytest "$@"
