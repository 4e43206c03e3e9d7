"""Every dashboard page under every role, rendered with Streamlit's AppTest on the tiny demo (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from sqlalchemy import Engine, func, insert, select
from streamlit.testing.v1 import AppTest

from dashboard.labels import label
from dashboard.nav import ROLE_PAGES
from demo import generate
from pipeline.demo_command import attribute, load_demo
from sql.schema import agents, attribution_decisions, attributions, prize_draws, reviews
from tests.conftest import _truncate

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
LEADER = "rachel.goldberg@beaconrecovery.example"
MANAGER = "marcus.johnson@beaconrecovery.example"
MANAGER_TEAM = "Tempe Voice"
UNKNOWN = "visitor@unknown.example"
TITLES = {"overview": "Overview", "team": "Team", "reviews": "Reviews", "recognition": "Recognition",
          "channels": "Channels & outcomes", "compliance": "Compliance", "health": "Data health",
          "evaluations": "QA evaluations", "coaching": "Coaching", "calibration": "Calibration",
          "disputes": "QA disputes"}


@pytest.fixture(scope="module")
def demo_engine(migrated_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The tiny demo loaded once for the module, with DATABASE_URL pointing at it and fresh caches."""
    _truncate(migrated_engine)
    load_demo(migrated_engine, generate(tmp_path_factory.mktemp("demo"), seed=7, size="tiny"), progress=False)
    attribute(migrated_engine)
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = migrated_engine.url.render_as_string(hide_password=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield migrated_engine
    st.cache_data.clear()
    st.cache_resource.clear()
    if before is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = before


def render(email: str, page: str | None = None, **state: object) -> AppTest:
    """The app as `email` (demo "view as"), on `page` or the role's first page; fails on any exception."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["app_view_as"] = email
    for name, value in state.items():
        at.session_state[name] = value
    at.run()
    if page is not None:
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rendered_text(at: AppTest) -> str:
    """Everything the page shows as text: headings, text, captions, metrics, tables and chart data."""
    parts: list[str] = []
    for coll in (at.title, at.header, at.subheader, at.markdown, at.caption, at.text, at.info, at.success,
                 at.warning, at.error):
        parts += [str(e.value) for e in coll]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [e.value.to_csv() for e in at.dataframe]
    parts += [e.proto.spec for e in at.get("plotly_chart")]
    return "\n".join(parts)


def roster(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(select(agents.c.agent_id, agents.c.full_name, agents.c.email,
                                                agents.c.team)).mappings().all())


@pytest.mark.parametrize("page", ROLE_PAGES["leadership"])
def test_leadership_sees_every_leadership_page(demo_engine: Engine, page: str) -> None:
    at = render(LEADER, page)
    assert at.title[0].value == TITLES[page]
    assert any("Demo mode" in w.value for w in at.warning)
    assert at.get("download_button"), "every chart and table offers a CSV download"
    if page == "overview":
        assert len(at.metric) >= 12
        assert len(at.get("plotly_chart")) >= 4


@pytest.mark.parametrize("dim", ["country", "site"])
def test_overview_breaks_down_by_the_chosen_country_or_site(demo_engine: Engine, dim: str) -> None:
    at = render(LEADER, "overview", overview_by=dim, **{f"overview_by_{dim}_view": "Table"})
    frame = next(e.value for e in at.dataframe if label(dim) in e.value.columns)
    other = "site" if dim == "country" else "country"
    assert label(other) not in frame.columns
    assert {label(c) for c in ("contacts", "conversion_rate", "digital_voice_ratio")} <= set(frame.columns)
    assert frame[label("contacts")].sum() > 0


@pytest.mark.parametrize("page", ROLE_PAGES["manager"])
def test_manager_sees_only_their_teams(demo_engine: Engine, page: str) -> None:
    at = render(MANAGER, page, team_agents_view="Table", channels_handlers_view="Table",
                compliance_who_view="Table")
    assert at.title[0].value == TITLES[page]
    for frame in (e.value for e in at.dataframe):
        if label("team") in frame.columns and page != "recognition":
            assert set(frame[label("team")]) - {""} <= {MANAGER_TEAM}, page
    if page == "team":
        assert at.get("download_button"), "the table view keeps its CSV download"
        people = roster(demo_engine)
        theirs = set(people.loc[people["team"] == MANAGER_TEAM, "full_name"])
        table = next(e.value for e in at.dataframe if label("coaching_flag") in e.value.columns)
        assert set(table[label("full_name")]) == theirs


def test_manager_cannot_open_leadership_pages(demo_engine: Engine) -> None:
    at = render(MANAGER)
    for page in ("overview", "health"):
        with pytest.raises(ValueError):
            at.switch_page(f"views/{page}.py")


def _agent_with_reviews(engine: Engine) -> tuple[str, str, str]:
    from metrics.review_feed import review_feed
    from metrics.scope import Viewer

    feed = review_feed(engine, Viewer.leadership(), stars=(5,))
    credited = feed[feed["status"] == "credited"]
    agent_id = credited["agent_ids"].iloc[0].split(",")[0]
    people = roster(engine).set_index("agent_id")
    return agent_id, people.loc[agent_id, "email"], people.loc[agent_id, "full_name"]


def test_agent_sees_only_their_own_data(demo_engine: Engine) -> None:
    agent_id, email, name = _agent_with_reviews(demo_engine)
    at = render(email)
    assert at.title[0].value == f"My performance · {name}"
    text = rendered_text(at)
    assert "My five-star reviews" in text
    assert at.text, "review text is shown as plain text"
    others = roster(demo_engine)
    others = others[others["agent_id"] != agent_id]
    leaked = [n for n in others["full_name"] if n in text]
    leaked += [a for a in others["agent_id"] if re.search(rf"(?<![\d]){a}(?![\d])", text)]
    assert not leaked, f"another agent's data on My performance: {leaked[:5]}"
    for frame in (e.value for e in at.dataframe):
        if label("agent_id") in frame.columns:
            assert set(frame[label("agent_id")]) - {""} <= {agent_id}


def test_agent_pages_are_mine_and_recognition_only(demo_engine: Engine) -> None:
    _, email, _ = _agent_with_reviews(demo_engine)
    at = render(email, "recognition")
    assert at.title[0].value == "Recognition"
    for page in ("overview", "team", "reviews", "channels", "compliance", "health"):
        with pytest.raises(ValueError):
            at.switch_page(f"views/{page}.py")


def test_unknown_email_sees_a_polite_message_and_nothing_else(demo_engine: Engine) -> None:
    at = render(UNKNOWN)
    assert "not set up for Starboard" in at.info[0].value
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    at.switch_page("views/me.py").run()
    assert [t.value for t in at.title] == ["Starboard"]
    assert not at.metric and not at.dataframe


def _ensure_a_review_waits(engine: Engine) -> None:
    """Put one commented review in the queue unless the demo's attribution already left one there."""
    from metrics.reviews import review_queue
    from metrics.scope import Viewer

    if not review_queue(engine, Viewer.leadership()).empty:
        return
    with engine.begin() as conn:
        linked = select(attributions.c.review_id)
        review_id = conn.execute(
            select(reviews.c.review_id).where(reviews.c.comment.is_not(None), reviews.c.review_id.not_in(linked))
            .order_by(reviews.c.review_id).limit(1)
        ).scalar_one()
        agent_id = conn.execute(select(agents.c.agent_id).order_by(agents.c.agent_id).limit(1)).scalar_one()
        conn.execute(insert(attributions).values(
            review_id=review_id, agent_id=agent_id, status="needs_review", confidence=0.5, method="mention",
            evidence="queued for this test", computed_at=datetime(2026, 11, 1),
        ))
    st.cache_data.clear()
    assert not review_queue(engine, Viewer.leadership()).empty


def test_manager_decision_is_recorded_with_audit_trail(demo_engine: Engine) -> None:
    _ensure_a_review_waits(demo_engine)
    at = render(LEADER, "reviews")
    assert at.selectbox(key="reviews_queue_pick").options
    at.radio(key="reviews_action").set_value("confirm")
    at.text_input(key="reviews_note").input("named on the call recording")
    next(b for b in at.button if b.label == "Record decision").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Recorded: confirm" in s.value for s in at.success)
    with demo_engine.connect() as conn:
        rows = conn.execute(select(attribution_decisions.c.decided_by, attribution_decisions.c.note)).all()
    assert (LEADER, "named on the call recording") in [tuple(r) for r in rows]
    audit = next(e.value for e in at.dataframe
                 if label("decided_by") in e.value.columns and label("action") in e.value.columns)
    assert LEADER in set(audit[label("decided_by")])


def test_the_decision_form_preselects_nothing_and_records_nothing_on_one_click(demo_engine: Engine) -> None:
    _ensure_a_review_waits(demo_engine)
    with demo_engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(attribution_decisions)).scalar_one()
    at = render(LEADER, "reviews")
    assert at.radio(key="reviews_action").value is None
    next(b for b in at.button if b.label == "Record decision").click().run()
    assert any("Choose a decision first" in e.value for e in at.error)
    with demo_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(attribution_decisions)).scalar_one() == before


