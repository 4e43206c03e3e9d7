"""The preventive Regulation F guard: may we contact this account now, and if not, from when?

It asks the audit's own rules (`metrics.rollups.regf`) about a hypothetical contact: a placed call
to the account's phone (or an email/SMS) at the given instant, among the account's calls of the
last days, its pauses and its consents. So the guard and the audit can never disagree. A dialler
calls `can_contact`; `near_limit` lists accounts close to the frequency limits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    CompoundSelect,
    Connection,
    DateTime,
    Engine,
    Integer,
    String,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)

from metrics.rollups.regf import (
    EARLIEST_HOUR,
    MAX_CALLS_IN_7_DAYS,
    PLACED,
    WINDOW_DAYS,
    Account,
    Consent,
    call_zones,
    check_account,
    day_start,
    inconvenient,
    local,
    standing,
    utc_text,
    zone,
)
from sql.schema import accounts, calls, consents, pauses

CHANNELS = ("call", "email", "sms")
LOOKBACK = timedelta(days=WINDOW_DAYS + 2)  # covers the local seven-day window and a consent's week
PROBE = "__guard__"
NEAR_LIMIT_COLUMNS = ["account_id", "calls_in_window", "conversation_at", "call_allowed_now", "rule",
                      "next_call_at"]
ORDER = ("pause", "frequency", "post_conversation", "inconvenient_time")


@dataclass(frozen=True)
class Decision:
    """The guard's answer: allowed, or the rule that forbids it and the earliest allowed instant (naive UTC)."""

    account_id: str
    channel: str
    at: datetime
    allowed: bool
    rule: str | None = None
    earliest: datetime | None = None
    rules: tuple[str, ...] = ()
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: instants as ISO 8601 with Z."""
        return {"account_id": self.account_id, "channel": self.channel, "at": utc_text(self.at),
                "allowed": self.allowed, "rule": self.rule, "rules": list(self.rules),
                "earliest_allowed_at": self.earliest and utc_text(self.earliest), "evidence": self.evidence}


@dataclass
class _Facts:
    account: Account
    calls: list[Any]
    pauses: list[tuple[datetime, datetime | None]]
    consents: list[Consent]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _nulls(kind: Any, n: int) -> list[Any]:
    return [cast(null(), kind) for _ in range(n)]


def _facts_statement(accounts_of: Callable[[Any], ColumnElement[bool]]) -> CompoundSelect:
    """Everything the guard reads about the accounts `accounts_of(account_id column)` picks, in one round trip
    (account, pauses, consents, recent calls).

    Rows are (account_id, tag, s1..s8, t1..t3, n); bound: lo, at (and whatever `accounts_of` binds).
    """
    lo, at = bindparam("lo", type_=DateTime), bindparam("at", type_=DateTime)
    a, p, k, c = accounts.c, pauses.c, consents.c, calls.c
    text_, when = String(64), DateTime()
    return union_all(
        select(a.account_id, literal("a", text_), cast(a.timezone, text_), cast(a.phone, text_), *_nulls(text_, 6),
               *_nulls(when, 3), cast(null(), Integer)).where(accounts_of(a.account_id)),
        select(p.account_id, literal("p", text_), *_nulls(text_, 8), p.paused_from, p.paused_until,
               cast(null(), when), cast(null(), Integer)).where(accounts_of(p.account_id)),
        select(k.account_id, literal("k", text_), cast(k.kind, text_), *_nulls(text_, 7), k.given_at, k.until,
               k.revoked_at, cast(null(), Integer)).where(accounts_of(k.account_id)),
        select(c.account_id, literal("c", text_), *(cast(c[n], text_) for n in (
                   "call_id", "direction", "disposition", "dialled_number", "handled_by", "agent_id",
                   "handoff_agent_id", "language")),
               c.started_at, cast(null(), when), cast(null(), when), c.talk_seconds)
        .where(accounts_of(c.account_id), c.started_at >= lo, c.started_at <= at,
               or_(c.direction == "outbound", c.talk_seconds > 0)),
    )


def _candidates() -> CTE:
    """Accounts that may be near a limit at `at`: 6+ placed calls or a spoken call in the lookback (bound: lo, at).

    A coarse SQL filter; `near_limit` then applies the rules' own counting (consents, wrong numbers, local days).
    """
    c = calls.c
    recent = (c.started_at >= bindparam("lo", type_=DateTime)) & (c.started_at <= bindparam("at", type_=DateTime))
    placed = (c.direction == "outbound") & c.disposition.in_(sorted(PLACED))
    return (select(c.account_id).where(recent, or_(placed, c.talk_seconds > 0)).group_by(c.account_id)
            .having(or_(func.sum(case((placed, 1), else_=0)) >= MAX_CALLS_IN_7_DAYS - 1,
                        func.max(c.talk_seconds) > 0))
            .cte("near_limit_candidates"))


FACTS = _facts_statement(lambda col: col == bindparam("account_id", type_=String))
_NEAR = _candidates()
NEAR_FACTS = _facts_statement(lambda col: col.in_(select(_NEAR.c.account_id)))


def _collect(rows: Iterable[Any]) -> dict[str, _Facts]:
    """Fact rows of `_facts_statement` grouped into each account's facts (consents by given_at, pauses by start)."""
    out: dict[str, _Facts] = {}
    for account_id, tag, s1, s2, s3, s4, s5, s6, s7, s8, t1, t2, t3, n in rows:
        facts = out.get(account_id)
        if facts is None:
            facts = out[account_id] = _Facts(Account(account_id), [], [], [])
        if tag == "a":
            facts.account = Account(account_id, s1, s2)
        elif tag == "p":
            facts.pauses.append((t1, t2))
        elif tag == "k":
            facts.consents.append(Consent(s1, t1, t2, t3))
        else:
            facts.calls.append(SimpleNamespace(
                call_id=s1, direction=s2, disposition=s3, dialled_number=s4, handled_by=s5, agent_id=s6,
                handoff_agent_id=s7, language=s8, started_at=t1, talk_seconds=n, account_id=account_id))
    for facts in out.values():
        facts.consents.sort(key=lambda k: k.given_at)
        facts.pauses.sort(key=lambda p: p[0])
    return out


