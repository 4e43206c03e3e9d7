"""Ingest throughput against the engine's raw bulk path and pandas `to_sql`, on the same rows.

    python benchmarks/ingest.py [--rows 1000000] [--engines sqlite,postgresql]
    python benchmarks/ingest.py --engines postgresql --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    python benchmarks/ingest.py --vendor connect [--rows 1000000] [--engines sqlite]

For each of calls.csv and digital.csv (N rows each) and each engine, in one run:
- starboard: `ingest.loader.load_paths` (parse, validate every contract rule, upsert, run record)
- raw: sqlite3 `executemany` of the CSV rows in one transaction / PostgreSQL `COPY ... CSV`
- to_sql: `pandas.read_csv` + `DataFrame.to_sql(if_exists="append")`
each into a freshly migrated, empty database. `--vendor connect` instead times N Amazon Connect contact
records (JSON Lines, through `ingest/mappings/connect.toml`) against the canonical calls.csv path on N
rows, both in the same run, and prints both rates and their ratio (target >= 0.5). Prints rows/s and the ratios
starboard/raw (target >= 0.7) and starboard/to_sql speed-up (target >= 5), and the
time to reload the same file (everything unchanged). The loader is timed without the
after-load work (rollups, Reg F audit: `pipeline.load`); `--with-rollups` adds a run with it.
The CSV files and SQLite databases live in a temporary folder removed at the end; on PostgreSQL
the database starboard_bench is created on the server of --database-url and dropped at the end.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pipeline.load
from ingest.loader import CSV_SOURCES, load_paths
from ingest.vendor.engine import load_vendor_paths
from sql.database import make_engine, migrate

PG_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def write_calls(path: Path, n: int, rng: random.Random) -> None:
    """N plausible call rows in the canonical shape."""
    start = datetime(2025, 11, 1, tzinfo=UTC)
    dispositions = ["answered", "no_answer", "voicemail", "busy", "failed"]
    outcomes = ["", "", "payment_plan_created", "plan_restarted", "paid_in_full", "hardship_support"]
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_SOURCES["calls"].columns)
        for i in range(n):
            t = start + timedelta(seconds=rng.randrange(365 * 86400))
            disp = rng.choice(dispositions)
            talk = rng.randrange(30, 900) if disp == "answered" else 0
            handled = "agent" if disp == "answered" else "none"
            direction = rng.choice(("inbound", "outbound"))
            w.writerow([
                f"C{i:09d}", f"A{rng.randrange(200_000):07d}", direction,
                t.strftime("%Y-%m-%dT%H:%M:%SZ"), (t + timedelta(seconds=talk + 20)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                talk, disp, handled, f"{rng.randrange(100):05d}" if handled == "agent" else "", "",
                rng.choice(outcomes) if talk else "", rng.choice(("en", "es", "fr")),
                f"+1312555{rng.randrange(10_000):04d}" if direction == "outbound" else "",
            ])


def write_digital(path: Path, n: int, rng: random.Random) -> None:
    """N plausible digital interaction rows in the canonical shape."""
    start = datetime(2025, 11, 1, tzinfo=UTC)
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_SOURCES["digital"].columns)
        for i in range(n):
            t = start + timedelta(seconds=rng.randrange(365 * 86400))
            inbound = rng.random() < 0.6
            w.writerow([
                f"D{i:09d}", f"A{rng.randrange(200_000):07d}", rng.choice(("email", "sms", "chat")),
                "inbound" if inbound else "outbound", t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                (t + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                f"{rng.randrange(100):05d}" if inbound else "", "payment_made" if rng.random() < 0.1 else "",
                rng.choice(("en", "es", "fr")),
            ])


def write_connect(path: Path, n: int, rng: random.Random) -> None:
    """N Amazon Connect contact records (JSON Lines) in the documented shape, all VOICE."""
    start = datetime(2025, 11, 1, tzinfo=UTC)
    methods = ["INBOUND", "OUTBOUND", "CALLBACK", "TRANSFER"]
    with path.open("w") as f:
        for i in range(n):
            t = start + timedelta(seconds=rng.randrange(365 * 86400))
            answered = rng.random() < 0.6
            talk = rng.randrange(30, 900) if answered else 0
            end = t + timedelta(seconds=talk + 20)
            connected = (t + timedelta(seconds=15)).strftime("%Y-%m-%dT%H:%M:%SZ")
            agent = (f'{{"Username":"agent{rng.randrange(100):03d}@example.com","ConnectedToAgentTimestamp":'
                     f'"{connected}","AgentInteractionDuration":{talk}}}' if answered else "null")
            f.write(
                f'{{"ContactId":"{i:08d}-0000-4000-8000-000000000000","Channel":"VOICE",'
                f'"InitiationMethod":"{rng.choice(methods)}","InitiationTimestamp":"{t.strftime("%Y-%m-%dT%H:%M:%SZ")}",'
                f'"DisconnectTimestamp":"{end.strftime("%Y-%m-%dT%H:%M:%SZ")}",'
                f'"LastUpdateTimestamp":"{end.strftime("%Y-%m-%dT%H:%M:%SZ")}","Agent":{agent},'
                f'"CustomerEndpoint":{{"Address":"+1312{rng.randrange(10**7):07d}","Type":"TELEPHONE_NUMBER"}},'
                f'"Attributes":{{"account_id":"A{rng.randrange(200_000):07d}",'
                f'"outcome":"{rng.choice(["", "", "payment_made", "promise_to_pay"]) if answered else ""}"}}}}\n'
            )


def vendor_main(args: argparse.Namespace) -> None:
    """Connect contact records through the mapping vs canonical calls.csv, same N, same run."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rng = random.Random(args.seed)
        csv_path, ctr_path = work / "calls.csv", work / "ctr.jsonl"
        write_calls(csv_path, args.rows, rng)
        write_connect(ctr_path, args.rows, rng)
        print(f"records per file: {args.rows:,} ({args.vendor}: {ctr_path.stat().st_size / 1e6:,.0f} MB)")
        print(f"{'engine':<11}{'canonical r/s':>15}{args.vendor + ' r/s':>15}{'ratio':>8}")
        for kind_engine in args.engines.split(","):
            e = fresh_engine(kind_engine, work)
            t_csv = timed(lambda e=e: ours(e, "calls", csv_path))
            e.dispose()
            e = fresh_engine(kind_engine, work)
            t_vendor = timed(lambda e=e: vendor_load(e, args.vendor, ctr_path))
            e.dispose()
            n = args.rows
            print(f"{kind_engine:<11}{n / t_csv:>15,.0f}{n / t_vendor:>15,.0f}{t_csv / t_vendor:>8.2f}", flush=True)


