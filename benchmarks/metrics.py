"""Metrics query latency at scale, on SQLite and PostgreSQL.

    python benchmarks/metrics.py [--rows 1000000] [--engines sqlite,postgresql] [--repeat 5] [--keep]
    python benchmarks/metrics.py --engines postgresql --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

For each engine: a fresh database with N synthetic interactions over 2025
(benchmarks/metrics_data.py), a full rollup/compliance rebuild (timed), then the
median time of each query the dashboard issues for the last 30 days (target
<= 150 ms, flat as N grows) and of `export --by agent` for the whole year
(target <= 2 s). SQLite runs in a temporary folder; the PostgreSQL database (bench_metrics_N on the
server of --database-url) is dropped at the end. --keep keeps both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.metrics_data import populate
from metrics import contacts, qa, reviews, violations
from metrics.drilldown import interactions
from metrics.export import export_rows
from metrics.kpis import kpi_records
from metrics.periods import Period
from metrics.rollups.daily import refresh_all
from metrics.scope import Viewer
from sql.database import make_engine, migrate

PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
MONTH = Period.days(date(2025, 12, 2), date(2026, 1, 1))
YEAR = Period.days(date(2025, 1, 1), date(2026, 1, 1))
LEAD, AGENT, MANAGER = Viewer.leadership(), Viewer.agent("AG0007"), Viewer.manager({"T03"})


def fresh(kind: str, n: int, pg_url: str = PG_URL) -> tuple[Engine, Callable[[], None]]:
    """A migrated empty database of `kind` (PostgreSQL: on the server of `pg_url`), and how to drop it."""
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="bench_metrics_")
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        migrate(engine)
        return engine, lambda: (engine.dispose(), shutil.rmtree(folder, ignore_errors=True))
    name = f"bench_metrics_{n}"
    admin = make_engine(pg_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'drop database if exists "{name}" with (force)'))
        conn.execute(text(f'create database "{name}"'))
    engine = make_engine(pg_url.rsplit("/", 1)[0] + f"/{name}")
    migrate(engine)

    def drop() -> None:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))

    return engine, drop


def queries(engine: Engine) -> dict[str, Callable[[], object]]:
    """Every query the dashboard issues (last 30 days) plus the year export."""

    def conn_call(fn: Callable, *args: object) -> Callable[[], object]:
        def run() -> object:
            with engine.connect() as conn:
                return fn(conn, *args)
        return run

    return {
        "contact_counts company": conn_call(contacts.contact_counts, LEAD, MONTH, "company"),
        "contact_counts by agent": conn_call(contacts.contact_counts, LEAD, MONTH, "agent"),
        "contact_counts by day (agent scope)": conn_call(contacts.contact_counts, AGENT, MONTH, "day"),
        "account_counts company": conn_call(contacts.account_counts, LEAD, MONTH, "company"),
        "account_counts by team (manager)": conn_call(contacts.account_counts, MANAGER, MONTH, "team"),
        "talk_medians company": conn_call(contacts.talk_medians, LEAD, MONTH, "company"),
        "talk_medians by agent": conn_call(contacts.talk_medians, LEAD, MONTH, "agent"),
        "outcome_counts company": conn_call(contacts.outcome_counts, LEAD, MONTH, "company"),
        "violation_counts by agent": conn_call(violations.violation_counts, LEAD, MONTH, "agent"),
        "qa_figures by agent": conn_call(qa.qa_figures, LEAD, MONTH, "agent"),
        "review_figures company": conn_call(reviews.review_figures, LEAD, MONTH, "company"),
        "compliance findings (30 days)": lambda: violations.finding_records(engine, LEAD, MONTH),
        "drill-down 500 rows (agent)": lambda: interactions(engine, AGENT, MONTH, limit=500),
        "kpis company (all of the above)": lambda: kpi_records(engine, LEAD, MONTH, "company"),
        "kpis by agent, agent scope": lambda: kpi_records(engine, AGENT, MONTH, "agent"),
        "EXPORT --by agent, full year": lambda: export_rows(engine, YEAR, "agent"),
    }


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def time_queries(engine: Engine, repeat: int) -> None:
    """Print the median time of every query against its target."""
    for name, fn in queries(engine).items():
        ms = median_ms(fn, repeat)
        target = 2000 if name.startswith("EXPORT") else 150
        print(f"{name:<40} {ms:9.1f} ms  {'ok' if ms <= target else 'OVER'} (target {target} ms)", flush=True)


def bench_parser(doc: str | None, what: str) -> argparse.ArgumentParser:
    """The options every generated-database benchmark shares (`what`: what --existing times)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--database-url", default=PG_URL,
                        help="PostgreSQL server for --engines postgresql, as an admin URL (a database "
                             "bench_metrics_N is created there and dropped after); default $BENCH_POSTGRES_URL "
                             "or %(default)s")
    parser.add_argument("--keep", action="store_true", help="keep the databases (and the SQLite folder)")
    parser.add_argument("--existing", metavar="URL", action="append", default=[],
                        help=f"only time {what} on a database kept by --keep (repeatable)")
    return parser


def on_each_database(args: argparse.Namespace, prepare: Callable[[Engine], str],
                     measure: Callable[[Engine], None]) -> None:
    """Run `measure` on each --existing database, or on a fresh one per engine that `prepare` fills.

    `prepare` returns what it did, for the heading; PostgreSQL is vacuumed after it, as autovacuum would be.
    """
    for url in args.existing:
        engine = make_engine(url)
        print(f"\n== {engine.dialect.name}, existing database {engine.url.render_as_string()}")
        measure(engine)
    for kind in [] if args.existing else args.engines.split(","):
        engine, drop = fresh(kind, args.rows, args.database_url)
        try:
            done = prepare(engine)
            if kind == "postgresql":
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("vacuum analyze"))
            print(f"\n== {kind}, N={args.rows:,} interactions: {done}"
                  + (f" (kept: {engine.url.render_as_string()})" if args.keep else ""))
            measure(engine)
        finally:
            if not args.keep:
                drop()


def main() -> None:
    parser = bench_parser(__doc__, "the queries")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    def prepare(engine: Engine) -> str:
        t = time.perf_counter()
        populate(engine, args.rows)
        loaded = time.perf_counter() - t
        t = time.perf_counter()
        refresh_all(engine)
        return f"data {loaded:.1f} s, rollup rebuild {time.perf_counter() - t:.1f} s"

    on_each_database(args, prepare, lambda engine: time_queries(engine, args.repeat))


if __name__ == "__main__":
    main()
