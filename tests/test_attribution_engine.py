"""Attribution end to end on SQLite and PostgreSQL: history, decisions, queue, updates, export, CLI."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
import typer
from sqlalchemy import Engine, insert, select, update
from typer.testing import CliRunner

from attribution import AttributionConfig, attribute_pending
from attribution.commands import register
from attribution.export import EXPORT_COLUMNS
from pipeline.load import after_load
from sql.schema import (
    account_name_keys,
    accounts,
    attribution_decisions,
    digital,
    review_flags,
    reviews,
)
from tests.attribution_support import NOW, add_account, add_agents, add_call, add_review, links_of


def test_mention_and_history_agree_gives_a_confident_auto_link(engine: Engine) -> None:
    add_agents(engine)
    add_account(engine, "C1", "LINDA HALL")
    add_call(engine, "K1", "C1", "A1", 2)
    add_review(engine, "R1", "Linda Hall", "Bob was super helpful!")
    summary = attribute_pending(engine)
    assert summary.reviews == 1 and summary.auto_links == 1
    status, method, conf, evidence = links_of(engine, "R1")["A1"]
    assert (status, method) == ("auto", "mention+history")
    assert conf >= 0.95
    assert 'mentions "Bob" (alias of Robert Diaz)' in evidence and "2 days before" in evidence


def test_shared_first_name_resolved_by_history_or_queued(engine: Engine) -> None:
    add_agents(engine)
    add_account(engine, "C1", "Maria Gutiérrez")
    add_call(engine, "K1", "C1", "A3", 3)
    add_review(engine, "R1", "Maria G.", "Maria was lovely and patient.")
    add_review(engine, "R2", "Someone Else", "Maria was lovely and patient.")
    attribute_pending(engine)
    assert {a: v[0] for a, v in links_of(engine, "R1").items()} == {"A3": "auto"}
    assert {a: v[0] for a, v in links_of(engine, "R2").items()} == {"A2": "needs_review", "A3": "needs_review"}


def test_history_only_counts_engaged_person_contacts_and_voice_ai_handoff(engine: Engine) -> None:
    add_agents(engine)
    add_account(engine, "C1", "Owen Price")
    add_call(engine, "K1", "C1", None, 3, handled_by="voice_ai", handoff_agent_id="A6")
    add_call(engine, "K2", "C1", "A4", 1, talk_seconds=0, disposition="no_answer", direction="outbound")
    add_call(engine, "K3", "C1", None, 0.5, handled_by="voice_ai")
    with engine.begin() as conn:
        conn.execute(
            insert(digital).values(
                interaction_id="D1",
                account_id="C1",
                channel="email",
                direction="outbound",
                started_at=NOW - timedelta(hours=2),
                agent_id="A4",
            )
        )
    add_review(engine, "R1", "owen price", "Very helpful, thank you.")
    attribute_pending(engine)
    links = links_of(engine, "R1")
    assert list(links) == ["A6"]
    assert links["A6"][:2] == ("auto", "history")
    assert links["A6"][2] < 0.9


def test_agent_who_left_is_not_credited_for_later_contacts(engine: Engine) -> None:
    add_agents(engine)
    add_account(engine, "C1", "Troy Dale")
    add_call(engine, "K1", "C1", "A4", 6)
    add_call(engine, "K2", "C1", "A5", 1)  # after Tom's end_date
    add_review(engine, "R1", "Troy Dale", "Thanks for the help.")
    attribute_pending(engine)
    assert list(links_of(engine, "R1")) == ["A4"]


def test_conflict_between_mention_and_history_is_queued(engine: Engine) -> None:
    add_agents(engine)
    add_account(engine, "C1", "Mona Fay")
    add_call(engine, "K1", "C1", "A6", 2)
    add_review(engine, "R1", "Mona Fay", "Sarah was awesome!")
    attribute_pending(engine)
    links = links_of(engine, "R1")
    assert {a: v[0] for a, v in links.items()} == {"A4": "needs_review", "A6": "needs_review"}


def test_insider_review_is_flagged_held_and_cleared_by_a_decision(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_agents(engine)
    add_review(engine, "R1", "Sarah Kim", "Sarah is the best, ask for her!")
    summary = attribute_pending(engine)
    assert summary.insider_flags == 1
    assert links_of(engine, "R1")["A4"][0] == "needs_review"
    with engine.connect() as conn:
        flag = conn.execute(select(review_flags).where(review_flags.c.review_id == "R1")).one()
    assert flag.flag == "insider" and flag.cleared_at is None and "16 CFR 465" in flag.detail
    runner, app = _cli(monkeypatch, db_url)
    queue = runner.invoke(app, ["review-queue"])
    assert queue.exit_code == 0 and "R1" in queue.output and "FLAG insider" in queue.output
    res = runner.invoke(app, ["decide", "R1", "--confirm", "A4", "--by", "cx@example.com", "--note", "checked HR"])
    assert res.exit_code == 0, res.output
    with engine.connect() as conn:
        flag = conn.execute(select(review_flags).where(review_flags.c.review_id == "R1")).one()
        actions = (
            conn.execute(select(attribution_decisions.c.action).order_by(attribution_decisions.c.decision_id))
            .scalars()
            .all()
        )
    assert flag.cleared_by == "cx@example.com"
    assert actions == ["confirm", "clear_insider"]
    assert "review queue is empty" in runner.invoke(app, ["review-queue"]).output


def _cli(monkeypatch: pytest.MonkeyPatch, db_url: str) -> tuple[CliRunner, typer.Typer]:
    monkeypatch.setenv("DATABASE_URL", db_url)
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test root."""

    register(app)
    return CliRunner(), app


