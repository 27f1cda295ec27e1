#!/usr/bin/env bash
# The main job on a fresh machine: install, then build the bundled example notices into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh
.venv/bin/kg build examples --out output
echo "graph: output/graph.ttl"
