#!/usr/bin/env bash
# A converter for Word 97-2003 .doc input (kg.ingest.office tries LibreOffice, antiword, catdoc in
# that order): Debian's antiword, about 1 MB, installed only when none of the three is present.
# Installs nothing else and upgrades nothing.
set -euo pipefail

for program in soffice antiword catdoc; do
  if command -v "$program" >/dev/null 2>&1; then
    echo ".doc converter: $program"
    exit 0
  fi
done
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends --no-upgrade antiword
echo ".doc converter: antiword"
