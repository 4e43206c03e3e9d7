"""A tiny hand-made roster, roles file and QA set for the coaching-loop tests (inserted directly)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from sql.schema import agents, calls, digital, qa_evaluations

LEAD, MONA, SAM = "lead@x.example", "mona@x.example", "sam@x.example"
ROLES = f"""[leadership]
emails = ["{LEAD}"]

[[managers]]
email = "{MONA}"
teams = ["North"]

[[managers]]
email = "{SAM}"
teams = ["South"]
"""
SESSION_DAY = date(2026, 3, 2)


def roles_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Write the roles file and point STARBOARD_ROLES at it."""
    path = tmp_path / "roles.toml"
    path.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("STARBOARD_ROLES", str(path))
    return path


def _agent(agent_id: str, name: str, team: str, email: str, manager: str | None) -> dict:
    return {"agent_id": agent_id, "full_name": name, "email": email, "team": team, "manager_id": manager}


def seed(engine: Engine) -> None:
    """Agents A1, A2 (North, Mona) and A3 (South, Sam); evaluations around SESSION_DAY (see the comments)."""
    people = [_agent("A1", "Alice Smith", "North", "a1@x.example", "M1"),
              _agent("A2", "Bob Jones", "North", "a2@x.example", "M1"),
              _agent("A3", "Cara Reyes", "South", "a3@x.example", "M2"),
              _agent("M1", "Mona Lee", "Leads", MONA, None), _agent("M2", "Sam Park", "Leads", SAM, None)]
    start = datetime(2026, 1, 1)
    call_rows = [{"call_id": f"c{i}", "account_id": "AC1", "direction": "outbound", "started_at": start,
                  "talk_seconds": 60, "disposition": "answered", "handled_by": "agent", "agent_id": "A1",
                  "outcome": "payment_plan_created"} for i in range(1, 10)]
    chat = [{"interaction_id": "d1", "account_id": "AC2", "channel": "chat", "direction": "inbound",
             "started_at": start, "agent_id": "A3", "outcome": "no_resolution"}]
    rows: list[dict] = []

    def ev(eid: str, agent: str, when: datetime, empathy: float, disclosure: float = 10, inter: str = "c1",
           evaluator: str = "Dana (QA)") -> None:
        for criterion, score, critical in (("Empathy", empathy, False), ("Disclosure", disclosure, True)):
            rows.append({"evaluation_id": eid, "criterion": criterion, "interaction_id": inter, "agent_id": agent,
                         "evaluator": evaluator, "evaluated_at": when, "score": score, "max_score": 10,
                         "critical": critical})

    day0 = datetime.combine(SESSION_DAY, datetime.min.time())
    # A1: Empathy 5, 6, 7 in the 4 weeks before (60%), 8, 9, 8 after (83.3%) -> improved.
    for i, (off, score) in enumerate([(-20, 5), (-13, 6), (-6, 7), (3, 8), (10, 9), (17, 8)]):
        ev(f"E1-{i}", "A1", day0 + timedelta(days=off, hours=10), score, inter=f"c{i + 1}")
    # A1 on the session day (in neither window) and 40 days before (outside the before-window).
    ev("E1-day", "A1", day0 + timedelta(hours=15), 0)
    ev("E1-old", "A1", day0 - timedelta(days=40), 0)
    # A2: a single evaluation before, none after -> not enough evaluations.
    ev("E2-0", "A2", day0 - timedelta(days=5), 4, 0)
    # A3 (a chat): Empathy 9, 9, 9 before, 8, 8, 8 after -> no improvement.
    for i, (off, score) in enumerate([(-21, 9), (-14, 9), (-7, 9), (7, 8), (14, 8), (21, 8)]):
        ev(f"E3-{i}", "A3", day0 + timedelta(days=off), score, inter="d1")
    with engine.begin() as conn:
        conn.execute(insert(agents), people)
        conn.execute(insert(calls), call_rows)
        conn.execute(insert(digital), chat)
        conn.execute(insert(qa_evaluations), rows)
