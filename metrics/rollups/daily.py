"""Daily rollups (and the month rollups and sets built on them) kept exact by every load.

After each file load `maintain` (called by `pipeline.load`) finds the UTC days and accounts the run touched —
new values from the changed rows, old values from `metrics_fact_keys` (a row may
have moved day or account) — and recomputes just those day slices from raw rows,
then re-checks Regulation F for just those accounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Connection, Engine, Table, and_, delete, insert, select

from metrics.facts import account_selects, const, contacts_selects, outcome_selects, talk_selects
from metrics.rollups import compliance, monthly, set_rollups
from sql.database import write_transaction
from sql.dialect import day_of, lock_source
from sql.schema import (
    accounts,
    calls,
    consents,
    digital,
    metrics_account_days,
    metrics_contacts_daily,
    metrics_fact_keys,
    metrics_outcomes_daily,
    metrics_talk_daily,
    pauses,
)

ROLLUPS: tuple[Table, ...] = (
    metrics_contacts_daily,
    metrics_account_days,
    metrics_talk_daily,
    metrics_outcomes_daily,
)
_RAW = {"calls": (calls, calls.c.call_id, "call"), "digital": (digital, digital.c.interaction_id, "digital")}


def maintain(conn: Connection, source: str, run_id: int) -> None:
    """After a load (`pipeline.load`): bring rollups and Reg F findings up to date with what run `run_id` changed."""
    lock_source(conn, "metrics")
    if source in _RAW:
        days, account_ids = _touched(conn, source, run_id)
        rebuild_days(conn, days)
        compliance.rebuild_accounts(conn, account_ids)
    elif source == "accounts":
        compliance.rebuild_accounts(conn, _changed_accounts(conn, accounts, run_id))
    elif source in ("pauses", "consents"):
        compliance.rebuild_accounts(conn, _changed_accounts(conn, pauses if source == "pauses" else consents, run_id))


def _changed_accounts(conn: Connection, table: Table, run_id: int) -> set[str]:
    q = select(table.c.account_id).where(table.c.run_id == run_id).distinct()
    return set(conn.execute(q).scalars())


def _touched(conn: Connection, source: str, run_id: int) -> tuple[set[date], set[str]]:
    """Days and accounts touched by run `run_id` (before and after), updating the key ledger."""
    table, id_col, tag = _RAW[source]
    keys = metrics_fact_keys.c
    changed = select(id_col).where(table.c.run_id == run_id)
    old = conn.execute(
        select(keys.day, keys.account_id).where(keys.source == tag, keys.interaction_id.in_(changed)).distinct()
    ).all()
    new = conn.execute(
        select(day_of(table.c.started_at), table.c.account_id).where(table.c.run_id == run_id).distinct()
    ).all()
    conn.execute(delete(metrics_fact_keys).where(keys.source == tag, keys.interaction_id.in_(changed)))
    conn.execute(
        insert(metrics_fact_keys).from_select(
            ["source", "interaction_id", "day", "account_id"],
            select(const(tag), id_col, day_of(table.c.started_at), table.c.account_id).where(
                table.c.run_id == run_id
            ),
        )
    )
    days = {_as_date(d) for d, _ in old} | {_as_date(d) for d, _ in new}
    return days, {a for _, a in old} | {a for _, a in new}


def _as_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def day_ranges(days: Iterable[date]) -> list[tuple[date, date]]:
    """Contiguous runs of days as `[first, last_exclusive)` pairs."""
    out: list[tuple[date, date]] = []
    for d in sorted(set(days)):
        if out and out[-1][1] == d:
            out[-1] = (out[-1][0], d + timedelta(days=1))
        else:
            out.append((d, d + timedelta(days=1)))
    return out


def rebuild_days(conn: Connection, days: Iterable[date]) -> None:
    """Recompute every rollup row of the given UTC days from raw rows."""
    ranges = day_ranges(days)
    for first, end in ranges:
        lo, hi = datetime.combine(first, time(0)), datetime.combine(end, time(0))
        _rebuild(conn, and_(calls.c.started_at >= lo, calls.c.started_at < hi),
                 and_(digital.c.started_at >= lo, digital.c.started_at < hi), (first, end))
    if ranges:
        monthly.rebuild_months(conn, monthly.months_in(ranges))
        monthly.rebuild_everyone(conn, ranges)
        set_rollups.rebuild_sets(conn, ranges)


def _rebuild(
    conn: Connection,
    where_calls: ColumnElement[bool],
    where_digital: ColumnElement[bool],
    days: tuple[date, date] | None,
) -> None:
    for table in ROLLUPS:
        stmt = delete(table)
        if days is not None:
            stmt = stmt.where(table.c.day >= days[0], table.c.day < days[1])
        conn.execute(stmt)
    plan = (
        (metrics_contacts_daily, contacts_selects(where_calls, where_digital)),
        (metrics_account_days, account_selects(where_calls, where_digital)),
        (metrics_talk_daily, talk_selects(where_calls)),
        (metrics_outcomes_daily, outcome_selects(where_calls, where_digital)),
    )
    for table, selects in plan:
        for sel in selects:
            conn.execute(insert(table).from_select([c.name for c in sel.selected_columns], sel))


def rebuild_all(conn: Connection) -> None:
    """Rebuild every rollup, the key ledger and all Reg F findings, inside `conn`'s transaction."""
    lock_source(conn, "metrics")
    _rebuild(conn, calls.c.started_at.is_not(None), digital.c.started_at.is_not(None), None)
    monthly.rebuild_months(conn, None)
    monthly.rebuild_everyone(conn, None)
    set_rollups.rebuild_sets(conn, None)
    conn.execute(delete(metrics_fact_keys))
    for table, (_, id_col, tag) in ((calls, _RAW["calls"]), (digital, _RAW["digital"])):
        conn.execute(
            insert(metrics_fact_keys).from_select(
                ["source", "interaction_id", "day", "account_id"],
                select(const(tag), id_col, day_of(table.c.started_at), table.c.account_id),
            )
        )
    compliance.rebuild_accounts(conn, None)


def refresh_all(engine: Engine) -> None:
    """Rebuild all rollups and findings from scratch in one transaction."""
    with write_transaction(engine) as conn:
        rebuild_all(conn)
