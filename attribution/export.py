"""The attribution export: one CSV row per (review, candidate agent), in the data contract's shape."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import Connection, select

from common.csv_safety import CSV_LINE_END, neutralise_cell
from sql.schema import attributions, reviews

EXPORT_COLUMNS = ("review_id", "agent_id", "status", "confidence", "method", "evidence")


def export_rows(conn: Connection) -> list[tuple]:
    """Attribution rows of live reviews, by review then confidence."""
    return conn.execute(
        select(
            attributions.c.review_id,
            attributions.c.agent_id,
            attributions.c.status,
            attributions.c.confidence,
            attributions.c.method,
            attributions.c.evidence,
        )
        .select_from(attributions.join(reviews, reviews.c.review_id == attributions.c.review_id))
        .where(reviews.c.is_deleted.is_(False))
        .order_by(attributions.c.review_id, attributions.c.confidence.desc(), attributions.c.agent_id)
    ).all()


def write_export(conn: Connection, out: Path) -> int:
    """Write the export CSV (UTF-8, header row); returns the number of data rows."""
    rows = export_rows(conn)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator=CSV_LINE_END)
        writer.writerow(EXPORT_COLUMNS)
        for r in rows:
            cells = [r.review_id, r.agent_id, r.status, f"{r.confidence:.3f}", r.method, r.evidence]
            writer.writerow([neutralise_cell(c) for c in cells])
    return len(rows)
