"""Data health: ingest runs, rejects with reasons, rows naming unknown agents or accounts, last sync per source.

Leadership only: rejects carry raw values from the source files.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from sqlalchemy import Column, Engine, case, exists, func, select, union_all

from ingest.quality import REFERENCES
from metrics.facts import const
from metrics.frames import read_frame
from metrics.scope import Viewer, require_leadership
from sql.schema import (
    accounts,
    agents,
    calls,
    digital,
    ingest_rejects,
    ingest_runs,
    pauses,
    qa_evaluations,
    sync_bookmarks,
)

RUN_COLUMNS = ["run_id", "source", "file_path", "started_at", "finished_at", "status", "rows_read", "inserted",
               "updated", "unchanged", "rejected", "message"]
REJECT_COLUMNS = ["run_id", "source", "file_path", "line", "column_name", "value", "reason"]


def data_span(engine: Engine) -> tuple[date | None, date | None]:
    """First and last UTC day with an interaction (names nobody); one indexed min or max per query."""
    bounds: list[datetime | str] = []
    with engine.connect() as conn:
        for col in (calls.c.started_at, digital.c.started_at):
            for agg in (func.min, func.max):
                value = conn.execute(select(agg(col))).scalar()
                if value is not None:
                    bounds.append(value)
    days = sorted(d for d in (_day(b) for b in bounds) if d is not None)
    return (days[0], days[-1]) if days else (None, None)


def _day(value: datetime | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value).date()
    return value.date() if isinstance(value, datetime) else value


def ingest_run_list(engine: Engine, viewer: Viewer, limit: int = 500) -> pd.DataFrame:
    """The latest ingest runs, newest first."""
    require_leadership(viewer, "data health")
    r = ingest_runs.c
    q = select(*[r[c] for c in RUN_COLUMNS]).order_by(r.started_at.desc(), r.run_id.desc()).limit(limit)
    return read_frame(engine, q, RUN_COLUMNS)


def reject_reasons(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Rejected rows per source, column and reason, most frequent first."""
    require_leadership(viewer, "data health")
    j, r = ingest_rejects.c, ingest_runs.c
    n = func.count().label("rejects")
    q = (
        select(r.source, j.column_name, j.reason, n, func.max(j.run_id).label("last_run_id"))
        .select_from(ingest_rejects.join(ingest_runs, r.run_id == j.run_id))
        .group_by(r.source, j.column_name, j.reason)
        .order_by(n.desc(), r.source, j.reason)
    )
    return read_frame(engine, q, ["source", "column_name", "reason", "rejects", "last_run_id"])


def reject_rows(engine: Engine, viewer: Viewer, limit: int = 1000) -> pd.DataFrame:
    """Rejected rows with file, line, column, value and reason, newest run first."""
    require_leadership(viewer, "data health")
    j, r = ingest_rejects.c, ingest_runs.c
    q = (
        select(j.run_id, r.source, j.file_path, j.line, j.column_name, j.value, j.reason)
        .select_from(ingest_rejects.join(ingest_runs, r.run_id == j.run_id))
        .order_by(j.run_id.desc(), j.line, j.reject_id)
        .limit(limit)
    )
    return read_frame(engine, q, REJECT_COLUMNS)


_SEEN_AT = {
    "calls": calls.c.started_at,
    "digital": digital.c.started_at,
    "qa_evaluations": qa_evaluations.c.evaluated_at,
    "pauses": pauses.c.paused_from,
}


def _unknown(engine: Engine, target: Column, id_name: str) -> pd.DataFrame:
    """Ids that rows of the interaction tables name but `target` does not hold (`ingest.quality.REFERENCES`)."""
    parts = []
    for ref in REFERENCES:
        table = ref.column.table
        if ref.target is not target or table.name not in _SEEN_AT:
            continue
        label = table.name + (" (handoff)" if ref.column.name == "handoff_agent_id" else "")
        # group the (covering index) scan first, then anti-join once per distinct id, not once per row
        g = (select(ref.column.label("id"), func.count().label("rows"), func.max(_SEEN_AT[table.name]).label("seen"))
             .where(ref.column.is_not(None), ref.column != "").group_by(ref.column).subquery())
        parts.append(
            select(const(label).label("source"), g.c.id.label(id_name), g.c.rows, g.c.seen.label("last_seen"))
            .where(~exists().where(target == g.c.id))
        )
    u = union_all(*parts).subquery()
    q = select(u).order_by(u.c.rows.desc(), u.c[id_name], u.c.source)
    return read_frame(engine, q, ["source", id_name, "rows", "last_seen"])


def unknown_agents(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Agent ids named by calls, digital rows or QA that the roster does not know, with row counts."""
    require_leadership(viewer, "data health")
    return _unknown(engine, agents.c.agent_id, "agent_id")


def unknown_accounts(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Account ids named by calls, digital rows or pauses that the accounts file does not hold."""
    require_leadership(viewer, "data health")
    return _unknown(engine, accounts.c.account_id, "account_id")


def last_sync(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Per source: runs so far, the last run and its status, the last successful load, and the sync bookmark."""
    require_leadership(viewer, "data health")
    r = ingest_runs.c
    done = func.coalesce(r.finished_at, r.started_at)
    summary = (
        select(r.source, func.count().label("runs"), func.max(r.run_id).label("last_run_id"),
               func.max(case((r.status == "ok", done))).label("last_ok_at"),
               func.sum(r.rejected).label("rejected"))
        .group_by(r.source)
        .subquery("summary")
    )
    b = sync_bookmarks.c
    marks = select(b.source, func.max(b.updated_at).label("bookmark_updated_at")).group_by(b.source).subquery()
    q = (
        select(summary.c.source, summary.c.runs, r.started_at.label("last_run_at"), r.status.label("last_status"),
               summary.c.last_ok_at, summary.c.rejected, marks.c.bookmark_updated_at)
        .select_from(summary.join(ingest_runs, r.run_id == summary.c.last_run_id)
                     .outerjoin(marks, marks.c.source == summary.c.source))
        .order_by(summary.c.source)
    )
    return read_frame(engine, q, ["source", "runs", "last_run_at", "last_status", "last_ok_at", "rejected",
                              "bookmark_updated_at"])


def sync_bookmark_list(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Every sync bookmark (e.g. Google reviews per location) with when it last advanced."""
    require_leadership(viewer, "data health")
    b = sync_bookmarks.c
    q = select(b.source, b.partition_key, b.bookmark, b.updated_at).order_by(b.source, b.partition_key)
    return read_frame(engine, q, ["source", "partition_key", "bookmark", "updated_at"])
