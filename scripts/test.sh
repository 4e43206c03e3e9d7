#!/usr/bin/env bash
# Install everything the tests need and run the whole suite on SQLite and PostgreSQL.
# Extra arguments go to pytest, e.g. scripts/test.sh -k attribution
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh requirements-dev.txt
scripts/postgres.sh
if [ -x scripts/browser.sh ]; then scripts/browser.sh; fi
.venv/bin/ruff check .
# pytest exits 5 when it collects no test: that is a failure here, as is any other non-zero code.
exec .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
