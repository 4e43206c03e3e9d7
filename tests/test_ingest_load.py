"""Loading the canonical files: every kind loads, reloads change nothing, changes update."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from pipeline.load import load_paths
from sql.schema import (
    accounts,
    agents,
    calls,
    consents,
    digital,
    ingest_rejects,
    ingest_runs,
    pauses,
    qa_evaluations,
    review_versions,
    reviews,
)

CONTRACT = Path(__file__).parent / "data" / "contract"
FILES = {
    "agents": ("agents.csv", agents, 4),
    "accounts": ("accounts.csv", accounts, 3),
    "pauses": ("pauses.csv", pauses, 2),
    "consents": ("consents.csv", consents, 2),
    "calls": ("calls.csv", calls, 4),
    "digital": ("digital.csv", digital, 3),
    "qa": ("qa_evaluations.csv", qa_evaluations, 4),
    "reviews": ("reviews.json", reviews, 3),
}


def count(engine: Engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def load_text(engine: Engine, tmp_path: Path, kind: str, text: str | bytes, name: str = "file.csv", **kw):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    [result] = load_paths(engine, kind, [path], progress=False, **kw)
    return result


@pytest.mark.parametrize("kind", list(FILES))
def test_each_kind_loads_its_contract_file(engine: Engine, kind: str) -> None:
    name, table, rows = FILES[kind]
    [result] = load_paths(engine, kind, [CONTRACT / name], progress=False)
    assert result.rejects == [] and result.status == "ok"
    assert (result.rows_read, result.inserted, result.updated, result.rejected) == (rows, rows, 0, 0)
    assert count(engine, table) == rows


@pytest.mark.parametrize("kind", list(FILES))
def test_reloading_the_same_file_changes_nothing(engine: Engine, kind: str) -> None:
    name, table, rows = FILES[kind]
    load_paths(engine, kind, [CONTRACT / name], progress=False)
    [again] = load_paths(engine, kind, [CONTRACT / name], progress=False)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, rows)
    assert count(engine, table) == rows


def test_a_changed_row_updates_and_only_it(engine: Engine, tmp_path: Path) -> None:
    text = (CONTRACT / "calls.csv").read_text()
    load_text(engine, tmp_path, "calls", text)
    changed = text.replace("C0002,A0002,outbound,2026-03-03T17:00:00Z,2026-03-03T17:00:30Z,0,no_answer",
                           "C0002,A0002,outbound,2026-03-03T17:00:00Z,2026-03-03T17:00:30Z,0,busy")
    result = load_text(engine, tmp_path, "calls", changed)
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 3)
    with engine.connect() as conn:
        row = conn.execute(select(calls.c.disposition, calls.c.run_id).where(calls.c.call_id == "C0002")).one()
    assert row.disposition == "busy" and row.run_id == result.run_id


def test_ids_stay_strings_and_values_are_typed(engine: Engine) -> None:
    for kind in ("agents", "calls", "qa"):
        load_paths(engine, kind, [CONTRACT / FILES[kind][0]], progress=False)
    with engine.connect() as conn:
        bob = conn.execute(select(agents).where(agents.c.agent_id == "00100")).one()
        call = conn.execute(select(calls).where(calls.c.call_id == "C0004")).one()
        crit = conn.execute(select(qa_evaluations.c.critical, qa_evaluations.c.score)
                            .order_by(qa_evaluations.c.evaluation_id, qa_evaluations.c.criterion)).all()
    assert bob.agent_id == "00100" and bob.manager_id == "00900" and bob.languages == "en;es"
    assert str(bob.start_date) == "2022-03-01" and bob.end_date is None
    assert call.started_at == datetime(2026, 3, 5, 13, 0)  # 14:00+01:00 stored as UTC
    assert call.talk_seconds == 600 and call.handoff_agent_id is None
    assert [(bool(c), s) for c, s in crit] == [(False, 3.5), (False, 5.0), (True, 10.0), (True, 0.0)]


def test_bom_and_crlf_are_accepted(engine: Engine, tmp_path: Path) -> None:
    text = (CONTRACT / "accounts.csv").read_text().replace("\n", "\r\n")
    result = load_text(engine, tmp_path, "accounts", "\ufeff" + text)
    assert result.status == "ok" and result.inserted == 3
    with engine.connect() as conn:
        assert conn.execute(select(accounts.c.client).where(accounts.c.account_id == "A0003")).scalar() == "Northwind"


def test_run_is_recorded_with_checksum_and_counts(engine: Engine) -> None:
    [result] = load_paths(engine, "digital", [CONTRACT / "digital.csv"], progress=False)
    with engine.connect() as conn:
        run = conn.execute(select(ingest_runs).where(ingest_runs.c.run_id == result.run_id)).one()
    assert run.source == "digital" and run.status == "ok" and len(run.checksum) == 64
    assert (run.rows_read, run.inserted, run.rejected) == (3, 3, 0)
    assert run.finished_at >= run.started_at


def test_reviews_keep_history_and_later_versions_replace(engine: Engine, tmp_path: Path) -> None:
    load_paths(engine, "reviews", [CONTRACT / "reviews.json"], progress=False)
    edited = (
        '[{"reviewId": "rv-1", "reviewer": {"displayName": "Maria G."}, "starRating": "FOUR",'
        ' "comment": "Edited: Bob was great", "createTime": "2026-03-05T18:00:00Z",'
        ' "updateTime": "2026-03-09T10:00:00Z"},'
        ' {"reviewId": "rv-2", "starRating": "ONE", "comment": "older copy",'
        ' "createTime": "2026-03-07T10:00:00Z", "updateTime": "2026-03-07T17:00:00Z"}]'
    )
    result = load_text(engine, tmp_path, "reviews", edited, name="edit.json")
    assert (result.inserted, result.updated, result.unchanged) == (0, 1, 1)
    with engine.connect() as conn:
        rv1 = conn.execute(select(reviews).where(reviews.c.review_id == "rv-1")).one()
        rv2 = conn.execute(select(reviews).where(reviews.c.review_id == "rv-2")).one()
        versions = conn.execute(select(func.count()).select_from(review_versions)
                                .where(review_versions.c.review_id == "rv-1")).scalar()
    assert rv1.star_rating == 4 and rv1.updated_at == datetime(2026, 3, 9, 10)
    assert versions == 2
    assert rv2.star_rating == 5, "an older version never replaces a newer one"
    assert rv2.comment_original == "Amélie a été formidable" and rv2.comment_translation == "Amélie was wonderful"


@pytest.mark.parametrize("shape", ["array", "lines"])
def test_reviews_load_from_every_json_shape(engine: Engine, tmp_path: Path, shape: str) -> None:
    items = [
        '{"reviewId": "a", "starRating": "FIVE", "createTime": "2026-01-01T00:00:00Z"}',
        '{"reviewId": "b", "starRating": "TWO", "comment": "meh", "createTime": "2026-01-02T00:00:00Z"}',
    ]
    text = "[\n" + ",\n".join(items) + "\n]" if shape == "array" else "\n".join(items) + "\n"
    result = load_text(engine, tmp_path, "reviews", text, name="r.json")
    assert (result.status, result.inserted) == ("ok", 2)
    with engine.connect() as conn:
        stars = dict(conn.execute(select(reviews.c.review_id, reviews.c.star_rating)).all())
    assert stars == {"a": 5, "b": 2}


def test_rating_only_review_has_no_comment(engine: Engine) -> None:
    load_paths(engine, "reviews", [CONTRACT / "reviews.json"], progress=False)
    with engine.connect() as conn:
        rv3 = conn.execute(select(reviews).where(reviews.c.review_id == "rv-3")).one()
    assert rv3.comment is None and rv3.star_rating is None and rv3.reviewer_is_anonymous


def test_file_is_one_transaction_killed_half_way(engine: Engine, tmp_path: Path, monkeypatch) -> None:
    """An exception injected after the first chunk leaves the database exactly as before."""
    load_paths(engine, "calls", [CONTRACT / "calls.csv"], progress=False)
    header = (CONTRACT / "calls.csv").read_text().splitlines()[0]
    body = "\n".join(
        f"N{i:05d},A0001,outbound,2026-04-01T15:00:00Z,,0,no_answer,none,,,," for i in range(120)
    )
    import sql.dialect

    monkeypatch.setattr(sql.dialect, "CHUNK_ROWS", 50)
    calls_seen = []

    def boom(n: int) -> None:
        calls_seen.append(n)
        raise RuntimeError("power cut")

    import ingest.loader

    real = ingest.loader.bulk_upsert
    monkeypatch.setattr(
        ingest.loader, "bulk_upsert", lambda conn, table, cols, rows, progress: real(conn, table, cols, rows, boom)
    )
    with pytest.raises(RuntimeError, match="power cut"):
        load_text(engine, tmp_path, "calls", header + "\n" + body + "\n")
    assert calls_seen == [50], "the failure happened after 50 rows had been written"
    assert count(engine, calls) == 4
    with engine.connect() as conn:
        statuses = conn.execute(select(ingest_runs.c.status).order_by(ingest_runs.c.run_id)).scalars().all()
        assert conn.execute(select(func.count()).select_from(ingest_rejects)).scalar() == 0
    assert statuses == ["ok", "failed"]
    monkeypatch.setattr(ingest.loader, "bulk_upsert", real)
    result = load_text(engine, tmp_path, "calls", header + "\n" + body + "\n")
    assert result.inserted == 120 and count(engine, calls) == 124


def test_progress_bar_on_large_files(engine: Engine, tmp_path: Path, monkeypatch, capsys) -> None:
    import ingest.loader

    monkeypatch.setattr(ingest.loader, "PROGRESS_MIN_ROWS", 3)
    load_paths(engine, "calls", [CONTRACT / "calls.csv"], progress=True)
    assert "calls calls.csv" in capsys.readouterr().err
