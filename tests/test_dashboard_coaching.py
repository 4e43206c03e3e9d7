"""The coaching-loop pages in AppTest on the tiny demo (SQLite and PostgreSQL): scope, forms, audit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from dashboard import drill
from dashboard.filters import Selection
from dashboard.labels import label
from metrics.coaching import sessions
from metrics.evaluations import evaluation_list, open_evaluation
from metrics.periods import Period
from metrics.scope import Viewer
from sql.schema import qa_audit, qa_disputes
from tests import test_dashboard_app as dashboard_app
from tests.test_dashboard_app import LEADER, MANAGER, MANAGER_TEAM, render, roster

OWN_TEAM_PAGES = ("evaluations", "coaching", "disputes")


@pytest.fixture(scope="module")
def demo_engine(migrated_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The tiny demo (with its coaching sessions and double-scored interactions), as in test_dashboard_app."""
    yield from dashboard_app.demo_engine.__wrapped__(migrated_engine, tmp_path_factory)


RAW = ("alpha", "tendency", "team", "agent_id", "verdict", "before_evaluations")


def frames(at) -> list[pd.DataFrame]:
    """The shown tables, with the database names back on the columns these tests read (blank cells as None)."""
    back = {label(c): c for c in RAW}
    return [e.value.rename(columns=back).replace({"": None}) for e in at.dataframe]


def _coached_agent(engine: Engine) -> tuple[str, str]:
    """(agent_id, email) of an agent of the manager's team with a coaching session in the demo."""
    people = roster(engine).set_index("agent_id")
    team = sessions(engine, Viewer.leadership())
    team = team[team["team"] == MANAGER_TEAM]
    assert not team.empty, "the demo has coaching sessions in the manager's team"
    agent_id = team["agent_id"].iloc[0]
    return agent_id, people.loc[agent_id, "email"]


def test_the_demo_gives_the_pages_real_figures(demo_engine: Engine) -> None:
    at = render(LEADER, "coaching", coaching_effect_view="Table")
    effect = next(f for f in frames(at) if "verdict" in f.columns)
    # the tiny demo's agents handle about 8 interactions a year, too few for most verdicts (the small demo's
    # figures are checked in tests/test_demo_coaching.py); the sessions and their evaluation counts are there
    assert len(effect) >= 10 and effect["before_evaluations"].sum() > 0
    assert set(effect["verdict"]) <= {"improved", "no improvement", "not enough evaluations",
                                      "not enough evaluations yet"}
    at = render(LEADER, "calibration", calibration_criteria_view="Table", calibration_evaluators_view="Table")
    agreement = next(f for f in frames(at) if "alpha" in f.columns)
    assert agreement["alpha"].notna().sum() >= 3
    drift = next(f for f in frames(at) if "tendency" in f.columns)
    assert len(drift) >= 3
    at = render(LEADER, "evaluations")
    assert any(s.value.startswith("Evaluation ") for s in at.subheader), "the newest evaluation is opened"
    assert any("Scored interaction" in m.value for m in at.markdown)


@pytest.mark.parametrize("page", (*OWN_TEAM_PAGES, "calibration"))
def test_manager_sees_only_their_teams(demo_engine: Engine, page: str) -> None:
    at = render(MANAGER, page, coaching_effect_view="Table")
    for frame in frames(at):
        if "team" in frame.columns:
            assert set(frame["team"].dropna()) <= {MANAGER_TEAM}, page
    if page == "coaching":
        people = roster(demo_engine)
        theirs = set(people.loc[people["team"] == MANAGER_TEAM, "agent_id"])
        assert set(at.selectbox(key="coaching_agent").options) <= {
            f"{r.full_name} ({r.team})" for r in people[people["agent_id"].isin(theirs)].itertuples()}


@pytest.mark.parametrize("page", OWN_TEAM_PAGES)
def test_agent_sees_only_their_own(demo_engine: Engine, page: str) -> None:
    agent_id, email = _coached_agent(demo_engine)
    at = render(email, page, coaching_effect_view="Table")
    seen = [f for f in frames(at) if "agent_id" in f.columns]
    for frame in seen:
        assert set(frame["agent_id"].dropna()) <= {agent_id}, page
    if page == "coaching":
        assert any(len(f) for f in seen), "the agent sees their own sessions"
        assert any("Your manager logs your coaching sessions" in i.value for i in at.info)
        assert [t.label for t in at.tabs] == ["Did it work?", "Sessions"]
    with pytest.raises(ValueError):
        at.switch_page("views/calibration.py")


def test_manager_opening_another_teams_evaluation_is_refused(demo_engine: Engine) -> None:
    every = evaluation_list(demo_engine, Viewer.leadership(), Period.all(), limit=5000)
    other = every[every["team"] != MANAGER_TEAM]["evaluation_id"].iloc[0]
    at = render(MANAGER, "evaluations")
    at.text_input(key="evaluations_id").input(other).run()
    assert any("outside your scope" in e.value for e in at.error)
    assert open_evaluation(demo_engine, Viewer.leadership(), other).evaluation_id == other


def test_manager_logs_a_session_and_it_is_audited(demo_engine: Engine) -> None:
    at = render(MANAGER, "coaching")
    at.selectbox(key="coaching_agent").select_index(0)
    criteria = at.multiselect(key="coaching_criteria").options
    at.multiselect(key="coaching_criteria").select(criteria[0])
    at.text_area(key="coaching_notes").input("went through the opening together")
    next(b for b in at.button if b.label == "Log the session").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.value.startswith("Session ") and "logged for" in s.value for s in at.success)
    with demo_engine.connect() as conn:
        actors = conn.execute(select(qa_audit.c.actor).where(qa_audit.c.action == "coaching.log")).scalars().all()
    assert MANAGER in actors


