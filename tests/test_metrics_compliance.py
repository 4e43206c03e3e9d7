"""Regulation F: the four rules exactly as METRICS.md states them, per account."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from metrics import Viewer, compliance_findings, finding_records
from metrics.export import compliance_rows
from metrics.periods import Period
from metrics.violations import explain
from tests.test_metrics_seed import load, seed


def test_seed_findings_exactly(engine: Engine, tmp_path: Path) -> None:
    seed(engine, tmp_path)
    got = compliance_rows(engine, Period.all())
    evidence = {(r["interaction_id"], r["rule"]): r.pop("evidence") for r in got}
    assert got == [
        {"interaction_id": "c4", "account_id": "AC2", "rule": "post_conversation",
         "started_at": "2026-01-06T02:30:00Z", "local_time": "2026-01-05T20:30:00-06:00", "agent_id": "voice_ai"},
        {"interaction_id": "c5", "account_id": "AC3", "rule": "inconvenient_time",
         "started_at": "2026-01-06T05:00:00Z", "local_time": "2026-01-05T21:00:00-08:00", "agent_id": "voice_ai"},
        # a failed attempt is no placed call, but every outbound attempt is checked for calling hours
        {"interaction_id": "c6", "account_id": "AC3", "rule": "inconvenient_time",
         "started_at": "2026-01-06T06:00:00Z", "local_time": "2026-01-05T22:00:00-08:00", "agent_id": "A3"},
        {"interaction_id": "c2", "account_id": "AC1", "rule": "post_conversation",
         "started_at": "2026-01-07T15:00:00Z", "local_time": "2026-01-07T10:00:00-05:00", "agent_id": "A1"},
        {"interaction_id": "f8", "account_id": "AC5", "rule": "frequency",
         "started_at": "2026-01-18T14:00:00Z", "local_time": "2026-01-18T09:00:00-05:00", "agent_id": "A2"},
        {"interaction_id": "p1", "account_id": "AC6", "rule": "pause",
         "started_at": "2026-01-21T15:00:00Z", "local_time": "2026-01-21T10:00:00-05:00", "agent_id": "A1"},
        {"interaction_id": "d4", "account_id": "AC6", "rule": "pause",
         "started_at": "2026-01-22T15:00:00Z", "local_time": "2026-01-22T10:00:00-05:00", "agent_id": None},
    ]
    assert evidence["c4", "post_conversation"]["conversation"]["call_id"] == "c3"
    assert evidence["c4", "post_conversation"]["day_of_window"] == 1
    assert [c["call_id"] for c in evidence["f8", "frequency"]["calls"]] == [f"f{i}" for i in range(1, 9)]
    assert evidence["f8", "frequency"]["window"] == ["2026-01-12", "2026-01-18"]
    assert evidence["c5", "inconvenient_time"]["local_times"] == {"America/Los_Angeles": "2026-01-05T21:00:00-08:00"}
    assert evidence["d4", "pause"]["pause"] == {"from": "2026-01-20T00:00:00Z", "until": "2026-01-25T00:00:00Z"}
    jan7 = compliance_findings(engine, Viewer.leadership(), Period(datetime(2026, 1, 7), datetime(2026, 1, 19)))
    assert jan7.interaction_id.tolist() == ["c2", "f8"]


def test_timezone_change_rechecks_the_account(engine: Engine, tmp_path: Path) -> None:
    seed(engine, tmp_path)
    load(engine, tmp_path, "accounts", "account_id,timezone\nAC3,America/New_York\n")  # c5 is 00:00 EST
    assert [r["local_time"] for r in compliance_rows(engine, Period.all()) if r["interaction_id"] == "c5"] == [
        "2026-01-06T00:00:00-05:00"]
    load(engine, tmp_path, "pauses", "account_id,paused_from,paused_until\nAC5,2026-01-19T00:00:00Z,\n")
    assert ("f9", "pause") in {(r["interaction_id"], r["rule"]) for r in compliance_rows(engine, Period.all())}


def test_each_finding_explains_itself(engine: Engine, tmp_path: Path) -> None:
    seed(engine, tmp_path)
    rows = {(r["interaction_id"], r["rule"]): r for r in finding_records(engine, Viewer.leadership())}
    text, frame = explain("frequency", rows["f8", "frequency"]["evidence"])
    assert text.startswith("8 counted calls in the 7 days 2026-01-12 to 2026-01-18")
    assert frame["call_id"].tolist() == [f"f{i}" for i in range(1, 9)]
    text, frame = explain("post_conversation", rows["c2", "post_conversation"]["evidence"])
    assert "day 3" in text and frame["call_id"].tolist() == ["c1"]
    text, frame = explain("inconvenient_time", rows["c5", "inconvenient_time"]["evidence"])
    assert "America/Los_Angeles 21:00" in text and frame["zone"].tolist() == ["America/Los_Angeles"]
    assert "open-ended" not in explain("pause", rows["p1", "pause"]["evidence"])[0]
