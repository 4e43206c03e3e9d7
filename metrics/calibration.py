"""Calibration: how far evaluators agree when two or more of them score the same interaction.

- double-scored interaction: one with evaluations by at least two different evaluators (an evaluator
  who scored it twice counts with their latest evaluation).
- agreement per criterion: Krippendorff's alpha (the `krippendorff` package, interval level) over the
  criterion's score share (score / max score) as given by the evaluators (rescores after a dispute are a
  manager's decision, not the evaluator's judgement, so they do not enter calibration).
  alpha ≥ 0.8 "good"; 0.667 ≤ alpha < 0.8 "tentative"; below 0.667 "low agreement" (flagged) — Krippendorff's
  own thresholds. With fewer than MIN_INTERACTIONS double-scored interactions: no alpha.
- evaluator drift: on each double-scored interaction, the evaluator's evaluation score minus the median of all
  its evaluators' scores (with two evaluators, each is half their gap away: two cannot say who is off).
  "scores higher" ("lower") when, over at least MIN_INTERACTIONS interactions, the mean difference is at
  least DRIFT_POINTS and at least CONSISTENT_SHARE of the non-zero differences have that sign.
"""

from __future__ import annotations

from collections import defaultdict

import krippendorff
import numpy as np
import pandas as pd
from sqlalchemy import Engine, and_, func, select

from metrics.periods import Period
from metrics.qa import evaluation_score
from metrics.scope import ScopeError, Viewer, row_filter
from sql.schema import agents, qa_evaluations

MIN_INTERACTIONS = 5
GOOD, TENTATIVE = 0.8, 0.667
DRIFT_POINTS = 3.0
CONSISTENT_SHARE = 0.75
CRITERION_COLUMNS = ["criterion", "interactions", "evaluators", "alpha", "agreement", "flagged"]
EVALUATOR_COLUMNS = ["evaluator", "interactions", "mean_difference", "higher_share", "lower_share", "tendency"]


def _rows(engine: Engine, viewer: Viewer, period: Period) -> pd.DataFrame:
    """Criterion rows of double-scored interactions in scope: interaction, evaluator, evaluation, criterion, scores."""
    if viewer.role == "agent":
        raise ScopeError("calibration is for managers and leadership")
    q = qa_evaluations.c
    scoped = and_(period.on_timestamp(q.evaluated_at), q.evaluator.is_not(None), q.evaluator != "")
    double = (
        select(q.interaction_id)
        .select_from(qa_evaluations.outerjoin(agents, agents.c.agent_id == q.agent_id))
        .where(scoped, row_filter(viewer, q.agent_id, agents.c.team))
        .group_by(q.interaction_id)
        .having(func.count(func.distinct(q.evaluator)) >= 2)
    )
    stmt = (select(q.interaction_id, q.evaluator, q.evaluation_id, q.evaluated_at, q.criterion, q.score, q.max_score,
                   q.critical)
            .where(scoped, q.interaction_id.in_(double))
            .order_by(q.interaction_id, q.evaluator, q.evaluated_at, q.evaluation_id, q.criterion))
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(stmt).all(), columns=["interaction_id", "evaluator", "evaluation_id",
                                                                 "evaluated_at", "criterion", "score", "max_score",
                                                                 "critical"])
    if frame.empty:
        return frame
    latest = frame.groupby(["interaction_id", "evaluator"])["evaluated_at"].transform("max")
    frame = frame[frame["evaluated_at"] == latest]
    last_id = frame.groupby(["interaction_id", "evaluator"])["evaluation_id"].transform("max")
    return frame[frame["evaluation_id"] == last_id].reset_index(drop=True)


def _agreement(alpha: float | None, units: int) -> str:
    if units < MIN_INTERACTIONS:
        return "not enough double-scored interactions"
    if alpha is None:
        return "no variation in scores"
    return "good" if alpha >= GOOD else ("tentative" if alpha >= TENTATIVE else "low agreement")


def criterion_agreement(engine: Engine, viewer: Viewer, period: Period | None = None) -> pd.DataFrame:
    """Per criterion: double-scored interactions, evaluators, Krippendorff's alpha, agreement, low-agreement flag."""
    frame = _rows(engine, viewer, period or Period.all())
    out = []
    for criterion, part in (frame.groupby("criterion") if not frame.empty else []):
        share = part.assign(value=part["score"].astype(float) / part["max_score"].astype(float))
        matrix = share.pivot_table(index="evaluator", columns="interaction_id", values="value", aggfunc="last")
        matrix = matrix.loc[:, matrix.notna().sum() >= 2]
        units = matrix.shape[1]
        alpha = None
        if units >= MIN_INTERACTIONS and np.unique(matrix.to_numpy()[~np.isnan(matrix.to_numpy())]).size > 1:
            alpha = float(krippendorff.alpha(reliability_data=matrix.to_numpy(dtype=float),
                                             level_of_measurement="interval"))
        agreement = _agreement(alpha, units)
        out.append({"criterion": criterion, "interactions": units, "evaluators": int(matrix.notna().any(axis=1).sum()),
                    "alpha": alpha, "agreement": agreement, "flagged": agreement == "low agreement"})
    return pd.DataFrame(out, columns=CRITERION_COLUMNS)


def evaluator_drift(engine: Engine, viewer: Viewer, period: Period | None = None) -> pd.DataFrame:
    """Per evaluator: double-scored interactions, mean difference to the median (points), higher/lower tendency."""
    frame = _rows(engine, viewer, period or Period.all())
    diffs: dict[str, list[float]] = defaultdict(list)
    if not frame.empty:
        fail = frame["critical"].astype(bool) & (frame["score"] == 0)
        per_eval = frame.assign(fail=fail).groupby(["interaction_id", "evaluator"]).agg(
            s=("score", "sum"), m=("max_score", "sum"), fail=("fail", "any")).reset_index()
        per_eval["points"] = [evaluation_score(float(s), float(m), bool(f))
                              for s, m, f in zip(per_eval["s"], per_eval["m"], per_eval["fail"], strict=True)]
        for _, part in per_eval.groupby("interaction_id"):
            pts = dict(zip(part["evaluator"], part["points"], strict=True))
            middle = float(np.median(list(pts.values())))
            for who, p in pts.items():
                diffs[who].append(p - middle)
    out = []
    for who, d in sorted(diffs.items()):
        n, mean = len(d), sum(d) / len(d)
        higher, lower = sum(x > 0 for x in d) / n, sum(x < 0 for x in d) / n
        differing = higher + lower
        tendency = "too few double-scored interactions" if n < MIN_INTERACTIONS else "in line with peers"
        if n >= MIN_INTERACTIONS and mean >= DRIFT_POINTS and higher >= CONSISTENT_SHARE * differing:
            tendency = "scores higher"
        elif n >= MIN_INTERACTIONS and mean <= -DRIFT_POINTS and lower >= CONSISTENT_SHARE * differing:
            tendency = "scores lower"
        out.append({"evaluator": who, "interactions": n, "mean_difference": mean, "higher_share": higher,
                    "lower_share": lower, "tendency": tendency})
    return pd.DataFrame(out, columns=EVALUATOR_COLUMNS)


def double_scored_interactions(engine: Engine, viewer: Viewer, period: Period | None = None) -> int:
    """How many interactions in scope were scored by two or more evaluators."""
    frame = _rows(engine, viewer, period or Period.all())
    return int(frame["interaction_id"].nunique()) if not frame.empty else 0
