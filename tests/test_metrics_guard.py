"""The preventive guard: `can_contact` answers as the audit would judge the contact, with the earliest time."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from metrics.cli import app
from metrics.guard import _facts, can_contact, near_limit
from metrics.rollups.regf import standing, utc_text
from tests.test_regf_official_examples import ACCOUNTS, NY_PHONE, audit, call, stamp, week


def utc(local: str, offset: str = "-04:00") -> datetime:
    """'MM-DD HH:MM' local 2026 time as naive UTC."""
    return datetime.fromisoformat(stamp(local, offset)).astimezone(UTC).replace(tzinfo=None)


def test_frequency_blocks_until_the_window_moves_and_hours_allow(engine: Engine, tmp_path: Path) -> None:
    audit(engine, tmp_path, week("c", range(4, 11)))  # seven calls, Monday May 4 .. Sunday May 10
    d = can_contact(engine, "AC1", "call", utc("05-10 12:00"))
    assert (d.allowed, d.rule, d.earliest) == (False, "frequency", utc("05-11 08:00"))
    assert [c["call_id"] for c in d.evidence["calls"]][:7] == [f"c{i}" for i in range(4, 11)]
    assert can_contact(engine, "AC1", "call", utc("05-11 08:00")).allowed
    assert can_contact(engine, "AC1", "email", utc("05-10 12:00")).allowed  # the call limits are for calls


def test_post_conversation_week_and_open_pause(engine: Engine, tmp_path: Path) -> None:
    audit(engine, tmp_path, [call("in", "05-05 12:00", "answered", 300, "inbound")])
    d = can_contact(engine, "AC1", "call", utc("05-06 09:00"))
    assert (d.allowed, d.rule, d.earliest) == (False, "post_conversation", utc("05-12 08:00"))
    assert d.evidence["conversation"]["call_id"] == "in"
    path = tmp_path / "pauses.csv"
    path.write_text(f"account_id,paused_from\nAC1,{stamp('05-08 00:00')}\n", encoding="utf-8")
    from pipeline.load import load_paths

    load_paths(engine, "pauses", [path], progress=False)
    d = can_contact(engine, "AC1", "sms", utc("05-20 12:00"))
    assert (d.allowed, d.rule, d.earliest) == (False, "pause", None)


def test_calling_hours_in_every_zone_and_consent(engine: Engine, tmp_path: Path) -> None:
    accounts = ACCOUNTS + f"AC1,Consumer,{NY_PHONE},America/Los_Angeles\n"
    audit(engine, tmp_path, [], accounts=accounts)
    d = can_contact(engine, "AC1", "email", utc("05-04 07:00"))  # 07:00 ET, 04:00 PT
    assert (d.allowed, d.rule, d.earliest) == (False, "inconvenient_time", utc("05-04 11:00"))  # 08:00 PT
    assert set(d.evidence["local_times"]) == {"America/Los_Angeles", "America/New_York"}
    late = can_contact(engine, "AC1", "call", utc("05-04 21:30"))  # 18:30 PT, 21:30 ET
    assert (late.rule, late.earliest) == ("inconvenient_time", utc("05-05 11:00"))
    audit(engine, tmp_path, [], accounts=accounts, consents=[f"AC1,calling_hours,{stamp('05-01 09:00')},,\n"])
    assert can_contact(engine, "AC1", "call", utc("05-04 21:30")).allowed


@pytest.mark.parametrize("hour", ["07:59", "08:00", "12:00", "20:59", "21:00"])
def test_the_guard_agrees_with_the_audit(engine: Engine, tmp_path: Path, hour: str) -> None:
    calls = [*week("c", range(4, 9)), call("talk", "05-09 10:00", "answered", 60)]
    audit(engine, tmp_path, calls)
    for day in (9, 10, 15, 16):
        at = utc(f"05-{day:02d} {hour}")
        decision = can_contact(engine, "AC1", "call", at)
        probe = call("probe", f"05-{day:02d} {hour}")
        found = audit(engine, tmp_path, [*calls, probe])
        assert decision.allowed == (not any(i == "probe" for i, _ in found)), (day, hour, found)
        assert set(decision.rules) == {r for i, r in found if i == "probe"}
        if decision.earliest:
            later = audit(engine, tmp_path, [*calls, call("then", _local(decision.earliest))])
            assert not any(i == "then" for i, _ in later)
            before = _local(decision.earliest - timedelta(minutes=1))
            assert any(i == "early" for i, _ in audit(engine, tmp_path, [*calls, call("early", before)]))
        audit(engine, tmp_path, calls)


def _local(ts: datetime) -> str:
    return (ts - timedelta(hours=4)).strftime("%m-%d %H:%M")


def test_near_limit_lists_accounts_at_six_calls_or_in_a_conversation_week(engine: Engine, tmp_path: Path) -> None:
    accounts = ACCOUNTS + "".join(f"{a},Consumer,{NY_PHONE},America/New_York\n" for a in ("SIX", "TWO", "TALK"))
    calls = [*week("s", range(5, 11), account="SIX"), *week("t", range(9, 11), account="TWO"),
             call("x", "05-08 10:00", "answered", 60, account="TALK")]
    audit(engine, tmp_path, calls, accounts=accounts)
    rows = {r["account_id"]: r for r in near_limit(engine, utc("05-10 12:00"))}
    assert set(rows) == {"SIX", "TALK"}
    assert rows["SIX"]["calls_in_window"] == 6 and rows["SIX"]["call_allowed_now"] is True
    assert (rows["TALK"]["rule"], rows["TALK"]["next_call_at"]) == ("post_conversation", "2026-05-15T12:00:00Z")


def _one_account(engine: Engine, account_id: str, at: datetime) -> dict | None:
    """The near-limit row of one account as the guard judges it alone: its own facts, standing and decision."""
    with engine.connect() as conn:
        facts = _facts(conn, account_id, at)
    window, talk = standing(facts.account, facts.calls, facts.consents, at)
    if len(window) < 6 and talk is None:
        return None
    d = can_contact(engine, account_id, "call", at)
    return {"account_id": account_id, "calls_in_window": len(window),
            "conversation_at": talk and utc_text(talk.started_at), "call_allowed_now": d.allowed, "rule": d.rule,
            "next_call_at": utc_text(at) if d.allowed else d.earliest and utc_text(d.earliest)}


def test_near_limit_equals_each_accounts_own_answer(engine: Engine, tmp_path: Path) -> None:
    """Read in one statement for all accounts, near_limit gives each account the answer it gets alone."""
    names = ("SIX", "SEVEN", "EIGHT", "TWO", "TALK", "PAUSED", "CONSENT", "WRONG", "LATE", "NOROW")
    accounts = ACCOUNTS + "".join(f"{a},Consumer,{NY_PHONE},America/New_York\n" for a in names if a != "NOROW")
    accounts += "LA,Consumer,+13105550100,America/Los_Angeles\n"
    wrong = "+13125550199"
    calls = [*week("s", range(5, 11), account="SIX"), *week("v", range(4, 11), account="SEVEN"),
             *week("e", range(3, 11), account="EIGHT"), *week("t", range(9, 11), account="TWO"),
             call("x", "05-08 10:00", "answered", 60, account="TALK"),
             *week("p", range(4, 10), account="PAUSED"), *week("k", range(4, 11), account="CONSENT"),
             *week("w", range(4, 10), account="WRONG", dialled=wrong),
             call("ww", "05-09 15:00", "wrong_number", 30, account="WRONG", dialled=wrong),
             *week("l", range(4, 10), hour="20:30", account="LATE"),
             call("in", "05-09 09:00", "answered", 120, "inbound", account="LATE"),
             *week("n", range(4, 11), account="NOROW"), *week("la", range(4, 10), account="LA")]
    consents = [f"CONSENT,calls,{stamp('05-09 09:00')},,\n"]
    audit(engine, tmp_path, calls, accounts=accounts, consents=consents)
    path = tmp_path / "pauses.csv"
    path.write_text(f"account_id,paused_from\nPAUSED,{stamp('05-09 00:00')}\n", encoding="utf-8")
    from pipeline.load import load_paths

    load_paths(engine, "pauses", [path], progress=False)
    for at in (utc("05-10 12:00"), utc("05-10 21:30"), utc("05-11 07:00"), utc("05-16 12:00")):
        got = near_limit(engine, at)
        assert [r["account_id"] for r in got] == sorted(r["account_id"] for r in got)
        expected = [row for a in sorted((*names, "LA")) if (row := _one_account(engine, a, at)) is not None]
        assert got == expected, at
    assert {r["account_id"] for r in near_limit(engine, utc("05-10 12:00"))} >= {"SIX", "SEVEN", "EIGHT", "TALK"}


def test_can_contact_command(engine: Engine, tmp_path: Path, db_url: str) -> None:
    audit(engine, tmp_path, week("c", range(4, 11)))
    env = {"DATABASE_URL": db_url}
    result = CliRunner().invoke(app, ["can-contact", "AC1", "--at", "2026-05-10T16:00:00Z", "--format", "json"],
                                env=env)
    assert result.exit_code == 1, result.output
    body = json.loads(result.output)
    assert (body["allowed"], body["rule"], body["earliest_allowed_at"]) == (False, "frequency", "2026-05-11T12:00:00Z")
    ok = CliRunner().invoke(app, ["can-contact", "AC1", "--channel", "sms", "--at", "2026-05-10T16:00:00Z"], env=env)
    assert ok.exit_code == 0 and ok.output.startswith("allowed"), ok.output
    near = CliRunner().invoke(app, ["near-limit", "--at", "2026-05-10T16:00:00Z"], env=env)
    assert near.exit_code == 0 and near.output.splitlines()[1].startswith("AC1,7,"), near.output
    assert CliRunner().invoke(app, ["can-contact", "AC1", "--channel", "fax"], env=env).exit_code == 2

