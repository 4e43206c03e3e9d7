"""A load run as its own process, able to stop part way, for the crash and concurrency tests.

    python -m tests.reliability_support URL KIND PATH [--pause chunk|commit] [--marker FILE] [--hold SECONDS]

`--pause chunk` stops after the first chunk of rows has been written (rows are written 50 at a time);
`--pause commit` stops after every row and the rollups are written, just before the commit. At the
pause the process creates `--marker` and waits `--hold` seconds (default: until killed) or until the
`--release` file exists, then goes on.
On success it prints the load's result as JSON.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from sqlalchemy import Connection, Table

import ingest.loader
import pipeline.load
import sql.dialect
from ingest.loader import load_paths
from sql.database import make_engine
from sql.dialect import UpsertCounts


def _pause(marker: Path, hold: float, release: Path | None) -> None:
    marker.write_text("paused", encoding="utf-8")
    deadline = time.monotonic() + hold
    while time.monotonic() < deadline and not (release and release.exists()):
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments, arm the pause, run the load."""
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("kind")
    parser.add_argument("path", type=Path)
    parser.add_argument("--pause", choices=["chunk", "commit"])
    parser.add_argument("--marker", type=Path)
    parser.add_argument("--hold", type=float, default=3600.0)
    parser.add_argument("--release", type=Path)
    args = parser.parse_args(argv)
    if args.pause == "chunk":
        sql.dialect.CHUNK_ROWS = 50
        real = ingest.loader.bulk_upsert
        seen: list[int] = []

        def upsert_then_pause(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple],
                              progress: object = None) -> UpsertCounts:
            def on_chunk(n: int) -> None:
                seen.append(n)
                if len(seen) == 1:
                    _pause(args.marker, args.hold, args.release)

            return real(conn, table, columns, rows, on_chunk)

        ingest.loader.bulk_upsert = upsert_then_pause
    after_load = pipeline.load.after_load
    if args.pause == "commit":
        def after_load(conn: Connection, source: str, run_id: int) -> None:
            pipeline.load.after_load(conn, source, run_id)
            _pause(args.marker, args.hold, args.release)
    engine = make_engine(args.url)
    [result] = load_paths(engine, args.kind, [args.path], progress=False, after_load=after_load)
    print(json.dumps({k: v for k, v in asdict(result).items() if k != "rejects"}))


if __name__ == "__main__":
    main()
