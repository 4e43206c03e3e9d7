"""Regulation F (12 CFR 1006) rules for one account, as METRICS.md and the official interpretation read them.

Pure Python over one account's rows, shared by the stored audit (`metrics.rollups.compliance`) and the
preventive guard (`metrics.guard`), so both give the same answer. Days are calendar days in the
account's timezone; calling hours must be convenient in every zone the location data indicates
(comment 6(b)(1)(i)-2). Every finding carries its evidence as a JSON-ready dict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import timezone as phone_timezone

from metrics.settings import PLACED_DISPOSITIONS, VOICE_AI

RULES = ("frequency", "post_conversation", "inconvenient_time", "pause")
PLACED = PLACED_DISPOSITIONS  # connected to the dialled number (14(b)(3)(ii))
NOT_A_CONVERSATION = frozenset({"wrong_number", "voicemail"})
MAX_CALLS_IN_7_DAYS = 7
WINDOW_DAYS = 7
CONSENT_DAYS = 7
EARLIEST_HOUR, LATEST_HOUR = 8, 21
_GEOGRAPHIC = {phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE,
               phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


@lru_cache(maxsize=1024)
def zone(name: str | None) -> ZoneInfo:
    """The account's timezone; UTC when blank or unknown."""
    if not name:
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@lru_cache(maxsize=65536)
def phone_zones(number: str | None) -> tuple[str, ...]:
    """IANA zones a phone number's area code indicates (libphonenumber); () when it indicates none.

    Non-geographic numbers (toll-free, invalid) and numbers only known at country level add no zone.
    """
    if not number:
        return ()
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return ()
    if not phonenumbers.is_valid_number(parsed) or phonenumbers.number_type(parsed) not in _GEOGRAPHIC:
        return ()
    found = phone_timezone.time_zones_for_geographical_number(parsed)
    country = phone_timezone._country_level_time_zones_for_number(parsed)
    if not found or found == country or found == (phone_timezone.UNKNOWN_TIMEZONE,):
        return ()
    return tuple(z for z in found if _valid_zone(z))


def _valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Account:
    """What the rules need about the account: its timezone (name as stored) and phone."""

    account_id: str
    timezone: str | None = None
    phone: str | None = None

    @property
    def tz(self) -> ZoneInfo:
        """The zone whose calendar days the limits count in."""
        return zone(self.timezone)


@dataclass(frozen=True)
class Consent:
    """A prior consent given directly by the consumer (consents.csv)."""

    kind: str
    given_at: datetime
    until: datetime | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class Finding:
    """One rule broken by one outbound interaction, with the evidence for it."""

    source: str
    interaction_id: str
    rule: str
    account_id: str
    started_at: datetime
    local_time: str | None
    placed_by: str
    agent_key: str
    channel: str
    language: str
    month: str
    evidence: dict[str, Any] = field(default_factory=dict, compare=False)


def local(ts: datetime, tz: ZoneInfo) -> datetime:
    """A naive-UTC instant in zone `tz`."""
    return ts.replace(tzinfo=UTC).astimezone(tz)


def utc_text(ts: datetime) -> str:
    """A naive-UTC instant as ISO 8601 with Z."""
    return ts.isoformat() + "Z"


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """Naive UTC of local midnight starting `day` in `tz`."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC).replace(tzinfo=None)


def call_zones(account: Account, dialled_number: str | None) -> list[str]:
    """Every zone a call's location information indicates: the account's timezone, its phone's and the
    dialled number's (comment 6(b)(1)(i)-2). UTC when none is known."""
    out: list[str] = []
    if account.timezone and _valid_zone(account.timezone):
        out.append(account.timezone)
    for z in (*phone_zones(account.phone), *phone_zones(dialled_number or account.phone)):
        if z not in out:
            out.append(z)
    return out or ["UTC"]


def inconvenient(ts: datetime, zones: Sequence[str]) -> dict[str, str] | None:
    """Local times per zone when `ts` is before 08:00 or at/after 21:00 in any of them, else None."""
    times = {z: local(ts, zone(z)) for z in zones}
    if any(t.hour < EARLIEST_HOUR or t.hour >= LATEST_HOUR for t in times.values()):
        return {z: t.isoformat() for z, t in times.items()}
    return None


def placed_by(handled_by: str, agent_id: str | None) -> str:
    """Who placed a call: the agent, `voice_ai`, or '' (dialler)."""
    return VOICE_AI if handled_by == VOICE_AI else (agent_id or "")


def agent_key(handled_by: str, agent_id: str | None, handoff: str | None) -> str:
    """Who a call counts for (METRICS.md): agent, voice-AI handoff agent, `voice_ai`, or ''."""
    if handled_by == "agent":
        return agent_id or ""
    if handled_by == VOICE_AI:
        return handoff or VOICE_AI
    return ""


