"""Every KPI computed by hand on the tiny data set (tests/test_metrics_seed.py), on both engines."""

from __future__ import annotations

from datetime import date, datetime
from typing import get_args

import pytest
from sqlalchemy import Engine

from metrics import Period, Viewer, company_totals, kpi_records, outcome_mix, timeseries
from metrics.definitions import EXPORT_COLUMNS, KPIS, Better, Unit, ratio
from tests.test_metrics_seed import seed_once

LEAD = Viewer.leadership()

# Worked out by hand from the seed rows.
COMPANY = {
    "contacts": 7, "contacts_voice": 4, "contacts_email": 1, "contacts_sms": 1, "contacts_chat": 1,
    "digital_voice_ratio": 3 / 2,          # inbound digital AC1 AC2 AC3 / inbound calls AC2 AC1
    "engagement_rate": 3 / 6,              # engaged AC1 AC2 AC3 / any AC1..AC6
    "conversion_rate": 4 / 7,              # c1 c5 d1 d6
    "resolution_rate": 5 / 7,              # + c3 hardship
    "avg_talk_seconds": (120 + 300 + 60) / 3,
    "median_talk_seconds": 120.0,
    "voice_ai_handoff_rate": 1 / 2,        # c5 handed off, c7 not
    "qa_score": (75 + 0 + 100 + 87.5) / 4,
    "at_target_share": 1 / 3,              # A2 only
    "reviews": 8,                          # R1 R2 R3 R4 R5 R8 R9 R10 (R6 deleted, R7 insider)
    "avg_rating": (5 + 5 + 5 + 5 + 3 + 4 + 5) / 7,
    "five_star_reviews": 3,                # R1 R2 R10
    "attribution_coverage": 3 / 4,         # / R1 R2 R4 R10 (R3 has no comment)
    "compliance_rate": 9 / 14,             # violating c2 c4 c5 f8 p1 of 14 placed (c6 failed, c8 busy)
    "violations_frequency": 1, "violations_post_conversation": 2,
    "violations_inconvenient_time": 2, "violations_pause": 2,  # c5, and c6: every attempt is checked
}
N = None
BY_AGENT = {
    #            A1       A2      A3     voice_ai  nobody
    "contacts": (2, 2, 2, 1, 0),
    "contacts_voice": (1, 1, 1, 1, 0),
    "contacts_email": (1, 0, 0, 0, 0),
    "contacts_sms": (0, 1, 0, 0, 0),
    "contacts_chat": (0, 0, 1, 0, 0),
    "digital_voice_ratio": (N, 1.0, N, 0.0, N),
    "engagement_rate": (0.5, 0.5, 1.0, 0.5, 0.0),
    "conversion_rate": (1.0, 0.0, 1.0, 0.0, N),
    "resolution_rate": (1.0, 0.5, 1.0, 0.0, N),
    "avg_talk_seconds": (120.0, 300.0, 60.0, N, N),
    "median_talk_seconds": (120.0, 300.0, 60.0, N, N),
    "voice_ai_handoff_rate": (N, N, N, N, N),  # the voice AI's rate, not a person's
    "qa_score": (37.5, 100.0, 87.5, N, N),
    "at_target_share": (0.0, 1.0, 0.0, N, N),
    "reviews": (2, 2, 0, 0, 0),
    "avg_rating": (5.0, 5.0, N, N, N),
    "five_star_reviews": (2, 2, 0, 0, 0),
    "attribution_coverage": (N, N, N, N, N),
    "compliance_rate": (1 / 3, 8 / 9, 0.0, 0.0, N),  # nobody's c8 was busy: not placed
    "violations_frequency": (0, 1, 0, 0, 0),
    "violations_post_conversation": (1, 0, 0, 1, 0),
    "violations_inconvenient_time": (0, 0, 2, 0, 0),
    "violations_pause": (1, 0, 0, 0, 1),
}