def test_decisions_are_audited_and_survive_reattribution_and_edits(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_agents(engine)
    add_review(engine, "R1", "Walt Gray", "Maria was great.")
    add_review(engine, "R2", "Ivy Chen", "Great service.")
    attribute_pending(engine)
    runner, app = _cli(monkeypatch, db_url)
    assert runner.invoke(app, ["decide", "R1", "--confirm", "A2", "--by", "lead@example.com"]).exit_code == 0
    assert runner.invoke(app, ["decide", "R1", "--reject", "A3", "--by", "lead@example.com"]).exit_code == 0
    res = runner.invoke(
        app,
        [
            "decide",
            "R2",
            "--assign",
            "rob@example.com",
            "--by",
            "lead@example.com",
            "--note",
            "customer named him on the phone",
        ],
    )
    assert res.exit_code == 0, res.output
    bad = runner.invoke(app, ["decide", "R2", "--confirm", "A4", "--by", "lead@example.com"])
    assert bad.exit_code == 1 and "not a candidate" in bad.output
    # an edit and a full recompute leave the decisions alone
    with engine.begin() as conn:
        conn.execute(
            update(reviews)
            .where(reviews.c.review_id == "R1")
            .values(comment="Sarah was great.", updated_at=NOW + timedelta(days=1))
        )
    assert attribute_pending(engine, recompute_all=True).kept_human_decisions == 2
    assert {a: v[0] for a, v in links_of(engine, "R1").items()} == {"A2": "confirmed", "A3": "rejected"}
    assert links_of(engine, "R2")["A1"][:2] == ("confirmed", "manual")
    with engine.connect() as conn:
        log = conn.execute(select(attribution_decisions).order_by(attribution_decisions.c.decision_id)).all()
    assert [(d.review_id, d.agent_id, d.action, d.status_before, d.status_after) for d in log] == [
        ("R1", "A2", "confirm", "needs_review", "confirmed"),
        ("R1", "A3", "reject", "needs_review", "rejected"),
        ("R2", "A1", "assign", None, "confirmed"),
    ]
    assert all(d.decided_by == "lead@example.com" and d.decided_at for d in log)
    assert log[2].note == "customer named him on the phone"


def test_edited_review_is_reattributed_and_incremental_runs_skip_done_ones(engine: Engine) -> None:
    add_agents(engine)
    add_review(engine, "R1", "Ivy Chen", "Sarah was great.")
    attribute_pending(engine)
    assert list(links_of(engine, "R1")) == ["A4"]
    assert attribute_pending(engine).reviews == 0
    with engine.begin() as conn:
        conn.execute(
            update(reviews)
            .where(reviews.c.review_id == "R1")
            .values(comment="Actually it was Priya who helped.", updated_at=NOW + timedelta(days=2), run_id=5)
        )
    assert attribute_pending(engine).reviews == 1
    assert list(links_of(engine, "R1")) == ["A6"]


def test_text_signals_are_stored(engine: Engine) -> None:
    add_agents(engine)
    add_review(engine, "R1", "Ivy Chen", "Terrible, rude and awful people.", stars=5)
    add_review(
        engine,
        "R2",
        "Ned Hill",
        "(Translated by Google) Excellent service, very kind.\n\n(Original)\nExcelente servicio, muy amable.",
    )
    attribute_pending(engine)
    with engine.connect() as conn:
        rows = {r.review_id: r for r in conn.execute(select(reviews))}
    assert rows["R1"].polarity < 0 and rows["R1"].is_rating_text_mismatch is True
    assert rows["R1"].language == "en"
    assert rows["R2"].language == "es" and rows["R2"].polarity > 0.5
    assert rows["R2"].is_rating_text_mismatch is False
    assert 0 <= rows["R2"].subjectivity <= 1


def test_window_is_configurable(engine: Engine) -> None:
    add_agents(engine)
    add_account(engine, "C1", "Ava Reid")
    add_call(engine, "K1", "C1", "A6", 20)
    add_review(engine, "R1", "Ava Reid", "Good.")
    attribute_pending(engine)
    assert links_of(engine, "R1") == {}
    attribute_pending(engine, recompute_all=True, config=AttributionConfig(window_days=30))
    assert list(links_of(engine, "R1")) == ["A6"]


def test_account_keys_follow_account_loads(engine: Engine) -> None:
    add_agents(engine)
    attribute_pending(engine)  # builds the index (empty) and bookmarks it
    with engine.begin() as conn:
        conn.execute(insert(accounts).values(account_id="C9", customer_name="Nora Quinn", run_id=7))
        after_load(conn, "accounts", 7)
    with engine.connect() as conn:
        keys = set(conn.execute(select(account_name_keys.c.name_key)).scalars())
    assert keys == {"n:nora quinn", "i:nora q"}


def test_export_has_the_contract_shape(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    add_agents(engine)
    add_review(engine, "R1", "Fay Wells", "Sarah started my plan and Priya finished it.")
    add_review(engine, "R2", None, None)
    runner, app = _cli(monkeypatch, db_url)
    res = runner.invoke(app, ["attribute"])
    assert res.exit_code == 0 and "2 reviews attributed" in res.output
    out = tmp_path / "attr.csv"
    res = runner.invoke(app, ["export", "attributions", "--out", str(out)])
    assert res.exit_code == 0, res.output
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0].keys()) == EXPORT_COLUMNS
    assert {(r["review_id"], r["agent_id"], r["status"], r["method"]) for r in rows} == {
        ("R1", "A4", "auto", "mention"),
        ("R1", "A6", "auto", "mention"),
    }
    assert all(0 <= float(r["confidence"]) <= 1 and r["evidence"] for r in rows)


def test_commands_are_registered_on_the_ingest_cli(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.ingest_cli import app

    monkeypatch.setenv("DATABASE_URL", db_url)
    add_agents(engine)
    add_review(engine, "R1", "Ivy Chen", "Priya was brilliant.")
    runner = CliRunner()
    res = runner.invoke(app, ["attribute"])
    assert res.exit_code == 0 and "1 auto links" in res.output
    assert runner.invoke(app, ["review-queue"]).output.startswith("review queue is empty")