def vendor_load(engine: Engine, vendor: str, path: Path) -> None:
    """The vendor path: read the records, map them, then the canonical validation and upsert."""
    [result] = load_vendor_paths(engine, "calls", [path], vendor, progress=False)
    assert result.rejected == 0 and result.inserted > 0, result.summary()


def fresh_engine(kind: str, workdir: Path) -> Engine:
    """An empty, migrated database of `kind`."""
    if kind == "sqlite":
        path = workdir / f"bench-{time.monotonic_ns()}.db"
        engine = make_engine(f"sqlite:///{path}")
    else:
        name = "starboard_bench"
        admin = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"drop database if exists {name} with (force)"))
            conn.execute(text(f"create database {name}"))
        admin.dispose()
        engine = make_engine(PG_URL.rsplit("/", 1)[0] + f"/{name}")
    migrate(engine)
    return engine


def raw_load(engine: Engine, kind: str, path: Path) -> None:
    """The engine's own bulk path, no validation: executemany in one transaction, or COPY."""
    source = CSV_SOURCES[kind]
    cols = source.columns
    table = source.table.name
    with engine.begin() as conn:
        driver = conn.connection.driver_connection
        if engine.dialect.name == "sqlite":
            with path.open(newline="") as f:
                reader = csv.reader(f)
                next(reader)
                rows = [[v or None for v in r] for r in reader]
            driver.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows
            )
        else:
            with driver.cursor() as cur, path.open("rb") as f, cur.copy(
                f"COPY {table} ({', '.join(cols)}) FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy:
                while chunk := f.read(1 << 20):
                    copy.write(chunk)


def to_sql_load(engine: Engine, kind: str, path: Path) -> None:
    """pandas' generic path: read_csv then DataFrame.to_sql."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
    for spec in CSV_SOURCES[kind].fields:
        if spec.kind == "timestamp":
            frame[spec.name] = pd.to_datetime(frame[spec.name], utc=True, format="ISO8601").dt.tz_localize(None)
        elif spec.kind == "int":
            frame[spec.name] = pd.to_numeric(frame[spec.name]).astype("Int64")
    frame.to_sql(CSV_SOURCES[kind].table.name, engine, if_exists="append", index=False, chunksize=50_000)


def ours(engine: Engine, kind: str, path: Path) -> None:
    """Starboard's loader: parse, validate, upsert, record the run."""
    [result] = load_paths(engine, kind, [path], progress=False)
    assert result.rejected == 0 and result.inserted > 0, result.summary()


def with_rollups(engine: Engine, kind: str, path: Path) -> None:
    """The load as the CLI runs it (`pipeline.load`): with rollups and the Reg F audit in its transaction."""
    [result] = pipeline.load.load_paths(engine, kind, [path], progress=False)
    assert result.rejected == 0 and result.inserted > 0, result.summary()


def timed(fn: Callable[[], None]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    global PG_URL
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--database-url", default=PG_URL,
                        help="PostgreSQL server for --engines postgresql, as an admin URL (the database "
                             "starboard_bench is created there); default $BENCH_POSTGRES_URL or %(default)s")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--with-rollups", action="store_true",
                        help="also time the load with its after-load work (rollups, Reg F audit)")
    parser.add_argument("--vendor", choices=["connect"], help="time a vendor export against canonical calls.csv")
    args = parser.parse_args()
    PG_URL = args.database_url
    try:
        if args.vendor:
            vendor_main(args)
        else:
            run(args)
    finally:
        if "postgresql" in args.engines:
            drop_bench_database()


