"""The dashboard's feeds and data-health queries: scope rules, decisions with audit rows, and health figures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine, delete, insert, select

from demo import generate
from metrics import health
from metrics.calls import handler_split, talk_distribution
from metrics.decisions import decide_review
from metrics.people import filter_options, people
from metrics.periods import Period
from metrics.recognition import five_star_leaderboard, five_star_wall
from metrics.review_feed import review_audit, review_feed, review_months
from metrics.scope import ScopeError, Viewer
from pipeline.demo_command import attribute, load_demo
from sql.schema import (
    agents,
    attribution_decisions,
    calls,
    digital,
    ingest_rejects,
    ingest_runs,
    metrics_contacts_daily,
    pauses,
)
from tests.conftest import _truncate


@pytest.fixture(scope="module")
def demo(migrated_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The tiny demo, loaded once for the module."""
    _truncate(migrated_engine)
    load_demo(migrated_engine, generate(tmp_path_factory.mktemp("demo"), seed=7, size="tiny"), progress=False)
    attribute(migrated_engine)
    yield migrated_engine


def _team_of(engine: Engine, agent_id: str) -> str:
    with engine.connect() as conn:
        return conn.execute(select(agents.c.team).where(agents.c.agent_id == agent_id)).scalar_one()


def test_agent_sees_only_reviews_credited_to_them(demo: Engine) -> None:
    everyone = review_feed(demo, Viewer.leadership())
    credited = everyone[everyone["status"] == "credited"]
    agent_id = credited["agent_ids"].iloc[0].split(",")[0]
    mine = review_feed(demo, Viewer.agent(agent_id))
    assert len(mine) >= 1
    assert set(",".join(mine["agent_ids"]).split(",")) == {agent_id}
    assert mine["insider_flag"].isna().all()
    assert people(demo, Viewer.agent(agent_id))["agent_id"].tolist() == [agent_id]


def test_manager_feed_and_roster_stay_in_their_teams(demo: Engine) -> None:
    viewer = Viewer.manager({"Tempe Voice"})
    roster = people(demo, viewer)
    assert set(roster["team"]) == {"Tempe Voice"}
    feed = review_feed(demo, viewer)
    ids = {a for row in feed["agent_ids"] for a in row.split(",") if a}
    assert ids <= set(roster["agent_id"])
    assert set(filter_options(demo, viewer)["team"]) == {"Tempe Voice"}


def test_filter_languages_are_the_daily_rollups_languages(demo: Engine) -> None:
    lang = metrics_contacts_daily.c.language
    with demo.connect() as conn:
        daily = conn.execute(select(lang).distinct().order_by(lang)).scalars().all()
    offered = filter_options(demo, Viewer.leadership())["language"]
    assert offered == [x for x in daily if x] and len(offered) >= 2


def test_decisions_are_scoped_and_audited(demo: Engine) -> None:
    queue = review_feed(demo, Viewer.leadership())
    row = queue[queue["agent_ids"] != ""].iloc[0]
    review_id, agent_id = row["review_id"], row["agent_ids"].split(",")[0]
    other_team = "Manila Voice" if _team_of(demo, agent_id) != "Manila Voice" else "Tempe Voice"
    with pytest.raises(ScopeError):
        decide_review(demo, Viewer.manager({other_team}), review_id, "confirm", agent_id, "m@x.example")
    with pytest.raises(ScopeError):
        decide_review(demo, Viewer.agent(agent_id), review_id, "confirm", agent_id, "a@x.example")
    msg = decide_review(demo, Viewer.manager({_team_of(demo, agent_id)}), review_id, "confirm", agent_id,
                              "boss@x.example", "checked the call")
    assert msg.startswith(f"confirm {agent_id}")
    audit = review_audit(demo, Viewer.leadership(), review_id)
    assert audit.iloc[0]["decided_by"] == "boss@x.example" and audit.iloc[0]["note"] == "checked the call"
    with demo.connect() as conn:
        assert conn.execute(select(attribution_decisions.c.action)).scalars().all()[-1] == "confirm"


