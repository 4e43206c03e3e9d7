"""Compressed per-group sets: distinct accounts (roaring bitmaps) and talk-time histograms.

Per (day, agent_key, channel, language) the accounts with any, an engaged, an inbound
digital and an inbound call interaction are stored as serialized `pyroaring.BitMap`s
over a dense `account_no` (`metrics_account_ids`); per (day, agent_key, language) the
person-handled talk seconds as a histogram blob. Month rows are unions of the day rows,
and `agent_key = "*"` rows are unions over every agent_key, so a leadership query of a
year reads a few dozen blobs. Built from the daily rollups for the days a load touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

import numpy as np
import pandas as pd
from pyroaring import BitMap
from sqlalchemy import Connection, delete, exists, func, select

from metrics.periods import first_of_month, next_month
from metrics.rollups.monthly import ALL_AGENTS, months_in
from sql.dialect import bulk_insert, fetch_raw
from sql.schema import (
    metrics_account_days,
    metrics_account_ids,
    metrics_account_sets,
    metrics_talk_daily,
    metrics_talk_sets,
)

ALL = ALL_AGENTS
FLAGS = ("accounts_any", "accounts_engaged", "accounts_inbound_digital", "accounts_inbound_call")


def encode_histogram(seconds: np.ndarray, counts: np.ndarray) -> bytes:
    """Sorted (talk_seconds, n) pairs as little-endian int64 bytes, equal seconds merged."""
    values, inverse = np.unique(seconds, return_inverse=True)
    return np.stack([values, np.bincount(inverse, weights=counts).astype(np.int64)], axis=1).astype("<i8").tobytes()


def decode_histogram(blob: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of `encode_histogram`: (seconds, counts)."""
    pairs = np.frombuffer(blob, dtype="<i8").reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def assign_account_numbers(conn: Connection, days: tuple[date, date] | None) -> None:
    """Give every account in `metrics_account_days` (those days; None: all) a dense number."""
    d, ids = metrics_account_days.c, metrics_account_ids.c
    # NOT EXISTS, not NOT IN: PostgreSQL plans it as an anti-join (NOT IN over a big subquery is quadratic)
    q = select(d.account_id).distinct().where(~exists().where(ids.account_id == d.account_id))
    if days is not None:
        q = q.where(d.day >= days[0], d.day < days[1])
    missing = sorted(a for (a,) in fetch_raw(conn, q))
    if not missing:
        return
    top = conn.execute(select(func.max(ids.account_no))).scalar() or 0
    bulk_insert(conn, metrics_account_ids, ["account_id", "account_no"],
                [(a, top + i) for i, a in enumerate(missing, start=1)])


def _groups(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, list[tuple]]:
    """A group number per row and each group's key values."""
    codes = frame.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    _, first = np.unique(codes, return_index=True)
    return codes, list(zip(*(frame[k].to_numpy(dtype=object)[first] for k in keys), strict=True))


def _slices(codes: np.ndarray, *arrays: np.ndarray) -> Iterator[tuple[int, list[np.ndarray]]]:
    """(group number, the arrays' values of that group) for every group present."""
    if not len(codes):
        return
    order = np.argsort(codes, kind="stable")
    codes = codes[order]
    arrays = tuple(a[order] for a in arrays)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[starts[1:], len(codes)]
    for g, lo, hi in zip(codes[starts].tolist(), starts.tolist(), ends.tolist(), strict=True):
        yield g, [a[lo:hi] for a in arrays]


_ACCOUNT_KEYS = ["day", "agent_key", "channel", "language", "month"]
_TALK_KEYS = ["day", "agent_key", "language", "month"]
_FLAG_SOURCES = ["engaged", "inbound_digital", "inbound_call"]


def _account_day_rows(conn: Connection, first: date, end: date, numbers: pd.Series) -> list[tuple]:
    d = metrics_account_days.c
    q = select(*[d[k] for k in _ACCOUNT_KEYS], d.account_id, d.engaged, d.inbound_digital, d.inbound_call).where(
        d.day >= first, d.day < end)
    frame = pd.DataFrame(fetch_raw(conn, q), columns=[*_ACCOUNT_KEYS, "account_id", *_FLAG_SOURCES])
    if frame.empty:
        return []
    nos = numbers.to_numpy()[numbers.index.get_indexer(frame["account_id"])].astype(np.uint32)
    masks = [np.ones(len(frame), dtype=bool), *[frame[f].to_numpy() == 1 for f in _FLAG_SOURCES]]
    out: list[tuple] = []
    for everyone in (False, True):
        keys = [k for k in _ACCOUNT_KEYS if not (everyone and k == "agent_key")]
        codes, values = _groups(frame, keys)
        sets: list[list[bytes | None]] = [[None] * len(FLAGS) for _ in values]
        for i, mask in enumerate(masks):
            for g, (chunk,) in _slices(codes[mask], nos[mask]):
                sets[g][i] = BitMap(chunk).serialize()
        for (day, *rest), blobs in zip(values, sets, strict=True):
            key = (day, ALL, *rest) if everyone else (day, *rest)
            out.append(("day", *key, *blobs))
    return out