def drop_bench_database() -> None:
    """Drop the PostgreSQL database the run used."""
    admin = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("drop database if exists starboard_bench with (force)"))
    admin.dispose()


def run(args: argparse.Namespace) -> None:
    """Write the files, load them every way on every engine, print the table."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rng = random.Random(args.seed)
        files = {"calls": work / "calls.csv", "digital": work / "digital.csv"}
        write_calls(files["calls"], args.rows, rng)
        write_digital(files["digital"], args.rows, rng)
        print(f"rows per file: {args.rows:,}")
        print(f"{'engine':<11}{'file':<9}{'starboard r/s':>15}{'raw r/s':>12}{'to_sql r/s':>12}"
              f"{'vs raw':>9}{'vs to_sql':>11}{'reload s':>10}" + ("  +rollups r/s" if args.with_rollups else ""))
        for kind_engine in args.engines.split(","):
            for kind, path in files.items():
                e = fresh_engine(kind_engine, work)
                t_ours = timed(lambda e=e, k=kind, p=path: ours(e, k, p))
                t_reload = timed(lambda e=e, k=kind, p=path: ours_reload(e, k, p))
                e.dispose()
                full = ""
                if args.with_rollups:
                    e = fresh_engine(kind_engine, work)
                    full = f"{args.rows / timed(lambda e=e, k=kind, p=path: with_rollups(e, k, p)):>14,.0f}"
                    e.dispose()
                e = fresh_engine(kind_engine, work)
                t_raw = timed(lambda e=e, k=kind, p=path: raw_load(e, k, p))
                e.dispose()
                e = fresh_engine(kind_engine, work)
                t_pd = timed(lambda e=e, k=kind, p=path: to_sql_load(e, k, p))
                e.dispose()
                n = args.rows
                print(f"{kind_engine:<11}{kind:<9}{n / t_ours:>15,.0f}{n / t_raw:>12,.0f}{n / t_pd:>12,.0f}"
                      f"{t_raw / t_ours:>9.2f}{t_pd / t_ours:>11.2f}{t_reload:>10.1f}{full}", flush=True)


def ours_reload(engine: Engine, kind: str, path: Path) -> None:
    """Loading the same file again: everything unchanged."""
    [result] = load_paths(engine, kind, [path], progress=False)
    assert result.inserted == 0 and result.updated == 0, result.summary()


if __name__ == "__main__":
    main()
