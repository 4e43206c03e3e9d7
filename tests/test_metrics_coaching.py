"""The coaching loop in metrics: sessions (scope, audit), their effect, evaluations, disputes and rescores."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select, update

from metrics import Period, Viewer, criterion_pass_rates, qa_scores
from metrics.actors import resolve_actor
from metrics.audit import audit_trail
from metrics.coaching import SessionInput, log_session, sessions
from metrics.coaching_effect import MIN_EVALUATIONS, NOT_ENOUGH, NOT_YET, improvement_shares, session_effects
from metrics.disputes import decide_dispute, disputes, raise_dispute
from metrics.evaluations import evaluation_list, open_evaluation
from metrics.scope import ScopeError
from sql.schema import qa_evaluations, qa_rescores
from tests.coaching_support import LEAD, MONA, SAM, SESSION_DAY, roles_file, seed

LATER = date(2026, 4, 15)


@pytest.fixture
def db(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    roles_file(tmp_path, monkeypatch)
    seed(engine)
    return engine


def _three_sessions(db: Engine) -> None:
    mona, sam = resolve_actor(db, MONA), resolve_actor(db, SAM)
    log_session(db, mona, SessionInput("A1", SESSION_DAY, ("Empathy",), "tone on hardship calls", date(2026, 3, 16)))
    log_session(db, mona, SessionInput("A2", SESSION_DAY, ("Disclosure",)), source="cli")
    log_session(db, sam, SessionInput("A3", SESSION_DAY, ("Empathy",)))


def test_actors_come_from_the_roles_file_and_the_roster(db: Engine) -> None:
    assert resolve_actor(db, LEAD.upper()).viewer == Viewer.leadership()
    assert resolve_actor(db, MONA).viewer == Viewer.manager({"North"}, "M1")
    assert resolve_actor(db, "a1@x.example").viewer == Viewer.agent("A1")
    with pytest.raises(ScopeError, match="not set up"):
        resolve_actor(db, "nobody@x.example")


def test_sessions_are_scoped_validated_and_audited(db: Engine) -> None:
    _three_sessions(db)
    mona, agent = resolve_actor(db, MONA), resolve_actor(db, "a1@x.example")
    with pytest.raises(ScopeError, match="not in your teams"):
        log_session(db, mona, SessionInput("A3", SESSION_DAY, ("Empathy",)))
    with pytest.raises(ScopeError, match="managers and leadership"):
        log_session(db, agent, SessionInput("A1", SESSION_DAY, ("Empathy",)))
    with pytest.raises(ValueError, match="unknown criterion 'Tone'"):
        log_session(db, mona, SessionInput("A1", date(2026, 3, 9), ("Tone",)))
    with pytest.raises(ValueError, match="before the session date"):
        log_session(db, mona, SessionInput("A1", date(2026, 3, 9), ("Empathy",), None, date(2026, 3, 1)))
    with pytest.raises(ValueError, match="already logged"):
        log_session(db, mona, SessionInput("A1", SESSION_DAY, ("Disclosure",)))
    with pytest.raises(LookupError, match="unknown agent"):
        log_session(db, resolve_actor(db, LEAD), SessionInput("ZZ", SESSION_DAY, ("Empathy",)))

    assert set(sessions(db, Viewer.leadership())["agent_id"]) == {"A1", "A2", "A3"}
    assert set(sessions(db, mona.viewer)["agent_id"]) == {"A1", "A2"}
    mine = sessions(db, agent.viewer)
    assert mine[["agent_id", "criteria", "notes", "coached_by"]].to_dict("records") == [
        {"agent_id": "A1", "criteria": "Empathy", "notes": "tone on hardship calls", "coached_by": MONA}]
    trail = audit_trail(db, Viewer.leadership())
    assert sorted(trail["action"]) == ["coaching.log"] * 3
    assert set(audit_trail(db, mona.viewer)["agent_id"]) == {"A1", "A2"}
    assert set(audit_trail(db, agent.viewer)["agent_id"]) == {"A1"}


def test_effect_before_and_after_with_honest_verdicts(db: Engine) -> None:
    _three_sessions(db)
    effects = session_effects(db, Viewer.leadership(), today=LATER).set_index("agent_id")
    a1 = effects.loc["A1"]
    assert (a1.before_evaluations, a1.after_evaluations) == (3, 3)
    assert a1.before_score == pytest.approx(60.0) and a1.after_score == pytest.approx(250 / 3)
    assert a1.change == pytest.approx(250 / 3 - 60) and a1.verdict == "improved"
    a2 = effects.loc["A2"]
    assert (a2.before_evaluations, a2.after_evaluations, a2.verdict) == (1, 0, NOT_ENOUGH)
    assert pd.isna(a2.before_score) and pd.isna(a2.change)  # no number below the minimum
    assert effects.loc["A3", "verdict"] == "no improvement"
    early = session_effects(db, Viewer.leadership(), today=date(2026, 3, 10)).set_index("agent_id")
    assert early.loc["A2", "verdict"] == NOT_YET and MIN_EVALUATIONS == 3
    # scope: Mona sees her two sessions, A3 only their own
    assert set(session_effects(db, resolve_actor(db, MONA).viewer, today=LATER)["agent_id"]) == {"A1", "A2"}
    assert session_effects(db, Viewer.agent("A3"), today=LATER)["agent_id"].tolist() == ["A3"]


def test_improvement_share_per_manager_and_criterion(db: Engine) -> None:
    _three_sessions(db)
    by_manager = improvement_shares(db, Viewer.leadership(), "coached_by", today=LATER)
    assert by_manager.to_dict("records") == [
        {"coached_by": MONA, "coach_name": "Mona Lee", "sessions": 2, "judged": 1, "improved": 1,
         "improved_share": 1.0},
        {"coached_by": SAM, "coach_name": "Sam Park", "sessions": 1, "judged": 1, "improved": 0,
         "improved_share": 0.0}]
    by_criterion = improvement_shares(db, Viewer.leadership(), "criterion", today=LATER).set_index("criterion")
    assert by_criterion.loc["Empathy", ["sessions", "judged", "improved"]].tolist() == [2, 2, 1]
    assert by_criterion.loc["Disclosure", "judged"] == 0 and pd.isna(by_criterion.loc["Disclosure", "improved_share"])
    assert improvement_shares(db, Viewer.manager({"South"}), today=LATER)["coached_by"].tolist() == [SAM]


def test_open_an_evaluation_with_its_interaction(db: Engine) -> None:
    ev = open_evaluation(db, Viewer.leadership(), "E1-0")
    assert ev.agent_id == "A1" and ev.full_name == "Alice Smith" and ev.evaluator == "Dana (QA)"
    assert ev.score == pytest.approx(75.0) and not ev.critical_failed
    assert ev.criteria[["criterion", "score", "max_score", "critical"]].to_dict("records") == [
        {"criterion": "Disclosure", "score": 10.0, "max_score": 10.0, "critical": True},
        {"criterion": "Empathy", "score": 5.0, "max_score": 10.0, "critical": False}]
    assert ev.interaction["kind"] == "call" and ev.interaction["outcome"] == "payment_plan_created"
    chat = open_evaluation(db, Viewer.agent("A3"), "E3-0")
    assert chat.interaction["kind"] == "conversation" and chat.interaction["channel"] == "chat"
    assert open_evaluation(db, Viewer.leadership(), "E2-0").score == 0.0  # critical Disclosure scored 0
    with pytest.raises(ScopeError):
        open_evaluation(db, Viewer.agent("A1"), "E3-0")
    with pytest.raises(ScopeError):
        open_evaluation(db, Viewer.manager({"North"}), "E3-0")
    with pytest.raises(LookupError):
        open_evaluation(db, Viewer.leadership(), "nope")
    listed = evaluation_list(db, Viewer.manager({"North"}), Period.all(), {"channel": "voice"})
    assert set(listed["agent_id"]) == {"A1", "A2"} and len(listed) == 9
    # behind a criterion pass rate: the evaluations that missed its full marks (every A1/A2 Empathy but none
    # at 10; Disclosure only E2-0)
    assert len(evaluation_list(db, Viewer.manager({"North"}), Period.all(), missed="Empathy")) == 9
    assert evaluation_list(db, Viewer.leadership(), Period.all(), missed="Disclosure")["evaluation_id"].tolist() == [
        "E2-0"]


def test_dispute_rescore_replaces_the_score_everywhere_and_keeps_history(db: Engine) -> None:
    a1, mona, sam = (resolve_actor(db, e) for e in ("a1@x.example", MONA, SAM))
    before = qa_scores(db, Viewer.leadership(), Period.all(), "agent").set_index("agent")
    with pytest.raises(ScopeError, match="own record"):
        raise_dispute(db, resolve_actor(db, "a2@x.example"), "E1-0", "not mine")
    with pytest.raises(ScopeError, match="raised by the agent"):
        raise_dispute(db, mona, "E1-0", "on behalf")
    with pytest.raises(ValueError, match="reason"):
        raise_dispute(db, a1, "E1-0", "  ")
    dispute_id = raise_dispute(db, a1, "E1-0", "the customer asked to skip small talk")
    with pytest.raises(ValueError, match="already has an open dispute"):
        raise_dispute(db, a1, "E1-0", "again")
    with pytest.raises(ScopeError, match="not in your teams"):
        decide_dispute(db, sam, dispute_id, "rescore", scores={"Empathy": 9})
    with pytest.raises(ValueError, match="between 0 and its max score 10"):
        decide_dispute(db, mona, dispute_id, "rescore", scores={"Empathy": 11})
    with pytest.raises(ValueError, match="not on evaluation"):
        decide_dispute(db, mona, dispute_id, "rescore", scores={"Tone": 1})
    msg = decide_dispute(db, mona, dispute_id, "rescore", "fair point", {"Empathy": 9, "Disclosure": 10})
    assert msg == "dispute 1: evaluation E1-0 rescored (Empathy 5 → 9)"
    with pytest.raises(ValueError, match="already decided"):
        decide_dispute(db, mona, dispute_id, "uphold")

    after = qa_scores(db, Viewer.leadership(), Period.all(), "agent").set_index("agent")
    # A1's 8 evaluations: one went from 75 to 95 points
    assert after.loc["A1", "qa_score"] - before.loc["A1", "qa_score"] == pytest.approx(20 / 8)
    assert after.loc["A3", "qa_score"] == before.loc["A3", "qa_score"]
    empathy = criterion_pass_rates(db, Viewer.leadership(), Period.all()).set_index("criterion").loc["Empathy"]
    assert empathy.passed == 0  # 9/10 is still not full marks
    ev = open_evaluation(db, Viewer.agent("A1"), "E1-0")
    row = ev.criteria.set_index("criterion").loc["Empathy"]
    assert (row.score, row.original_score, bool(row.is_rescored)) == (9.0, 5.0, True)
    assert ev.score == pytest.approx(95.0) and ev.original_score == pytest.approx(75.0)
    assert ev.disputes[["status", "decided_by"]].to_dict("records") == [{"status": "rescored", "decided_by": MONA}]

    # a second dispute, rescored again: the latest rescore counts, both stay in the history
    second = raise_dispute(db, a1, "E1-0", "still low")
    decide_dispute(db, resolve_actor(db, LEAD), second, "rescore", scores={"Empathy": 10})
    ev = open_evaluation(db, Viewer.leadership(), "E1-0")
    assert ev.score == 100.0 and ev.rescores[["score_before", "score_after"]].values.tolist() == [[5, 9], [9, 10]]
    third = raise_dispute(db, a1, "E1-1", "please check")
    assert decide_dispute(db, mona, third, "uphold", "scored as per the guide").endswith("keeps its scores")
    assert rescore_rows(db) == 2
    # rescoring a critical criterion that scored 0 lifts the auto-fail in the QA figures too
    a2 = resolve_actor(db, "a2@x.example")
    assert qa_scores(db, Viewer.agent("A2"), Period.all(), "agent")["qa_score"].tolist() == [0.0]
    decide_dispute(db, mona, raise_dispute(db, a2, "E2-0", "I read the disclosure"), "rescore",
                   scores={"Disclosure": 10})
    assert qa_scores(db, Viewer.agent("A2"), Period.all(), "agent")["qa_score"].tolist() == [70.0]
    assert not open_evaluation(db, Viewer.agent("A2"), "E2-0").critical_failed
    assert rescore_rows(db) == 3
    # a re-import that changes the source row never undoes the rescore; the imported score is kept beside it
    with db.begin() as conn:
        conn.execute(update(qa_evaluations).where(qa_evaluations.c.evaluation_id == "E1-0",
                                                  qa_evaluations.c.criterion == "Empathy").values(score=3))
    row = open_evaluation(db, Viewer.leadership(), "E1-0").criteria.set_index("criterion").loc["Empathy"]
    assert (row.score, row.original_score) == (10.0, 3.0)
    assert list(disputes(db, Viewer.agent("A1"))["status"]) == ["upheld", "rescored", "rescored"]
    assert len(disputes(db, Viewer.manager({"North"}))) == 4
    assert disputes(db, Viewer.manager({"South"})).empty
    actions = audit_trail(db, Viewer.agent("A1"))["action"].tolist()
    assert len(audit_trail(db, Viewer.agent("A2"))) == 2
    assert sorted(actions) == sorted(["dispute.raise"] * 3 + ["dispute.rescore"] * 2 + ["dispute.uphold"])


def rescore_rows(engine: Engine) -> int:
    """How many rescores are stored."""
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(qa_rescores)).scalar())
