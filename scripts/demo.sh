#!/usr/bin/env bash
# Install Starboard, load a freshly generated demo data set (embedded SQLite under ./data/) and open the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh requirements.txt
.venv/bin/python -m ingest demo "$@"
exec .venv/bin/streamlit run dashboard/app.py
