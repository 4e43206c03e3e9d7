"""Reviews: visibility, ratings, five-star credits, coverage and the review queue."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from metrics import Period, Viewer, kpi_records, review_queue
from tests.test_metrics_seed import seed_once

LEAD = Viewer.leadership()



@pytest.fixture(scope="module")
def seeded(migrated_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The tiny data set, loaded once for this module (its tests only read)."""
    return seed_once(migrated_engine, tmp_path_factory)

def test_january_reviews(seeded: Engine) -> None:
    [row] = kpi_records(seeded, LEAD, Period.utc_month("2026-01"))
    # R1 R2 R3 R5 R8 R9 (R6 deleted, R7 insider; R10 is Feb 1 UTC)
    assert row["reviews"] == 6 and row["avg_rating"] == pytest.approx((5 + 5 + 5 + 3 + 4) / 5)
    assert row["five_star_reviews"] == 2 and row["attribution_coverage"] == 1.0  # R1 R2 / R1 R2


def test_a_review_credited_to_two_agents_counts_once_for_each(seeded: Engine) -> None:
    rows = {r["agent"]: r["five_star_reviews"] for r in kpi_records(seeded, LEAD, Period.all(), "agent")}
    assert rows["A1"] == 2 and rows["A2"] == 2 and rows["A3"] == 0


def test_review_queue_lists_undecided_candidates(seeded: Engine) -> None:
    queue = review_queue(seeded, LEAD)
    # R4's open candidate, and R7's link: R7 is held by an uncleared insider flag, which a decision clears
    assert queue[["review_id", "agent_id"]].to_dict("records") == [
        {"review_id": "R7", "agent_id": "A2"}, {"review_id": "R4", "agent_id": "A3"},
    ]


def test_company_month_uses_the_company_timezone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STARBOARD_COMPANY_TIMEZONE", "America/Chicago")
    p = Period.company_month("2026-01")
    assert (p.start.isoformat(), p.end.isoformat()) == ("2026-01-01T06:00:00", "2026-02-01T06:00:00")
