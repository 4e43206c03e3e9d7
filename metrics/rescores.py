"""Effective QA scores: a criterion's latest rescore (after a dispute) replaces the imported score.

`qa_evaluations` keeps what the source sent (a re-import never undoes a rescore); `qa_rescores`
keeps every rescore. Every QA figure reads `effective_criteria`, so a rescored evaluation
counts with its new score everywhere, and the history stays in `qa_rescores`.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, FromClause, Subquery, and_, case, exists, func, select, true

from sql.schema import qa_evaluations, qa_rescores


def effective_criteria(where: ColumnElement[bool] | None = None, name: str = "criteria") -> Subquery:
    """`qa_evaluations` rows (filtered by `where` on its columns) with `score` the effective score.

    Extra columns: `original_score` (as imported) and `is_rescored`. The latest rescore is found by probing
    `qa_rescores`' (evaluation_id, criterion, rescore_id) index from each row, so a period's rows are still
    read through the `evaluated_at` index.
    """
    q = qa_evaluations.c
    r = qa_rescores.alias("rescore")
    joined = qa_evaluations.outerjoin(
        r, and_(r.c.evaluation_id == q.evaluation_id, r.c.criterion == q.criterion, _latest(r)))
    return (
        select(
            q.evaluation_id, q.criterion, q.interaction_id, q.agent_id, q.evaluator, q.evaluated_at,
            func.coalesce(r.c.score_after, q.score).label("score"), q.max_score, q.critical,
            q.score.label("original_score"),
            case((r.c.rescore_id.is_not(None), True), else_=False).label("is_rescored"),
        )
        .select_from(joined)
        .where(where if where is not None else true())
        .subquery(name)
    )


def _latest(r: FromClause) -> ColumnElement[bool]:
    """`r` (an alias of `qa_rescores`) is the latest rescore of its (evaluation, criterion)."""
    later = qa_rescores.alias("later_rescore")
    return ~exists().where(later.c.evaluation_id == r.c.evaluation_id, later.c.criterion == r.c.criterion,
                           later.c.rescore_id > r.c.rescore_id)


def _rescore_deltas() -> Subquery:
    """Per rescored evaluation: Σ (effective − imported) score, and how many critical criteria scored 0 before
    and after the rescores (read from `qa_rescores`, which is small, joined to `qa_evaluations` by key)."""
    q = qa_evaluations.c
    r = qa_rescores.alias("rescore")
    return (
        select(
            r.c.evaluation_id,
            func.sum(r.c.score_after - q.score).label("delta"),
            func.sum(case((and_(q.critical, q.score == 0), 1), else_=0)).label("zero_before"),
            func.sum(case((and_(q.critical, r.c.score_after == 0), 1), else_=0)).label("zero_after"),
        )
        .select_from(r.join(qa_evaluations, and_(q.evaluation_id == r.c.evaluation_id,
                                                 q.criterion == r.c.criterion)))
        .where(_latest(r))
        .group_by(r.c.evaluation_id)
        .subquery("rescore_deltas")
    )


def evaluation_sums(where: ColumnElement[bool] | None = None) -> Subquery:
    """One row per evaluation (criteria filtered by `where` on `qa_evaluations`): agent, interaction,
    evaluator, time, Σ effective score, Σ max, whether a critical criterion scored 0, and whether rescored.

    The imported rows are summed as they are (read through the `evaluated_at` index for a period) and
    the few rescored evaluations are corrected by their deltas.
    """
    q = qa_evaluations.c
    imported = (
        select(
            q.evaluation_id,
            func.min(q.agent_id).label("agent_id"),
            func.min(q.interaction_id).label("interaction_id"),
            func.min(q.evaluator).label("evaluator"),
            func.min(q.evaluated_at).label("evaluated_at"),
            func.sum(q.score).label("s"),
            func.sum(q.max_score).label("m"),
            func.sum(case((and_(q.critical, q.score == 0), 1), else_=0)).label("zeros"),
        )
        .where(where if where is not None else true())
        .group_by(q.evaluation_id)
        .subquery("imported")
    )
    d = _rescore_deltas()
    zeros = imported.c.zeros - func.coalesce(d.c.zero_before, 0) + func.coalesce(d.c.zero_after, 0)
    return (
        select(
            imported.c.evaluation_id, imported.c.agent_id, imported.c.interaction_id, imported.c.evaluator,
            imported.c.evaluated_at,
            (imported.c.s + func.coalesce(d.c.delta, 0)).label("s"),
            imported.c.m,
            case((zeros > 0, 1), else_=0).label("fail"),
            case((d.c.evaluation_id.is_not(None), 1), else_=0).label("rescored"),
        )
        .select_from(imported.outerjoin(d, d.c.evaluation_id == imported.c.evaluation_id))
        .subquery("evaluations")
    )
