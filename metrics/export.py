"""KPI and compliance exports as CSV or JSON (None is an empty cell / null)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine

from common.csv_safety import CSV_LINE_END, neutralise_cell
from metrics.dimensions import EXPORT_DIMENSIONS
from metrics.kpis import kpi_records
from metrics.periods import Period
from metrics.scope import Viewer
from metrics.violations import finding_records


def export_rows(engine: Engine, period: Period, by: str) -> list[dict]:
    """The KPI export: one row per group, the dimension column first (none for `company`)."""
    if by not in EXPORT_DIMENSIONS:
        raise ValueError(f"--by must be one of: {', '.join(EXPORT_DIMENSIONS)}")
    return kpi_records(engine, Viewer.leadership(), period, by)


def compliance_rows(engine: Engine, period: Period) -> list[dict]:
    """The compliance listing: one row per violation, `started_at` in UTC (`Z`)."""
    rows = finding_records(engine, Viewer.leadership(), period)
    for r in rows:
        r["started_at"] = utc_text(r["started_at"])
    return rows


def utc_text(ts: datetime) -> str:
    """A naive-UTC timestamp as ISO 8601 with `Z`."""
    return ts.isoformat() + "Z"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _cell(value: object) -> str:
    if _missing(value):
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _json_value(value: object) -> object:
    if _missing(value):
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def render(rows: list[dict], columns: Sequence[str], fmt: str) -> str:
    """Rows as CSV (header row, empty cells for None) or JSON (a list of objects)."""
    if fmt == "json":
        return json.dumps([{c: _json_value(r.get(c)) for c in columns} for r in rows], indent=2) + "\n"
    if fmt != "csv":
        raise ValueError("--format must be csv or json")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=CSV_LINE_END)
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_cell(neutralise_cell(r.get(c))) for c in columns])
    return buf.getvalue()


def write(text: str, out: Path | None) -> None:
    """Write to `out`, or to standard output."""
    if out is None:
        print(text, end="")
    else:
        out.write_text(text, encoding="utf-8")