def _month_selection(month: str) -> dict[str, object]:
    """Sidebar state choosing one calendar month (the wheel follows the sidebar's period)."""
    first = date.fromisoformat(f"{month}-01")
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return {"filters_period": "Custom", "filters_custom": (first, last)}


def test_leadership_spins_the_wheel_and_the_winner_shows_only_after_the_spin(demo_engine: Engine) -> None:
    from metrics.recognition import five_star_leaderboard
    from metrics.review_feed import review_months
    from metrics.scope import Viewer

    month = next(m for m in review_months(demo_engine)
                 if not five_star_leaderboard(demo_engine, Viewer.leadership(), m).empty)
    month_name = f"{date.fromisoformat(month + '-01'):%B %Y}"
    at = render(LEADER, "recognition", recognition_view="Spin the wheel", **_month_selection(month))
    assert not any(e.key == "recognition_month" for e in at.selectbox), "no second month control"
    assert any(month_name in c.value for c in at.caption), "the page names the sidebar's month"
    at.button(key="recognition_spin").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with demo_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(prize_draws)).scalar_one() == 1
        winner_id = conn.execute(select(prize_draws.c.winner_agent_id)).scalar_one()
    winner = roster(demo_engine).set_index("agent_id").loc[winner_id, "full_name"]
    assert any("Draw recorded with seed" in s.value for s in at.success)
    assert not any(winner in s.value for s in [*at.subheader, *at.success, *at.caption])
    wheel = next(c for c in at.get("plotly_chart") if "Spin" in c.proto.spec)
    spec = json.loads(wheel.proto.spec)
    assert not any(spec["data"][0].get("pull") or [0]), "the first paint singles nobody out"
    assert winner not in json.dumps(spec["layout"].get("annotations", []))
    last = spec["frames"][-1]
    assert f"Winner: {winner}" in json.dumps(last["layout"]["annotations"], ensure_ascii=False)
    assert max(last["data"][0]["pull"]) > 0
    assert any(f"Winner for {month_name}: {winner}" in t.value for t in at.text)  # in the draw record expander
    assert any("gives the same winner" in t.value for t in at.text)


