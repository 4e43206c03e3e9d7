"""Contact, channel-mix, outcome and talk-time measures, read from the rollups.

Periods that start and end at UTC midnight read the rollups: additive measures from
the month rollups for whole months plus the daily ones for the edge days, distinct
accounts and talk medians from the stored sets (`metrics.set_queries`). Any other
period reads the same facts computed from raw rows for exactly that interval.
`fast=False` reads the daily rollups only (the reference path the tests compare with).
Every function returns integer counts per group; ratios are formed in `metrics.kpis`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, FromClause, Select, case, func, select, union_all

from metrics import dimensions, set_queries
from metrics.dimensions import Filters, Key
from metrics.facts import account_selects, contacts_selects, outcome_selects, talk_selects
from metrics.periods import Period
from metrics.rollups.monthly import by_day, in_edges, in_range, split
from metrics.scope import Viewer
from metrics.settings import CHANNELS
from sql.schema import (
    calls,
    digital,
    metrics_account_days,
    metrics_contacts_daily,
    metrics_contacts_everyone_daily,
    metrics_contacts_monthly,
    metrics_outcomes_daily,
    metrics_outcomes_monthly,
    metrics_talk_daily,
)

_ROLLUPS = {
    "contacts": (metrics_contacts_daily, contacts_selects),
    "accounts": (metrics_account_days, account_selects),
    "talk": (metrics_talk_daily, None),
    "outcomes": (metrics_outcomes_daily, outcome_selects),
}
_MONTHLY = {"contacts": metrics_contacts_monthly, "outcomes": metrics_outcomes_monthly}


def _source(
    kind: str, period: Period, by_day: bool = True, fast: bool = False, everyone: bool = False
) -> tuple[FromClause, bool]:
    """The rollups (aligned periods) or raw facts for the period; True when a day filter is still due.

    With `fast`: whole months (no day cut or filter) come from the month rollup, and days of
    contact counts for `everyone` (see `set_queries.all_agents`) from the all-agents rollup.
    """
    table, build = _ROLLUPS[kind]
    if period.day_aligned:
        if fast and everyone and kind == "contacts":
            table = metrics_contacts_everyone_daily
        parts = split(period, by_day=by_day)
        if not fast or kind not in _MONTHLY or parts.months is None:
            return table, True
        month_table = _MONTHLY[kind]
        return union_all(
            select(table).where(in_edges(table.c.day, parts.edges)),
            select(month_table).where(in_range(month_table.c.day, parts.months)),
        ).subquery(kind), False
    on_calls = period.on_timestamp(calls.c.started_at)
    on_digital = period.on_timestamp(digital.c.started_at)
    selects = talk_selects(on_calls) if build is None else build(on_calls, on_digital)
    return union_all(*selects).subquery(kind), False


def _grouped(
    kind: str,
    period: Period,
    by: str,
    filters: Filters | None,
    viewer: Viewer,
    measures: Callable[[FromClause], list],
    fast: bool = True,
) -> Select:
    """SELECT key, measures... FROM source JOIN agents WHERE period, filters, scope GROUP BY key."""
    dimensions.check_dimension(by)
    src, day_filter = _source(kind, period, by_day(by, filters), fast,
                              set_queries.all_agents(viewer, by, filters))
    channel = src.c.channel if "channel" in src.c else None
    cols = dimensions.columns(src.c.agent_key, channel, src.c.language, src.c.month, src.c.day)
    dim = cols[by]
    q = select(*([dim.label("key")] if dim is not None else []), *measures(src)).select_from(
        dimensions.with_roster(src, src.c.agent_key, by, filters, viewer)
    )
    q = q.where(dimensions.where(cols, filters, viewer))
    if day_filter:
        q = q.where(period.on_day(src.c.day))
    return q.group_by(dim) if dim is not None else q


def _rows(conn: Connection, q: Select, by: str) -> dict[Key, dict]:
    out: dict[Key, dict] = {}
    for row in conn.execute(q).mappings():
        values = dict(row)
        k = dimensions.key(values.pop("key")) if by != "company" else None
        out[k] = {n: (int(v) if v is not None else 0) for n, v in values.items()}
    return out


def contact_counts(
    conn: Connection, viewer: Viewer, period: Period, by: str, filters: Filters | None = None, *,
    fast: bool = True,
) -> dict[Key, dict]:
    """Per group: interactions, contacts (all, per channel), conversions, resolutions, talk, voice AI, placed."""

    def measures(src: FromClause) -> list:
        c = src.c
        out = [func.sum(c[n]).label(n) for n in (
            "interactions", "contacts", "conversions", "resolutions", "talk_sum", "talk_n",
            "ai_calls", "ai_handoffs", "placed_calls")]
        out += [func.sum(case((c.channel == ch, c.contacts), else_=0)).label(f"contacts_{ch}") for ch in CHANNELS]
        return out

    return _rows(conn, _grouped("contacts", period, by, filters, viewer, measures, fast), by)


def account_counts(
    conn: Connection, viewer: Viewer, period: Period, by: str, filters: Filters | None = None, *,
    fast: bool = True,
) -> dict[Key, dict]:
    """Per group: distinct accounts with any, an engaged, an inbound digital, an inbound call interaction.

    Aligned periods (`fast`): unions of the stored account sets. Otherwise one SQL pass:
    accounts are first reduced to one row per (group, account) with their flags.
    """
    dimensions.check_dimension(by)
    if fast and period.day_aligned:
        return set_queries.account_counts(conn, viewer, period, by, filters)
    src, day_filter = _source("accounts", period)
    cols = dimensions.columns(src.c.agent_key, src.c.channel, src.c.language, src.c.month, src.c.day)
    dim = cols[by]
    keys = [dim.label("key")] if dim is not None else []
    per_account = (
        select(*keys, src.c.account_id, func.max(src.c.engaged).label("engaged"),
               func.max(src.c.inbound_digital).label("inbound_digital"),
               func.max(src.c.inbound_call).label("inbound_call"))
        .select_from(dimensions.with_roster(src, src.c.agent_key, by, filters, viewer))
        .where(dimensions.where(cols, filters, viewer))
        .group_by(*([dim] if dim is not None else []), src.c.account_id)
    )
    if day_filter:
        per_account = per_account.where(period.on_day(src.c.day))
    acc = per_account.subquery("per_account")
    q = select(
        *([acc.c.key] if dim is not None else []),
        func.count().label("accounts_any"),
        func.sum(acc.c.engaged).label("accounts_engaged"),
        func.sum(acc.c.inbound_digital).label("accounts_inbound_digital"),
        func.sum(acc.c.inbound_call).label("accounts_inbound_call"),
    )
    if dim is not None:
        q = q.group_by(acc.c.key)
    return _rows(conn, q, by)


def outcome_counts(
    conn: Connection, viewer: Viewer, period: Period, by: str, filters: Filters | None = None, *,
    fast: bool = True,
) -> dict[Key, dict[str, int]]:
    """Per group: engaged interactions per outcome code (for the outcome mix)."""
    dimensions.check_dimension(by)
    src, day_filter = _source("outcomes", period, by_day(by, filters), fast)
    cols = dimensions.columns(src.c.agent_key, src.c.channel, src.c.language, src.c.month, src.c.day)
    dim = cols[by]
    keys = [dim] if dim is not None else []
    q = (
        select(*keys, src.c.outcome, func.sum(src.c.n))
        .select_from(dimensions.with_roster(src, src.c.agent_key, by, filters, viewer))
        .where(dimensions.where(cols, filters, viewer))
        .group_by(*keys, src.c.outcome)
    )
    if day_filter:
        q = q.where(period.on_day(src.c.day))
    out: dict[Key, dict[str, int]] = {}
    for row in conn.execute(q):
        k = dimensions.key(row[0]) if dim is not None else None
        out.setdefault(k, {})[row[-2]] = int(row[-1])
    return out


def talk_medians(
    conn: Connection, viewer: Viewer, period: Period, by: str, filters: Filters | None = None, *,
    fast: bool = True,
) -> dict[Key, float]:
    """Per group: the median talk seconds of person-handled spoken calls.

    Aligned periods (`fast`): from the stored histograms; otherwise portable window SQL.
    """
    dimensions.check_dimension(by)
    flt = dict(filters or {})
    if by == "channel":
        overall = talk_medians(conn, viewer, period, "company", filters, fast=fast)
        return {"voice": overall[None]} if None in overall else {}
    channel_filter = flt.pop("channel", None)
    if channel_filter is not None and "voice" not in ([channel_filter] if isinstance(channel_filter, str)
                                                       else list(channel_filter)):
        return {}
    if fast and period.day_aligned:
        return set_queries.talk_medians(conn, viewer, period, by, flt)
    src, day_filter = _source("talk", period)
    cols = dimensions.columns(src.c.agent_key, None, src.c.language, src.c.month, src.c.day)
    cols["channel"] = None
    dim = cols[by]
    keys = [dim.label("g")] if dim is not None else []
    inner = (
        select(*keys, src.c.talk_seconds.label("t"), func.sum(src.c.n).label("n"))
        .select_from(dimensions.with_roster(src, src.c.agent_key, by, flt, viewer))
        .where(dimensions.where(cols, flt, viewer))
        .group_by(*([dim] if dim is not None else []), src.c.talk_seconds)
    )
    if day_filter:
        inner = inner.where(period.on_day(src.c.day))
    inner = inner.subquery("hist")
    part = [inner.c.g] if dim is not None else None
    win = select(
        *([inner.c.g] if dim is not None else []),
        inner.c.t,
        func.sum(inner.c.n).over(partition_by=part, order_by=inner.c.t).label("cum"),
        func.sum(inner.c.n).over(partition_by=part).label("tot"),
    ).subquery("win")
    q = select(
        *([win.c.g] if dim is not None else []),
        func.min(case((2 * win.c.cum >= win.c.tot, win.c.t))).label("lo"),
        func.min(case((2 * win.c.cum > win.c.tot, win.c.t))).label("hi"),
    )
    if dim is not None:
        q = q.group_by(win.c.g)
    out: dict[Key, float] = {}
    for row in conn.execute(q):
        if row.lo is None:
            continue
        k = dimensions.key(row[0]) if dim is not None else None
        out[k] = (int(row.lo) + int(row.hi)) / 2
    return out