def _talk_day_rows(conn: Connection, first: date, end: date) -> list[tuple]:
    t = metrics_talk_daily.c
    q = select(*[t[k] for k in _TALK_KEYS], t.talk_seconds, t.n).where(t.day >= first, t.day < end)
    frame = pd.DataFrame(fetch_raw(conn, q), columns=[*_TALK_KEYS, "talk_seconds", "n"])
    if frame.empty:
        return []
    everyone = frame.groupby(["day", "language", "month", "talk_seconds"], sort=False, as_index=False)["n"].sum()
    everyone["agent_key"] = ALL
    out: list[tuple] = []
    for part in (frame, everyone):
        part = part.sort_values("talk_seconds", kind="stable")
        codes, values = _groups(part, _TALK_KEYS)
        pairs = np.stack([part["talk_seconds"].to_numpy(), part["n"].to_numpy()], axis=1).astype("<i8")
        for g, (chunk,) in _slices(codes, pairs):
            out.append(("day", *values[g], chunk.tobytes()))
    return out


def _account_month_rows(conn: Connection, first: date) -> list[tuple]:
    s = metrics_account_sets.c
    q = select(s.agent_key, s.channel, s.language, s.month, *[s[f] for f in FLAGS]).where(
        s.span == "day", s.start >= first, s.start < next_month(first))
    groups: dict[tuple, list[list[BitMap]]] = defaultdict(lambda: [[] for _ in FLAGS])
    for agent, channel, language, month, *blobs in fetch_raw(conn, q):
        lists = groups[(agent, channel, language, month)]
        for i, blob in enumerate(blobs):
            if blob is not None:
                lists[i].append(BitMap.deserialize(bytes(blob)))
    return [("month", first.isoformat(), *key, *[(BitMap.union(*bms).serialize() if bms else None) for bms in lists])
            for key, lists in groups.items()]


def _talk_month_rows(conn: Connection, first: date) -> list[tuple]:
    s = metrics_talk_sets.c
    q = select(s.agent_key, s.language, s.month, s.histogram).where(
        s.span == "day", s.start >= first, s.start < next_month(first))
    groups: dict[tuple, list[bytes]] = defaultdict(list)
    for agent, language, month, blob in fetch_raw(conn, q):
        groups[(agent, language, month)].append(bytes(blob))
    out = []
    for key, blobs in groups.items():
        seconds, counts = decode_histogram(b"".join(blobs))
        out.append(("month", first.isoformat(), *key, encode_histogram(seconds, counts)))
    return out


def _by_month(first: date, end: date) -> Iterator[tuple[date, date]]:
    """`[first, end)` cut at month boundaries, so one piece is read into memory at a time."""
    while first < end:
        cut = min(end, next_month(first))
        yield first, cut
        first = cut


def _account_numbers(conn: Connection) -> pd.Series:
    ids = metrics_account_ids.c
    rows = fetch_raw(conn, select(ids.account_id, ids.account_no))
    return pd.Series([n for _, n in rows], index=pd.Index([a for a, _ in rows]), dtype=np.int64)


def rebuild_sets(conn: Connection, ranges: list[tuple[date, date]] | None) -> None:
    """Recompute the day sets of the day ranges (None: every day) and the month sets of their months.

    Reads the daily rollups, so those must already be up to date for these days.
    """
    if ranges is None:
        for table in (metrics_account_sets, metrics_talk_sets):
            conn.execute(delete(table))
        days = list(conn.execute(select(metrics_account_days.c.day).distinct()).scalars())
        days += list(conn.execute(select(metrics_talk_daily.c.day).distinct()).scalars())
        ranges = [(m, next_month(m)) for m in sorted({first_of_month(d) for d in days})]
        assign_account_numbers(conn, None)
    else:
        ranges = [piece for r in ranges for piece in _by_month(*r)]
        for first, end in ranges:
            assign_account_numbers(conn, (first, end))
    numbers = _account_numbers(conn)
    account_cols, talk_cols = [c.name for c in metrics_account_sets.c], [c.name for c in metrics_talk_sets.c]
    for first, end in ranges:
        for table in (metrics_account_sets, metrics_talk_sets):
            conn.execute(delete(table).where(table.c.span == "day", table.c.start >= first, table.c.start < end))
        bulk_insert(conn, metrics_account_sets, account_cols, _account_day_rows(conn, first, end, numbers))
        bulk_insert(conn, metrics_talk_sets, talk_cols, _talk_day_rows(conn, first, end))
    for m in sorted(months_in(ranges)):
        for table in (metrics_account_sets, metrics_talk_sets):
            conn.execute(delete(table).where(table.c.span == "month", table.c.start == m))
        bulk_insert(conn, metrics_account_sets, account_cols, _account_month_rows(conn, m))
        bulk_insert(conn, metrics_talk_sets, talk_cols, _talk_month_rows(conn, m))