@pytest.fixture(scope="module")
def seeded(migrated_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The tiny data set, loaded once for this module (its tests only read)."""
    return seed_once(migrated_engine, tmp_path_factory)

def same(got: object, want: object) -> bool:
    if want is None:
        return got is None or got != got
    return got == pytest.approx(want, rel=1e-12)


def test_ratio_with_zero_denominator_is_empty() -> None:
    assert ratio(3, 0) is None and ratio(0, 4) == 0.0 and ratio(None, 2) is None


def test_every_kpi_carries_its_unit_and_which_way_is_better() -> None:
    assert {k.unit for k in KPIS} <= set(get_args(Unit)) and {k.better for k in KPIS} <= set(get_args(Better))
    violations = {k.name for k in KPIS if k.name.startswith("violations_")}
    assert len(violations) == 4
    assert {k.name for k in KPIS if k.better == "lower"} == {"avg_talk_seconds", "median_talk_seconds", *violations}


def test_company_figures(seeded: Engine) -> None:
    [row] = kpi_records(seeded, LEAD)
    assert list(row) == list(EXPORT_COLUMNS)
    bad = {k: (row[k], v) for k, v in COMPANY.items() if not same(row[k], v)}
    assert not bad


def test_figures_by_agent(seeded: Engine) -> None:
    rows = kpi_records(seeded, LEAD, by="agent")
    assert [r["agent"] for r in rows] == ["A1", "A2", "A3", "voice_ai", None]
    bad = {(k, rows[i]["agent"]): (rows[i][k], want[i]) for k, want in BY_AGENT.items()
           for i in range(5) if not same(rows[i][k], want[i])}
    assert not bad


def test_figures_by_team_site_and_country(seeded: Engine) -> None:
    team = {r["team"]: r for r in kpi_records(seeded, LEAD, by="team")}
    assert set(team) == {"North", "South", None}
    assert team["North"]["contacts"] == 4 and team["South"]["contacts"] == 2 and team[None]["contacts"] == 1
    assert team["North"]["qa_score"] == pytest.approx((75 + 0 + 100) / 3)
    assert team["North"]["at_target_share"] == pytest.approx(1 / 2)
    assert team["North"]["reviews"] == 3 and team["North"]["five_star_reviews"] == 3  # R1 R2 R10, R2 once
    assert team["North"]["compliance_rate"] == pytest.approx(9 / 12)  # c1 c2 p1 f1..f9; c2 p1 f8 violate
    site = {r["site"]: r["contacts"] for r in kpi_records(seeded, LEAD, by="site")}
    assert site == {"Austin": 4, "Manila": 2, None: 1}
    country = {r["country"]: r["violations_pause"] for r in kpi_records(seeded, LEAD, by="country")}
    assert country == {"US": 1, "PH": 0, None: 1}


def test_figures_by_channel(seeded: Engine) -> None:
    ch = {r["channel"]: r for r in kpi_records(seeded, LEAD, by="channel")}
    assert set(ch) == {"voice", "email", "sms", "chat"}
    assert ch["voice"]["contacts"] == 4 and ch["voice"]["conversion_rate"] == pytest.approx(2 / 4)
    assert ch["voice"]["digital_voice_ratio"] == 0.0 and ch["email"]["digital_voice_ratio"] is None
    assert ch["email"]["engagement_rate"] == pytest.approx(1 / 2)  # AC1 inbound, AC6 outbound only
    assert ch["voice"]["qa_score"] == pytest.approx((75 + 100 + 87.5) / 3)  # E1 c1, E3 c3, E4 c5
    assert ch["email"]["qa_score"] == 0.0  # E2 on d1
    assert ch["voice"]["median_talk_seconds"] == 120.0 and ch["chat"]["median_talk_seconds"] is None
    assert ch["voice"]["reviews"] is None  # reviews are not cut by channel
    assert ch["email"]["violations_pause"] == 1 and ch["voice"]["compliance_rate"] == pytest.approx(9 / 14)


def test_figures_by_language_and_month(seeded: Engine) -> None:
    lang = {r["language"]: r for r in kpi_records(seeded, LEAD, by="language")}
    assert lang["es"]["contacts"] == 2 and lang["en"]["contacts"] == 5
    assert lang["es"]["reviews"] == 1 and lang["es"]["avg_rating"] == 4.0  # R8
    assert lang[None]["reviews"] == 1  # R3 has no language; c8 has none either
    month = {r["month"]: r for r in kpi_records(seeded, LEAD, by="month")}
    assert set(month) == {"2026-01", "2026-02"}
    assert month["2026-02"]["contacts"] == 2 and month["2026-02"]["contacts_chat"] == 1  # c7, d6
    assert month["2026-02"]["reviews"] == 2 and month["2026-02"]["attribution_coverage"] == pytest.approx(1 / 2)
    assert month["2026-01"]["median_talk_seconds"] == 120.0 and month["2026-02"]["avg_talk_seconds"] is None
    assert month["2026-02"]["qa_score"] == 87.5


def test_period_filters_and_unaligned_periods_match(seeded: Engine) -> None:
    jan6 = Period.days(date(2026, 1, 5), date(2026, 1, 7))
    [row] = kpi_records(seeded, LEAD, jan6)
    # c1 c3 (Jan 5), c4 c5 (Jan 6 UTC), d1 (Jan 6): contacts c1 c3 c5 d1
    assert row["contacts"] == 4 and row["conversion_rate"] == pytest.approx(3 / 4)
    assert row["median_talk_seconds"] == 120.0 and row["compliance_rate"] == pytest.approx(1 / 3)
    odd = Period(datetime(2026, 1, 5, 15), datetime(2026, 1, 6, 4))  # c3 and c4 only
    [row] = kpi_records(seeded, LEAD, odd)
    assert row["contacts"] == 1 and row["contacts_voice"] == 1 and row["median_talk_seconds"] == 300.0
    assert row["engagement_rate"] == 1.0 and row["violations_post_conversation"] == 1
    empty = Period.days(date(2025, 1, 1), date(2025, 2, 1))
    [row] = kpi_records(seeded, LEAD, empty)
    assert row["contacts"] == 0 and row["conversion_rate"] is None and row["compliance_rate"] is None


def test_filters_combine(seeded: Engine) -> None:
    rows = kpi_records(seeded, LEAD, by="agent", filters={"channel": "voice", "team": "North"})
    assert [(r["agent"], r["contacts"]) for r in rows] == [("A1", 1), ("A2", 1)]
    [row] = kpi_records(seeded, LEAD, filters={"month": ["2026-02"], "language": "en"})
    assert row["contacts"] == 2


def test_timeseries_and_outcome_mix(seeded: Engine) -> None:
    days = timeseries(seeded, LEAD, Period.days(date(2026, 1, 5), date(2026, 1, 9)), "day", names=["contacts"])
    assert days.to_dict("records") == [
        {"day": date(2026, 1, 5), "contacts": 2}, {"day": date(2026, 1, 6), "contacts": 2},
        {"day": date(2026, 1, 7), "contacts": 0}, {"day": date(2026, 1, 8), "contacts": 1},
    ]
    mix = outcome_mix(seeded, LEAD).to_dict("records")
    assert {r["outcome"]: r["interactions"] for r in mix} == {
        "payment_plan_created": 1, "hardship_support": 1, "payment_made": 1, "no_resolution": 1,
        "paid_in_full": 1, "plan_restarted": 1}
    assert all(r["share"] == pytest.approx(1 / 6) for r in mix)


def test_company_totals_are_open_to_agents_but_name_nobody(seeded: Engine) -> None:
    [row] = company_totals(seeded, Viewer.agent("A1")).to_dict("records")
    assert row["contacts"] == 7
    with pytest.raises(ValueError):
        company_totals(seeded, Viewer.agent("A1"), filters={"agent": "A2"})


@pytest.mark.parametrize("filters", [{"team": "South"}, {"country": ["US", "PH"]}, {"agent": "A3"}])
def test_voice_ai_handoff_rate_filtered_by_people_is_the_voice_ais_own(seeded: Engine, filters: dict) -> None:
    # c5 (handed off to A3) and c7 (kept by the voice AI): a people filter used to keep only c5 (100 %).
    [row] = kpi_records(seeded, LEAD, filters=filters)
    assert row["voice_ai_handoff_rate"] == pytest.approx(1 / 2)
    [row] = kpi_records(seeded, Viewer.manager({"South"}))
    assert row["voice_ai_handoff_rate"] == pytest.approx(1 / 2)
    months = {r["month"]: r["voice_ai_handoff_rate"] for r in kpi_records(seeded, LEAD, by="month", filters=filters)}
    assert months == {"2026-01": 1.0, "2026-02": 0.0}  # c5 in January, c7 in February
    assert all(r["voice_ai_handoff_rate"] is None for r in kpi_records(seeded, LEAD, by="team"))
