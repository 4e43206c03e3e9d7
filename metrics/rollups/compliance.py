"""The stored Regulation F audit: the rules of `metrics.rollups.regf`, run per account, kept in `metrics_violations`.

Local times and calendar days need IANA timezones, which SQLite cannot evaluate, so the rules
run in Python over one account's rows at a time; every load re-checks only the accounts it
touched, and the findings (with their evidence as JSON) are read back with plain SQL.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from datetime import datetime

from sqlalchemy import Connection, Row, Select, delete, insert, or_, select

from metrics.rollups.regf import PLACED, RULES, Account, Consent, Finding, check_account, zone
from sql.schema import accounts, calls, consents, digital, metrics_violations, pauses

__all__ = ["RULES", "Finding", "check_account", "rebuild_accounts", "zone"]

CHUNK = 500
FULL_CHUNK = 5000
FULL_RECHECK_ACCOUNTS = 20_000
CALL_COLUMNS = ("call_id", "account_id", "started_at", "direction", "talk_seconds", "disposition", "dialled_number",
                "handled_by", "agent_id", "handoff_agent_id", "language")


def call_query() -> Select:
    """Every call the rules read: outbound attempts and spoken calls, by account and time."""
    c = calls.c
    return (
        select(*(c[n] for n in CALL_COLUMNS))
        .where(or_(c.direction == "outbound", c.talk_seconds > 0))
        .order_by(c.account_id, c.started_at, c.call_id)
    )


def message_query() -> Select:
    """Outbound digital messages (calling hours at the time sent, pauses)."""
    d = digital.c
    return (
        select(d.interaction_id, d.account_id, d.started_at, d.channel, d.agent_id, d.language)
        .where(d.direction == "outbound")
        .order_by(d.account_id, d.started_at, d.interaction_id)
    )


def rebuild_accounts(conn: Connection, account_ids: Iterable[str] | None) -> None:
    """Recompute the stored findings of the given accounts (None: every account)."""
    ids = None if account_ids is None else sorted(set(account_ids))
    if ids is None or len(ids) > FULL_RECHECK_ACCOUNTS:
        conn.execute(delete(metrics_violations))
        # every account with something to check, a chunk at a time: no account's rows are held longer
        everyone = select(calls.c.account_id).where(or_(calls.c.direction == "outbound", calls.c.talk_seconds > 0)) \
            .union(select(digital.c.account_id).where(digital.c.direction == "outbound"))
        ids = sorted(conn.execute(everyone).scalars())
        for start in range(0, len(ids), FULL_CHUNK):
            _check(conn, ids[start : start + FULL_CHUNK])
        return
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        conn.execute(delete(metrics_violations).where(metrics_violations.c.account_id.in_(chunk)))
        _check(conn, chunk)


def account_context(
    conn: Connection, chunk: list[str] | None
) -> tuple[dict[str, Account], dict[str, list[tuple[datetime, datetime | None]]], dict[str, list[Consent]]]:
    """Accounts (timezone, phone), pauses and consents of `chunk` (None: all)."""
    aq = select(accounts.c.account_id, accounts.c.timezone, accounts.c.phone)
    pq = select(pauses.c.account_id, pauses.c.paused_from, pauses.c.paused_until)
    kq = select(consents.c.account_id, consents.c.kind, consents.c.given_at, consents.c.until, consents.c.revoked_at)
    if chunk is not None:
        aq = aq.where(accounts.c.account_id.in_(chunk))
        pq = pq.where(pauses.c.account_id.in_(chunk))
        kq = kq.where(consents.c.account_id.in_(chunk))
    info = {a: Account(a, tz, phone) for a, tz, phone in conn.execute(aq)}
    pause_map: dict[str, list[tuple[datetime, datetime | None]]] = {}
    for acc, start, until in conn.execute(pq):
        pause_map.setdefault(acc, []).append((start, until))
    consent_map: dict[str, list[Consent]] = {}
    for acc, kind, given, until, revoked in conn.execute(kq.order_by(consents.c.given_at)):
        consent_map.setdefault(acc, []).append(Consent(kind, given, until, revoked))
    return info, pause_map, consent_map


def _check(conn: Connection, chunk: list[str] | None) -> None:
    """Check the accounts of `chunk` (None: all at once), streaming calls account by account."""
    cq, mq = call_query(), message_query()
    if chunk is not None:
        cq = cq.where(calls.c.account_id.in_(chunk))
        mq = mq.where(digital.c.account_id.in_(chunk))
    info, pause_map, consent_map = account_context(conn, chunk)
    messages: dict[str, list[Row]] = {}
    for row in conn.execute(mq):
        messages.setdefault(row.account_id, []).append(row)
    placed_ids: set[str] = set()
    batch: list[dict] = []
    seen: set[str] = set()

    def check(acc: str, rows: list[Row]) -> None:
        account = info.get(acc) or Account(acc)
        placed_ids.clear()
        placed_ids.update(r.call_id for r in rows if r.direction == "outbound" and r.disposition in PLACED)
        batch.extend(as_dict(f, f.source == "call" and f.interaction_id in placed_ids) for f in check_account(
            account, rows, messages.get(acc, []), pause_map.get(acc, []), consent_map.get(acc, [])))

    for acc, rows in _by_account(conn.execute(cq.execution_options(yield_per=20_000))):
        seen.add(acc)
        check(acc, rows)
        if len(batch) >= 20_000:
            conn.execute(insert(metrics_violations), batch)
            batch = []
    for acc in messages.keys() - seen:
        check(acc, [])
    if batch:
        conn.execute(insert(metrics_violations), batch)


def _by_account(rows: Iterable[Row]) -> Iterator[tuple[str, list[Row]]]:
    for acc, group in itertools.groupby(rows, key=lambda r: r.account_id):
        yield acc, list(group)


def as_dict(f: Finding, placed: bool) -> dict:
    """A finding as a `metrics_violations` row."""
    return {
        "source": f.source, "interaction_id": f.interaction_id, "rule": f.rule, "account_id": f.account_id,
        "started_at": f.started_at, "local_time": f.local_time, "placed_by": f.placed_by,
        "agent_key": f.agent_key, "channel": f.channel, "language": f.language, "month": f.month,
        "placed": placed, "evidence": json.dumps(f.evidence, sort_keys=True),
    }