def _consent_text(c: Consent, end: datetime, why: str, covers: bool) -> dict[str, Any]:
    return {"kind": c.kind, "given_at": utc_text(c.given_at), "until": c.until and utc_text(c.until),
            "revoked_at": c.revoked_at and utc_text(c.revoked_at), "ends_at": utc_text(end), "ended_by": why,
            "covers": covers}


class CallConsents:
    """`calls` consents with their end: until, revocation, day 7 of the consent or the next conversation."""

    def __init__(self, consents: Sequence[Consent], conversations: Sequence[datetime], tz: ZoneInfo) -> None:
        self.items: list[tuple[Consent, datetime, str, datetime | None]] = []
        for c in sorted((c for c in consents if c.kind == "calls"), key=lambda c: c.given_at):
            ends = [(day_start(local(c.given_at, tz).date() + timedelta(days=CONSENT_DAYS), tz), "seven days")]
            if c.until:
                ends.append((c.until, "until"))
            if c.revoked_at:
                ends.append((c.revoked_at, "revoked"))
            conv = next((t for t in conversations if t > c.given_at), None)
            end, why = min(ends)
            if conv is not None and conv < end:
                self.items.append((c, conv, "telephone conversation", conv))
            else:
                self.items.append((c, end, why, None))

    def covering(self, ts: datetime) -> Consent | None:
        """The consent a call at `ts` was placed under (the ending conversation's own call included)."""
        for c, end, _, conv in self.items:
            if c.given_at <= ts and (ts < end or (conv is not None and ts == conv)):
                return c
        return None

    def considered(self, ts: datetime) -> list[dict[str, Any]]:
        """The consents given before `ts` within the last eight days, and whether each covers it."""
        out = []
        for c, end, why, conv in self.items:
            if c.given_at <= ts < c.given_at + timedelta(days=CONSENT_DAYS + 1):
                covers = ts < end or (conv is not None and ts == conv)
                out.append(_consent_text(c, end, why, covers))
        return out


def hours_consent(consents: Sequence[Consent], ts: datetime) -> Consent | None:
    """A `calling_hours` consent in force at `ts` (§1006.6(b)(4)(i))."""
    for c in consents:
        if c.kind == "calling_hours" and c.given_at <= ts and (c.until is None or ts < c.until) \
                and (c.revoked_at is None or ts < c.revoked_at):
            return c
    return None


def _hours_considered(consents: Sequence[Consent], ts: datetime) -> list[dict[str, Any]]:
    return [{"kind": c.kind, "given_at": utc_text(c.given_at), "until": c.until and utc_text(c.until),
             "revoked_at": c.revoked_at and utc_text(c.revoked_at), "covers": False}
            for c in consents if c.kind == "calling_hours" and c.given_at <= ts]


def _call_text(r: Any, tz: ZoneInfo) -> dict[str, Any]:
    return {"call_id": r.call_id, "started_at": utc_text(r.started_at),
            "local_time": local(r.started_at, tz).isoformat(), "direction": r.direction,
            "disposition": r.disposition, "talk_seconds": r.talk_seconds}


@dataclass
class Ledger:
    """An account's calls in time order, which count toward the frequencies and which are conversations."""

    rows: list[Any]
    counted: list[bool]
    conversation: list[bool]
    consents: CallConsents


def ledger(account: Account, call_rows: Sequence[Any], consents: Sequence[Consent] = ()) -> Ledger:
    """Placed calls minus the excluded ones (wrong numbers, consent), and the telephone conversations."""
    rows = sorted(call_rows, key=lambda r: (r.started_at, r.call_id))

    def number(r: Any) -> str:
        return r.dialled_number or account.phone or ""

    last_wrong = {number(r): i for i, r in enumerate(rows) if r.disposition == "wrong_number"}
    # a call to a number the account marks wrong on this call or a later one (comment 14(b)(2)(i)-3)
    wrong = [i <= last_wrong.get(number(r), -1) for i, r in enumerate(rows)]
    talk = [r.talk_seconds > 0 and r.disposition not in NOT_A_CONVERSATION and not wrong[i]
            for i, r in enumerate(rows)]
    call_consents = CallConsents(consents, [r.started_at for r, t in zip(rows, talk, strict=True) if t], account.tz)
    counted = [r.direction == "outbound" and r.disposition in PLACED and not wrong[i]
               and call_consents.covering(r.started_at) is None for i, r in enumerate(rows)]
    return Ledger(rows, counted, talk, call_consents)


