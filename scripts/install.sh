#!/usr/bin/env bash
# Create .venv (if needed) and install the project's Python requirements into it.
# Usage: scripts/install.sh [requirements file]   (default: requirements.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
req="${1:-requirements.txt}"
[ -x .venv/bin/python ] || python3 -m venv .venv 2>/dev/null || { echo "python3 -m venv failed: install python3-venv (apt-get install python3-venv)" >&2; exit 1; }
stamp=".venv/.installed-$(sha256sum "$req" requirements.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  if [ -n "${STARBOARD_INSTALL_PROGRESS:-}" ]; then
    # One line per package as it is fetched, so a first install does not look stuck.
    .venv/bin/python -m pip install --quiet --upgrade pip
    if ! .venv/bin/python -m pip install --progress-bar off -r "$req" 2>&1 \
        | { grep --line-buffered -E "^(Collecting|Installing|Successfully|ERROR)" || true; }; then
      echo "pip install failed; see: .venv/bin/python -m pip install -r $req" >&2
      exit 1
    fi
  else
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r "$req"
  fi
  touch "$stamp"
fi
