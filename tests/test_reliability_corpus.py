"""The bad-input corpus (tests/data/bad): good rows load, each bad one is rejected with a place and a reason."""

from __future__ import annotations

import csv
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from pipeline.load import load_paths
from sql.schema import (
    accounts,
    agents,
    calls,
    digital,
    ingest_rejects,
    ingest_runs,
    pauses,
    qa_evaluations,
    reviews,
)
from tests.conftest import _truncate

BAD = Path(__file__).parent / "data" / "bad"
CASES = tomllib.loads((BAD / "cases.toml").read_text(encoding="utf-8"))["case"]
TABLES = {"agents": agents, "accounts": accounts, "pauses": pauses, "calls": calls, "digital": digital,
          "qa": qa_evaluations, "reviews": reviews}


@pytest.fixture(scope="module")
def corpus_engine(migrated_engine: Engine) -> Iterator[Engine]:
    """One emptied database for the whole corpus: every case uses ids of its own and is checked by run_id."""
    _truncate(migrated_engine)
    yield migrated_engine


def test_every_corpus_file_has_an_expected_outcome() -> None:
    files = {p.name for p in BAD.iterdir() if p.name != "cases.toml"}
    assert files == {c["file"] for c in CASES}
    assert len(CASES) == len(files), "one entry per file"


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_corpus_case(corpus_engine: Engine, case: dict) -> None:
    path = BAD / case["file"]
    [result] = load_paths(corpus_engine, case["kind"], [path], timezone=case.get("timezone"), progress=False)
    table = TABLES[case["kind"]]
    key = table.c[table.primary_key.columns.values()[0].name]
    with corpus_engine.connect() as conn:
        loaded = conn.execute(select(key).where(table.c.run_id == result.run_id)).scalars().all()
        run = conn.execute(select(ingest_runs).where(ingest_runs.c.run_id == result.run_id)).one()
        stored = conn.execute(select(ingest_rejects).where(ingest_rejects.c.run_id == result.run_id)).all()
    assert result.status == run.status == case["status"], result.summary()
    assert sorted(loaded) == sorted(case["loaded"]), "exactly the good rows load"
    assert {r.line for r in stored} == {line for line, _, _ in case["rejects"]}, stored
    for line, column, words in case["rejects"]:
        hits = [r for r in stored if r.line == line and (r.column_name or "") == column and words in r.reason]
        assert hits, f"no reject at line {line}, column {column!r} saying {words!r}: {stored}"
    assert all(r.file_path == str(path) and r.reason for r in stored), "every reject names its file and reason"
    assert all(len(r.value or "") <= 500 for r in stored), "a rejected 1 MB cell is stored as its first 500 chars"
    if case["status"] != "failed":
        assert result.rejected == len({r.line for r in stored})
        assert result.inserted == len(case["loaded"])
    assert case.get("message", "") in result.message


def test_formula_cells_are_stored_verbatim(corpus_engine: Engine) -> None:
    """Input keeps what the customer system sent; neutralising formulas is the exports' job."""
    path = BAD / "formula_cells.csv"
    load_paths(corpus_engine, "accounts", [path], progress=False)
    with path.open(encoding="utf-8", newline="") as fh:
        sent = {r["account_id"]: (r["customer_name"], r["client"]) for r in csv.DictReader(fh)}
    with corpus_engine.connect() as conn:
        rows = conn.execute(select(accounts.c.account_id, accounts.c.customer_name, accounts.c.client)
                            .where(accounts.c.account_id.in_(sent))).all()
    assert {r.account_id: (r.customer_name, r.client) for r in rows} == {
        k: (name.strip(), client.strip()) for k, (name, client) in sent.items()
    }
    assert {v[0][0] for v in sent.values()} == {"=", "+", "-", "@"}


def test_review_markup_is_stored_verbatim(corpus_engine: Engine) -> None:
    path = BAD / "review_markup.jsonl"
    load_paths(corpus_engine, "reviews", [path], progress=False)
    sent = {r["reviewId"]: r["comment"] for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    with corpus_engine.connect() as conn:
        rows = dict(conn.execute(select(reviews.c.review_id, reviews.c.comment)
                                 .where(reviews.c.review_id.in_(sent))).all())
    assert rows == sent


def test_duplicates_keep_the_first_row_and_reviews_the_latest_version(corpus_engine: Engine) -> None:
    """Which copy wins: the first of a CSV file's duplicate ids; the latest updateTime of a review."""
    from sql.schema import review_versions

    load_paths(corpus_engine, "calls", [BAD / "duplicate_ids.csv"], progress=False)
    load_paths(corpus_engine, "reviews", [BAD / "json_duplicate_ids.jsonl"], progress=False)
    with corpus_engine.connect() as conn:
        talk = conn.execute(select(calls.c.talk_seconds).where(calls.c.call_id == "dup-1")).scalar_one()
        stars = conn.execute(select(reviews.c.star_rating).where(reviews.c.review_id == "jd-1")).scalar_one()
        versions = conn.execute(select(review_versions.c.star_rating).where(review_versions.c.review_id == "jd-1")
                                .order_by(review_versions.c.updated_at)).scalars().all()
    assert talk == 360
    assert stars == 4 and versions == [1, 2, 4]
