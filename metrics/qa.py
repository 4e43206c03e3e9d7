"""Quality (QA): evaluation scores with critical auto-fail, targets, criteria, coaching."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Connection, Engine, FromClause, Select, case, func, select

from metrics import dimensions
from metrics.dimensions import Filters, Key
from metrics.facts import const
from metrics.periods import Period
from metrics.rescores import effective_criteria, evaluation_sums
from metrics.scope import Viewer
from metrics.settings import qa_target
from sql.dialect import day_of, month_of
from sql.schema import agents, calls, digital, qa_evaluations

COACHING_WEEKS = 4


@dataclass(frozen=True)
class QaFigures:
    """QA figures of one group."""

    evaluations: int
    qa_score: float | None
    agents_evaluated: int
    agents_at_target: int

    @property
    def at_target_share(self) -> float | None:
        """Agents at or above target / agents with at least one evaluation."""
        return self.agents_at_target / self.agents_evaluated if self.agents_evaluated else None


def evaluation_score(score_sum: float, max_sum: float, critical_failed: bool) -> float:
    """100 × Σ score / Σ max_score, or 0 when a critical criterion scored 0."""
    return 0.0 if critical_failed else 100.0 * score_sum / max_sum


def _mean(values: list[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _evaluations(period: Period) -> FromClause:
    """One row per evaluation in the period: agent, interaction, time, effective sums, critical failure."""
    return evaluation_sums(period.on_timestamp(qa_evaluations.c.evaluated_at))


def with_dimensions(ev: FromClause, interaction_col: object) -> tuple[FromClause, dict]:
    """`ev` joined to agents and to the evaluated interaction (for channel and language cuts)."""
    frm = (
        ev.outerjoin(agents, agents.c.agent_id == ev.c.agent_id)
        .outerjoin(calls, calls.c.call_id == interaction_col)
        .outerjoin(digital, digital.c.interaction_id == interaction_col)
    )
    channel = case((calls.c.call_id.is_not(None), const("voice")), else_=digital.c.channel)
    language = func.coalesce(calls.c.language, digital.c.language, const(""))
    cols = dimensions.columns(ev.c.agent_id, channel, language, month_of(ev.c.evaluated_at),
                              day_of(ev.c.evaluated_at))
    return frm, cols


def _evaluation_rows(period: Period, by: str, filters: Filters | None, viewer: Viewer) -> Select:
    dimensions.check_dimension(by)
    ev = _evaluations(period)
    frm, cols = with_dimensions(ev, ev.c.interaction_id)
    dim = cols[by]
    return (
        select(*([dim.label("key")] if dim is not None else []), ev.c.agent_id, ev.c.s, ev.c.m, ev.c.fail)
        .select_from(frm)
        .where(dimensions.where(cols, filters, viewer))
    )


def qa_figures(
    conn: Connection,
    viewer: Viewer,
    period: Period,
    by: str = "company",
    filters: Filters | None = None,
    target: float | None = None,
) -> dict[Key, QaFigures]:
    """Per group: evaluations, mean evaluation score, and agents at/above target."""
    target = qa_target() if target is None else target
    scores: dict[Key, dict[str, list[float]]] = {}
    for row in conn.execute(_evaluation_rows(period, by, filters, viewer)).all():
        k, (agent_id, s, m, fail) = (dimensions.key(row[0]) if by != "company" else None), row[-4:]
        scores.setdefault(k, {}).setdefault(agent_id, []).append(evaluation_score(float(s), float(m), bool(fail)))
    return {k: _summarise(per_agent, target) for k, per_agent in scores.items()}


def _summarise(per_agent: dict[str, list[float]], target: float) -> QaFigures:
    every = [s for agent in sorted(per_agent) for s in per_agent[agent]]
    at_target = sum(1 for s in per_agent.values() if (_mean(s) or 0.0) >= target)
    return QaFigures(len(every), _mean(every), len(per_agent), at_target)


def qa_scores(
    engine: Engine, viewer: Viewer, period: Period, by: str = "agent", filters: Filters | None = None,
    target: float | None = None,
) -> pd.DataFrame:
    """QA per group: evaluations, qa_score, agents_evaluated, agents_at_target, at_target_share."""
    with engine.connect() as conn:
        figs = qa_figures(conn, viewer, period, by, filters, target)
    rows = [{**({by: k} if by != "company" else {}), "evaluations": f.evaluations, "qa_score": f.qa_score,
             "agents_evaluated": f.agents_evaluated, "agents_at_target": f.agents_at_target,
             "at_target_share": f.at_target_share} for k, f in sorted(figs.items(), key=_order)]
    return pd.DataFrame(rows)


def _criterion_rows(conn: Connection, viewer: Viewer, period: Period, filters: Filters | None,
                    per_agent: bool = False) -> list:
    """Per criterion (and agent): evaluations, full marks, Σ score and Σ max_score (scores after rescores)."""
    crit = effective_criteria(period.on_timestamp(qa_evaluations.c.evaluated_at))
    q = crit.c
    frm, cols = with_dimensions(crit, q.interaction_id)
    cols["month"], cols["day"] = month_of(q.evaluated_at), day_of(q.evaluated_at)
    keys = [q.agent_id, q.criterion] if per_agent else [q.criterion]
    stmt = (
        select(*keys, func.count().label("evaluations"),
               func.sum(case((q.score == q.max_score, 1), else_=0)).label("passed"),
               func.sum(q.score).label("score_sum"), func.sum(q.max_score).label("max_sum"))
        .select_from(frm)
        .where(dimensions.where(cols, filters, viewer))
        .group_by(*keys)
        .order_by(*keys)
    )
    return conn.execute(stmt).all()


def _share(num: object, den: object) -> float | None:
    return float(num) / float(den) if den else None


def criterion_pass_rates(
    engine: Engine, viewer: Viewer, period: Period, filters: Filters | None = None
) -> pd.DataFrame:
    """Per criterion: evaluations, evaluations scoring full marks, the pass rate, and the score share.

    The score share is Σ score / Σ max_score over the criterion's evaluations.
    """
    with engine.connect() as conn:
        rows = _criterion_rows(conn, viewer, period, filters)
    return pd.DataFrame(
        [{"criterion": r.criterion, "evaluations": int(r.evaluations), "passed": int(r.passed),
          "pass_rate": _share(r.passed, r.evaluations), "score_share": _share(r.score_sum, r.max_sum)}
         for r in rows],
        columns=["criterion", "evaluations", "passed", "pass_rate", "score_share"],
    )


def weakest_criteria(conn: Connection, viewer: Viewer, period: Period) -> dict[str, tuple[str, float]]:
    """Per agent: the criterion with the lowest score share over their own evaluations in the period.

    Ties go to the criterion with fewer full marks, then alphabetically (so the answer is stable).
    """
    best: dict[str, tuple[float, float, str]] = {}
    for r in _criterion_rows(conn, viewer, period, None, per_agent=True):
        share = _share(r.score_sum, r.max_sum)
        if r.agent_id is None or share is None:
            continue
        rank = (share, _share(r.passed, r.evaluations) or 0.0, r.criterion)
        if r.agent_id not in best or rank < best[r.agent_id]:
            best[r.agent_id] = rank
    return {agent: (crit, share) for agent, (share, _, crit) in best.items()}


def coaching_period(today: date) -> Period:
    """The last 4 complete ISO weeks (Monday to Sunday, UTC) before `today`."""
    monday = today - timedelta(days=today.weekday())
    return Period.days(monday - timedelta(weeks=COACHING_WEEKS), monday)


def coaching_flags(
    engine: Engine, viewer: Viewer, today: date | None = None, target: float | None = None
) -> pd.DataFrame:
    """Agents whose qa_score over the last 4 complete weeks is below target, with their weakest criterion.

    The weakest criterion is the one with the lowest score share (Σ score / Σ max_score) over the
    agent's own evaluations in those weeks, shown with that share.
    """
    target = qa_target() if target is None else target
    today = today or date.today()
    period = coaching_period(today)
    with engine.connect() as conn:
        figs = qa_figures(conn, viewer, period, "agent", None, target)
        weakest = weakest_criteria(conn, viewer, period)
    rows = [{"agent_id": k, "evaluations": f.evaluations, "qa_score": f.qa_score, "target": target,
             "week_from": period.first_day(), "week_to": period.end_day(),
             "weakest_criterion": weakest.get(k, (None, None))[0],
             "weakest_score_share": weakest.get(k, (None, None))[1]}
            for k, f in sorted(figs.items(), key=_order) if f.qa_score is not None and f.qa_score < target]
    return pd.DataFrame(rows, columns=["agent_id", "evaluations", "qa_score", "target", "week_from", "week_to",
                                       "weakest_criterion", "weakest_score_share"])


def _order(item: tuple[Key, object]) -> tuple[bool, str]:
    return (item[0] is None, str(item[0]))

