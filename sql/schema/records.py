"""What the application records about its own work: ingest runs and rejects, sync bookmarks, prize draws,
the notification send log, and the rebuilds a migration asked for."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, Text

from sql.schema.base import ID, metadata

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(32), nullable=False),
    Column("file_path", Text),
    Column("checksum", String(64)),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("status", String(16), nullable=False),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("inserted", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("message", Text),
    Index(None, "source", "started_at"),
)

ingest_rejects = Table(
    "ingest_rejects",
    metadata,
    Column("reject_id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, nullable=False),
    Column("file_path", Text, nullable=False),
    Column("line", Integer),
    Column("column_name", String(100)),
    Column("value", Text),
    Column("reason", Text, nullable=False),
    Index(None, "run_id"),
)

sync_bookmarks = Table(
    "sync_bookmarks",
    metadata,
    Column("source", String(32), primary_key=True),
    Column("partition_key", String(200), primary_key=True),
    Column("bookmark", String(64), nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

prize_draws = Table(
    "prize_draws",
    metadata,
    Column("draw_id", Integer, primary_key=True, autoincrement=True),
    Column("month", String(7), nullable=False),
    Column("weighted", Boolean, nullable=False),
    Column("seed", Integer, nullable=False),
    Column("entrants_json", Text, nullable=False),
    Column("winner_agent_id", ID),
    Column("drawn_at", DateTime, nullable=False),
    Column("drawn_by", String(254)),
)

# One row per (digest, period, recipient): the send log of `notify`. A row marked `sent` is never
# sent again; `failed` (and a `sending` claim left by a crashed run) is retried on the next run.
notify_sends = Table(
    "notify_sends",
    metadata,
    Column("digest", String(16), primary_key=True),
    Column("period", String(16), primary_key=True),
    Column("recipient", String(320), primary_key=True),
    Column("destination", String(64), nullable=False),
    Column("status", String(8), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("error", Text),
    Column("sent_at", DateTime, nullable=False),
    Index(None, "sent_at"),
)

# A data-changing migration records here (with frozen SQL) that the derived metrics tables (rollups, stored
# sets, Reg F findings) must be rebuilt; `metrics.database.open_engine` rebuilds them and deletes the rows in
# one transaction. One row per migration that asked; empty almost always.
pending_rebuilds = Table(
    "pending_rebuilds",
    metadata,
    Column("revision", String(32), primary_key=True),
    Column("reason", Text, nullable=False),
)
