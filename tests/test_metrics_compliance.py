"""Regulation F: the four rules exactly as METRICS.md states them, per account."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from metrics import Viewer, compliance_findings
from metrics.export import compliance_rows
from metrics.periods import Period
from metrics.rollups.compliance import check_account, zone
from tests.test_metrics_seed import load, seed

NY = ZoneInfo("America/New_York")


class Row(SimpleNamespace):
    """A stand-in for a SQLAlchemy row: index 0 is the interaction id."""

    def __getitem__(self, i: int) -> str:
        return self.call_id


def rules(findings: list) -> list[tuple[str, str]]:
    return [(f.interaction_id, f.rule) for f in findings]


def test_seed_findings_exactly(engine: Engine, tmp_path: Path) -> None:
    seed(engine, tmp_path)
    got = compliance_rows(engine, Period.all())
    assert got == [
        {"interaction_id": "c4", "account_id": "AC2", "rule": "post_conversation",
         "started_at": "2026-01-06T02:30:00Z", "local_time": "2026-01-05T20:30:00-06:00", "agent_id": "voice_ai"},
        {"interaction_id": "c5", "account_id": "AC3", "rule": "inconvenient_time",
         "started_at": "2026-01-06T05:00:00Z", "local_time": "2026-01-05T21:00:00-08:00", "agent_id": "voice_ai"},
        {"interaction_id": "c2", "account_id": "AC1", "rule": "post_conversation",
         "started_at": "2026-01-07T15:00:00Z", "local_time": "2026-01-07T10:00:00-05:00", "agent_id": "A1"},
        {"interaction_id": "f8", "account_id": "AC5", "rule": "frequency",
         "started_at": "2026-01-18T14:00:00Z", "local_time": "2026-01-18T09:00:00-05:00", "agent_id": "A2"},
        {"interaction_id": "p1", "account_id": "AC6", "rule": "pause",
         "started_at": "2026-01-21T15:00:00Z", "local_time": "2026-01-21T10:00:00-05:00", "agent_id": "A1"},
        {"interaction_id": "d4", "account_id": "AC6", "rule": "pause",
         "started_at": "2026-01-22T15:00:00Z", "local_time": "2026-01-22T10:00:00-05:00", "agent_id": None},
    ]
    jan7 = compliance_findings(engine, Viewer.leadership(), Period(datetime(2026, 1, 7), datetime(2026, 1, 19)))
    assert jan7.interaction_id.tolist() == ["c2", "f8"]


def test_timezone_change_rechecks_the_account(engine: Engine, tmp_path: Path) -> None:
    seed(engine, tmp_path)
    load(engine, tmp_path, "accounts", "account_id,timezone\nAC3,America/New_York\n")  # c5 is 00:00 EST
    assert [r["local_time"] for r in compliance_rows(engine, Period.all()) if r["interaction_id"] == "c5"] == [
        "2026-01-06T00:00:00-05:00"]
    load(engine, tmp_path, "pauses", "account_id,paused_from,paused_until\nAC5,2026-01-19T00:00:00Z,\n")
    assert ("f9", "pause") in {(r["interaction_id"], r["rule"]) for r in compliance_rows(engine, Period.all())}


def _calls(*specs: tuple) -> list[Row]:
    return [Row(call_id=i, started_at=t, talk_seconds=talk, handled_by="agent", agent_id="A1",
                handoff_agent_id=None, language="en", placed=placed) for i, t, talk, placed in specs]


def test_frequency_counts_local_calendar_days() -> None:
    # 7 calls on local Jan 1 (EST), then one at 23:30 local Jan 7 (04:30Z Jan 8): within days 1..7 -> 8th.
    specs = [(f"x{i}", datetime(2026, 1, 1, 14 + i), 0, True) for i in range(7)]
    specs.append(("late", datetime(2026, 1, 8, 4, 30), 0, True))
    assert rules(check_account("A", NY, _calls(*specs), [], [])) == [
        ("late", "frequency"), ("late", "inconvenient_time")]
    # The same call on local Jan 8 (05:30Z Jan 8 = 00:30 EST): a new 7-day window, no frequency violation.
    specs[-1] = ("next", datetime(2026, 1, 8, 13, 30), 0, True)
    assert rules(check_account("A", NY, _calls(*specs), [], [])) == []
    # Unplaced attempts do not count.
    specs[0] = ("failed", datetime(2026, 1, 1, 14), 0, False)
    specs[-1] = ("late", datetime(2026, 1, 8, 4, 30), 0, True)
    assert rules(check_account("A", NY, _calls(*specs), [], [])) == [("late", "inconvenient_time")]


@pytest.mark.parametrize(("day", "violates"), [(1, True), (7, True), (8, False)])
def test_post_conversation_window_counts_the_conversation_day_as_day_1(day: int, violates: bool) -> None:
    rows = _calls(("talk", datetime(2026, 1, 5, 22), 30, False),  # 17:00 EST Jan 5, inbound conversation
                  ("before", datetime(2026, 1, 5, 15), 0, True),
                  ("out", datetime(2026, 1, 4 + day, 23), 0, True))  # 18:00 EST on day N
    rows.sort(key=lambda r: r.started_at)
    assert rules(check_account("A", NY, rows, [], [])) == ([("out", "post_conversation")] if violates else [])


def test_conversation_call_itself_does_not_count_and_hours_are_half_open() -> None:
    rows = _calls(("eight", datetime(2026, 7, 1, 12), 40, True),  # 08:00 EDT, a conversation
                  ("early", datetime(2026, 7, 2, 11, 59, 59), 0, True),  # 07:59:59 EDT
                  ("ninepm", datetime(2026, 7, 3, 1), 0, True))  # 21:00 EDT
    assert rules(check_account("A", NY, rows, [], [])) == [
        ("early", "post_conversation"), ("early", "inconvenient_time"),
        ("ninepm", "post_conversation"), ("ninepm", "inconvenient_time")]


def test_unknown_timezone_is_checked_in_utc() -> None:
    assert zone("") == zone("Mars/Olympus") == ZoneInfo("UTC")
    rows = _calls(("night", datetime(2026, 1, 1, 3), 0, True), ("day", datetime(2026, 1, 1, 12), 0, True))
    found = check_account("A", zone(None), rows, [], [(datetime(2026, 1, 1, 10), None)])
    assert rules(found) == [("night", "inconvenient_time"), ("day", "pause")]
    assert found[0].local_time == "2026-01-01T03:00:00+00:00"
