#!/usr/bin/env bash
# Install Starboard and run it on a freshly generated demo data set (embedded SQLite under ./data/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh requirements.txt
.venv/bin/python -m ingest demo "$@"