def standing(account: Account, call_rows: Sequence[Any], consents: Sequence[Consent], at: datetime
             ) -> tuple[list[Any], Any]:
    """At instant `at`: the counted calls of the seven-day window ending on its local day, and the latest
    telephone conversation whose post-conversation week contains that day (None if none)."""
    tz = account.tz
    book = ledger(account, [r for r in call_rows if r.started_at <= at], consents)
    today = local(at, tz).date().toordinal()
    days = [local(r.started_at, tz).date().toordinal() for r in book.rows]
    window = [r for r, d, c in zip(book.rows, days, book.counted, strict=True) if c and today - d < WINDOW_DAYS]
    talks = [r for r, d, t in zip(book.rows, days, book.conversation, strict=True) if t and today - d < WINDOW_DAYS]
    return window, (talks[-1] if talks else None)


def check_account(
    account: Account,
    call_rows: Sequence[Any],
    message_rows: Sequence[Any] = (),
    pause_rows: Sequence[tuple[datetime, datetime | None]] = (),
    consents: Sequence[Consent] = (),
    only: str | None = None,
) -> list[Finding]:
    """All violations on one account (one particular debt, §1006.14(b)(4)); with `only`, just those of the row
    whose call_id / interaction_id it is (the others still shape the windows, but are not judged).

    `call_rows`: the account's calls (at least every outbound call and every spoken call) with call_id,
    started_at (naive UTC), direction, talk_seconds, disposition, dialled_number, handled_by, agent_id,
    handoff_agent_id, language. `message_rows`: outbound digital rows with interaction_id, started_at,
    channel, agent_id, language.
    """
    tz = account.tz
    book = ledger(account, call_rows, consents)
    rows, call_consents = book.rows, book.consents
    out: list[Finding] = []

    def paused(ts: datetime) -> tuple[datetime, datetime | None] | None:
        return next(((s, u) for s, u in pause_rows if s <= ts and (u is None or ts < u)), None)

    def add(source: str, r: Any, rule: str, channel: str, who: str, key: str, evidence: dict) -> None:
        out.append(Finding(source, r.interaction_id if source == "digital" else r.call_id, rule, account.account_id,
                           r.started_at, local(r.started_at, tz).isoformat(), who, key, channel, r.language or "",
                           r.started_at.strftime("%Y-%m"), evidence))

    window: list[tuple[int, Any]] = []
    last_conv: Any = None
    for i, r in enumerate(rows):
        if r.direction == "outbound":
            if only is not None and r.call_id != only:
                if book.counted[i]:
                    window.append((local(r.started_at, tz).date().toordinal(), r))
                if book.conversation[i]:
                    last_conv = r
                continue
            ts = r.started_at
            day = local(ts, tz).date().toordinal()
            who, key = placed_by(r.handled_by, r.agent_id), agent_key(r.handled_by, r.agent_id, r.handoff_agent_id)
            if book.counted[i]:
                window.append((day, r))
                while window[0][0] <= day - WINDOW_DAYS:
                    window.pop(0)
                considered = call_consents.considered(ts)
                if len(window) > MAX_CALLS_IN_7_DAYS:
                    add("call", r, "frequency", "voice", who, key, {
                        "window": [date.fromordinal(day - WINDOW_DAYS + 1).isoformat(),
                                   date.fromordinal(day).isoformat()],
                        "calls": [_call_text(c, tz) for _, c in window], "consents": considered})
                if last_conv is not None:
                    conv_day = local(last_conv.started_at, tz).date().toordinal()
                    if day - conv_day < WINDOW_DAYS:
                        add("call", r, "post_conversation", "voice", who, key, {
                            "conversation": _call_text(last_conv, tz), "day_of_window": day - conv_day + 1,
                            "consents": considered})
            _hours_and_pause(add, "call", r, "voice", who, key, call_zones(account, r.dialled_number), account,
                             consents, paused(r.started_at))
        if book.conversation[i]:
            last_conv = r
    for r in message_rows:
        if only is not None and r.interaction_id != only:
            continue
        who = r.agent_id or ""
        _hours_and_pause(add, "digital", r, r.channel, who, who, call_zones(account, None), account, consents,
                         paused(r.started_at))
    return out


def _hours_and_pause(add: Any, source: str, r: Any, channel: str, who: str, key: str, zones: list[str],
                     account: Account, consents: Sequence[Consent],
                     pause: tuple[datetime, datetime | None] | None) -> None:
    """Calling hours in every indicated zone, at the time sent (comments 6(b)(1)(i)-1/-2), and pauses."""
    times = inconvenient(r.started_at, zones)
    if times is not None and hours_consent(consents, r.started_at) is None:
        dialled = getattr(r, "dialled_number", None)
        add(source, r, "inconvenient_time", channel, who, key, {
            "local_times": times,
            "zones_from": {"timezone": account.timezone, "phone": list(phone_zones(account.phone)),
                           "dialled_number": list(phone_zones(dialled or account.phone)) if source == "call" else []},
            "consents": _hours_considered(consents, r.started_at)})
    if pause is not None:
        add(source, r, "pause", channel, who, key, {
            "pause": {"from": utc_text(pause[0]), "until": pause[1] and utc_text(pause[1])}})
