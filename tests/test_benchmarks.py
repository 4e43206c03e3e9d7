"""The benchmark scripts: every one answers --help and says how to run it on PostgreSQL; the page benchmark's
list of reads stays in step with the dashboard and runs on both engines."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from benchmarks import page_reads
from benchmarks.metrics_data import populate
from benchmarks.page_reads import PAGE_READS, Context
from benchmarks.pages import END, VIEWERS
from dashboard.nav import PAGES, ROLE_PAGES
from metrics.rollups.daily import refresh_all

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted(p for p in (ROOT / "benchmarks").glob("*.py") if 'if __name__ == "__main__"' in p.read_text())


def test_every_benchmark_script_is_found() -> None:
    names = {p.stem for p in SCRIPTS}
    assert {"pages", "metrics", "ingest", "guard", "attribution", "attribution_quality", "dashboard"} <= names


def test_every_benchmark_answers_help_and_names_postgresql() -> None:
    procs = {p.name: subprocess.Popen([sys.executable, str(p), "--help"], cwd=ROOT, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True) for p in SCRIPTS}
    for name, proc in procs.items():
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, f"{name} --help exited {proc.returncode}: {err[-2000:]}"
        assert "--database-url" in out and "postgresql+psycopg://" in out, f"{name} --help does not say how to " \
                                                                           "point it at PostgreSQL"


def test_page_reads_ask_for_the_kpis_the_pages_show() -> None:
    views = ROOT / "dashboard" / "views"
    assert _literal_int(views / "team.py", "TREND_DEFAULT") == page_reads.TREND_DEFAULT
    assert set(PAGE_READS) == set(PAGES)


def _literal_int(path: Path, name: str) -> int:
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return int(ast.literal_eval(node.value))
    raise AssertionError(f"{path.name} has no literal {name}")


def test_every_page_read_runs_for_every_role(engine: Engine) -> None:
    populate(engine, 2000)
    refresh_all(engine)
    ran = 0
    for role, viewer in VIEWERS.items():
        for page in ROLE_PAGES[role]:
            for _, read in page_reads.page_reads(role, page, Context(engine, viewer, END)):
                read()
                ran += 1
    assert ran > 60


def test_a_page_outside_the_role_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="agent role has no page 'overview'"):
        page_reads.page_reads("agent", "overview", Context(engine, VIEWERS["agent"], END))
