"""The same month on Overview, Team and Reviews shows the same numbers, and they are `python -m metrics export`'s.

The demo month is given a review credited to two agents (Team used to count it twice), a review
held as a possible insider review (Reviews used to count its feed, which lists it) and a review
waiting for a decision.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine, and_, insert, select

from dashboard.components import fmt
from metrics.periods import Period
from metrics.qa import qa_scores
from metrics.reviews import five_star_counts, review_queue
from metrics.scope import Viewer
from sql.schema import agents, attributions, review_flags, reviews
from tests.test_dashboard_app import MANAGER, MANAGER_TEAM, demo_engine, render  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parent.parent
LEADER = "rachel.goldberg@beaconrecovery.example"
LEAD = Viewer.leadership()


def _month_bounds(month: str) -> tuple[date, date]:
    first = date.fromisoformat(f"{month}-01")
    return first, (first + timedelta(days=32)).replace(day=1)


def _busiest_month(engine: Engine) -> str:
    """The month with the most credited five-star reviews."""
    with engine.connect() as conn:
        stamps = conn.execute(
            select(reviews.c.created_at).select_from(reviews.join(attributions, attributions.c.review_id
                                                                  == reviews.c.review_id))
            .where(reviews.c.star_rating == 5, attributions.c.status.in_(("auto", "confirmed")))
        ).scalars().all()
    months = [f"{s:%Y-%m}" for s in stamps]
    return max(sorted(set(months)), key=months.count)


@pytest.fixture(scope="module")
def month(demo_engine: Engine) -> Iterator[str]:  # noqa: F811
    """The busiest review month, with a shared credit, an insider-held review and a waiting review added."""
    chosen = _busiest_month(demo_engine)
    first, end = _month_bounds(chosen)
    in_month = and_(reviews.c.created_at >= datetime.combine(first, datetime.min.time()),
                    reviews.c.created_at < datetime.combine(end, datetime.min.time()))
    a = attributions.c
    with demo_engine.begin() as conn:
        credited = conn.execute(
            select(reviews.c.review_id, a.agent_id).select_from(reviews.join(attributions, a.review_id
                                                                             == reviews.c.review_id))
            .where(in_month, reviews.c.star_rating == 5, a.status == "auto").order_by(reviews.c.review_id)
        ).first()
        other = conn.execute(select(agents.c.agent_id).where(agents.c.agent_id != credited.agent_id,
                                                             agents.c.team == MANAGER_TEAM)
                             .order_by(agents.c.agent_id)).scalars().first()
        conn.execute(insert(attributions).values(review_id=credited.review_id, agent_id=other, status="auto",
                                                 confidence=0.95, method="mention", evidence="named both agents",
                                                 computed_at=datetime(2026, 11, 1)))
        loose = conn.execute(select(reviews.c.review_id).where(in_month, reviews.c.review_id != credited.review_id)
                             .order_by(reviews.c.review_id).limit(2)).scalars().all()
        conn.execute(insert(review_flags).values(review_id=loose[0], flag="insider", detail="reviewer shares a name",
                                                 raised_at=datetime(2026, 11, 1)))
        conn.execute(insert(attributions).values(review_id=loose[1], agent_id=other, status="needs_review",
                                                 confidence=0.5, method="mention", evidence="first name only",
                                                 computed_at=datetime(2026, 11, 1)))
    st.cache_data.clear()
    yield chosen


def _export(engine: Engine, month: str) -> dict:
    first, end = _month_bounds(month)
    env = {**os.environ, "DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    out = subprocess.run([sys.executable, "-m", "metrics", "export", "--from", first.isoformat(), "--to",
                          end.isoformat(), "--format", "json"], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True)
    [row] = json.loads(out.stdout)
    return row


def _metrics(at: object) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _month_state(month: str) -> dict[str, object]:
    first, end = _month_bounds(month)
    return {"filters_period": "Custom", "filters_custom": (first, end - timedelta(days=1))}


def test_every_page_shows_the_months_numbers_from_one_metrics_function(demo_engine: Engine, month: str) -> None:  # noqa: F811
    exported = _export(demo_engine, month)
    first, end = _month_bounds(month)
    with demo_engine.connect() as conn:
        per_agent = five_star_counts(conn, Period.days(first, end))
    assert sum(per_agent.values()) > exported["five_star_reviews"], "the month has a review credited to two agents"

    overview = _metrics(render(LEADER, "overview", **_month_state(month)))
    team = _metrics(render(LEADER, "team", **_month_state(month)))
    reviews_at = render(LEADER, "reviews", **_month_state(month))
    reviews_page = _metrics(reviews_at)

    five = fmt(exported["five_star_reviews"], "count")
    assert overview["Five-star reviews credited"] == team["Five-star reviews credited"] == five
    at_target = fmt(exported["at_target_share"], "ratio")
    assert overview["Agents at QA target"] == team["Agents at QA target"] == at_target
    count = fmt(exported["reviews"], "count")
    assert overview["Google reviews"] == reviews_page["Reviews in the period"] == count
    feed = next(e.value for e in reviews_at.dataframe if "Review" in e.value.columns)
    assert len(feed) > exported["reviews"], "the feed lists the insider-held review, the count leaves it out"
    waiting = review_queue(demo_engine, LEAD)["review_id"].nunique()
    assert reviews_page["Waiting for a decision"] == f"{waiting:,}"
    assert len(reviews_at.selectbox(key="reviews_queue_pick").options) == waiting


def test_team_agents_card_counts_the_agents_in_its_chart(demo_engine: Engine, month: str) -> None:  # noqa: F811
    at = render(MANAGER, "team", **_month_state(month))
    card = _metrics(at)["Agents evaluated"]
    first, end = _month_bounds(month)
    [company] = qa_scores(demo_engine, Viewer.manager({MANAGER_TEAM}), Period.days(first, end),
                          by="company").to_dict("records")
    chart = next(c for c in at.get("plotly_chart") if "QA score" in c.proto.spec)
    bars = {name for trace in json.loads(chart.proto.spec)["data"] for name in trace["y"]}
    assert card == f"{company['agents_evaluated']:,}" == f"{len(bars):,}"