def test_agent_disputes_and_manager_rescores(demo_engine: Engine) -> None:
    agent_id, email = _coached_agent(demo_engine)
    evaluation_id = evaluation_list(demo_engine, Viewer.agent(agent_id), Period.all())["evaluation_id"].iloc[0]
    at = render(email, "evaluations")
    at.text_input(key="evaluations_id").input(evaluation_id).run()
    assert not at.error and any(s.value == f"Evaluation {evaluation_id}" for s in at.subheader)
    before = open_evaluation(demo_engine, Viewer.leadership(), evaluation_id)
    at.text_area(key="evaluations_open_dispute_reason").input("the caller asked me to skip the recap")
    next(b for b in at.button if b.label == "Send the dispute to my manager").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Dispute" in s.value and "sent" in s.value for s in at.success)

    at = render(MANAGER, "disputes")
    assert at.selectbox(key="disputes_pick").options
    at.radio(key="disputes_decision").set_value("rescore")
    first = before.criteria.iloc[0]
    new_score = float(first["max_score"]) if first["score"] < first["max_score"] else float(first["max_score"]) - 1
    at.number_input(key="disputes_score_0").set_value(new_score)
    at.text_input(key="disputes_note").input("agreed after listening")
    next(b for b in at.button if b.label == "Record decision").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Recorded: dispute" in s.value and "rescored" in s.value for s in at.success), [
        e.value for e in at.error]
    after = open_evaluation(demo_engine, Viewer.leadership(), evaluation_id)
    assert after.is_rescored and after.original_score == before.score and after.score != before.score
    assert after.criteria.iloc[0]["score"] == new_score
    with demo_engine.connect() as conn:
        assert conn.execute(select(qa_disputes.c.status)).scalars().all() == ["rescored"]
        actions = conn.execute(select(qa_audit.c.action, qa_audit.c.actor).where(
            qa_audit.c.action.like("dispute.%")).order_by(qa_audit.c.audit_id)).all()
    assert [tuple(a) for a in actions] == [("dispute.raise", email), ("dispute.rescore", MANAGER)]


def test_qa_figures_drill_to_their_evaluations_and_links_open_them(demo_engine: Engine) -> None:
    agent_id, email = _coached_agent(demo_engine)
    sel = Selection(Period.all(), None, "all", date(2026, 10, 31))
    rows = drill.evaluations(Viewer.manager({MANAGER_TEAM}), sel, "agent_id", agent_column="agent_id",
                             link_as=MANAGER).rows(pd.Series({"agent_id": agent_id}))[1]
    assert len(rows) and set(rows["agent_id"]) == {agent_id}
    assert rows["open"].iloc[0] == f"/evaluations?evaluation={rows['evaluation_id'].iloc[0]}&as={MANAGER}"
    monday = pd.Timestamp(rows["evaluated_at"].iloc[0]).normalize()
    monday -= pd.Timedelta(days=monday.weekday())
    week = drill.evaluations(Viewer.agent(agent_id), sel, "week", weeks=True).rows(pd.Series({"week": monday}))[1]
    assert rows["evaluation_id"].iloc[0] in set(week["evaluation_id"])
    assert week["evaluated_at"].between(monday, monday + timedelta(days=7), inclusive="left").all()

    title, missed = drill.evaluations(Viewer.agent(agent_id), sel, "criterion", missed=True).rows(
        pd.Series({"criterion": "Empathy and tone"}))
    assert title.startswith("Evaluations that missed full marks on Empathy and tone") and len(missed)
    for evaluation_id in missed["evaluation_id"].head(5):
        row = open_evaluation(demo_engine, Viewer.agent(agent_id), evaluation_id).criteria.set_index("criterion")
        assert row.loc["Empathy and tone", "score"] < row.loc["Empathy and tone", "max_score"]

    at = AppTest.from_file(dashboard_app.APP, default_timeout=90)
    at.query_params["as"] = email
    at.query_params["evaluation"] = rows["evaluation_id"].iloc[0]
    at.run()
    at.switch_page("views/evaluations.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(s.value == f"Evaluation {rows['evaluation_id'].iloc[0]}" for s in at.subheader)


def test_a_sessions_evaluations_are_split_into_before_and_after(demo_engine: Engine) -> None:
    from metrics.coaching_effect import session_effects

    agent_id, _ = _coached_agent(demo_engine)
    effect = session_effects(demo_engine, Viewer.agent(agent_id)).iloc[0]
    day = effect["session_date"]
    behind = drill.session_evaluations(Viewer.agent(agent_id), agent_id, day)
    assert set(behind["agent_id"]) <= {agent_id} and set(behind["side"]) <= {"before", "after", "session day"}
    when = pd.to_datetime(behind["evaluated_at"]).dt.date
    assert ((when < day) == (behind["side"] == "before")).all() and ((when > day) == (behind["side"] == "after")).all()
    assert (behind["side"] == "before").sum() >= effect["before_evaluations"]
    assert (behind["side"] == "after").sum() >= effect["after_evaluations"]
    assert when.between(day - timedelta(days=28), day + timedelta(days=28)).all()
