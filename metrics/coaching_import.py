"""Bulk import of past coaching sessions from a CSV, validated row by row (file, line, column, reason).

Columns: agent_id, session_date (YYYY-MM-DD), criteria (`;`-separated scorecard criteria), manager (the
coach: a work email, or an agent_id on the roster), notes, follow_up_on (YYYY-MM-DD). The importer's scope
applies to every row (a manager imports sessions of their teams' agents only). The key is (agent, day,
coach): loading the same file twice changes nothing, and a changed row updates its session. The run and its
rejects are recorded like any ingest run (source `coaching`, all or nothing), so Data health shows them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from ingest.csv_file import FileError, read_csv
from ingest.runs import LoadResult, Reject, load_transaction, record_failure, record_unreadable
from metrics.actors import Actor
from metrics.coaching import (
    SessionError,
    SessionInput,
    check_session,
    existing_session,
    known_criteria,
    write_session,
)
from metrics.scope import ScopeError
from sql.schema import agents, coaching_session_criteria, coaching_sessions

COLUMNS = ["agent_id", "session_date", "criteria", "manager", "notes", "follow_up_on"]
REQUIRED = ["agent_id", "session_date", "criteria", "manager"]
SOURCE = "coaching"


def _date(text: str, column: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _RowError(column, text, f"{text!r} is not a date (expected YYYY-MM-DD)") from None


class _RowError(Exception):
    def __init__(self, column: str, value: str, reason: str):
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


def _coach(conn: Connection, text: str) -> str:
    """The coach's email: given as an email, or as an agent_id on the roster that has one."""
    if "@" in text:
        return text.lower()
    email = conn.execute(select(agents.c.email).where(agents.c.agent_id == text)).scalar()
    if not email:
        raise _RowError("manager", text, f"{text!r} is neither an email nor an agent_id with an email on the roster")
    return str(email).lower()


def _parse(conn: Connection, actor: Actor, row: dict[str, str], criteria: list[str]) -> tuple[SessionInput, str]:
    for col in REQUIRED:
        if not row[col].strip():
            raise _RowError(col, row[col], f"{col} is required")
    s = SessionInput(
        agent_id=row["agent_id"].strip(), session_date=_date(row["session_date"].strip(), "session_date"),
        criteria=tuple(c.strip() for c in row["criteria"].split(";") if c.strip()),
        notes=row["notes"].strip() or None, follow_up_on=_date(row["follow_up_on"].strip(), "follow_up_on"),
        coached_by=_coach(conn, row["manager"].strip()))
    try:
        coach = check_session(conn, actor, s, criteria)
    except SessionError as exc:
        raise _RowError(exc.column, row[exc.column], str(exc)) from None
    except (LookupError, ScopeError) as exc:
        raise _RowError("agent_id", row["agent_id"], str(exc)) from None
    return s, coach


def import_sessions(engine: Engine, actor: Actor, path: Path) -> LoadResult:
    """Load one coaching-sessions CSV for `actor`; the good rows load, the bad ones are rejected with reasons."""
    result = LoadResult(SOURCE, str(path))
    try:
        raw = read_csv(path, COLUMNS, REQUIRED)
    except (FileError, OSError) as exc:
        return record_unreadable(engine, result, exc)
    if actor.role == "agent":
        result.message = "coaching sessions are imported by managers and leadership"
        result.rejects = [Reject(None, None, None, result.message)]
        result.rejected = 1
        return record_failure(engine, result, raw.checksum)
    if raw.extra_columns:
        result.message = f"ignored unknown column(s): {', '.join(raw.extra_columns)}"
    rows = raw.frame.fillna("").astype(str).to_dict("records")
    result.rows_read = len(rows)
    with load_transaction(engine, result, lock=SOURCE, checksum=raw.checksum) as conn:
        criteria = known_criteria(conn)
        seen: dict[tuple, int] = {}
        for row, line, short in zip(rows, raw.lines.tolist(), raw.short_rows.tolist(), strict=True):
            try:
                if line == raw.unterminated_line:
                    raise _RowError("", "", 'a quoted field opened on this line is never closed (unbalanced "), '
                                            "so the rest of the file was read into it")
                if short:
                    raise _RowError("", "", f"wrong number of fields (header has {raw.header_width})")
                s, coach = _parse(conn, actor, row, criteria)
                key = (s.agent_id, s.session_date, coach)
                if key in seen:
                    raise _RowError("session_date", row["session_date"],
                                    f"same agent, day and manager as line {seen[key]}")
                seen[key] = int(line)
            except _RowError as exc:
                result.rejects.append(Reject(int(line), exc.column or None, exc.value or None, exc.reason))
                continue
            _store(conn, actor, s, coach, result)
        result.rejected = len(result.rejects)
    return result


def _store(conn: Connection, actor: Actor, s: SessionInput, coach: str, result: LoadResult) -> None:
    """Insert a new session, update a changed one, or count an identical one as unchanged."""
    sid = existing_session(conn, s.agent_id, s.session_date, coach)
    if sid is None:
        write_session(conn, actor, s, coach, "import")
        result.inserted += 1
        return
    before = _stored(conn, sid)
    after = ("; ".join(sorted(set(s.criteria))), s.notes or None, s.follow_up_on)
    if before == after:
        result.unchanged += 1
        return
    write_session(conn, actor, s, coach, "import", session_id=sid)
    result.updated += 1


def _stored(conn: Connection, session_id: int) -> tuple:
    c, k = coaching_sessions.c, coaching_session_criteria.c
    notes, follow = conn.execute(select(c.notes, c.follow_up_on).where(c.session_id == session_id)).one()
    crit = conn.execute(select(k.criterion).where(k.session_id == session_id).order_by(k.criterion)).scalars()
    return "; ".join(crit), notes, follow

