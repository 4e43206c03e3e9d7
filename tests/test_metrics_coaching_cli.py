"""`python -m metrics coaching|evaluation|calibration|dispute` with an acting identity, and the bulk import."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from metrics.cli import app
from sql.schema import ingest_rejects, ingest_runs, qa_audit
from tests.coaching_support import LEAD, MONA, SAM, roles_file, seed


@pytest.fixture
def env(engine: Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    seed(engine)
    return {"DATABASE_URL": db_url, "STARBOARD_ROLES": str(roles_file(tmp_path, monkeypatch))}


def run(env: dict[str, str], *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == code, result.output
    return result.output


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_log_list_and_effect_with_scope(env: dict[str, str]) -> None:
    out = run(env, "coaching", "log", "--as", MONA, "--agent", "A1", "--date", "2026-03-02", "--criteria", "Empathy",
              "--notes", "=tone", "--follow-up", "2026-03-16")
    assert out.strip() == "coaching session 1 logged: A1 on 2026-03-02 (Empathy)"
    err = run(env, "coaching", "log", "--as", MONA, "--agent", "A3", "--date", "2026-03-02", "--criteria", "Empathy",
              code=2)
    assert "not in your teams" in err
    run(env, "coaching", "log", "--as", SAM, "--agent", "A3", "--date", "2026-03-02", "--criteria", "Empathy")
    assert "expected YYYY-MM-DD" in run(env, "coaching", "log", "--as", SAM, "--agent", "A3", "--date", "2026-13-02",
                                        "--criteria", "Empathy", code=2)
    assert "not set up" in run(env, "coaching", "list", "--as", "who@x.example", code=2)
    listed = rows(run(env, "coaching", "list", "--as", MONA))
    assert [(r["agent_id"], r["notes"], r["source"]) for r in listed] == [("A1", "'=tone", "cli")]  # formula-safe
    assert [r["agent_id"] for r in rows(run(env, "coaching", "list", "--as", "a3@x.example"))] == ["A3"]
    effect = {r["agent_id"]: r for r in rows(run(env, "coaching", "effect", "--as", LEAD, "--today", "2026-05-01"))}
    assert effect["A1"]["verdict"] == "improved" and effect["A3"]["verdict"] == "no improvement"
    shares = json.loads(run(env, "coaching", "effect", "--as", LEAD, "--by", "coached_by", "--format", "json"))
    assert [(s["coached_by"], s["improved_share"]) for s in shares] == [(MONA, 1.0), (SAM, 0.0)]


def test_evaluation_dispute_and_calibration_commands(env: dict[str, str], engine: Engine) -> None:
    out = run(env, "evaluation", "E1-0", "--as", "a1@x.example")
    assert "evaluation E1-0: 75.0" in out and "Empathy: 5/10" in out and "Disclosure: 10/10 [critical]" in out
    assert "outcome=payment_plan_created" in out and "evaluator: Dana (QA)" in out
    assert "outside your scope" in run(env, "evaluation", "E1-0", "--as", "a3@x.example", code=2)
    assert "dispute 1 raised" in run(env, "dispute", "raise", "--as", "a1@x.example", "--evaluation", "E1-0",
                                     "--reason", "the customer asked to skip small talk")
    assert "not in your teams" in run(env, "dispute", "decide", "--as", SAM, "--dispute", "1", "--uphold", code=2)
    run(env, "dispute", "decide", "--as", MONA, "--dispute", "1", code=2)  # neither --uphold nor --rescore
    out = run(env, "dispute", "decide", "--as", MONA, "--dispute", "1", "--rescore", "Empathy=8", "--note", "ok")
    assert out.strip() == "dispute 1: evaluation E1-0 rescored (Empathy 5 → 8)"
    assert "Empathy: 8/10 (was 5)" in run(env, "evaluation", "E1-0", "--as", LEAD)
    assert [r["status"] for r in rows(run(env, "dispute", "list", "--as", MONA))] == ["rescored"]
    assert rows(run(env, "dispute", "list", "--as", SAM)) == []
    with engine.connect() as conn:
        assert [a for (a,) in conn.execute(select(qa_audit.c.action).order_by(qa_audit.c.audit_id))] == [
            "dispute.raise", "dispute.rescore"]
    assert "managers and leadership" in run(env, "calibration", "--as", "a1@x.example", code=2)
    assert rows(run(env, "calibration", "--as", LEAD)) == []  # no double-scored interaction in this set


BAD_AND_GOOD = """agent_id,session_date,criteria,manager,notes,follow_up_on
A1,2026-03-02,Empathy,mona@x.example,tone,2026-03-16
A2,2026-03-02,Disclosure; Empathy,M1,,
A3,2026-03-02,Empathy,mona@x.example,not her team,
ZZ,2026-03-02,Empathy,mona@x.example,,
A1,2026-02-30,Empathy,mona@x.example,,
A1,2026-03-09,Tone,mona@x.example,,
A1,2026-03-09,Empathy,mona@x.example,,2026-03-01
A2,2026-03-09,,mona@x.example,,
A2,2026-03-02,Empathy,mona@x.example,same key as line 3,
"""


def test_import_validates_every_row_and_is_idempotent(env: dict[str, str], engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "sessions.csv"
    path.write_bytes(("\ufeff" + BAD_AND_GOOD).replace("\n", "\r\n").encode("utf-8"))
    out = run(env, "coaching", "import", str(path), "--as", MONA, code=1)
    assert "inserted 2, updated 0, unchanged 0, rejected 7" in out
    with engine.connect() as conn:
        rejects = conn.execute(select(ingest_rejects.c.line, ingest_rejects.c.column_name, ingest_rejects.c.reason)
                               .order_by(ingest_rejects.c.line)).all()
    assert [(line, col) for line, col, _ in rejects] == [
        (4, "agent_id"), (5, "agent_id"), (6, "session_date"), (7, "criteria"), (8, "follow_up_on"),
        (9, "criteria"), (10, "session_date")]
    reasons = [r for _, _, r in rejects]
    assert "not in your teams" in reasons[0] and "unknown agent" in reasons[1] and "not a date" in reasons[2]
    assert "unknown criterion 'Tone'" in reasons[3] and "same agent, day and manager as line 3" in reasons[6]
    assert f"{path}, line 4, column agent_id" in out
    again = run(env, "coaching", "import", str(path), "--as", MONA, code=1)
    assert "inserted 0, updated 0, unchanged 2" in again
    path.write_text(BAD_AND_GOOD.replace("tone,2026-03-16", "tone and pace,2026-03-16"), encoding="utf-8")
    assert "inserted 0, updated 1, unchanged 1" in run(env, "coaching", "import", str(path), "--as", MONA, code=1)
    sessions = rows(run(env, "coaching", "list", "--as", LEAD))
    assert {(s["agent_id"], s["criteria"], s["notes"]) for s in sessions} == {
        ("A1", "Empathy", "tone and pace"), ("A2", "Disclosure; Empathy", "")}
    with engine.connect() as conn:
        assert set(conn.execute(select(ingest_runs.c.source).distinct()).scalars()) == {"coaching"}


def test_import_rejects_short_rows_and_reports_extra_columns(env: dict[str, str], engine: Engine,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("agent_id,session_date,criteria,manager,notes,follow_up_on,room\n"
                    "A1,2026-03-02,Empathy,mona@x.example,,,R1\n"
                    "A2,2026-03-02\n", encoding="utf-8")
    out = run(env, "coaching", "import", str(path), "--as", MONA, code=1)
    assert "inserted 1" in out and "rejected 1" in out and "ignored unknown column(s): room" in out
    assert f"{path}, line 3, column criteria: criteria is required" in out


def test_import_refuses_an_agent_and_an_unreadable_file(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("agent_id,session_date\nA1,2026-03-02\n", encoding="utf-8")
    assert "missing required column(s): criteria, manager" in run(env, "coaching", "import", str(path), "--as",
                                                                   LEAD, code=1)
    path.write_text(BAD_AND_GOOD, encoding="utf-8")
    assert "managers and leadership" in run(env, "coaching", "import", str(path), "--as", "a1@x.example", code=1)
