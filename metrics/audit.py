"""The QA audit trail: every coaching, dispute and rescore write leaves a row, read back within scope."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select

from common import clock
from metrics.actors import Actor
from metrics.scope import Viewer, row_filter
from sql.schema import agents, qa_audit

AUDIT_COLUMNS = ["at", "actor", "role", "action", "subject", "agent_id", "full_name", "detail"]


def utcnow() -> datetime:
    """The application clock (`common.clock`) to the second, for audit and decision times."""
    return clock.utcnow().replace(microsecond=0)


def record(conn: Connection, actor: Actor, action: str, subject: str, agent_id: str | None, **detail: object) -> None:
    """Add one audit row (inside the caller's write transaction, so the change and its record go together)."""
    conn.execute(insert(qa_audit).values(
        at=utcnow(), actor=actor.email, role=actor.role, action=action, subject=subject, agent_id=agent_id,
        detail=json.dumps(detail, default=str, sort_keys=True, ensure_ascii=False) if detail else None))


def audit_trail(engine: Engine, viewer: Viewer, subject: str | None = None, limit: int = 500) -> pd.DataFrame:
    """Audit rows about agents the viewer may see, newest first (optionally one subject, e.g. `dispute:3`)."""
    a = qa_audit.c
    q = (
        select(a.at, a.actor, a.role, a.action, a.subject, a.agent_id, agents.c.full_name, a.detail)
        .select_from(qa_audit.outerjoin(agents, agents.c.agent_id == a.agent_id))
        .where(row_filter(viewer, a.agent_id, agents.c.team))
        .order_by(a.at.desc(), a.audit_id.desc())
        .limit(limit)
    )
    if subject is not None:
        q = q.where(a.subject == subject)
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=AUDIT_COLUMNS)


def require_in_scope(conn: Connection, viewer: Viewer, agent_id: str, what: str) -> str | None:
    """Refuse `what` about `agent_id` outside the viewer's scope; returns the agent's team.

    Leadership: anyone on the roster; a manager: agents of their teams; an agent: themselves.
    """
    from metrics.scope import ScopeError

    team_row = conn.execute(select(agents.c.team).where(agents.c.agent_id == agent_id)).first()
    if team_row is None:
        raise LookupError(f"unknown agent {agent_id!r} (not on the roster)")
    team = team_row[0]
    if viewer.role == "agent" and viewer.agent_id != agent_id:
        raise ScopeError(f"{what}: an agent may only act on their own record, not {agent_id}")
    if viewer.role == "manager" and team not in viewer.teams:
        raise ScopeError(f"{what}: agent {agent_id} is not in your teams ({', '.join(sorted(viewer.teams))})")
    return team
