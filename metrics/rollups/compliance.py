"""Regulation F (12 CFR 1006) checks, per account, exactly as METRICS.md states them.

Local times and calendar days need the account's IANA timezone, which SQLite cannot
evaluate, so the rules run in Python over one account's outbound and spoken calls at
a time; the findings are stored in `metrics_violations` by every load (only for the
accounts the load touched) and read back with plain SQL. An account without a valid
timezone is checked in UTC (days and calling hours).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, Row, Select, delete, exists, insert, or_, select

from metrics.facts import call_placed
from metrics.settings import VOICE_AI
from sql.schema import accounts, calls, digital, metrics_violations, pauses

RULES = ("frequency", "post_conversation", "inconvenient_time", "pause")
MAX_CALLS_IN_7_DAYS = 7
WINDOW_DAYS = 7
EARLIEST_HOUR, LATEST_HOUR = 8, 21
CHUNK = 500
FULL_RECHECK_ACCOUNTS = 20_000


@dataclass(frozen=True)
class Finding:
    """One rule broken by one outbound interaction."""

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


@lru_cache(maxsize=1024)
def zone(name: str | None) -> ZoneInfo:
    """The account's timezone; UTC when blank or unknown."""
    if not name:
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _local(ts: datetime, tz: ZoneInfo) -> datetime:
    return ts.replace(tzinfo=UTC).astimezone(tz)


def _placed_by(handled_by: str, agent_id: str | None) -> str:
    return VOICE_AI if handled_by == VOICE_AI else (agent_id or "")


def _agent_key(handled_by: str, agent_id: str | None, handoff: str | None) -> str:
    if handled_by == "agent":
        return agent_id or ""
    if handled_by == VOICE_AI:
        return handoff or VOICE_AI
    return ""


def check_account(
    account_id: str,
    tz: ZoneInfo,
    call_rows: Sequence[Row],
    message_rows: Sequence[Row],
    pause_rows: Sequence[tuple[datetime, datetime | None]],
) -> list[Finding]:
    """All violations on one account.

    `call_rows`: the account's placed outbound calls and spoken calls, in time order, with
    call_id, started_at, talk_seconds, handled_by, agent_id, handoff_agent_id, language, placed.
    `message_rows`: outbound digital rows with interaction_id, started_at, channel, agent_id, language.
    """
    out: list[Finding] = []

    def add(source: str, row: Row, rule: str, local: datetime, channel: str, placed_by: str, key: str) -> None:
        out.append(Finding(
            source, row[0], rule, account_id, row.started_at, local.isoformat(),
            placed_by, key, channel, row.language or "", row.started_at.strftime("%Y-%m"),
        ))

    def paused(ts: datetime) -> bool:
        return any(start <= ts and (until is None or ts < until) for start, until in pause_rows)

    placed_days: list[int] = []
    last_talk_day: int | None = None
    talk_iter = iter([r for r in call_rows if r.talk_seconds > 0])
    pending = next(talk_iter, None)
    lo = 0
    for row in call_rows:
        if not row.placed:
            continue
        local = _local(row.started_at, tz)
        day = local.date().toordinal()
        while pending is not None and pending.started_at < row.started_at:
            talk_day = _local(pending.started_at, tz).date().toordinal()
            last_talk_day = talk_day if last_talk_day is None else max(last_talk_day, talk_day)
            pending = next(talk_iter, None)
        placed_days.append(day)
        while placed_days[lo] <= day - WINDOW_DAYS:
            lo += 1
        who = _placed_by(row.handled_by, row.agent_id)
        key = _agent_key(row.handled_by, row.agent_id, row.handoff_agent_id)
        if len(placed_days) - lo > MAX_CALLS_IN_7_DAYS:
            add("call", row, "frequency", local, "voice", who, key)
        if last_talk_day is not None and day - last_talk_day < WINDOW_DAYS:
            add("call", row, "post_conversation", local, "voice", who, key)
        if local.hour < EARLIEST_HOUR or local.hour >= LATEST_HOUR:
            add("call", row, "inconvenient_time", local, "voice", who, key)
        if paused(row.started_at):
            add("call", row, "pause", local, "voice", who, key)
    for row in message_rows:
        if paused(row.started_at):
            who = row.agent_id or ""
            add("digital", row, "pause", _local(row.started_at, tz), row.channel, who, who)
    return out


