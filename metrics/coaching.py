"""Coaching sessions: a manager logs one (agent, date, focused criteria, notes, follow-up); listed within scope.

Writes go through the viewer's scope (a manager for agents of their teams, leadership for anyone)
and leave an audit row, as queue decisions do. An agent sees their own sessions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from metrics.actors import Actor
from metrics.audit import record, require_in_scope, utcnow
from metrics.scope import ScopeError, Viewer, row_filter
from sql.database import write_transaction
from sql.schema import agents, coaching_session_criteria, coaching_sessions, qa_evaluations

SESSION_COLUMNS = ["session_id", "session_date", "agent_id", "full_name", "team", "coached_by", "coach_name",
                   "criteria", "notes", "follow_up_on", "source", "logged_by", "logged_at"]
SOURCES = ("app", "cli", "import")


class SessionError(ValueError):
    """A session that cannot be stored, with the input field (`column`) at fault."""

    def __init__(self, column: str, reason: str):
        super().__init__(reason)
        self.column = column


@dataclass(frozen=True)
class SessionInput:
    """What a manager enters for one session."""

    agent_id: str
    session_date: date
    criteria: tuple[str, ...]
    notes: str | None = None
    follow_up_on: date | None = None
    coached_by: str | None = None


def known_criteria(bind: Engine | Connection) -> list[str]:
    """Every scorecard criterion that has been scored (the choices for a session's focus)."""
    q = select(qa_evaluations.c.criterion).distinct().order_by(qa_evaluations.c.criterion)
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return list(conn.execute(q).scalars())
    return list(bind.execute(q).scalars())


def check_session(conn: Connection, actor: Actor, s: SessionInput, criteria: Iterable[str] | None = None) -> str:
    """Validate one session for `actor`; returns the coach's email.

    Raises SessionError (a bad field), LookupError (unknown agent) or ScopeError (agent outside the scope).
    """
    if actor.role == "agent":
        raise ScopeError("coaching sessions are logged by managers and leadership")
    require_in_scope(conn, actor.viewer, s.agent_id, "log a coaching session")
    if not s.criteria:
        raise SessionError("criteria", "name at least one focused criterion")
    known = set(criteria if criteria is not None else known_criteria(conn))
    unknown = sorted(set(s.criteria) - known)
    if unknown:
        raise SessionError("criteria", f"unknown criterion {unknown[0]!r}; scored criteria are: "
                                       f"{', '.join(sorted(known))}")
    if s.follow_up_on is not None and s.follow_up_on < s.session_date:
        raise SessionError("follow_up_on", f"follow-up date {s.follow_up_on} is before the session date "
                                           f"{s.session_date}")
    return (s.coached_by or actor.email).strip().lower()


def existing_session(conn: Connection, agent_id: str, session_date: date, coach: str) -> int | None:
    """The id of the session already logged for (agent, day, coach), if any."""
    c = coaching_sessions.c
    return conn.execute(select(c.session_id).where(c.agent_id == agent_id, c.session_date == session_date,
                                                   c.coached_by == coach)).scalar()


def write_session(conn: Connection, actor: Actor, s: SessionInput, coach: str, source: str,
                  session_id: int | None = None) -> int:
    """Insert (or, with `session_id`, replace) a validated session and its criteria, with the audit row."""
    values = {"agent_id": s.agent_id, "session_date": s.session_date, "coached_by": coach, "notes": s.notes or None,
              "follow_up_on": s.follow_up_on, "source": source, "logged_by": actor.email, "logged_at": utcnow()}
    if session_id is None:
        session_id = conn.execute(insert(coaching_sessions).values(**values)
                                  .returning(coaching_sessions.c.session_id)).scalar_one()
        action = "coaching.log"
    else:
        conn.execute(update(coaching_sessions).where(coaching_sessions.c.session_id == session_id).values(**values))
        conn.execute(delete(coaching_session_criteria).where(coaching_session_criteria.c.session_id == session_id))
        action = "coaching.update"
    criteria = sorted(set(s.criteria))
    conn.execute(insert(coaching_session_criteria), [{"session_id": session_id, "criterion": c} for c in criteria])
    record(conn, actor, action, f"coaching:{session_id}", s.agent_id, session_date=s.session_date.isoformat(),
           criteria=criteria, coached_by=coach, follow_up_on=s.follow_up_on, source=source)
    return session_id


def log_session(engine: Engine, actor: Actor, s: SessionInput, source: str = "app") -> int:
    """Log one session (a manager for their teams' agents, leadership for anyone); its id."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    with write_transaction(engine) as conn:
        coach = check_session(conn, actor, s)
        if existing_session(conn, s.agent_id, s.session_date, coach) is not None:
            raise ValueError(f"{coach} already logged a session with {s.agent_id} on {s.session_date}")
        return write_session(conn, actor, s, coach, source)


def sessions(engine: Engine, viewer: Viewer, agent_id: str | None = None, session_id: int | None = None,
             limit: int = 2000) -> pd.DataFrame:
    """Sessions the viewer may see (a manager: their teams; an agent: their own), newest first."""
    c, k = coaching_sessions.c, coaching_session_criteria.c
    crit = (select(k.session_id, k.criterion).order_by(k.session_id, k.criterion))
    coach = select(func.lower(agents.c.email).label("email"), func.min(agents.c.full_name).label("name")).where(
        agents.c.email.is_not(None)).group_by(func.lower(agents.c.email)).subquery("coach")
    q = (
        select(c.session_id, c.session_date, c.agent_id, agents.c.full_name, agents.c.team, c.coached_by,
               func.coalesce(coach.c.name, c.coached_by).label("coach_name"), c.notes, c.follow_up_on, c.source,
               c.logged_by, c.logged_at)
        .select_from(coaching_sessions.outerjoin(agents, agents.c.agent_id == c.agent_id)
                     .outerjoin(coach, coach.c.email == c.coached_by))
        .where(row_filter(viewer, c.agent_id, agents.c.team))
        .order_by(c.session_date.desc(), c.session_id.desc())
        .limit(limit)
    )
    if agent_id is not None:
        q = q.where(c.agent_id == agent_id)
    if session_id is not None:
        q = q.where(c.session_id == session_id)
    with engine.connect() as conn:
        rows = [r._asdict() for r in conn.execute(q)]
        ids = [r["session_id"] for r in rows]
        focus: dict[int, list[str]] = {}
        for i in range(0, len(ids), 500):
            for sid, criterion in conn.execute(crit.where(k.session_id.in_(ids[i:i + 500]))):
                focus.setdefault(sid, []).append(criterion)
    for r in rows:
        r["criteria"] = "; ".join(focus.get(r["session_id"], []))
    return pd.DataFrame(rows, columns=SESSION_COLUMNS)


def session_count(engine: Engine) -> int:
    """How many sessions are stored (every scope)."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(coaching_sessions)).scalar() or 0)


def coachable_agents(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Agents the viewer may log sessions for (a manager: their teams; leadership: everyone), by name."""
    if viewer.role == "agent":
        return pd.DataFrame(columns=["agent_id", "full_name", "team"])
    a = agents.c
    q = (select(a.agent_id, a.full_name, a.team).where(row_filter(viewer, a.agent_id, a.team))
         .order_by(a.full_name, a.agent_id))
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(q).all(), columns=["agent_id", "full_name", "team"])
