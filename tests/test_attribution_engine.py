"""Attribution end to end on SQLite and PostgreSQL: history, decisions, queue, updates, export, CLI."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta

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
    agents,
    attribution_decisions,
    attributions,
    calls,
    digital,
    review_flags,
    reviews,
)

NOW = datetime(2026, 5, 10, 12, 0)


def _agents(engine: Engine) -> None:
    rows = [
        {"agent_id": "A1", "full_name": "Robert Diaz", "aliases": "Bob", "email": "rob@example.com"},
        {"agent_id": "A2", "full_name": "Maria Gomez"},
        {"agent_id": "A3", "full_name": "Maria Garcia"},
        {"agent_id": "A4", "full_name": "Sarah Kim"},
        {"agent_id": "A5", "full_name": "Tom Reid", "end_date": date(2026, 5, 5)},
        {"agent_id": "A6", "full_name": "Priya Shah"},
    ]
    with engine.begin() as conn:
        for row in rows:
            conn.execute(insert(agents).values(**row))


def _account(engine: Engine, account_id: str, name: str) -> None:
    with engine.begin() as conn:
        conn.execute(insert(accounts).values(account_id=account_id, customer_name=name))


def _call(engine: Engine, call_id: str, account_id: str, agent: str | None, days: float, **kw) -> None:
    row = {
        "call_id": call_id,
        "account_id": account_id,
        "direction": "inbound",
        "started_at": NOW - timedelta(days=days),
        "talk_seconds": 240,
        "disposition": "answered",
        "handled_by": "agent",
        "agent_id": agent,
    } | kw
    with engine.begin() as conn:
        conn.execute(insert(calls).values(**row))


def _review(
    engine: Engine, rid: str, reviewer: str | None, text: str | None, stars: int = 5, at: datetime = NOW
) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(reviews).values(
                review_id=rid,
                reviewer_name=reviewer,
                reviewer_is_anonymous=reviewer is None,
                star_rating=stars,
                comment=text,
                created_at=at,
                updated_at=at,
                is_deleted=False,
            )
        )


def _links(engine: Engine, rid: str) -> dict[str, tuple[str, str, float, str]]:
    with engine.connect() as conn:
        rows = conn.execute(select(attributions).where(attributions.c.review_id == rid)).all()
    return {r.agent_id: (r.status, r.method, r.confidence, r.evidence) for r in rows}


def test_mention_and_history_agree_gives_a_confident_auto_link(engine: Engine) -> None:
    _agents(engine)
    _account(engine, "C1", "LINDA HALL")
    _call(engine, "K1", "C1", "A1", 2)
    _review(engine, "R1", "Linda Hall", "Bob was super helpful!")
    summary = attribute_pending(engine)
    assert summary.reviews == 1 and summary.auto_links == 1
    status, method, conf, evidence = _links(engine, "R1")["A1"]
    assert (status, method) == ("auto", "mention+history")
    assert conf >= 0.95
    assert 'mentions "Bob" (alias of Robert Diaz)' in evidence and "2 days before" in evidence


def test_shared_first_name_resolved_by_history_or_queued(engine: Engine) -> None:
    _agents(engine)
    _account(engine, "C1", "Maria Gutiérrez")
    _call(engine, "K1", "C1", "A3", 3)
    _review(engine, "R1", "Maria G.", "Maria was lovely and patient.")
    _review(engine, "R2", "Someone Else", "Maria was lovely and patient.")
    attribute_pending(engine)
    assert {a: v[0] for a, v in _links(engine, "R1").items()} == {"A3": "auto"}
    assert {a: v[0] for a, v in _links(engine, "R2").items()} == {"A2": "needs_review", "A3": "needs_review"}


def test_history_only_counts_engaged_person_contacts_and_voice_ai_handoff(engine: Engine) -> None:
    _agents(engine)
    _account(engine, "C1", "Owen Price")
    _call(engine, "K1", "C1", None, 3, handled_by="voice_ai", handoff_agent_id="A6")
    _call(engine, "K2", "C1", "A4", 1, talk_seconds=0, disposition="no_answer", direction="outbound")
    _call(engine, "K3", "C1", None, 0.5, handled_by="voice_ai")
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
    _review(engine, "R1", "owen price", "Very helpful, thank you.")
    attribute_pending(engine)
    links = _links(engine, "R1")
    assert list(links) == ["A6"]
    assert links["A6"][:2] == ("auto", "history")
    assert links["A6"][2] < 0.9


def test_agent_who_left_is_not_credited_for_later_contacts(engine: Engine) -> None:
    _agents(engine)
    _account(engine, "C1", "Troy Dale")
    _call(engine, "K1", "C1", "A4", 6)
    _call(engine, "K2", "C1", "A5", 1)  # after Tom's end_date
    _review(engine, "R1", "Troy Dale", "Thanks for the help.")
    attribute_pending(engine)
    assert list(_links(engine, "R1")) == ["A4"]


def test_conflict_between_mention_and_history_is_queued(engine: Engine) -> None:
    _agents(engine)
    _account(engine, "C1", "Mona Fay")
    _call(engine, "K1", "C1", "A6", 2)
    _review(engine, "R1", "Mona Fay", "Sarah was awesome!")
    attribute_pending(engine)
    links = _links(engine, "R1")
    assert {a: v[0] for a, v in links.items()} == {"A4": "needs_review", "A6": "needs_review"}


def test_insider_review_is_flagged_held_and_cleared_by_a_decision(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _agents(engine)
    _review(engine, "R1", "Sarah Kim", "Sarah is the best, ask for her!")
    summary = attribute_pending(engine)
    assert summary.insider_flags == 1
    assert _links(engine, "R1")["A4"][0] == "needs_review"
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
    _agents(engine)
    _review(engine, "R1", "Walt Gray", "Maria was great.")
    _review(engine, "R2", "Ivy Chen", "Great service.")
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
    assert {a: v[0] for a, v in _links(engine, "R1").items()} == {"A2": "confirmed", "A3": "rejected"}
    assert _links(engine, "R2")["A1"][:2] == ("confirmed", "manual")
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
    _agents(engine)
    _review(engine, "R1", "Ivy Chen", "Sarah was great.")
    attribute_pending(engine)
    assert list(_links(engine, "R1")) == ["A4"]
    assert attribute_pending(engine).reviews == 0
    with engine.begin() as conn:
        conn.execute(
            update(reviews)
            .where(reviews.c.review_id == "R1")
            .values(comment="Actually it was Priya who helped.", updated_at=NOW + timedelta(days=2), run_id=5)
        )
    assert attribute_pending(engine).reviews == 1
    assert list(_links(engine, "R1")) == ["A6"]


def test_text_signals_are_stored(engine: Engine) -> None:
    _agents(engine)
    _review(engine, "R1", "Ivy Chen", "Terrible, rude and awful people.", stars=5)
    _review(
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
    _agents(engine)
    _account(engine, "C1", "Ava Reid")
    _call(engine, "K1", "C1", "A6", 20)
    _review(engine, "R1", "Ava Reid", "Good.")
    attribute_pending(engine)
    assert _links(engine, "R1") == {}
    attribute_pending(engine, recompute_all=True, config=AttributionConfig(window_days=30))
    assert list(_links(engine, "R1")) == ["A6"]


def test_account_keys_follow_account_loads(engine: Engine) -> None:
    _agents(engine)
    attribute_pending(engine)  # builds the index (empty) and bookmarks it
    with engine.begin() as conn:
        conn.execute(insert(accounts).values(account_id="C9", customer_name="Nora Quinn", run_id=7))
        after_load(conn, "accounts", 7)
    with engine.connect() as conn:
        keys = set(conn.execute(select(account_name_keys.c.name_key)).scalars())
    assert keys == {"n:nora quinn", "i:nora q"}


def test_export_has_the_contract_shape(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    _agents(engine)
    _review(engine, "R1", "Fay Wells", "Sarah started my plan and Priya finished it.")
    _review(engine, "R2", None, None)
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
    _agents(engine)
    _review(engine, "R1", "Ivy Chen", "Priya was brilliant.")
    runner = CliRunner()
    res = runner.invoke(app, ["attribute"])
    assert res.exit_code == 0 and "1 auto links" in res.output
    assert runner.invoke(app, ["review-queue"]).output.startswith("review queue is empty")


def test_mention_of_an_agent_who_left_long_before_is_queued(engine: Engine) -> None:
    _agents(engine)
    _review(engine, "R1", "Ivy Chen", "Tom was great.", at=NOW + timedelta(days=60))
    attribute_pending(engine)
    status, _, _, evidence = _links(engine, "R1")["A5"]
    assert status == "needs_review" and "left on 2026-05-05" in evidence


def test_loaded_files_attribute_and_export_like_the_holdout(
    engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    from pipeline.ingest_cli import app

    monkeypatch.setenv("DATABASE_URL", db_url)
    (tmp_path / "agents.csv").write_text(
        "agent_id,full_name,preferred_name,aliases,email,end_date\n"
        "A1,Robert Diaz,,Bob,rob@example.com,\nA2,José Hernández,,,jose@example.com,\n",
        encoding="utf-8",
    )
    (tmp_path / "accounts.csv").write_text(
        "account_id,customer_name\nC1,Linda Hall\nC2,María Gutiérrez\n", encoding="utf-8"
    )
    (tmp_path / "calls.csv").write_text(
        "call_id,account_id,direction,started_at,talk_seconds,disposition,handled_by,agent_id,handoff_agent_id\n"
        "K1,C1,inbound,2026-03-01T10:00:00Z,300,answered,agent,A1,\n"
        "K2,C2,inbound,2026-03-02T10:00:00Z,300,answered,voice_ai,,A2\n",
        encoding="utf-8",
    )
    review = (
        '{{"name": "accounts/1/locations/9/reviews/{rid}", "reviewId": "{rid}", "reviewer": {{"displayName": "{who}"}},'
        ' "starRating": "FIVE", "comment": "{text}", "createTime": "{at}", "updateTime": "{at}"}}'
    )
    lines = [
        review.format(rid="r1", who="Linda Hall", text="Bob was fantastic!", at="2026-03-04T12:00:00Z"),
        review.format(
            rid="r2",
            who="Maria G.",
            text="(Translated by Google) Very kind.\\n\\n(Original)\\nMuy amable.",
            at="2026-03-05T12:00:00Z",
        ),
    ]
    (tmp_path / "reviews.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    for kind in ("agents", "accounts", "calls"):
        res = runner.invoke(app, ["load", kind, str(tmp_path / f"{kind}.csv"), "--quiet"])
        assert res.exit_code == 0, res.output
    assert runner.invoke(app, ["load", "reviews", str(tmp_path / "reviews.jsonl"), "--quiet"]).exit_code == 0
    assert runner.invoke(app, ["attribute"]).exit_code == 0
    out = tmp_path / "out.csv"
    assert runner.invoke(app, ["export", "attributions", "--out", str(out)]).exit_code == 0
    with open(out, encoding="utf-8", newline="") as fh:
        rows = {(r["review_id"], r["agent_id"], r["status"], r["method"]) for r in csv.DictReader(fh)}
    assert rows == {("r1", "A1", "auto", "mention+history"), ("r2", "A2", "auto", "history")}


def test_labelled_set_meets_the_quality_targets(engine: Engine) -> None:
    from benchmarks.attribution_data import generate, load_handwritten
    from benchmarks.attribution_quality import run_part, score

    for ds in (generate(seed=3, per_case=6), load_handwritten()):
        links, flagged, _ = run_part(engine, ds)
        overall = score(links, ds.labels, flagged)["ALL"]
        assert overall["correct"] / overall["auto"] >= 0.99
        assert overall["correct"] / overall["expected"] >= 0.90
        assert overall["queue_hit"] == overall["queue_expected"]
        assert overall["queued"] / overall["reviews"] <= 0.10


def test_namesake_account_holders_served_by_different_agents_are_queued(engine: Engine) -> None:
    _agents(engine)
    with engine.begin() as conn:
        conn.execute(insert(accounts), [
            {"account_id": "C1", "customer_name": "Susan Cabrera", "email": "susan.c@example.com", "phone": None},
            {"account_id": "C2", "customer_name": "Susan Cabrera", "email": "scabrera@example.org", "phone": None},
            {"account_id": "C3", "customer_name": "Priya Nair", "email": None, "phone": "+1 (555) 123-4567"},
            {"account_id": "C4", "customer_name": "Priya Nair", "email": None, "phone": "5551234567"},
        ])
    _call(engine, "k1", "C1", "A2", 2)
    _call(engine, "k2", "C2", "A4", 1)
    _call(engine, "k3", "C3", "A2", 5)  # one customer, two debts: the same person
    _call(engine, "k4", "C4", "A4", 1)
    _review(engine, "r1", "Susan Cabrera", "Very helpful, thank you.")
    _review(engine, "r2", "Priya Nair", "Very helpful, thank you.")
    attribute_pending(engine)
    assert {a: v[0] for a, v in _links(engine, "r1").items()} == {"A2": "needs_review", "A4": "needs_review"}
    assert {a: v[0] for a, v in _links(engine, "r2").items()} == {"A4": "auto"}


def test_a_person_the_roster_does_not_know_keeps_the_history_candidate_in_the_queue(engine: Engine) -> None:
    _agents(engine)
    _account(engine, "C1", "Dana Brooks")
    _call(engine, "k1", "C1", "A4", 2)
    _review(engine, "r1", "Dana Brooks", "Huge thanks to Bartholomew!")
    _account(engine, "C2", "Eli Stone")
    _call(engine, "k2", "C2", "A4", 2)
    _review(engine, "r2", "Eli Stone", "Thanks to Josh Foreman for building a company that cares.")
    attribute_pending(engine)
    status, _, _, evidence = _links(engine, "r1")["A4"]
    assert status == "needs_review" and '"Bartholomew"' in evidence
    assert _links(engine, "r2")["A4"][0] == "auto"  # someone named in full is not an agent: history decides


def test_evaluation_set_meets_the_targets(engine: Engine) -> None:
    """The independent set (never tuned on): precision 0.99, recall 0.93, no class below 0.97, must-queues queued."""
    from benchmarks.attribution_eval_data import generate_eval
    from benchmarks.attribution_quality import run_part, score

    ds = generate_eval(seed=5, rounds=24)
    links, flagged, _ = run_part(engine, ds)
    stats = score(links, ds.labels, flagged)
    overall = stats["ALL"]
    assert overall["correct"] / overall["auto"] >= 0.99
    assert overall["correct"] / overall["expected"] >= 0.93
    assert overall["queue_hit"] >= 0.9 * overall["queue_expected"]
    assert all(st["correct"] >= 0.97 * st["auto"] for st in stats.values()), {
        case: (st["correct"], st["auto"]) for case, st in stats.items()
    }


def test_a_call_log_loaded_after_the_review_still_earns_the_credit(engine: Engine, tmp_path) -> None:
    """Evidence that arrives later (the day's call log after the review sync) is used by the next run."""
    from pathlib import Path

    from pipeline.load import load_paths

    contract = Path(__file__).parent / "data" / "contract"
    for kind, name in (("agents", "agents.csv"), ("accounts", "accounts.csv")):
        load_paths(engine, kind, [contract / name], progress=False)
    review = tmp_path / "r.jsonl"
    review.write_text(
        '{"reviewId": "late", "reviewer": {"displayName": "Maria Gonzalez"}, "starRating": "FIVE",'
        ' "comment": "Great help, thank you so much!", "createTime": "2026-03-05T18:00:00Z"}\n'
    )
    load_paths(engine, "reviews", [review], progress=False)
    attribute_pending(engine)
    assert _links(engine, "late") == {}
    load_paths(engine, "calls", [contract / "calls.csv"], progress=False)
    attribute_pending(engine)
    links = _links(engine, "late")
    assert list(links) == ["00101"] and links["00101"][0] == "auto", links
    assert attribute_pending(engine).reviews == 0, "nothing new since: nothing redone"
