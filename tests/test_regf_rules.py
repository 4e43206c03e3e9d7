"""The Regulation F rules of `metrics.rollups.regf` on hand-made rows: days, hours, zones, consents, wrong numbers."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from metrics.rollups.regf import Account, Consent, check_account, phone_zones, zone

NY = Account("A", "America/New_York")


def call(call_id: str, at: datetime, talk: int = 0, disposition: str = "no_answer", direction: str = "outbound",
         dialled: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(call_id=call_id, started_at=at, direction=direction, talk_seconds=talk,
                           disposition=disposition, dialled_number=dialled, handled_by="agent", agent_id="A1",
                           handoff_agent_id=None, language="en")


def rules(findings: list) -> list[tuple[str, str]]:
    return [(f.interaction_id, f.rule) for f in findings]


def test_frequency_counts_local_calendar_days() -> None:
    # 7 calls on local Jan 1 (EST), then one at 23:30 local Jan 7 (04:30Z Jan 8): within days 1..7 -> 8th.
    rows = [call(f"x{i}", datetime(2026, 1, 1, 14 + i)) for i in range(7)]
    assert rules(check_account(NY, [*rows, call("late", datetime(2026, 1, 8, 4, 30))])) == [
        ("late", "frequency"), ("late", "inconvenient_time")]
    # On local Jan 8 a new window starts.
    assert rules(check_account(NY, [*rows, call("next", datetime(2026, 1, 8, 13, 30))])) == []
    # A busy or failed attempt is not placed, but is still checked for calling hours.
    rows[0] = call("busy", datetime(2026, 1, 1, 14), disposition="busy")
    assert rules(check_account(NY, [*rows, call("late", datetime(2026, 1, 8, 4, 30))])) == [
        ("late", "inconvenient_time")]


@pytest.mark.parametrize(("day", "violates"), [(1, True), (7, True), (8, False)])
def test_post_conversation_window_counts_the_conversation_day_as_day_1(day: int, violates: bool) -> None:
    rows = [call("talk", datetime(2026, 1, 5, 22), 30, "answered", "inbound"),  # 17:00 EST Jan 5
            call("before", datetime(2026, 1, 5, 15)),
            call("out", datetime(2026, 1, 4 + day, 23))]  # 18:00 EST on day N
    assert rules(check_account(NY, rows)) == ([("out", "post_conversation")] if violates else [])


def test_conversation_call_itself_does_not_count_and_hours_are_half_open() -> None:
    rows = [call("eight", datetime(2026, 7, 1, 12), 40, "answered"),  # 08:00 EDT, a conversation
            call("early", datetime(2026, 7, 2, 11, 59, 59)),  # 07:59:59 EDT
            call("ninepm", datetime(2026, 7, 3, 1))]  # 21:00 EDT
    assert rules(check_account(NY, rows)) == [
        ("early", "post_conversation"), ("early", "inconvenient_time"),
        ("ninepm", "post_conversation"), ("ninepm", "inconvenient_time")]


def test_unknown_timezone_is_checked_in_utc() -> None:
    assert zone("") == zone("Mars/Olympus") == ZoneInfo("UTC")
    rows = [call("night", datetime(2026, 1, 1, 3)), call("day", datetime(2026, 1, 1, 12))]
    found = check_account(Account("A", "Mars/Olympus"), rows, pause_rows=[(datetime(2026, 1, 1, 10), None)])
    assert rules(found) == [("night", "inconvenient_time"), ("day", "pause")]
    assert found[0].local_time == "2026-01-01T03:00:00+00:00"


def test_phone_zones_come_from_the_area_code_and_non_geographic_numbers_add_none() -> None:
    assert phone_zones("+12125550100") == ("America/New_York",)
    assert phone_zones("+13105550100") == ("America/Los_Angeles",)
    assert phone_zones("+18005550100") == ()  # toll-free
    assert phone_zones("+19995550100") == ()  # not a valid number
    assert phone_zones(None) == () and phone_zones("garbage") == ()


def test_calls_consent_ends_at_revocation_until_and_conversation() -> None:
    eight = [call(f"c{i}", datetime(2026, 5, 4, 13 + i)) for i in range(8)]  # Monday 09:00.. EDT
    revoked = Consent("calls", datetime(2026, 5, 4, 12), revoked_at=datetime(2026, 5, 4, 19, 30))
    assert rules(check_account(NY, eight, consents=[revoked])) == []  # c0..c6 covered, only c7 counts
    revoked_early = Consent("calls", datetime(2026, 5, 4, 12), revoked_at=datetime(2026, 5, 4, 13, 30))
    assert rules(check_account(NY, eight, consents=[revoked_early])) == []  # c1..c7 count: 7 calls
    until = Consent("calls", datetime(2026, 5, 4, 12), until=datetime(2026, 5, 4, 12, 30))
    assert rules(check_account(NY, eight, consents=[until])) == [("c7", "frequency")]
    given_later = Consent("calls", datetime(2026, 5, 4, 20, 30))
    assert rules(check_account(NY, eight, consents=[given_later])) == [("c7", "frequency")]


def test_calling_hours_consent_allows_the_late_call_only_while_in_force() -> None:
    late = [call("a", datetime(2026, 5, 5, 2)), call("b", datetime(2026, 5, 12, 2))]  # 22:00 EDT
    consent = Consent("calling_hours", datetime(2026, 5, 1), until=datetime(2026, 5, 10))
    found = check_account(NY, late, consents=[consent])
    assert rules(found) == [("b", "inconvenient_time")]
    assert found[0].evidence["consents"][0]["given_at"] == "2026-05-01T00:00:00Z"
