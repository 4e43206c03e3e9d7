"""Crash safety and concurrency: a load killed with SIGKILL leaves the database as it was; readers keep
answering during a load; two loads of one source run one after the other."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, Table, func, select

from pipeline.load import load_paths
from sql.schema import calls, ingest_runs, metadata, reviews

ROOT = Path(__file__).parent.parent
CONTRACT = Path(__file__).parent / "data" / "contract"
CALL_HEADER = (CONTRACT / "calls.csv").read_text().splitlines()[0]


def start_load(db_url: str, kind: str, path: Path, tmp_path: Path, pause: str | None = None,
               hold: float = 3600.0, release: Path | None = None) -> tuple[subprocess.Popen, Path]:
    """A load in its own process; with `pause`, it stops part way and creates the marker file."""
    marker = tmp_path / "marker"
    args = [sys.executable, "-m", "tests.reliability_support", db_url, kind, str(path)]
    if pause:
        args += ["--pause", pause, "--marker", str(marker), "--hold", str(hold)]
    if release:
        args += ["--release", str(release)]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, marker


def wait_for(marker: Path, proc: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            raise AssertionError(f"load ended before pausing: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("load never reached its pause")
        time.sleep(0.05)


def finish(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    with engine.connect() as conn:
        return {
            t.name: sorted(conn.execute(select(t)).all(), key=repr)
            for t in metadata.sorted_tables
        }


def calls_file(tmp_path: Path, n: int, prefix: str = "K", talk: int = 30) -> Path:
    path = tmp_path / f"calls_{prefix}_{n}_{talk}.csv"
    rows = [f"{prefix}{i:05d},A{i % 7},outbound,2026-04-01T15:{i % 60:02d}:00Z,,{talk},answered,agent,0{i % 5:04d},,,en"
            for i in range(n)]
    path.write_text(CALL_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def count(engine: Engine, table: Table = calls) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.mark.slow
@pytest.mark.parametrize("pause", ["chunk", "commit"])
def test_sigkill_part_way_leaves_the_database_as_before(engine: Engine, db_url: str, tmp_path: Path,
                                                         pause: str) -> None:
    """Killed after the first 50 rows, or with every row and rollup written but not committed."""
    load_paths(engine, "calls", [CONTRACT / "calls.csv"], progress=False)
    before = snapshot(engine)
    path = calls_file(tmp_path, 300)
    proc, marker = start_load(db_url, "calls", path, tmp_path, pause)
    wait_for(marker, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(engine) == before, "nothing of the killed load is visible"
    [again] = load_paths(engine, "calls", [path], progress=False)
    assert (again.status, again.inserted) == ("ok", 300)
    assert count(engine) == 304


@pytest.mark.slow
def test_sigkill_during_a_review_load_leaves_the_database_as_before(engine: Engine, db_url: str,
                                                                    tmp_path: Path) -> None:
    load_paths(engine, "reviews", [CONTRACT / "reviews.json"], progress=False)
    before = snapshot(engine)
    path = tmp_path / "more.jsonl"
    path.write_text("\n".join(
        json.dumps({"reviewId": f"k{i}", "starRating": "FIVE", "createTime": "2026-03-01T00:00:00Z"})
        for i in range(200)) + "\n", encoding="utf-8")
    proc, marker = start_load(db_url, "reviews", path, tmp_path, "commit")
    wait_for(marker, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert snapshot(engine) == before
    [again] = load_paths(engine, "reviews", [path], progress=False)
    assert (again.status, again.inserted) == ("ok", 200) and count(engine, reviews) == 203


@pytest.mark.slow
def test_readers_keep_answering_while_a_load_holds_its_transaction(engine: Engine, db_url: str,
                                                                   tmp_path: Path) -> None:
    """WAL (SQLite) and MVCC (PostgreSQL): reads neither wait for the writer nor see its uncommitted rows."""
    from metrics.kpis import kpi_records
    from metrics.periods import Period
    from metrics.scope import Viewer

    load_paths(engine, "calls", [CONTRACT / "calls.csv"], progress=False)
    period = Period(datetime(2026, 1, 1), datetime(2027, 1, 1))
    baseline = kpi_records(engine, Viewer.leadership(), period, "company")
    release = tmp_path / "release"
    proc, marker = start_load(db_url, "calls", calls_file(tmp_path, 2000), tmp_path, "commit", hold=60,
                              release=release)
    wait_for(marker, proc)
    try:
        started = time.monotonic()
        during = kpi_records(engine, Viewer.leadership(), period, "company")
        assert count(engine) == 4
        elapsed = time.monotonic() - started
        assert proc.poll() is None, "the load was still open while we read"
    finally:
        release.touch()
    assert elapsed < 10, f"reads waited {elapsed:.1f}s for the writer"
    assert during == baseline, "uncommitted rows are invisible"
    assert finish(proc)["inserted"] == 2000
    assert count(engine) == 2004
    assert kpi_records(engine, Viewer.leadership(), period, "company") != baseline


@pytest.mark.slow
def test_two_loads_of_one_source_run_one_after_the_other(engine: Engine, db_url: str, tmp_path: Path) -> None:
    """The second load of overlapping ids waits for the first, then updates its rows: no duplicates, no errors."""
    older, newer = calls_file(tmp_path, 300, "S", talk=10), calls_file(tmp_path, 300, "S", talk=20)
    first, marker = start_load(db_url, "calls", older, tmp_path, "commit", hold=2)
    wait_for(marker, first)
    second, _ = start_load(db_url, "calls", newer, tmp_path)
    a, b = finish(first), finish(second)
    assert (a["inserted"], b["inserted"], b["updated"]) == (300, 0, 300)
    with engine.connect() as conn:
        talk = conn.execute(select(calls.c.talk_seconds).distinct()).scalars().all()
        runs = conn.execute(select(ingest_runs).order_by(ingest_runs.c.started_at)).all()
    assert count(engine) == 300 and talk == [20], "each id once, the later load's values"
    assert [(r.file_path, r.status) for r in runs] == [(str(older), "ok"), (str(newer), "ok")]
    assert runs[0].finished_at <= runs[1].started_at, "the runs did not overlap"
