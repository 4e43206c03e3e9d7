"""The review queue never loses a candidate, and the command line and the dashboard agree on it (both engines)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, insert, select

from attribution import attribute_pending
from attribution.store import apply_decision, queue_rows
from metrics.reviews import review_queue
from metrics.scope import Viewer
from sql.database import write_transaction
from sql.schema import agents, attributions, review_flags, reviews

AT = datetime(2026, 6, 1, 12, 0)
BOSS = "boss@example.com"


@pytest.fixture
def two_candidates(engine: Engine) -> Engine:
    """Review Q1 names "Alex", the first name of two agents, and has no history: both wait for a person."""
    with engine.begin() as conn:
        conn.execute(
            insert(agents),
            [
                {"agent_id": "A1", "full_name": "Alex Moreno", "team": "North"},
                {"agent_id": "A2", "full_name": "Alex Whitfield", "team": "North"},
                {"agent_id": "A3", "full_name": "Priya Shah", "team": "North"},
            ],
        )
        conn.execute(
            insert(reviews),
            [
                {
                    "review_id": rid,
                    "reviewer_name": "Dana Brooks",
                    "reviewer_is_anonymous": False,
                    "star_rating": 1,
                    "comment": "Alex was rude and hung up on me.",
                    "created_at": AT,
                    "updated_at": AT,
                    "is_deleted": False,
                }
                for rid in ("Q1", "Q2")
            ],
        )
    attribute_pending(engine)
    return engine


def _cli_queue(engine: Engine) -> dict[str, set[str]]:
    """review_id -> undecided candidates, as `python -m ingest review-queue` lists them."""
    with engine.connect() as conn:
        items = queue_rows(conn)
    return {i["review"]["review_id"]: {ln["agent_id"] for ln in i["links"] if ln["decided_by"] is None} for i in items}


def _dashboard_queue(engine: Engine) -> dict[str, set[str]]:
    frame = review_queue(engine, Viewer.leadership())
    out: dict[str, set[str]] = {}
    for row in frame.itertuples():
        out.setdefault(row.review_id, set()).add(row.agent_id)
    return out


def _decide(engine: Engine, review_id: str, action: str, agent: str) -> None:
    with write_transaction(engine) as conn:
        apply_decision(conn, review_id, action, agent, BOSS)


def test_both_candidates_wait_and_both_queues_agree(two_candidates: Engine) -> None:
    expected = {"Q1": {"A1", "A2"}, "Q2": {"A1", "A2"}}
    assert _cli_queue(two_candidates) == expected
    assert _dashboard_queue(two_candidates) == expected


def test_rejecting_one_candidate_keeps_the_other_waiting_until_it_is_decided(two_candidates: Engine) -> None:
    _decide(two_candidates, "Q1", "reject", "A1")
    assert _cli_queue(two_candidates)["Q1"] == {"A2"}
    assert _dashboard_queue(two_candidates)["Q1"] == {"A2"}
    attribute_pending(two_candidates, recompute_all=True)  # a later run keeps the open candidate
    assert _dashboard_queue(two_candidates)["Q1"] == {"A2"}
    _decide(two_candidates, "Q1", "confirm", "A2")
    assert "Q1" not in _cli_queue(two_candidates) and "Q1" not in _dashboard_queue(two_candidates)
    assert set(_cli_queue(two_candidates)) == set(_dashboard_queue(two_candidates)) == {"Q2"}


def test_confirming_one_candidate_keeps_the_other_waiting(two_candidates: Engine) -> None:
    _decide(two_candidates, "Q1", "confirm", "A2")
    assert _cli_queue(two_candidates)["Q1"] == _dashboard_queue(two_candidates)["Q1"] == {"A1"}


def test_an_assignment_settles_the_whole_review(two_candidates: Engine) -> None:
    _decide(two_candidates, "Q2", "assign", "A3")
    assert "Q2" not in _cli_queue(two_candidates) and "Q2" not in _dashboard_queue(two_candidates)
    with two_candidates.connect() as conn:
        rows = dict(
            conn.execute(
                select(attributions.c.agent_id, attributions.c.status).where(attributions.c.review_id == "Q2")
            ).all()
        )
    assert rows["A3"] == "confirmed" and rows["A1"] == rows["A2"] == "needs_review"


def test_an_insider_flag_waits_in_both_queues_until_a_decision_clears_it(two_candidates: Engine) -> None:
    _decide(two_candidates, "Q2", "assign", "A3")
    with two_candidates.begin() as conn:
        conn.execute(insert(review_flags).values(review_id="Q2", flag="insider", detail="test", raised_at=AT))
    assert "Q2" in _cli_queue(two_candidates) and "Q2" in _dashboard_queue(two_candidates)
    _decide(two_candidates, "Q2", "confirm", "A3")
    assert "Q2" not in _cli_queue(two_candidates) and "Q2" not in _dashboard_queue(two_candidates)