def _call_query() -> Select:
    c = calls.c
    placed = call_placed()
    return (
        select(c.call_id, c.account_id, c.started_at, c.talk_seconds, c.handled_by, c.agent_id,
               c.handoff_agent_id, c.language, placed.label("placed"))
        .where(or_(placed, c.talk_seconds > 0))
        .order_by(c.account_id, c.started_at, c.call_id)
    )


def _message_query() -> Select:
    d, p = digital.c, pauses.c
    during_pause = exists().where(
        p.account_id == d.account_id,
        p.paused_from <= d.started_at,
        or_(p.paused_until.is_(None), d.started_at < p.paused_until),
    )
    return (
        select(d.interaction_id, d.account_id, d.started_at, d.channel, d.agent_id, d.language)
        .where(d.direction == "outbound", during_pause)
        .order_by(d.account_id, d.started_at, d.interaction_id)
    )


def rebuild_accounts(conn: Connection, account_ids: Iterable[str] | None) -> None:
    """Recompute the stored findings of the given accounts (None: every account)."""
    ids = None if account_ids is None else sorted(set(account_ids))
    if ids is None or len(ids) > FULL_RECHECK_ACCOUNTS:
        conn.execute(delete(metrics_violations))
        _check(conn, None)
        return
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        conn.execute(delete(metrics_violations).where(metrics_violations.c.account_id.in_(chunk)))
        _check(conn, chunk)


def _check(conn: Connection, chunk: list[str] | None) -> None:
    """Check accounts `chunk` (None: all), streaming calls account by account."""
    cq, mq = _call_query(), _message_query()
    aq = select(accounts.c.account_id, accounts.c.timezone)
    pq = select(pauses.c.account_id, pauses.c.paused_from, pauses.c.paused_until)
    if chunk is not None:
        cq = cq.where(calls.c.account_id.in_(chunk))
        mq = mq.where(digital.c.account_id.in_(chunk))
        aq = aq.where(accounts.c.account_id.in_(chunk))
        pq = pq.where(pauses.c.account_id.in_(chunk))
    tz_names = dict(conn.execute(aq).all())
    pause_map: dict[str, list[tuple[datetime, datetime | None]]] = {}
    for acc, start, until in conn.execute(pq):
        pause_map.setdefault(acc, []).append((start, until))
    messages: dict[str, list[Row]] = {}
    for row in conn.execute(mq):
        messages.setdefault(row.account_id, []).append(row)
    batch: list[dict] = []
    seen: set[str] = set()
    for acc, rows in _by_account(conn.execute(cq.execution_options(yield_per=20_000))):
        seen.add(acc)
        batch.extend(_as_dict(f) for f in check_account(
            acc, zone(tz_names.get(acc)), rows, messages.get(acc, []), pause_map.get(acc, [])))
        if len(batch) >= 20_000:
            conn.execute(insert(metrics_violations), batch)
            batch = []
    for acc, rows in messages.items():
        if acc not in seen:
            batch.extend(_as_dict(f) for f in check_account(
                acc, zone(tz_names.get(acc)), [], rows, pause_map.get(acc, [])))
    if batch:
        conn.execute(insert(metrics_violations), batch)


def _by_account(rows: Iterable[Row]) -> Iterator[tuple[str, list[Row]]]:
    for acc, group in itertools.groupby(rows, key=lambda r: r.account_id):
        yield acc, list(group)


def _as_dict(f: Finding) -> dict:
    return {
        "source": f.source, "interaction_id": f.interaction_id, "rule": f.rule, "account_id": f.account_id,
        "started_at": f.started_at, "local_time": f.local_time, "placed_by": f.placed_by,
        "agent_key": f.agent_key, "channel": f.channel, "language": f.language, "month": f.month,
    }

