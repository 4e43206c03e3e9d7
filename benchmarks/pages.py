"""Page-level read latency: every dashboard page's complete set of metrics reads, per role, at two sizes.

    python benchmarks/pages.py [--rows 1000000,10000000] [--database-url URL] [--repeat 5] [--keep]

For each size: a fresh database with N synthetic interactions over 2025 (benchmarks/metrics_data.py),
the rollups rebuilt, then for leadership, a manager (team T03) and an agent (AG0007) the median time of
each page's whole first render worth of reads (benchmarks/page_reads.py: the sidebar's, the cards' with
the previous period's, the charts' and the tables'), called directly (no Streamlit cache) for the last 30
days of the data. Printed side by side: ms at each size, the ratio largest/smallest (1.0 = flat in raw
size) and the target (<= 150 ms per page); then the slowest reads of the largest size.

SQLite by default (a temporary file, removed at the end unless --keep). PostgreSQL:
    --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
(the server's admin database; one database per size, bench_pages_<N>, is created and dropped).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.metrics import median_ms
from benchmarks.metrics_data import populate
from benchmarks.page_reads import Context, page_reads
from dashboard.nav import ROLE_PAGES
from metrics.rollups.daily import refresh_all
from metrics.scope import Viewer
from sql.database import make_engine, migrate

TARGET_MS = 150.0
END = date(2026, 1, 1)  # the day after the generated data: "Last 30 days" is December 2025
VIEWERS = {"leadership": Viewer.leadership(), "manager": Viewer.manager({"T03"}), "agent": Viewer.agent("AG0007")}
FINDINGS = "compliance findings for 30 days (+ agent names)"


@contextmanager
def database(url: str | None, rows: int, keep: bool) -> Iterator[Engine]:
    """A migrated empty database for `rows` (SQLite in a temporary folder when `url` is None), dropped after."""
    if url is None:
        folder = tempfile.mkdtemp(prefix="bench_pages_")
        engine = make_engine(f"sqlite:///{folder}/pages_{rows}.db")
        try:
            migrate(engine)
            yield engine
        finally:
            engine.dispose()
            if keep:
                print(f"(kept: {folder})")
            else:
                shutil.rmtree(folder)
        return
    name = f"bench_pages_{rows}"
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'drop database if exists "{name}" with (force)'))
        conn.execute(text(f'create database "{name}"'))
    engine = make_engine(url.rsplit("/", 1)[0] + f"/{name}")
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        if keep:
            print(f"(kept: database {name})")
        else:
            with admin.connect() as conn:
                conn.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()


def time_pages(engine: Engine, repeat: int) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str, str], float]]:
    """(role, page) -> median ms of the page's whole set of reads; (role, page, read) -> median ms of one read."""
    pages: dict[tuple[str, str], float] = {}
    reads: dict[tuple[str, str, str], float] = {}
    for role, viewer in VIEWERS.items():
        ctx = Context(engine, viewer, END)
        for page in ROLE_PAGES[role]:
            listed = page_reads(role, page, ctx)
            pages[(role, page)] = median_ms(lambda listed=listed: [fn() for _, fn in listed], repeat)
            for name, fn in listed:
                reads[(role, page, name)] = median_ms(fn, repeat)
    return pages, reads


def build(engine: Engine, rows: int) -> str:
    """Generate `rows` interactions and rebuild the rollups; a one-line summary."""
    t = time.perf_counter()
    populate(engine, rows)
    loaded = time.perf_counter() - t
    t = time.perf_counter()
    refresh_all(engine)
    rebuilt = time.perf_counter() - t
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("vacuum analyze"))
    return f"N={rows:,}: data {loaded:.1f} s, rollup rebuild {rebuilt:.1f} s"


def report(sizes: list[int], pages: list[dict], reads: dict, slowest: int) -> None:
    """The side-by-side table, the findings line, and the slowest reads of the largest size."""
    heads = "".join(f"{f'{n:,} rows':>16}" for n in sizes)
    print(f"\n{'role':<11} {'page':<12}{heads}{'ratio':>8}  target {TARGET_MS:.0f} ms")
    over = 0
    for key in pages[0]:
        values = [p[key] for p in pages]
        ok = values[-1] <= TARGET_MS
        over += not ok
        ratio = values[-1] / values[0] if values[0] else float("nan")
        cells = "".join(f"{v:13.1f} ms" for v in values)
        print(f"{key[0]:<11} {key[1]:<12}{cells}{ratio:8.2f}  {'ok' if ok else 'OVER'}")
    finding = [r[("leadership", "compliance", FINDINGS)] for r in reads]
    cells = "".join(f"{v:13.1f} ms" for v in finding)
    print(f"{'leadership':<11} {'findings 30d':<12}{cells}{finding[-1] / finding[0]:8.2f}  "
          f"{'ok' if finding[-1] <= TARGET_MS else 'OVER'}  (compliance findings for 30 days, one read)")
    print(f"\n{over} of {len(pages[0])} pages over {TARGET_MS:.0f} ms at {sizes[-1]:,} rows. "
          f"Slowest reads at {sizes[-1]:,} rows:")
    for (role, page, name), ms in sorted(reads[-1].items(), key=lambda kv: -kv[1])[:slowest]:
        print(f"  {ms:9.1f} ms  {role}/{page}: {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="1000000,10000000",
                        help="comma-separated interaction counts, smallest first (default: 1M and 10M)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="PostgreSQL admin URL, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres "
                             "(default: SQLite in a temporary folder)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page and per read (median)")
    parser.add_argument("--slowest", type=int, default=10, help="how many of the slowest reads to list")
    parser.add_argument("--keep", action="store_true", help="keep the generated databases")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.rows.split(",")]
    if sizes != sorted(sizes) or len(sizes) < 1 or sizes[0] <= 0:
        parser.error(f"--rows {args.rows!r}: give positive interaction counts, smallest first")
    if args.database_url and not args.database_url.startswith("postgresql"):
        parser.error(f"--database-url {args.database_url!r}: give a postgresql+psycopg:// URL (SQLite is the default)")
    all_pages, all_reads = [], []
    engine_name = "postgresql" if args.database_url else "sqlite"
    for rows in sizes:
        with database(args.database_url, rows, args.keep) as engine:
            print(f"== {engine_name}, {build(engine, rows)}; load average {os.getloadavg()[0]:.2f}", flush=True)
            pages, reads = time_pages(engine, args.repeat)
            all_pages.append(pages)
            all_reads.append(reads)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{engine_name}, last 30 days, median of {args.repeat}; load average {load}")
    report(sizes, all_pages, all_reads, args.slowest)


if __name__ == "__main__":
    main()
