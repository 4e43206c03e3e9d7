"""How the application opens its database: migrated, and with any rebuild a migration asked for done.

A migration is frozen (it imports no live Starboard module), so one that changes what the derived
metrics tables mean (rollups, stored sets, Reg F findings) cannot rebuild them; it records a row in
`pending_rebuilds` instead. `upgrade` migrates and then rebuilds them with today's code and deletes the
rows, in one transaction. Every entry point (the `ingest`, `metrics` and `notify` command lines, the
dashboard) opens the database through `open_engine`, so an upgraded database never shows figures of the
old definitions and nobody has to run `python -m metrics refresh` by hand.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from sqlalchemy import Engine, delete, select

from metrics.rollups.daily import rebuild_all
from sql.database import database_url, get_engine, migrate, write_transaction
from sql.dialect import lock_source
from sql.schema import pending_rebuilds

log = logging.getLogger(__name__)


def rebuild_pending(engine: Engine) -> list[str]:
    """Rebuild the derived metrics tables if a migration asked for it; the revisions that asked.

    One cheap read when nothing is pending. Otherwise the rebuild and the deletion of the rows it
    answers share one write transaction, re-read under the metrics lock, so two processes opening
    the database at once rebuild once.
    """
    with engine.connect() as conn:
        if conn.execute(select(pending_rebuilds.c.revision).limit(1)).first() is None:
            return []
    with write_transaction(engine) as conn:
        lock_source(conn, "metrics")
        asked = dict(conn.execute(select(pending_rebuilds.c.revision, pending_rebuilds.c.reason)).all())
        if not asked:
            return []
        rebuild_all(conn)
        conn.execute(delete(pending_rebuilds).where(pending_rebuilds.c.revision.in_(asked)))
    for revision, reason in sorted(asked.items()):
        log.info("rebuilt the metrics rollups and findings as migration %s asked: %s", revision, reason)
    return sorted(asked)


def upgrade(engine: Engine, revision: str = "head") -> list[str]:
    """Migrate `engine` to `revision`, then do any rebuild the migrations asked for (the revisions that asked)."""
    migrate(engine, revision)
    return rebuild_pending(engine)


def open_engine(url: str | None = None) -> Engine:
    """The process-wide engine for `url` (default: `DATABASE_URL` as it is now), upgraded on first use."""
    return _opened(url or database_url())


@lru_cache(maxsize=8)
def _opened(url: str) -> Engine:
    engine = get_engine(url)  # migrated on first use (shared with sql.database's own cache)
    rebuild_pending(engine)
    return engine
