"""Effective QA scores: a criterion's latest rescore (after a dispute) replaces the imported score.

`qa_evaluations` keeps what the source sent (a re-import never undoes a rescore); `qa_rescores`
keeps every rescore. Every QA figure reads `effective_criteria`, so a rescored evaluation
counts with its new score everywhere, and the history stays in `qa_rescores`.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Subquery, and_, case, func, select, true

from sql.schema import qa_evaluations, qa_rescores


def latest_rescores() -> Subquery:
    """(evaluation_id, criterion, score_after, rescore_id) of the latest rescore of each criterion."""
    r = qa_rescores.c
    last = select(r.evaluation_id, r.criterion, func.max(r.rescore_id).label("rescore_id")).group_by(
        r.evaluation_id, r.criterion).subquery("last_rescore")
    return (
        select(r.evaluation_id, r.criterion, r.score_after, r.rescore_id)
        .join(last, r.rescore_id == last.c.rescore_id)
        .subquery("latest_rescore")
    )


def effective_criteria(where: ColumnElement[bool] | None = None, name: str = "criteria") -> Subquery:
    """`qa_evaluations` rows (filtered by `where` on its columns) with `score` the effective score.

    Extra columns: `original_score` (as imported) and `is_rescored`.
    """
    q = qa_evaluations.c
    latest = latest_rescores()
    joined = qa_evaluations.outerjoin(
        latest, and_(latest.c.evaluation_id == q.evaluation_id, latest.c.criterion == q.criterion))
    return (
        select(
            q.evaluation_id, q.criterion, q.interaction_id, q.agent_id, q.evaluator, q.evaluated_at,
            func.coalesce(latest.c.score_after, q.score).label("score"), q.max_score, q.critical,
            q.score.label("original_score"),
            case((latest.c.rescore_id.is_not(None), True), else_=False).label("is_rescored"),
        )
        .select_from(joined)
        .where(where if where is not None else true())
        .subquery(name)
    )


def evaluation_sums(where: ColumnElement[bool] | None = None) -> Subquery:
    """One row per evaluation (criteria filtered by `where` on `qa_evaluations`): agent, interaction,
    evaluator, time, Σ effective score, Σ max, and whether a critical criterion scored 0."""
    c = effective_criteria(where).c
    return (
        select(
            c.evaluation_id,
            func.min(c.agent_id).label("agent_id"),
            func.min(c.interaction_id).label("interaction_id"),
            func.min(c.evaluator).label("evaluator"),
            func.min(c.evaluated_at).label("evaluated_at"),
            func.sum(c.score).label("s"),
            func.sum(c.max_score).label("m"),
            func.max(case((and_(c.critical, c.score == 0), 1), else_=0)).label("fail"),
            func.max(case((c.is_rescored, 1), else_=0)).label("rescored"),
        )
        .group_by(c.evaluation_id)
        .subquery("evaluations")
    )
