"""Open an evaluation: every criterion (effective score, max, critical), the evaluator, the interaction it
scored (call or conversation, with its outcome), its disputes and rescores. And list the evaluations behind
a QA figure (the same period, filters and scope as `metrics.qa`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, Engine, and_, select

from metrics import dimensions
from metrics.dimensions import Filters
from metrics.periods import Period
from metrics.qa import evaluation_score, with_dimensions
from metrics.rescores import effective_criteria, evaluation_sums
from metrics.scope import ScopeError, Viewer, row_filter
from sql.schema import agents, calls, digital, qa_disputes, qa_evaluations, qa_rescores

LIST_COLUMNS = ["evaluation_id", "evaluated_at", "agent_id", "full_name", "team", "evaluator", "channel",
                "interaction_id", "score", "is_rescored"]
CRITERIA_COLUMNS = ["criterion", "score", "max_score", "critical", "original_score", "is_rescored"]


@dataclass(frozen=True)
class Evaluation:
    """One evaluation as a person reads it."""

    evaluation_id: str
    agent_id: str
    full_name: str | None
    team: str | None
    evaluator: str | None
    evaluated_at: datetime
    score: float
    original_score: float
    critical_failed: bool
    interaction: dict[str, object]
    criteria: pd.DataFrame
    disputes: pd.DataFrame
    rescores: pd.DataFrame

    @property
    def is_rescored(self) -> bool:
        """True when a rescore changed at least one criterion."""
        return bool(self.criteria["is_rescored"].any())


def _interaction(conn: Connection, interaction_id: str) -> dict[str, object]:
    """The scored interaction: a call or a digital conversation, with its outcome; `kind` unknown if neither."""
    call = conn.execute(select(calls).where(calls.c.call_id == interaction_id)).mappings().first()
    if call is not None:
        return {"kind": "call", "channel": "voice", **{k: call[k] for k in (
            "call_id", "account_id", "direction", "started_at", "ended_at", "talk_seconds", "disposition",
            "handled_by", "agent_id", "handoff_agent_id", "outcome", "language")}}
    conv = conn.execute(select(digital).where(digital.c.interaction_id == interaction_id)).mappings().first()
    if conv is not None:
        return {"kind": "conversation", **{k: conv[k] for k in (
            "interaction_id", "account_id", "channel", "direction", "started_at", "ended_at", "agent_id", "outcome",
            "language")}}
    return {"kind": "unknown", "interaction_id": interaction_id}


def open_evaluation(engine: Engine, viewer: Viewer, evaluation_id: str) -> Evaluation:
    """The evaluation `evaluation_id`; LookupError if there is none, ScopeError if the viewer may not see it."""
    crit = effective_criteria(qa_evaluations.c.evaluation_id == evaluation_id)
    with engine.connect() as conn:
        rows = conn.execute(select(crit).order_by(crit.c.criterion)).mappings().all()
        if not rows:
            raise LookupError(f"no evaluation {evaluation_id!r}")
        agent_id = rows[0]["agent_id"]
        person = conn.execute(select(agents.c.full_name, agents.c.team).where(agents.c.agent_id == agent_id)).first()
        allowed = conn.execute(
            select(row_filter(viewer, crit.c.agent_id, agents.c.team))
            .select_from(crit.outerjoin(agents, agents.c.agent_id == crit.c.agent_id)).limit(1)).scalar()
        if not allowed:
            raise ScopeError(f"evaluation {evaluation_id} is about an agent outside your scope")
        interaction = _interaction(conn, rows[0]["interaction_id"])
        d, r = qa_disputes.c, qa_rescores.c
        disputes = pd.DataFrame(conn.execute(
            select(d.dispute_id, d.status, d.reason, d.raised_by, d.raised_at, d.decided_by, d.decided_at,
                   d.decision_note).where(d.evaluation_id == evaluation_id).order_by(d.dispute_id)).mappings().all(),
            columns=["dispute_id", "status", "reason", "raised_by", "raised_at", "decided_by", "decided_at",
                     "decision_note"])
        rescores = pd.DataFrame(conn.execute(
            select(r.rescore_id, r.criterion, r.score_before, r.score_after, r.rescored_by, r.rescored_at,
                   r.dispute_id).where(r.evaluation_id == evaluation_id).order_by(r.rescore_id)).mappings().all(),
            columns=["rescore_id", "criterion", "score_before", "score_after", "rescored_by", "rescored_at",
                     "dispute_id"])
    criteria = pd.DataFrame([{k: row[k] for k in CRITERIA_COLUMNS} for row in rows], columns=CRITERIA_COLUMNS)
    criteria["critical"] = criteria["critical"].astype(bool)
    criteria["is_rescored"] = criteria["is_rescored"].astype(bool)
    m = float(criteria["max_score"].sum())
    failed = bool(((criteria["score"] == 0) & criteria["critical"]).any())
    failed_before = bool(((criteria["original_score"] == 0) & criteria["critical"]).any())
    return Evaluation(
        evaluation_id, agent_id, person[0] if person else None, person[1] if person else None, rows[0]["evaluator"],
        rows[0]["evaluated_at"], evaluation_score(float(criteria["score"].sum()), m, failed),
        evaluation_score(float(criteria["original_score"].sum()), m, failed_before), failed, interaction, criteria,
        disputes, rescores)


def evaluation_list(
    engine: Engine, viewer: Viewer, period: Period, filters: Filters | None = None, limit: int = 500,
    missed: str | None = None,
) -> pd.DataFrame:
    """The evaluations behind a QA figure (same period, filters and scope), newest first, with their scores.

    `missed`: only evaluations where that criterion did not score full marks (behind a criterion pass rate).
    """
    in_period = period.on_timestamp(qa_evaluations.c.evaluated_at)
    ev = evaluation_sums(in_period)
    frm, cols = with_dimensions(ev, ev.c.interaction_id)
    where = [dimensions.where(cols, filters, viewer)]
    if missed is not None:
        crit = effective_criteria(and_(in_period, qa_evaluations.c.criterion == missed), "missed").c
        where.append(ev.c.evaluation_id.in_(select(crit.evaluation_id).where(crit.score < crit.max_score)))
    q = (
        select(ev.c.evaluation_id, ev.c.evaluated_at, ev.c.agent_id, agents.c.full_name, agents.c.team,
               ev.c.evaluator, cols["channel"].label("channel"), ev.c.interaction_id, ev.c.s, ev.c.m, ev.c.fail,
               ev.c.rescored)
        .select_from(frm)
        .where(and_(*where))
        .order_by(ev.c.evaluated_at.desc(), ev.c.evaluation_id)
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    out = [{"evaluation_id": r.evaluation_id, "evaluated_at": r.evaluated_at, "agent_id": r.agent_id,
            "full_name": r.full_name, "team": r.team, "evaluator": r.evaluator, "channel": r.channel,
            "interaction_id": r.interaction_id, "score": evaluation_score(float(r.s), float(r.m), bool(r.fail)),
            "is_rescored": bool(r.rescored)} for r in rows]
    return pd.DataFrame(out, columns=LIST_COLUMNS)
