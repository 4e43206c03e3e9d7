#!/usr/bin/env bash
# Install Starboard, load a freshly generated demo data set (embedded SQLite under ./data/) and open the dashboard.
# Usage: bash scripts/demo.sh [--port N] [--size tiny|small|full] [other `python -m ingest demo` options]
#   --port N (or STARBOARD_PORT=N): the port to serve on (default 8501).
# Demo mode has no sign-in (anyone can view as anyone), so it is served on 127.0.0.1 only: open it on this computer.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${STARBOARD_PORT:-8501}"
demo_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    *) demo_args+=("$1"); shift ;;
  esac
done
case "$port" in ''|*[!0-9]*) echo "--port: expected a number, got '$port'" >&2; exit 2 ;; esac
echo "[1/3] Installing Python packages into .venv (the first run downloads about 150 MB; later runs skip this)"
STARBOARD_INSTALL_PROGRESS=1 scripts/install.sh requirements.txt
echo "[2/3] Generating and loading the demo data set"
.venv/bin/python -m ingest demo "${demo_args[@]}"
echo "[3/3] Starting the dashboard: open http://127.0.0.1:${port} in your browser (Ctrl+C stops it)"
exec .venv/bin/python -m dashboard --server.port "$port" --server.address 127.0.0.1
