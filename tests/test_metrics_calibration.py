"""Calibration: Krippendorff's alpha per criterion on double-scored interactions, evaluator drift, scope."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, insert

from metrics import Period, Viewer
from metrics.calibration import criterion_agreement, evaluator_drift
from metrics.scope import ScopeError
from sql.schema import agents, qa_evaluations

T0 = datetime(2026, 5, 4, 9)


def _load(engine: Engine, scores: dict[str, dict[str, list[float]]], agent: str = "A1") -> None:
    """scores: evaluator -> criterion -> one score per interaction i0, i1, ... (max 10, not critical)."""
    rows = []
    for who, per_criterion in scores.items():
        for criterion, values in per_criterion.items():
            for i, v in enumerate(values):
                rows.append({"evaluation_id": f"{who}-{agent}-{i}", "criterion": criterion,
                             "interaction_id": f"{agent}-i{i}", "agent_id": agent, "evaluator": who,
                             "evaluated_at": T0 + timedelta(days=i), "score": v, "max_score": 10, "critical": False})
    with engine.begin() as conn:
        conn.execute(insert(qa_evaluations), rows)


@pytest.fixture
def roster(engine: Engine) -> Engine:
    with engine.begin() as conn:
        conn.execute(insert(agents), [{"agent_id": "A1", "full_name": "Alice", "team": "North"},
                                      {"agent_id": "A2", "full_name": "Bob", "team": "South"}])
    return engine


def test_alpha_by_hand_perfect_and_opposite(roster: Engine) -> None:
    # Greeting: identical scores that vary -> alpha 1. Accuracy: always opposite 0/10 on 5 interactions.
    # By hand (interval): n = 10 pairable values (five 0, five 1); D_o = (1/10)·5 units·2 ordered pairs·1 = 1;
    # D_e = (2·5·5)/(10·9) = 5/9; alpha = 1 - D_o/D_e = 1 - 9/5 = -0.8.
    _load(roster, {"E1": {"Greeting": [10, 8, 6, 10, 4], "Accuracy": [0, 10, 0, 10, 0]},
                   "E2": {"Greeting": [10, 8, 6, 10, 4], "Accuracy": [10, 0, 10, 0, 10]}})
    rows = criterion_agreement(roster, Viewer.leadership()).set_index("criterion")
    assert rows.loc["Greeting", "alpha"] == pytest.approx(1.0) and rows.loc["Greeting", "agreement"] == "good"
    assert rows.loc["Accuracy", "alpha"] == pytest.approx(-0.8) and bool(rows.loc["Accuracy", "flagged"])
    assert rows.loc["Accuracy", ["interactions", "evaluators"]].tolist() == [5, 2]


def test_too_few_or_no_variation_gives_no_alpha(roster: Engine) -> None:
    _load(roster, {"E1": {"Greeting": [10, 10, 10, 10, 10], "Tone": [1, 2, 3, 4]},
                   "E2": {"Greeting": [10, 10, 10, 10, 10], "Tone": [1, 2, 3, 4]}})
    rows = criterion_agreement(roster, Viewer.leadership()).set_index("criterion")
    assert rows.loc["Greeting", "agreement"] == "no variation in scores" and pd_none(rows.loc["Greeting", "alpha"])
    assert rows.loc["Tone", "agreement"] == "not enough double-scored interactions"
    assert pd_none(rows.loc["Tone", "alpha"])


def test_evaluator_who_scores_higher_than_peers_is_shown(roster: Engine) -> None:
    _load(roster, {"E1": {"Tone": [6, 7, 8, 5, 6]}, "E2": {"Tone": [6, 7, 8, 5, 6]},
                   "E3": {"Tone": [9, 9, 10, 8, 9]}})
    drift = evaluator_drift(roster, Viewer.leadership()).set_index("evaluator")
    # E3 - median per interaction: 30, 20, 20, 30, 30 points
    assert drift.loc["E3", "mean_difference"] == pytest.approx(26.0) and drift.loc["E3", "tendency"] == "scores higher"
    assert drift.loc["E1", "mean_difference"] == 0 and drift.loc["E1", "tendency"] == "in line with peers"


def test_single_scored_interactions_are_not_calibration_and_scope_applies(roster: Engine) -> None:
    _load(roster, {"E1": {"Tone": [1, 2, 3, 4, 5]}, "E2": {"Tone": [1, 2, 3, 4, 6]}}, agent="A1")
    _load(roster, {"E1": {"Tone": [1, 2, 3, 4, 5]}}, agent="A2")
    assert criterion_agreement(roster, Viewer.leadership())["interactions"].tolist() == [5]
    assert criterion_agreement(roster, Viewer.manager({"South"})).empty
    assert criterion_agreement(roster, Viewer.manager({"North"}))["interactions"].tolist() == [5]
    assert criterion_agreement(roster, Viewer.leadership(), Period.days(None, T0.date())).empty
    with pytest.raises(ScopeError):
        criterion_agreement(roster, Viewer.agent("A1"))


def pd_none(value: object) -> bool:
    return value is None or value != value
