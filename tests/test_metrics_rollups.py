"""Rollups stay exact as loads insert, change and move rows; a full rebuild gives the same tables."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from metrics import Period, Viewer, kpi_records, refresh_all
from metrics.rollups.daily import ROLLUPS, day_ranges
from metrics.rollups.monthly import MONTHLY
from sql.schema import (
    metrics_account_ids,
    metrics_account_sets,
    metrics_contacts_everyone_daily,
    metrics_fact_keys,
    metrics_talk_sets,
    metrics_violations,
)
from tests.test_metrics_seed import CALLS, DIGITAL, load, seed

TABLES = (*ROLLUPS, *MONTHLY, metrics_contacts_everyone_daily, metrics_account_ids, metrics_account_sets,
          metrics_talk_sets, metrics_fact_keys, metrics_violations)


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t))) for t in TABLES}


def test_day_ranges() -> None:
    from datetime import date

    d = date.fromisoformat
    assert day_ranges([d("2026-01-03"), d("2026-01-01"), d("2026-01-02"), d("2026-01-05")]) == [
        (d("2026-01-01"), d("2026-01-04")), (d("2026-01-05"), d("2026-01-06"))]


def test_incremental_rollups_equal_a_rebuild_after_rows_move(engine: Engine, tmp_path: Path) -> None:
    seed(engine, tmp_path)
    # c1 moves to another day, agent and account; d1 moves channel and day; a new call appears.
    moved = CALLS.replace("c1,AC1,outbound,2026-01-05T14:00:00Z,,120,answered,agent,A1",
                          "c1,AC5,outbound,2026-01-20T14:00:00Z,,90,answered,agent,A3")
    moved += "n1,AC1,inbound,2026-01-09T14:00:00Z,,10,answered,agent,A2,,,en\n"
    load(engine, tmp_path, "calls", moved)
    load(engine, tmp_path, "digital", DIGITAL.replace("d1,AC1,email,inbound,2026-01-06T13:00:00Z",
                                                      "d1,AC1,sms,inbound,2026-01-30T13:00:00Z"))
    incremental = snapshot(engine)
    refresh_all(engine)
    assert incremental == snapshot(engine)
    rows = {r["agent"]: r for r in kpi_records(engine, Viewer.leadership(), Period.all(), "agent")}
    assert rows["A1"]["contacts"] == 1 and rows["A1"]["contacts_sms"] == 1
    assert rows["A3"]["contacts_voice"] == 2 and rows["A3"]["median_talk_seconds"] == 75.0  # 60, 90
    # c2 (AC1, Jan 7) no longer follows a conversation; c1 now follows nothing on AC5 before it.
    with engine.connect() as conn:
        found = set(conn.execute(select(metrics_violations.c.interaction_id, metrics_violations.c.rule)))
    assert ("c2", "post_conversation") not in found and ("f8", "frequency") in found


def test_reloading_unchanged_files_keeps_rollups(engine: Engine, tmp_path: Path) -> None:
    seed(engine, tmp_path)
    before = snapshot(engine)
    load(engine, tmp_path, "calls", CALLS)
    load(engine, tmp_path, "digital", DIGITAL)
    assert snapshot(engine) == before
    assert sum(len(v) for v in before.values()) > 0
