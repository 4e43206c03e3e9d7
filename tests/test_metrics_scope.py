"""Scope is enforced in the metrics layer: an agent never sees another agent's rows, whatever the filters."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from sqlalchemy import Engine

from metrics import (
    Period,
    ScopeError,
    Viewer,
    coaching_flags,
    compliance_findings,
    criterion_pass_rates,
    draw,
    interactions,
    kpi_records,
    qa_scores,
    review_queue,
)
from metrics.dimensions import DIMENSIONS
from tests.test_metrics_seed import seed_once

FILTER_VALUES = {
    "agent": ["A1", "A2", "voice_ai", ["A1", "A2"]], "team": ["North", "South"], "channel": ["voice", "email"],
    "month": ["2026-01"], "language": ["en"], "site": ["Manila"], "country": ["US"],
}



@pytest.fixture(scope="module")
def seeded(migrated_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The tiny data set, loaded once for this module (its tests only read)."""
    return seed_once(migrated_engine, tmp_path_factory)

def test_viewer_rules() -> None:
    with pytest.raises(ScopeError):
        Viewer("agent")
    with pytest.raises(ScopeError):
        Viewer("boss")  # type: ignore[arg-type]


def test_manager_teams_come_from_direct_reports(seeded: Engine) -> None:
    assert Viewer.manager_of(seeded, "M1").teams == frozenset({"North"})
    assert Viewer.manager_of(seeded, "A1").teams == frozenset()


def test_agent_sees_only_own_rows_whatever_the_filters(seeded: Engine) -> None:
    viewer = Viewer.agent("A1")
    filters = [{}] + [{d: v} for d, vs in FILTER_VALUES.items() for v in vs]
    filters += [{"agent": "A2", "team": "North"}, {"team": "South", "channel": "voice"}]
    for by, flt in itertools.product(DIMENSIONS, filters):
        rows = kpi_records(seeded, viewer, Period.all(), by, flt)
        if by == "agent":
            assert {r["agent"] for r in rows} <= {"A1"}, (by, flt)
        asked = flt.get("agent", "A1")
        own = {**flt, "agent": "A1" if "A1" in ([asked] if isinstance(asked, str) else asked) else "nobody"}
        assert rows == kpi_records(seeded, Viewer.leadership(), Period.all(), by, own), (by, flt)
    [own] = kpi_records(seeded, viewer, Period.all(), "agent")
    assert own["agent"] == "A1" and own["contacts"] == 2 and own["reviews"] == 2
    [company_view] = kpi_records(seeded, viewer, Period.all(), "company")
    assert company_view["contacts"] == 2 and company_view["violations_pause"] == 1  # own figures, not company


def test_agent_listings_are_own_rows_only(seeded: Engine) -> None:
    viewer = Viewer.agent("A1")
    assert set(compliance_findings(seeded, viewer).interaction_id) == {"c2", "p1"}
    assert set(compliance_findings(seeded, viewer, filters={"agent": "A2"}).interaction_id) == set()
    rows = interactions(seeded, viewer, Period.all(), {"team": "North"})
    assert set(rows.agent_id) == {"A1"} and set(rows.interaction_id) == {"c1", "c2", "p1", "d1", "d3"}
    assert set(qa_scores(seeded, viewer, Period.all()).agent) == {"A1"}
    assert criterion_pass_rates(seeded, viewer, Period.all()).evaluations.sum() == 5  # E1 + E2 rows
    assert review_queue(seeded, viewer).empty
    assert set(coaching_flags(seeded, viewer, today=date(2026, 1, 26)).agent_id) == {"A1"}
    with pytest.raises(ScopeError):
        draw(seeded, viewer, "2026-01", seed=1)


def test_manager_sees_their_teams(seeded: Engine) -> None:
    viewer = Viewer.manager_of(seeded, "M1")
    rows = kpi_records(seeded, viewer, Period.all(), "agent")
    assert [r["agent"] for r in rows] == ["A1", "A2"]
    assert kpi_records(seeded, viewer, Period.all(), "agent", {"team": "South"}) == []
    assert set(compliance_findings(seeded, viewer).interaction_id) == {"c2", "p1", "f8"}
    assert review_queue(seeded, Viewer.manager({"South"})).agent_id.tolist() == ["A3"]
    assert kpi_records(seeded, Viewer.manager(set()), Period.all(), "agent") == []


def test_leadership_sees_voice_ai_and_unassigned_rows(seeded: Engine) -> None:
    rows = kpi_records(seeded, Viewer.leadership(), Period.all(), "agent")
    assert [r["agent"] for r in rows] == ["A1", "A2", "A3", "voice_ai", None]
    assert len(compliance_findings(seeded, Viewer.leadership())) == 7


def test_drilldown_rows_and_filters(seeded: Engine) -> None:
    lead = Viewer.leadership()
    rows = interactions(seeded, lead, Period.all(), {"agent": "voice_ai"})
    assert rows.interaction_id.tolist() == ["c7", "c4"]
    rows = interactions(seeded, lead, Period.all(), {"agent": "A3"})
    assert rows[["interaction_id", "engaged", "placed"]].values.tolist() == [
        ["d6", True, False], ["c6", False, False], ["c5", True, True]]
    assert len(interactions(seeded, lead, Period.all(), limit=3)) == 3