def test_health_is_leadership_only_and_finds_unknowns_and_rejects(demo: Engine) -> None:
    with pytest.raises(ScopeError):
        health.last_sync(demo, Viewer.manager({"Tempe Voice"}))
    with demo.begin() as conn:
        run_id = conn.execute(select(ingest_runs.c.run_id).where(ingest_runs.c.source == "calls")).scalar_one()
        conn.execute(insert(ingest_rejects).values(run_id=run_id, file_path="calls.csv", line=7,
                                                   column_name="talk_seconds", value="-5", reason="must be >= 0"))
        first = conn.execute(select(calls).limit(1)).mappings().one()
        conn.execute(insert(calls).values({**first, "call_id": "ZZ-1", "agent_id": "999999", "handled_by": "agent",
                                           "account_id": "NOPE"}))
    lead = Viewer.leadership()
    reasons = health.reject_reasons(demo, lead)
    assert reasons.iloc[0]["reason"] == "must be >= 0" and reasons.iloc[0]["source"] == "calls"
    assert health.reject_rows(demo, lead).iloc[0]["line"] == 7
    assert "999999" in set(health.unknown_agents(demo, lead)["agent_id"])
    assert "NOPE" in set(health.unknown_accounts(demo, lead)["account_id"])
    sync = health.last_sync(demo, lead).set_index("source")
    assert sync.loc["calls", "last_status"] == "ok" and sync.loc["calls", "runs"] >= 1
    first_day, last_day = health.data_span(demo)
    assert first_day <= last_day


def test_unknown_accounts_counts_rows_and_last_seen_per_source(demo: Engine) -> None:
    """Grouped before the anti-join: still one row per (source, unknown id) with its row count and last time."""
    with demo.begin() as conn:
        call = conn.execute(select(calls).limit(1)).mappings().one()
        known = call["account_id"]
        msg = conn.execute(select(digital).limit(1)).mappings().one()
        for i, (acc, hour) in enumerate([("GONE-1", 9), ("GONE-1", 11), ("GONE-2", 10), (known, 12)]):
            conn.execute(insert(calls).values({**call, "call_id": f"UK-{i}", "account_id": acc,
                                               "started_at": datetime(2031, 1, 2, hour)}))
        conn.execute(insert(digital).values({**msg, "interaction_id": "UK-D", "account_id": "GONE-1",
                                             "started_at": datetime(2031, 1, 3, 8)}))
        conn.execute(insert(pauses).values(account_id="GONE-3", paused_from=datetime(2031, 1, 4)))
    try:
        found = health.unknown_accounts(demo, Viewer.leadership())
        mine = found[found["account_id"].str.startswith("GONE-")]
        got = {(r.source, r.account_id, int(r.rows), str(r.last_seen)[:19]) for r in mine.itertuples()}
        assert got == {("calls", "GONE-1", 2, "2031-01-02 11:00:00"), ("calls", "GONE-2", 1, "2031-01-02 10:00:00"),
                       ("digital", "GONE-1", 1, "2031-01-03 08:00:00"), ("pauses", "GONE-3", 1, "2031-01-04 00:00:00")}
        assert known not in set(found["account_id"])
    finally:
        with demo.begin() as conn:
            conn.execute(delete(calls).where(calls.c.call_id.like("UK-%")))
            conn.execute(delete(digital).where(digital.c.interaction_id == "UK-D"))
            conn.execute(delete(pauses).where(pauses.c.account_id == "GONE-3"))


def test_recognition_and_talk_feeds(demo: Engine) -> None:
    lead = Viewer.leadership()
    month = next(m for m in review_months(demo) if not five_star_leaderboard(demo, lead, m).empty)
    board = five_star_leaderboard(demo, lead, month)
    wall = five_star_wall(demo, lead, month)
    assert board["five_star_reviews"].sum() == len(wall)
    assert board["rank"].iloc[0] == 1
    talk = talk_distribution(demo, lead, Period.all())
    assert (talk["talk_from_seconds"] % 60 == 0).all() and talk["calls"].sum() > 0
    split = handler_split(demo, lead, Period.all())
    assert {"person", "voice AI only"} <= set(split["handler"])
