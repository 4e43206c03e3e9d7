"""Synthetic data for the attribution speed benchmark, written straight into the raw tables.

Interactions are generated in numpy chunks and bulk-inserted (SQLite `executemany`, PostgreSQL
`COPY`) like the metrics benchmark, so 10M rows take minutes, not hours. Reviews keep the
labelled shape: 70% come from an account holder with an agent contact 1-10 days before, 40%
name that agent; the rest are strangers.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Engine, Table, event

from benchmarks.attribution_data import EN_FIRST_F, EN_FIRST_M, EN_LAST, ES_FIRST, ES_LAST, NO_NAME, PRAISE, compose
from benchmarks.metrics_data import insert_frame
from sql.schema import calls, digital

START = datetime(2025, 1, 1)
DAYS = 365
CHUNK = 500_000
FIRSTS = EN_FIRST_F + EN_FIRST_M + ES_FIRST
LASTS = EN_LAST + ES_LAST


def code(i: int) -> str:
    """A letters-only code, so synthetic names stay distinct after folding ("Smith-xbca").

    Prefixed with "x" so that no code is an English word.
    """
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out += chr(97 + r)
    return "x" + out


def customer(i: int) -> str:
    """The distinct account-holder name of account i."""
    return f"{FIRSTS[i % len(FIRSTS)]} {LASTS[(i // len(FIRSTS)) % len(LASTS)]}-{code(i)}"


def _stamp(seconds: np.ndarray) -> np.ndarray:
    """Seconds after START as the text SQLAlchemy stores ("2025-01-01 00:00:00.000000")."""
    ts = (np.datetime64(START, "us") + seconds.astype("timedelta64[s]")).astype("datetime64[us]")
    return np.char.replace(np.datetime_as_string(ts, unit="us").astype(str), "T", " ").astype(object)


def _ids(prefix: str, values: np.ndarray) -> list[str]:
    return [f"{prefix}{v}" for v in values.tolist()]


def _interactions(engine: Engine, rng: np.random.Generator, n: int, n_accounts: int, n_agents: int) -> None:
    """N interactions: two thirds calls (a third of them not connected), one third emails either way."""
    for first in range(0, n, CHUNK):
        k = np.arange(first, min(n, first + CHUNK))
        at = _stamp(rng.integers(0, DAYS * 86400, len(k)))
        acc = np.array(_ids("C", rng.integers(0, n_accounts, len(k))), dtype=object)
        agent = np.array(_ids("A", rng.integers(0, n_agents, len(k))), dtype=object)
        is_call = (k % 3) != 0
        c, d = is_call, ~is_call
        insert_frame(engine, "calls", pd.DataFrame({
            "call_id": _ids("K", k[c]), "account_id": acc[c], "direction": "inbound", "started_at": at[c],
            "talk_seconds": np.array([0, 120, 300])[rng.integers(0, 3, int(c.sum()))], "disposition": "answered",
            "handled_by": "agent", "agent_id": agent[c],
        }))
        insert_frame(engine, "digital", pd.DataFrame({
            "interaction_id": _ids("D", k[d]), "account_id": acc[d], "channel": "email",
            "direction": np.array(["inbound", "outbound"], dtype=object)[rng.integers(0, 2, int(d.sum()))],
            "started_at": at[d], "agent_id": agent[d],
        }))


@contextmanager
def _indexes_built_after(engine: Engine, tables: tuple[Table, ...]) -> Iterator[None]:
    """Drop the tables' secondary indexes for a bulk load and build them once at the end (sorting beats
    millions of random index inserts)."""
    indexes = [ix for t in tables for ix in t.indexes]
    with engine.begin() as conn:
        for ix in indexes:
            ix.drop(conn)
    try:
        yield
    finally:
        with engine.begin() as conn:
            for ix in indexes:
                ix.create(conn)


def _big_cache(dbapi_conn, _record) -> None:
    """A 1 GB SQLite page cache while loading: index inserts in random key order stay in memory."""
    dbapi_conn.execute("PRAGMA cache_size=-1000000")


def populate(engine: Engine, n_reviews: int, n_agents: int, n_interactions: int, seed: int = 1) -> list[str]:
    """Fill agents, accounts, interactions and reviews; returns the agents' first names."""
    if engine.dialect.name != "sqlite":
        return _populate(engine, n_reviews, n_agents, n_interactions, seed)
    engine.dispose()
    event.listen(engine, "connect", _big_cache)
    try:
        return _populate(engine, n_reviews, n_agents, n_interactions, seed)
    finally:
        event.remove(engine, "connect", _big_cache)
        engine.dispose()  # the measured run uses ordinary connections


def _populate(engine: Engine, n_reviews: int, n_agents: int, n_interactions: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    agent_first = [rng.choice(FIRSTS) for _ in range(n_agents)]
    insert_frame(engine, "agents", pd.DataFrame({
        "agent_id": [f"A{i}" for i in range(n_agents)],
        "full_name": [f"{agent_first[i]} {rng.choice(LASTS)}-{code(i)}" for i in range(n_agents)],
    }))
    n_accounts = max(n_reviews * 2, n_interactions // 50)
    for lo in range(0, n_accounts, CHUNK):
        span = range(lo, min(n_accounts, lo + CHUNK))
        insert_frame(engine, "accounts", pd.DataFrame({
            "account_id": [f"C{i}" for i in span], "customer_name": [customer(i) for i in span],
        }))
    with _indexes_built_after(engine, (calls, digital)):
        _interactions(engine, np_rng, n_interactions, n_accounts, n_agents)
    rows, contacts = [], []
    for i in range(n_reviews):
        acc = rng.randrange(n_accounts)
        agent = rng.randrange(n_agents)
        created = START + timedelta(days=15, seconds=rng.randrange((DAYS - 15) * 86400))
        kind = i % 10  # 0-6: an account holder who dealt with an agent; 7-9: a stranger
        if kind < 7:
            name = customer(acc)
            at = created - timedelta(days=rng.randint(1, 10))
            contacts.append((f"KR{i}", f"C{acc}", "inbound", at, 300, "answered", "agent", f"A{agent}"))
        else:
            name = f"{rng.choice(FIRSTS)} {rng.choice(LASTS)}"
        said = agent_first[agent] if kind < 4 or kind == 9 else None
        sentence = rng.choice(PRAISE).format(n=said) if said else rng.choice(NO_NAME)
        comment = compose(rng, f"{sentence} Took {rng.randint(2, 90)} minutes.") if i % 20 else None
        rows.append((f"R{i}", name, False, rng.choice((1, 4, 5, 5, 5)), comment, created, created, False))
    review_cols = ["review_id", "reviewer_name", "reviewer_is_anonymous", "star_rating", "comment",
                   "created_at", "updated_at", "is_deleted"]
    call_cols = ["call_id", "account_id", "direction", "started_at", "talk_seconds", "disposition", "handled_by",
                 "agent_id"]
    for frame, table in ((pd.DataFrame(rows, columns=review_cols), "reviews"),
                         (pd.DataFrame(contacts, columns=call_cols), "calls")):
        for col in ("created_at", "updated_at", "started_at"):
            if col in frame:
                frame[col] = [t.strftime("%Y-%m-%d %H:%M:%S.%f") for t in frame[col]]
        insert_frame(engine, table, frame)
    return agent_first