def test_roles_come_from_the_config_and_the_roster(demo_engine: Engine, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.auth import load_roles, resolve

    roles_file = tmp_path / "roles.toml"
    roles_file.write_text('[leadership]\nemails = ["Boss@Example.com"]\n\n'
                          f'[[managers]]\nemail = "{MANAGER}"\nteams = ["{MANAGER_TEAM}"]\n', encoding="utf-8")
    monkeypatch.setenv("STARBOARD_ROLES", str(roles_file))
    roles = load_roles()
    assert resolve("boss@example.com", roles).role == "leadership"
    manager = resolve(MANAGER.upper(), roles)
    assert manager.role == "manager" and manager.viewer.teams == frozenset({MANAGER_TEAM})
    people = roster(demo_engine)
    agent = people[people["team"] == "Manila Voice"].iloc[0]
    who = resolve(agent["email"], roles)
    assert who.role == "agent" and who.viewer.agent_id == agent["agent_id"] and who.name == agent["full_name"]
    assert resolve(LEADER, roles).role == "agent", "leadership only through the config file"
    assert resolve("nobody@example.com", roles).viewer is None


def test_with_auth_configured_the_app_asks_to_sign_in(demo_engine: Engine) -> None:
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "id", "client_secret": "secret",
                          "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration"}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [b.label for b in at.button] == ["Sign in with Google"]
    assert not at.warning, "no demo banner when sign-in is configured"
    assert not at.metric and not at.dataframe and not at.selectbox


def test_review_text_is_plain_text_with_contact_details_masked(demo_engine: Engine) -> None:
    from sqlalchemy import update

    from metrics.review_feed import review_feed
    from metrics.scope import Viewer
    from sql.schema import reviews

    agent_id, email, _ = _agent_with_reviews(demo_engine)
    review_id = review_feed(demo_engine, Viewer.agent(agent_id), stars=(5,))["review_id"].iloc[0]
    nasty = "**Great** <script>alert(1)</script> [x](http://evil.example) call me 773-555-4023 or ana@mail.example"
    with demo_engine.begin() as conn:
        conn.execute(update(reviews).where(reviews.c.review_id == review_id).values(comment=nasty))
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["app_view_as"] = email
    at.session_state["filters_period"] = "Last 12 months"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [t.value for t in at.text if "Great" in t.value]
    assert shown == ["**Great** <script>alert(1)</script> [x](http://evil.example) call me ••••••••23 "
                     "or a•••@mail.example"]
    assert not any("script" in m.value or "Great" in m.value for m in [*at.markdown, *at.caption])
