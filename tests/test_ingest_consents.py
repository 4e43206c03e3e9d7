"""consents.csv: validation, rejects with file/line/column/reason, idempotency, one transaction per file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select

from pipeline.load import load_paths
from sql.schema import calls, consents, ingest_rejects

HEADER = "account_id,kind,given_at,until,revoked_at,note\n"


def _load(engine: Engine, tmp_path: Path, text: str, name: str = "consents.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [result] = load_paths(engine, "consents", [path], progress=False)
    return result


def _rows(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(consents.c.account_id, consents.c.kind, consents.c.given_at, consents.c.until,
                   consents.c.revoked_at).order_by(consents.c.account_id, consents.c.given_at))]


def test_bad_rows_are_rejected_with_line_column_and_reason_and_good_rows_load(engine: Engine, tmp_path: Path) -> None:
    text = HEADER + (
        "AC1,calls,2026-05-04T14:00:00Z,2026-05-06T00:00:00Z,,ok\n"       # line 2: good
        "AC2,callback,2026-05-04T14:00:00Z,,,\n"                           # line 3: unknown kind
        "AC3,calls,2026-05-04T14:00:00Z,2026-05-03T00:00:00Z,,\n"         # line 4: until before given_at
        "AC4,calling_hours,2026-05-04T14:00:00,,,\n"                       # line 5: naive timestamp
        "AC5,calling_hours,2026-05-04T22:00:00-04:00,,2026-05-20T00:00:00Z,\n"  # line 6: good
    )
    result = _load(engine, tmp_path, text)
    assert result.status == "partial" and (result.rows_read, result.inserted, result.rejected) == (5, 2, 3)
    got = {(r.line, r.column, r.reason) for r in result.rejects}
    assert got == {
        (3, "kind", "expected one of: calling_hours, calls"),
        (4, "until", "until is before given_at"),
        (5, "given_at", "timestamp has no timezone (add Z or an offset, or load with --timezone ZONE)"),
    }
    with engine.connect() as conn:
        stored = conn.execute(select(ingest_rejects.c.file_path, ingest_rejects.c.line)).all()
    assert sorted(line for _, line in stored) == [3, 4, 5]
    assert all(path.endswith("consents.csv") for path, _ in stored)
    assert _rows(engine) == [
        ("AC1", "calls", datetime(2026, 5, 4, 14), datetime(2026, 5, 6), None),
        ("AC5", "calling_hours", datetime(2026, 5, 5, 2), None, datetime(2026, 5, 20)),
    ]


def test_reloading_changes_nothing_and_a_revocation_updates_the_row(engine: Engine, tmp_path: Path) -> None:
    text = HEADER + "AC1,calls,2026-05-04T14:00:00Z,,,\n"
    first = _load(engine, tmp_path, text)
    again = _load(engine, tmp_path, text)
    assert (first.inserted, again.inserted, again.updated, again.unchanged) == (1, 0, 0, 1)
    revoked = _load(engine, tmp_path, HEADER + "AC1,calls,2026-05-04T14:00:00Z,,2026-05-05T10:00:00Z,\n")
    assert (revoked.inserted, revoked.updated) == (0, 1)
    assert _rows(engine) == [("AC1", "calls", datetime(2026, 5, 4, 14), None, datetime(2026, 5, 5, 10))]


def test_calls_take_a_dialled_number_and_the_wrong_number_disposition(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(
        "call_id,account_id,direction,started_at,talk_seconds,disposition,handled_by,agent_id,dialled_number\n"
        "w1,AC1,outbound,2026-05-04T14:00:00Z,20,wrong_number,agent,A1,+1 (212) 555-0100\n"
        "w2,AC1,outbound,2026-05-04T15:00:00Z,0,no_answer,agent,A1,12125550100\n", encoding="utf-8")
    [result] = load_paths(engine, "calls", [path], progress=False)
    assert [(r.line, r.column) for r in result.rejects] == [(3, "dialled_number")]
    with engine.connect() as conn:
        assert conn.execute(select(calls.c.call_id, calls.c.disposition, calls.c.dialled_number)).all() == [
            ("w1", "wrong_number", "+12125550100")]
