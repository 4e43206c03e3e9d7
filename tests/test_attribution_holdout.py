"""Attribution on the hold-out's failure classes and the labelled sets' targets, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from sqlalchemy import Engine, insert
from typer.testing import CliRunner

from attribution import attribute_pending
from sql.schema import accounts
from tests.attribution_support import NOW, add_account, add_agents, add_call, add_review, links_of


def test_mention_of_an_agent_who_left_long_before_is_queued(engine: Engine) -> None:
    add_agents(engine)
    add_review(engine, "R1", "Ivy Chen", "Tom was great.", at=NOW + timedelta(days=60))
    attribute_pending(engine)
    status, _, _, evidence = links_of(engine, "R1")["A5"]
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
    add_agents(engine)
    with engine.begin() as conn:
        conn.execute(insert(accounts), [
            {"account_id": "C1", "customer_name": "Susan Cabrera", "email": "susan.c@example.com", "phone": None},
            {"account_id": "C2", "customer_name": "Susan Cabrera", "email": "scabrera@example.org", "phone": None},
            {"account_id": "C3", "customer_name": "Priya Nair", "email": None, "phone": "+1 (555) 123-4567"},
            {"account_id": "C4", "customer_name": "Priya Nair", "email": None, "phone": "5551234567"},
        ])
    add_call(engine, "k1", "C1", "A2", 2)
    add_call(engine, "k2", "C2", "A4", 1)
    add_call(engine, "k3", "C3", "A2", 5)  # one customer, two debts: the same person
    add_call(engine, "k4", "C4", "A4", 1)
    add_review(engine, "r1", "Susan Cabrera", "Very helpful, thank you.")
    add_review(engine, "r2", "Priya Nair", "Very helpful, thank you.")
    attribute_pending(engine)
    assert {a: v[0] for a, v in links_of(engine, "r1").items()} == {"A2": "needs_review", "A4": "needs_review"}
    assert {a: v[0] for a, v in links_of(engine, "r2").items()} == {"A4": "auto"}


def test_a_person_the_roster_does_not_know_keeps_the_history_candidate_in_the_queue(engine: Engine) -> None:
    add_agents(engine)
    add_account(engine, "C1", "Dana Brooks")
    add_call(engine, "k1", "C1", "A4", 2)
    add_review(engine, "r1", "Dana Brooks", "Huge thanks to Bartholomew!")
    add_account(engine, "C2", "Eli Stone")
    add_call(engine, "k2", "C2", "A4", 2)
    add_review(engine, "r2", "Eli Stone", "Thanks to Josh Foreman for building a company that cares.")
    attribute_pending(engine)
    status, _, _, evidence = links_of(engine, "r1")["A4"]
    assert status == "needs_review" and '"Bartholomew"' in evidence
    assert links_of(engine, "r2")["A4"][0] == "auto"  # someone named in full is not an agent: history decides


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
    assert links_of(engine, "late") == {}
    load_paths(engine, "calls", [contract / "calls.csv"], progress=False)
    attribute_pending(engine)
    links = links_of(engine, "late")
    assert list(links) == ["00101"] and links["00101"][0] == "auto", links
    assert attribute_pending(engine).reviews == 0, "nothing new since: nothing redone"
