"""Attribution speed: N reviews against M agents and K interactions, end to end, then one new review.

    .venv/bin/python benchmarks/attribution.py [--reviews 100000] [--agents 5000] [--interactions 10000000]

Builds a SQLite database (or --database-url) with synthetic rows, runs `attribute_pending` over
every review, then adds one review and times the incremental run. Prints measured figures only.
The SQLite file lives in a temporary folder removed at the end. PostgreSQL: create an empty database
and pass it, e.g. --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_attribution
(its tables are migrated and filled; drop the database afterwards).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select

from attribution import attribute_pending
from attribution.history import refresh_account_keys
from attribution.mentions import mentions_in_review
from attribution.signals import sentiment, text_signals
from attribution.store import load_roster
from benchmarks.attribution_speed_data import START, customer, populate
from sql.database import make_engine, migrate
from sql.dialect import tidy_after_bulk_write
from sql.schema import metadata, reviews


def _breakdown(engine) -> None:
    """Time the two pure-Python stages again on the same texts, to show where the time goes."""
    with engine.connect() as conn:
        texts = [t for (t,) in conn.execute(select(reviews.c.comment))]
        roster = load_roster(conn)
    sentiment.cache_clear()
    t0 = time.perf_counter()
    for t in texts:
        text_signals(t, None, 5)
    signals_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in texts:
        mentions_in_review(t, None, roster)
    mentions_s = time.perf_counter() - t0
    print(f"  of which: TextBlob signals {signals_s:.1f}s, name matching {mentions_s:.1f}s (re-timed alone)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--agents", type=int, default=5_000)
    parser.add_argument("--interactions", type=int, default=10_000_000)
    parser.add_argument("--database-url", default=None,
                        help="an empty database instead of a temporary SQLite file, e.g. "
                             "postgresql+psycopg://postgres@127.0.0.1:5432/bench_attribution")
    parser.add_argument(
        "--data-ready",
        action="store_true",
        help="--database-url already holds freshly generated, never attributed data (e.g. a copy of a big run)",
    )
    args = parser.parse_args()
    if args.data_ready and not args.database_url:
        parser.error("--data-ready needs --database-url")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(args.database_url or f"sqlite:///{tmp}/bench.db")
        migrate(engine)
        t0 = time.perf_counter()
        if not args.data_ready:
            populate(engine, args.reviews, args.agents, args.interactions)
        # PostgreSQL: what autovacuum does to tables that have been there a while, i.e. statistics and the
        # visibility map that lets it answer from an index alone (a freshly copied table has none)
        tidy_after_bulk_write(engine, metadata.sorted_tables)
        fill = time.perf_counter() - t0
        print(
            f"data: {args.reviews:,} reviews, {args.agents:,} agents, {args.interactions:,} interactions "
            f"({engine.dialect.name}), " + ("given" if args.data_ready else f"generated in {fill:.1f}s")
        )
        t0 = time.perf_counter()
        with engine.begin() as conn:  # what a load of accounts does after (pipeline.load); the generator bypasses it
            indexed = refresh_account_keys(conn)
        print(
            f"account-name index: {indexed:,} accounts indexed in {time.perf_counter() - t0:.1f}s "
            "(built when accounts load, as the accounts loader does; `attribute --all` rebuilds it)"
        )
        t0 = time.perf_counter()
        summary = attribute_pending(engine)
        full = time.perf_counter() - t0
        per_100k = full / max(summary.reviews, 1) * 100_000
        print(
            f"full run: {full:.2f}s for {summary.reviews:,} reviews ({summary.reviews / full:,.0f} reviews/s); "
            f"per 100,000 reviews {per_100k:.1f}s (target 30s -> ratio {per_100k / 30:.2f})"
        )
        print(f"  {summary.text()}")
        print(f"  phases: {summary.phases()}")
        _breakdown(engine)
        timings = []
        for k in range(5):
            created = START + timedelta(days=200 + k)
            with engine.begin() as conn:
                conn.execute(
                    insert(reviews).values(
                        review_id=f"NEW{k}",
                        reviewer_name=customer(12),
                        reviewer_is_anonymous=False,
                        star_rating=5,
                        comment="Mary was wonderful, thank you!",
                        created_at=created,
                        updated_at=created,
                        is_deleted=False,
                    )
                )
            t0 = time.perf_counter()
            one = attribute_pending(engine)
            timings.append((time.perf_counter() - t0) * 1000)
            assert one.reviews == 1
        timings.sort()
        print(
            f"one new review: median {timings[2]:.1f} ms, worst {timings[-1]:.1f} ms "
            f"(target 50 ms -> ratio {timings[2] / 50:.2f})"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
