"""The `python -m ingest` commands as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine

CONTRACT = Path(__file__).parent / "data" / "contract"
ROOT = Path(__file__).parent.parent


def run(db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": db_url}
    return subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_load_prints_a_summary_and_rejects_lists_them(engine: Engine, db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "calls.csv"
    text = (CONTRACT / "calls.csv").read_text()
    bad.write_text(text + "C9,A0001,outbound,2026-03-02T15:00:00,,0,no_answer,none,,,,\n")
    out = run(db_url, "load", "calls", str(bad))
    assert out.returncode == 0, out.stderr
    assert "read 5, inserted 4, updated 0, unchanged 0, rejected 1" in out.stdout
    assert "data quality: 2 calls row(s) name 2 agent_id value(s) not in agents" in out.stdout
    listed = run(db_url, "rejects")
    assert f"{bad}:6 column started_at: timestamp has no timezone" in listed.stdout
    runs = run(db_url, "runs")
    assert "calls" in runs.stdout and "partial" in runs.stdout


def test_unknown_kind_and_timezone_are_usage_errors(db_url: str) -> None:
    out = run(db_url, "load", "tweets", "x.csv")
    assert out.returncode == 2 and "expected one of: agents" in out.stderr
    out = run(db_url, "load", "calls", "--timezone", "Mars/Base", str(CONTRACT / "calls.csv"))
    assert out.returncode == 2 and "unknown IANA timezone" in out.stderr


def test_failed_file_exits_non_zero(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "agents.csv"
    path.write_text("agent_id\n1\n")
    out = run(db_url, "load", "agents", str(path))
    assert out.returncode == 1 and "missing required column(s): full_name" in out.stdout
