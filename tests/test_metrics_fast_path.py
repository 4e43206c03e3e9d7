"""The fast path (month rollups, account bitmaps, talk histograms) equals the daily-rollup SQL path."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from benchmarks.metrics_data import populate
from metrics import contacts
from metrics.dimensions import DIMENSIONS
from metrics.periods import Period
from metrics.rollups.daily import refresh_all
from metrics.rollups.monthly import split
from metrics.scope import Viewer
from metrics.set_queries import median

MEASURES = (contacts.account_counts, contacts.talk_medians, contacts.contact_counts, contacts.outcome_counts)


@pytest.fixture
def data(engine: Engine) -> Engine:
    populate(engine, 6000, seed=7)
    refresh_all(engine)
    return engine


def _period(rng: random.Random) -> Period:
    first = date(2024, 12, 20) + timedelta(days=rng.randrange(390))
    choice = rng.random()
    if choice < 0.1:
        return Period.all()
    if choice < 0.2:
        return Period.days(first, None) if rng.random() < 0.5 else Period.days(None, first)
    if choice < 0.3:
        return Period.utc_month(f"2025-{rng.randrange(1, 13):02d}")
    return Period.days(first, first + timedelta(days=rng.choice([1, 7, 30, 45, 100, 200, 400])))


def _filters(rng: random.Random) -> dict:
    pool = {
        "channel": ["voice", "email", ["sms", "chat"], ["voice", "chat"]],
        "language": ["en", "es"],
        "team": ["T03", ["T01", "T05"]],
        "agent": ["AG0007", ["AG0001", "AG0013", "voice_ai"]],
        "site": ["S1"],
        "month": ["2025-03", ["2025-06", "2025-07"]],
        "day": [[date(2025, 3, d) for d in range(1, 20)]],
        "company": ["company"],
    }
    chosen = rng.sample(sorted(pool), rng.choice([0, 0, 1, 1, 2]))
    return {k: rng.choice(pool[k]) for k in chosen}


def _viewer(rng: random.Random, engine: Engine) -> Viewer:
    return rng.choice([Viewer.leadership(), Viewer.leadership(), Viewer.agent("AG0007"),
                       Viewer.manager({"T03", "T04"}), Viewer.manager_of(engine, "AG0002"), Viewer.manager(set())])


def test_fast_path_equals_the_daily_sql_path_on_random_queries(data: Engine) -> None:
    rng = random.Random(20261124)
    with data.connect() as conn:
        for _ in range(60):
            period, by, filters, viewer = _period(rng), rng.choice(DIMENSIONS), _filters(rng), _viewer(rng, data)
            for measure in MEASURES:
                fast = measure(conn, viewer, period, by, filters)
                slow = measure(conn, viewer, period, by, filters, fast=False)
                assert fast == slow, (measure.__name__, period, by, filters, viewer)


def test_fast_path_year_by_agent_is_not_empty(data: Engine) -> None:
    period = Period.days(date(2025, 1, 1), date(2026, 1, 1))
    with data.connect() as conn:
        fast = contacts.account_counts(conn, Viewer.leadership(), period, "agent")
        assert fast == contacts.account_counts(conn, Viewer.leadership(), period, "agent", fast=False)
        assert len(fast) > 100 and all(v["accounts_any"] > 0 for v in fast.values())


def test_month_split() -> None:
    d = date.fromisoformat
    parts = split(Period.days(d("2025-01-15"), d("2025-04-10")))
    assert parts.months == (d("2025-02-01"), d("2025-04-01"))
    assert parts.edges == ((d("2025-01-15"), d("2025-02-01")), (d("2025-04-01"), d("2025-04-10")))
    assert split(Period.days(d("2025-01-02"), d("2025-01-31"))).months is None
    assert split(Period.all()).months == (None, None) and split(Period.all()).edges == ()


def test_median_of_histograms() -> None:
    import numpy as np

    assert median(np.array([10, 30, 20]), np.array([1, 1, 1])) == 20.0
    assert median(np.array([40, 10, 10]), np.array([1, 1, 2])) == 10.0
    assert median(np.array([10, 20]), np.array([1, 1])) == 15.0
