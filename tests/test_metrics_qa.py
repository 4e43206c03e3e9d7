"""QA: evaluation scores with critical auto-fail, target share, criterion pass rates, coaching flags."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from metrics import Period, Viewer, coaching_flags, criterion_pass_rates, qa_scores
from metrics.qa import coaching_period, evaluation_score
from tests.test_metrics_seed import seed_once

LEAD = Viewer.leadership()



@pytest.fixture(scope="module")
def seeded(migrated_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The tiny data set, loaded once for this module (its tests only read)."""
    return seed_once(migrated_engine, tmp_path_factory)

def test_evaluation_score() -> None:
    assert evaluation_score(6, 8, False) == 75.0
    assert evaluation_score(7, 8, True) == 0.0


def test_qa_scores_by_agent_and_configurable_target(seeded: Engine) -> None:
    rows = qa_scores(seeded, LEAD, Period.all()).to_dict("records")
    assert [(r["agent"], r["evaluations"], r["qa_score"]) for r in rows] == [
        ("A1", 2, 37.5), ("A2", 1, 100.0), ("A3", 1, 87.5)]
    [company] = qa_scores(seeded, LEAD, Period.all(), by="company", target=85).to_dict("records")
    assert company["at_target_share"] == pytest.approx(2 / 3) and company["qa_score"] == pytest.approx(65.625)


def test_criterion_pass_rates(seeded: Engine) -> None:
    rows = criterion_pass_rates(seeded, LEAD, Period.all()).to_dict("records")
    assert [(r["criterion"], r["evaluations"], r["passed"]) for r in rows] == [
        ("accuracy", 3, 2), ("disclosure", 4, 3), ("greeting", 4, 3)]
    voice = criterion_pass_rates(seeded, LEAD, Period.all(), {"channel": "voice"})
    assert voice.set_index("criterion").pass_rate.to_dict() == pytest.approx(
        {"accuracy": 2 / 3, "disclosure": 1.0, "greeting": 2 / 3})


def test_coaching_flags_use_the_last_four_complete_weeks(seeded: Engine) -> None:
    assert coaching_period(date(2026, 2, 4)) == Period.days(date(2026, 1, 5), date(2026, 2, 2))
    flags = coaching_flags(seeded, LEAD, today=date(2026, 2, 4))
    assert flags[["agent_id", "qa_score"]].to_dict("records") == [{"agent_id": "A1", "qa_score": 37.5}]
    assert coaching_flags(seeded, LEAD, today=date(2026, 1, 5)).empty  # evaluations are not complete weeks yet
    assert coaching_flags(seeded, LEAD, today=date(2026, 1, 12)).agent_id.tolist() == ["A1"]  # E1 E2 only
    # From Monday Feb 9 the weeks are Jan 12..Feb 8: E1-E3 drop out, E4 (87.5) is below target.
    assert coaching_flags(seeded, LEAD, today=date(2026, 2, 9)).agent_id.tolist() == ["A3"]


def test_coaching_flags_name_the_weakest_criterion_by_score_share(seeded: Engine) -> None:
    # A1 in Jan 5..Feb 1: greeting 4/4, accuracy 3/5 (no full marks), disclosure 1/2 (one full mark).
    # The lowest full-marks rate would say accuracy (0 %); the lowest score share is disclosure (50 %).
    [flag] = coaching_flags(seeded, LEAD, today=date(2026, 2, 4)).to_dict("records")
    assert flag["weakest_criterion"] == "disclosure"
    assert flag["weakest_score_share"] == pytest.approx(0.5)
    rates = criterion_pass_rates(seeded, LEAD, Period.all(), {"agent": "A1"}).set_index("criterion")
    assert rates["score_share"].to_dict() == pytest.approx({"accuracy": 0.6, "disclosure": 0.5, "greeting": 1.0})
