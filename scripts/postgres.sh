#!/usr/bin/env bash
# Make sure a PostgreSQL server answers at 127.0.0.1:5432 for the tests (install and start it if needed).
set -euo pipefail
answers() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if command -v pg_isready >/dev/null && answers; then exit 0; fi
if ! command -v pg_ctlcluster >/dev/null; then
  echo "installing PostgreSQL (Debian package)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  ver=$(ls /etc/postgresql | sort -n | tail -1)
  hba=/etc/postgresql/$ver/main/pg_hba.conf
  # Local test server only: trust connections from this machine, as on the team's dev machines.
  sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
fi
pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -n | tail -1)" main start 2>/dev/null || true
for _ in $(seq 1 30); do answers && exit 0; sleep 1; done
echo "PostgreSQL did not start at 127.0.0.1:5432" >&2
exit 1
