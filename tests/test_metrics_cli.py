"""`python -m metrics export|compliance`: columns, formats, periods and grouping."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete
from typer.testing import CliRunner

from metrics.cli import app
from metrics.definitions import EXPORT_COLUMNS
from sql.schema import metrics_contacts_daily, metrics_contacts_monthly, metrics_violations
from tests.test_metrics_seed import seed


@pytest.fixture
def env(engine: Engine, db_url: str, tmp_path: Path) -> dict[str, str]:
    seed(engine, tmp_path)
    return {"DATABASE_URL": db_url}


def run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_export_company_csv_has_one_row_and_every_column(env: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(run(env, "export"))))
    assert len(rows) == 1 and list(rows[0]) == list(EXPORT_COLUMNS)
    assert rows[0]["contacts"] == "7" and float(rows[0]["compliance_rate"]) == 9 / 14
    assert rows[0]["median_talk_seconds"] == "120.0"


def test_export_by_agent_json_to_file(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "kpis.json"
    run(env, "export", "--by", "agent", "--format", "json", "--out", str(out), "--from", "2026-01-01",
        "--to", "2026-02-01")
    rows = json.loads(out.read_text())
    assert [r["agent"] for r in rows] == ["A1", "A2", "A3", "voice_ai", None]
    assert list(rows[0]) == ["agent", *EXPORT_COLUMNS]
    assert rows[3]["contacts"] == 0 and rows[3]["conversion_rate"] is None  # c7 is in February
    assert rows[0]["attribution_coverage"] is None and rows[0]["reviews"] == 2


def test_export_by_month_and_empty_cells(env: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(run(env, "export", "--by", "month"))))
    assert [r["month"] for r in rows] == ["2026-01", "2026-02"]
    assert rows[1]["avg_talk_seconds"] == "" and rows[1]["contacts"] == "2"


def test_compliance_listing(env: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(run(env, "compliance", "--from", "2026-01-07", "--to", "2026-01-22"))))
    assert [(r["interaction_id"], r["rule"], r["agent_id"]) for r in rows] == [
        ("c2", "post_conversation", "A1"), ("f8", "frequency", "A2"), ("p1", "pause", "A1")]
    assert rows[0]["started_at"] == "2026-01-07T15:00:00Z" and rows[0]["local_time"] == "2026-01-07T10:00:00-05:00"
    data = json.loads(run(env, "compliance", "--format", "json", "--from", "2026-01-22T00:00:00Z"))
    assert data == [{"interaction_id": "d4", "account_id": "AC6", "rule": "pause",
                     "started_at": "2026-01-22T15:00:00Z", "local_time": "2026-01-22T10:00:00-05:00",
                     "agent_id": None,
                     "evidence": {"pause": {"from": "2026-01-20T00:00:00Z", "until": "2026-01-25T00:00:00Z"}}}]
    assert json.loads(rows[1]["evidence"])["window"] == ["2026-01-12", "2026-01-18"]  # CSV: the evidence as JSON


def test_bad_options_are_refused(env: dict[str, str]) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["export", "--by", "planet"], env=env).exit_code != 0
    assert runner.invoke(app, ["export", "--from", "2026-13-01"], env=env).exit_code != 0
    assert runner.invoke(app, ["export", "--from", "2026-01-01T00:00:00"], env=env).exit_code != 0
    assert runner.invoke(app, ["compliance", "--format", "xml"], env=env).exit_code != 0


def test_refresh_rebuilds_rollups(env: dict[str, str], engine: Engine) -> None:
    with engine.begin() as conn:
        for table in (metrics_contacts_daily, metrics_contacts_monthly, metrics_violations):
            conn.execute(delete(table))
    assert json.loads(run(env, "export", "--format", "json"))[0]["contacts"] == 0
    assert "rebuilt" in run(env, "refresh")
    [row] = json.loads(run(env, "export", "--format", "json"))
    assert row["contacts"] == 7 and row["violations_pause"] == 2
