"""QA disputes: an agent disputes an evaluation with a reason; a manager upholds it or rescores it.

Every step is audited (`qa_audit`). A rescore adds rows to `qa_rescores` (the history) and the
latest rescore of a criterion is its effective score in every QA figure (`metrics.rescores`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
from sqlalchemy import Connection, Engine, insert, select, update

from metrics.actors import Actor
from metrics.audit import record, require_in_scope, utcnow
from metrics.rescores import effective_criteria
from metrics.scope import ScopeError, Viewer, row_filter
from sql.database import write_transaction
from sql.schema import agents, qa_disputes, qa_evaluations, qa_rescores

DECISIONS = ("uphold", "rescore")
STATUSES = ("open", "upheld", "rescored")
REASON_LIMIT = 2000
DISPUTE_COLUMNS = ["dispute_id", "status", "evaluation_id", "agent_id", "full_name", "team", "reason", "raised_by",
                   "raised_at", "decided_by", "decided_at", "decision_note"]


def _criteria(conn: Connection, evaluation_id: str) -> dict[str, dict]:
    crit = effective_criteria(qa_evaluations.c.evaluation_id == evaluation_id)
    return {r["criterion"]: dict(r) for r in conn.execute(select(crit)).mappings()}


def raise_dispute(engine: Engine, actor: Actor, evaluation_id: str, reason: str) -> int:
    """An agent disputes one of their own evaluations; the new dispute's id."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("give a reason for the dispute")
    if len(reason) > REASON_LIMIT:
        raise ValueError(f"the reason is {len(reason)} characters; at most {REASON_LIMIT}")
    if actor.role != "agent":
        raise ScopeError("disputes are raised by the agent who was evaluated")
    with write_transaction(engine) as conn:
        crit = _criteria(conn, evaluation_id)
        if not crit:
            raise LookupError(f"no evaluation {evaluation_id!r}")
        agent_id = next(iter(crit.values()))["agent_id"]
        require_in_scope(conn, actor.viewer, agent_id, "dispute an evaluation")
        d = qa_disputes.c
        if conn.execute(select(d.dispute_id).where(d.evaluation_id == evaluation_id, d.status == "open")).first():
            raise ValueError(f"evaluation {evaluation_id} already has an open dispute")
        dispute_id = conn.execute(insert(qa_disputes).values(
            evaluation_id=evaluation_id, agent_id=agent_id, reason=reason, raised_by=actor.email, raised_at=utcnow(),
            status="open").returning(d.dispute_id)).scalar_one()
        record(conn, actor, "dispute.raise", f"dispute:{dispute_id}", agent_id, evaluation_id=evaluation_id,
               reason=reason)
    return dispute_id


def decide_dispute(
    engine: Engine, actor: Actor, dispute_id: int, decision: str, note: str | None = None,
    scores: Mapping[str, float] | None = None,
) -> str:
    """Uphold the evaluation, or rescore some of its criteria (`scores`: criterion -> new score); a summary line."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}; expected one of: {', '.join(DECISIONS)}")
    if actor.role == "agent":
        raise ScopeError("disputes are decided by managers and leadership")
    d = qa_disputes.c
    with write_transaction(engine) as conn:
        # locked (PostgreSQL) so two managers deciding at once cannot both see it open
        row = conn.execute(select(qa_disputes).where(d.dispute_id == dispute_id).with_for_update()).mappings().first()
        if row is None:
            raise LookupError(f"no dispute {dispute_id}")
        require_in_scope(conn, actor.viewer, row["agent_id"], "decide a dispute")
        if row["status"] != "open":
            raise ValueError(f"dispute {dispute_id} was already decided ({row['status']} by {row['decided_by']})")
        changes = _rescore(conn, actor, row, scores or {}) if decision == "rescore" else []
        if decision == "uphold" and scores:
            raise ValueError("an upheld evaluation keeps its scores; decide 'rescore' to change them")
        status = "rescored" if decision == "rescore" else "upheld"
        conn.execute(update(qa_disputes).where(d.dispute_id == dispute_id).values(
            status=status, decided_by=actor.email, decided_at=utcnow(), decision_note=(note or "").strip() or None))
        record(conn, actor, f"dispute.{decision}", f"dispute:{dispute_id}", row["agent_id"],
               evaluation_id=row["evaluation_id"], note=note, changes=changes)
    if not changes:
        return f"dispute {dispute_id} upheld: evaluation {row['evaluation_id']} keeps its scores"
    what = ", ".join(f"{c['criterion']} {c['before']:g} → {c['after']:g}" for c in changes)
    return f"dispute {dispute_id}: evaluation {row['evaluation_id']} rescored ({what})"


def _rescore(conn: Connection, actor: Actor, dispute: Mapping, scores: Mapping[str, float]) -> list[dict]:
    """Validate and store the rescores of one dispute; the changes made."""
    if not scores:
        raise ValueError("a rescore needs at least one criterion's new score")
    crit = _criteria(conn, dispute["evaluation_id"])
    changes, rows = [], []
    for criterion, value in sorted(scores.items()):
        if criterion not in crit:
            raise ValueError(f"criterion {criterion!r} is not on evaluation {dispute['evaluation_id']}; it has: "
                             f"{', '.join(sorted(crit))}")
        try:
            new = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{criterion}: score {value!r} is not a number") from None
        top = float(crit[criterion]["max_score"])
        if not math.isfinite(new) or new < 0 or new > top:
            raise ValueError(f"{criterion}: score {value} must be between 0 and its max score {top:g}")
        before = float(crit[criterion]["score"])
        if new == before:
            continue
        changes.append({"criterion": criterion, "before": before, "after": new})
        rows.append({"evaluation_id": dispute["evaluation_id"], "criterion": criterion,
                     "dispute_id": dispute["dispute_id"], "score_before": before, "score_after": new,
                     "rescored_by": actor.email, "rescored_at": utcnow()})
    if not rows:
        raise ValueError("the new scores equal the current ones; uphold the evaluation instead")
    conn.execute(insert(qa_rescores), rows)
    return changes


def disputes(engine: Engine, viewer: Viewer, status: str | None = None, evaluation_id: str | None = None,
             limit: int = 1000) -> pd.DataFrame:
    """Disputes the viewer may see (a manager: their teams; an agent: their own), open ones first, newest first."""
    if status is not None and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of: {', '.join(STATUSES)}")
    d = qa_disputes.c
    q = (
        select(d.dispute_id, d.status, d.evaluation_id, d.agent_id, agents.c.full_name, agents.c.team, d.reason,
               d.raised_by, d.raised_at, d.decided_by, d.decided_at, d.decision_note)
        .select_from(qa_disputes.outerjoin(agents, agents.c.agent_id == d.agent_id))
        .where(row_filter(viewer, d.agent_id, agents.c.team))
        .order_by((d.status == "open").desc(), d.raised_at.desc(), d.dispute_id.desc())
        .limit(limit)
    )
    if status is not None:
        q = q.where(d.status == status)
    if evaluation_id is not None:
        q = q.where(d.evaluation_id == evaluation_id)
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=DISPUTE_COLUMNS)
