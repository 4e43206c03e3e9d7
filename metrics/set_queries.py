"""Distinct accounts and talk medians for aligned periods, read from the stored sets.

The rows are chosen in SQL exactly like the daily-rollup path (same dimension columns,
filters and `scope.row_filter` through `dimensions.where`); only the union of the sets
per group happens in Python. Whole months read month rows, the edges day rows; a day
cut or filter reads day rows only. Leadership without a person cut or filter reads the
`"*"` (all agents) rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import numpy as np
from pyroaring import BitMap
from sqlalchemy import ColumnElement, Connection, Table, and_, false, or_, select

from metrics import dimensions
from metrics.dimensions import Filters, Key
from metrics.periods import Period
from metrics.rollups.monthly import by_day, in_edges, in_range, split
from metrics.rollups.set_rollups import ALL, FLAGS, decode_histogram
from metrics.scope import Viewer
from sql.schema import metrics_account_sets, metrics_talk_sets

_PERSON = ("agent", "team", "site", "country")


def all_agents(viewer: Viewer, by: str, filters: Filters | None) -> bool:
    """Whether the `"*"` rows answer: leadership, and no cut or filter that names people."""
    return viewer.is_leadership and by not in _PERSON and not any(d in _PERSON for d in (filters or {}))


def _spans(table: Table, period: Period, by: str, filters: Filters | None) -> ColumnElement[bool]:
    t = table.c
    parts = split(period, by_day=by_day(by, filters))
    months = and_(t.span == "month", in_range(t.start, parts.months)) if parts.months else false()
    return or_(and_(t.span == "day", in_edges(t.start, parts.edges)), months)


def _rows(
    conn: Connection, table: Table, blobs: list[str], period: Period, by: str, filters: Filters | None,
    viewer: Viewer,
) -> Iterator[tuple[Key, tuple]]:
    """(group key, blobs...) of every set row in the period the viewer may see."""
    t = table.c
    channel = t.channel if "channel" in t else None
    cols = dimensions.columns(t.agent_key, channel, t.language, t.month, t.start)
    dim = cols[by]
    everyone = all_agents(viewer, by, filters)
    q = (
        select(*([dim] if dim is not None else []), *[t[b] for b in blobs])
        .select_from(dimensions.with_roster(table, t.agent_key, by, filters, viewer))
        .where(_spans(table, period, by, filters), t.agent_key == ALL if everyone else t.agent_key != ALL,
               dimensions.where(cols, filters, viewer))
    )
    for row in conn.execute(q):
        if dim is None:
            yield None, tuple(row)
        else:
            yield dimensions.key(row[0]), tuple(row[1:])


def account_counts(
    conn: Connection, viewer: Viewer, period: Period, by: str, filters: Filters | None = None
) -> dict[Key, dict]:
    """Per group: distinct accounts per flag, as unions of the stored bitmaps (aligned periods)."""
    groups: dict[Key, list[list[BitMap]]] = defaultdict(lambda: [[] for _ in FLAGS])
    if by == "company":
        groups[None] = [[] for _ in FLAGS]  # the company row exists even when empty, as in SQL
    for k, blobs in _rows(conn, metrics_account_sets, list(FLAGS), period, by, filters, viewer):
        lists = groups[k]
        for i, blob in enumerate(blobs):
            if blob is not None:
                lists[i].append(BitMap.deserialize(blob))
    return {k: {f: (len(BitMap.union(*bms)) if bms else 0) for f, bms in zip(FLAGS, lists, strict=True)}
            for k, lists in groups.items()}


def median(seconds: np.ndarray, counts: np.ndarray) -> float:
    """Median of a histogram: mean of the lowest values whose running count reaches half and passes half."""
    order = np.argsort(seconds, kind="stable")
    values, cum = seconds[order], np.cumsum(counts[order])
    total = cum[-1]
    lo, hi = values[np.argmax(2 * cum >= total)], values[np.argmax(2 * cum > total)]
    return (int(lo) + int(hi)) / 2


def talk_medians(
    conn: Connection, viewer: Viewer, period: Period, by: str, filters: Filters | None = None
) -> dict[Key, float]:
    """Per group: median talk seconds from the stored histograms (aligned periods, no channel filter)."""
    groups: dict[Key, list[bytes]] = defaultdict(list)
    for k, (blob,) in _rows(conn, metrics_talk_sets, ["histogram"], period, by, filters, viewer):
        groups[k].append(blob)
    return {k: median(*decode_histogram(b"".join(blobs))) for k, blobs in groups.items()}
