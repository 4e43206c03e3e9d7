"""Drill-down: the raw interactions behind a figure, and an account's around a moment, within the viewer's scope."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Engine, Integer, String, case, cast, literal_column, null, or_, select, union_all

from metrics import dimensions
from metrics.dimensions import Filters
from metrics.facts import call_agent_key, call_engaged, call_placed, const, digital_agent_key, digital_engaged
from metrics.frames import read_frame
from metrics.periods import Period
from metrics.scope import Viewer, row_filter
from metrics.settings import VOICE_AI
from sql.dialect import day_of, month_of
from sql.schema import agents, calls, digital

COLUMNS = ["interaction_id", "channel", "direction", "account_id", "started_at", "agent_id", "team",
           "handled_by", "talk_seconds", "disposition", "outcome", "language", "engaged", "placed"]


def interactions(
    engine: Engine, viewer: Viewer, period: Period, filters: Filters | None = None, limit: int = 1000
) -> pd.DataFrame:
    """Calls and digital conversations in the period matching `filters`, newest first, at most `limit`.

    `agent_id` is who the interaction counts for (METRICS.md), `voice_ai`, or None.
    """
    c, d = calls.c, digital.c
    ckey, dkey = call_agent_key(), digital_agent_key()
    ccols = dimensions.columns(ckey, const("voice"), c.language, month_of(c.started_at), day_of(c.started_at))
    dcols = dimensions.columns(dkey, d.channel, d.language, month_of(d.started_at), day_of(d.started_at))
    one, zero = literal_column("1"), literal_column("0")
    from_calls = (
        select(c.call_id.label("interaction_id"), const("voice").label("channel"), c.direction, c.account_id,
               c.started_at, ckey.label("agent_id"), agents.c.team, c.handled_by, c.talk_seconds,
               c.disposition, c.outcome, c.language, case((call_engaged(), one), else_=zero).label("engaged"),
               case((call_placed(), one), else_=zero).label("placed"))
        .select_from(calls.outerjoin(agents, agents.c.agent_id == ckey))
        .where(period.on_timestamp(c.started_at), dimensions.where(ccols, filters, viewer))
    )
    from_digital = (
        select(d.interaction_id, d.channel, d.direction, d.account_id, d.started_at, dkey.label("agent_id"),
               agents.c.team, const("").label("handled_by"), cast(null(), Integer).label("talk_seconds"),
               cast(null(), String).label("disposition"), d.outcome, d.language,
               case((digital_engaged(), one), else_=zero).label("engaged"), zero.label("placed"))
        .select_from(digital.outerjoin(agents, agents.c.agent_id == dkey))
        .where(period.on_timestamp(d.started_at), dimensions.where(dcols, filters, viewer))
    )
    people = _named_agents(viewer, filters)
    if people is not None:
        from_calls = from_calls.where(or_(c.agent_id.in_(people), c.handoff_agent_id.in_(people)))
        from_digital = from_digital.where(d.agent_id.in_(people))
    newest = [select(q.order_by(q.selected_columns.started_at.desc()).limit(limit).subquery())
              for q in (from_calls, from_digital)]
    both = union_all(*newest).subquery("interactions")
    q = select(both).order_by(both.c.started_at.desc(), both.c.interaction_id).limit(limit)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(q).mappings()]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("agent_id", "handled_by"):
        frame[col] = frame[col].where(frame[col] != "", None)
    frame[["engaged", "placed"]] = frame[["engaged", "placed"]].astype(bool)
    return frame


def _named_agents(viewer: Viewer, filters: Filters | None) -> list[str] | None:
    """Real agent ids the rows must belong to, when known (lets the agent_id indexes do the work)."""
    wanted = (filters or {}).get("agent")
    names = None if wanted is None else ([wanted] if isinstance(wanted, str) else list(wanted))
    if viewer.role == "agent":
        names = [viewer.agent_id] if names is None or viewer.agent_id in names else []
    if names is None or any(n in ("", VOICE_AI) for n in names):
        return None
    return [n for n in names if n]


def account_interactions(
    engine: Engine, viewer: Viewer, account_id: str, around: datetime, days: int = 8
) -> pd.DataFrame:
    """An account's calls and messages from `days` before to `days` after `around`, within scope."""
    lo, hi = around - timedelta(days=days), around + timedelta(days=days)
    c, d = calls.c, digital.c
    ckey, dkey = call_agent_key(), digital_agent_key()
    cq = (
        select(c.call_id.label("interaction_id"), const("voice").label("channel"), c.direction, c.started_at,
               c.talk_seconds, c.disposition, c.handled_by, ckey.label("agent_id"), c.outcome)
        .select_from(calls.outerjoin(agents, agents.c.agent_id == ckey))
        .where(c.account_id == account_id, c.started_at >= lo, c.started_at < hi,
               row_filter(viewer, ckey, agents.c.team))
    )
    dq = (
        select(d.interaction_id, d.channel, d.direction, d.started_at, const("").label("talk_seconds"),
               const("").label("disposition"), const("").label("handled_by"), dkey.label("agent_id"), d.outcome)
        .select_from(digital.outerjoin(agents, agents.c.agent_id == dkey))
        .where(d.account_id == account_id, d.started_at >= lo, d.started_at < hi,
               row_filter(viewer, dkey, agents.c.team))
    )
    cols = ["interaction_id", "channel", "direction", "started_at", "talk_seconds", "disposition", "handled_by",
            "agent_id", "outcome"]
    frame = pd.concat([read_frame(engine, cq, cols), read_frame(engine, dq, cols)], ignore_index=True)
    if frame.empty:
        return frame
    frame["agent_id"] = frame["agent_id"].replace("", None)
    return frame.sort_values(["started_at", "interaction_id"]).reset_index(drop=True)
