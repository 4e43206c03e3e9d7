"""Rollups derived from the daily ones: month rows, and day rows summed over every agent.

An aligned period `[from, to)` is read as the whole UTC months inside it (month rows)
plus the days at either edge (day rows). Month rows of the additive measures are sums
of the day rows, recomputed for every month a load touched. `metrics_contacts_everyone_daily`
sums the contact day rows over every agent_key, for leadership queries without a person cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Table,
    and_,
    delete,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    true,
)

from metrics.facts import const
from metrics.periods import Period, first_of_month, next_month
from sql.schema import (
    metrics_contacts_daily,
    metrics_contacts_everyone_daily,
    metrics_contacts_monthly,
    metrics_outcomes_daily,
    metrics_outcomes_monthly,
)

Days = tuple[date | None, date | None]
ALL_AGENTS = "*"
MONTHLY: dict[Table, Table] = {
    metrics_contacts_monthly: metrics_contacts_daily,
    metrics_outcomes_monthly: metrics_outcomes_daily,
}


@dataclass(frozen=True)
class Split:
    """An aligned period as whole months `months` (None: none) and edge day ranges `edges`."""

    months: Days | None
    edges: tuple[Days, ...]


def by_day(by: str, filters: Mapping[str, object] | None) -> bool:
    """Whether a cut or filter names days, so that a period is read from day rows only."""
    return by == "day" or "day" in (filters or {})


def split(period: Period, *, by_day: bool = False) -> Split:
    """Whole months inside `period` and the edge days; `by_day` (a day cut or filter) uses days only."""
    first, end = period.first_day(), period.end_day()
    if by_day:
        return Split(None, ((first, end),))
    ms = None if first is None else (first if first.day == 1 else next_month(first))
    me = None if end is None else first_of_month(end)
    if ms is not None and me is not None and ms >= me:
        return Split(None, ((first, end),))
    edges = []
    if first is not None and first < ms:
        edges.append((first, ms))
    if end is not None and me < end:
        edges.append((me, end))
    return Split((ms, me), tuple(edges))


def in_range(col: ColumnElement, days: Days) -> ColumnElement[bool]:
    """`lo <= col < hi`, an open side (None) meaning no bound."""
    lo, hi = days
    parts = [col >= lo] if lo is not None else []
    if hi is not None:
        parts.append(col < hi)
    return and_(true(), *parts)


def in_edges(col: ColumnElement, edges: Iterable[Days]) -> ColumnElement[bool]:
    """`col` inside any of the day ranges (FALSE when there are none)."""
    parts = [in_range(col, e) for e in edges]
    return or_(false(), *parts)


def months_in(ranges: Iterable[tuple[date, date]]) -> set[date]:
    """First days of the months that the day ranges `[first, end)` overlap."""
    out = set()
    for first, end in ranges:
        m = first_of_month(first)
        while m < end:
            out.add(m)
            m = next_month(m)
    return out


def rebuild_months(conn: Connection, months: Iterable[date] | None) -> None:
    """Recompute the month rows of additive rollups from the day rows (None: every month)."""
    for monthly, daily in MONTHLY.items():
        if months is None:
            conn.execute(delete(monthly))
            firsts = {first_of_month(d) for d in conn.execute(select(daily.c.day).distinct()).scalars()}
        else:
            firsts = set(months)
            for m in firsts:
                conn.execute(delete(monthly).where(monthly.c.day == m))
        keys = [c for c in daily.c if c.primary_key and c.name != "day"]
        values = [c for c in daily.c if not c.primary_key and c.name != "month"]
        for m in sorted(firsts):
            sel = (
                select(literal(m, Date).label("day"), *keys, daily.c.month,
                       *[func.sum(c).label(c.name) for c in values])
                .where(daily.c.day >= m, daily.c.day < next_month(m))
                .group_by(*keys, daily.c.month)
            )
            conn.execute(insert(monthly).from_select([c.name for c in sel.selected_columns], sel))


def rebuild_everyone(conn: Connection, ranges: Iterable[tuple[date, date]] | None) -> None:
    """Recompute `metrics_contacts_everyone_daily` for the day ranges (None: every day)."""
    daily, everyone = metrics_contacts_daily, metrics_contacts_everyone_daily
    keys = [daily.c.day, daily.c.channel, daily.c.language, daily.c.month]
    values = [c for c in daily.c if not c.primary_key and c.name != "month"]
    for days in [(None, None)] if ranges is None else ranges:
        conn.execute(delete(everyone).where(in_range(everyone.c.day, days)))
        sel = (
            select(daily.c.day, const(ALL_AGENTS).label("agent_key"), daily.c.channel, daily.c.language, daily.c.month,
                   *[func.sum(c).label(c.name) for c in values])
            .where(in_range(daily.c.day, days))
            .group_by(*keys)
        )
        conn.execute(insert(everyone).from_select([c.name for c in sel.selected_columns], sel))