def _facts(conn: Connection, account_id: str, at: datetime) -> _Facts:
    rows = conn.execute(FACTS, {"account_id": account_id, "lo": at - LOOKBACK, "at": at})
    return _collect(rows).get(account_id) or _Facts(Account(account_id), [], [], [])


def _probe(channel: str, at: datetime) -> SimpleNamespace:
    if channel == "call":
        return SimpleNamespace(call_id=PROBE, started_at=at, direction="outbound", talk_seconds=0,
                               disposition="no_answer", dialled_number=None, handled_by="agent", agent_id=None,
                               handoff_agent_id=None, language=None)
    return SimpleNamespace(interaction_id=PROBE, started_at=at, channel=channel, agent_id=None, language=None)


def _blocked(facts: _Facts, channel: str, at: datetime) -> dict[str, dict]:
    """The rules a contact at `at` would break, with their evidence."""
    probe = _probe(channel, at)
    if channel == "call":
        found = check_account(facts.account, [*facts.calls, probe], (), facts.pauses, facts.consents, PROBE)
    else:
        found = check_account(facts.account, (), [probe], facts.pauses, facts.consents, PROBE)
    return {f.rule: f.evidence for f in found if f.interaction_id == PROBE}


def _local_day(text: str) -> date:
    return datetime.fromisoformat(text).date()


def _next_free(facts: _Facts, channel: str, at: datetime, rule: str, evidence: dict) -> datetime | None:
    """The earliest instant after `at` at which `rule` alone no longer forbids the contact (None: never)."""
    tz = facts.account.tz
    if rule == "pause":
        until = evidence["pause"]["until"]
        return None if until is None else datetime.fromisoformat(until.rstrip("Z"))
    if rule == "post_conversation":
        return day_start(_local_day(evidence["conversation"]["local_time"]) + timedelta(days=WINDOW_DAYS), tz)
    if rule == "frequency":
        prior = sorted(_local_day(c["local_time"]) for c in evidence["calls"] if c["call_id"] != PROBE)
        drop = len(prior) - (MAX_CALLS_IN_7_DAYS - 1)  # oldest calls that must leave the window
        return day_start(prior[drop - 1] + timedelta(days=WINDOW_DAYS), tz)
    zones = call_zones(facts.account, None)
    candidates = sorted(
        datetime.combine(local(at, zone(z)).date() + timedelta(days=k), time(EARLIEST_HOUR), tzinfo=zone(z))
        .astimezone(UTC).replace(tzinfo=None)
        for z in zones for k in (0, 1, 2)
    )
    return next((t for t in candidates if t > at and inconvenient(t, zones) is None), candidates[-1])


def decide(facts: _Facts, account_id: str, channel: str, at: datetime) -> Decision:
    """The guard's answer from already-read facts (see `can_contact`)."""
    first = _blocked(facts, channel, at)
    if not first:
        return Decision(account_id, channel, at, True)
    rules = tuple(r for r in ORDER if r in first)
    t: datetime | None = at
    blocked = first
    for _ in range(50):
        if not blocked or t is None:
            break
        nexts = [_next_free(facts, channel, t, r, e) for r, e in blocked.items()]
        t = None if any(n is None for n in nexts) else max(nexts)
        if t is not None:
            blocked = _blocked(facts, channel, t)
    return Decision(account_id, channel, at, False, rules[0], t, rules, first[rules[0]])


def can_contact(engine: Engine | Connection, account_id: str, channel: str, at: datetime | None = None) -> Decision:
    """May we contact `account_id` on `channel` (call, email, sms) at `at` (naive UTC; default now)?"""
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of: {', '.join(CHANNELS)}")
    at = at or _now()
    if isinstance(engine, Connection):
        return decide(_facts(engine, account_id, at), account_id, channel, at)
    with engine.connect() as conn:
        return decide(_facts(conn, account_id, at), account_id, channel, at)


def near_limit(engine: Engine, at: datetime | None = None) -> list[dict[str, Any]]:
    """Accounts at 6 or more counted calls in the seven-day window of `at`'s local day, or inside a
    post-conversation week, with when the next call would be allowed.

    One statement reads every candidate's facts (`NEAR_FACTS`); the rules then run once per account in memory.
    """
    at = at or _now()
    with engine.connect() as conn:
        found = _collect(conn.execute(NEAR_FACTS, {"lo": at - LOOKBACK, "at": at}))
    out: list[dict[str, Any]] = []
    for account_id in sorted(found):
        facts = found[account_id]
        window, talk = standing(facts.account, facts.calls, facts.consents, at)
        if len(window) < MAX_CALLS_IN_7_DAYS - 1 and talk is None:
            continue
        decision = decide(facts, account_id, "call", at)
        out.append({
            "account_id": account_id, "calls_in_window": len(window),
            "conversation_at": talk and utc_text(talk.started_at),
            "call_allowed_now": decision.allowed, "rule": decision.rule,
            "next_call_at": utc_text(at) if decision.allowed else decision.earliest and utc_text(decision.earliest),
        })
    return out
