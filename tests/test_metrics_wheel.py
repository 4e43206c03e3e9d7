"""The prize wheel: entrants, a recorded seeded draw, exact replays and history."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from metrics import Viewer, draw, history, replay
from metrics.cli import app
from metrics.wheel import Entrant, entrants, pick_winner
from sql.schema import agents, prize_draws
from tests.test_metrics_seed import seed

LEAD = Viewer.leadership()


@pytest.fixture
def seeded(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("STARBOARD_COMPANY_TIMEZONE", "America/Chicago")
    seed(engine, tmp_path)
    return engine


def test_entrants_of_january(seeded: Engine) -> None:
    with seeded.connect() as conn:
        # A1: R1 R2; A2: R2 and R10 (Feb 1 03:00 UTC = Jan 31 in Chicago); R7 is an insider review.
        assert entrants(conn, "2026-01", date(2026, 2, 5)) == [Entrant("A1", 2, 1), Entrant("A2", 2, 1)]
        assert entrants(conn, "2026-01", date(2026, 2, 5), weighted=True) == [
            Entrant("A1", 2, 2), Entrant("A2", 2, 2)]
        assert entrants(conn, "2026-02", date(2026, 2, 5)) == []  # R4 is still waiting for review


def test_agents_who_left_before_the_draw_are_out(seeded: Engine) -> None:
    with seeded.begin() as conn:
        conn.execute(agents.update().where(agents.c.agent_id == "A2").values(end_date=date(2026, 2, 1)))
    with seeded.connect() as conn:
        assert [e.agent_id for e in entrants(conn, "2026-01", date(2026, 2, 5))] == ["A1"]
        assert [e.agent_id for e in entrants(conn, "2026-01", date(2026, 2, 1))] == ["A1", "A2"]


def test_pick_winner_follows_the_documented_ticket_rule() -> None:
    pool = [Entrant("B", 1, 1), Entrant("A", 3, 3)]
    for seed_value in range(20):
        ticket = random.Random(seed_value).randrange(4)
        assert pick_winner(pool, seed_value) == ["A", "A", "A", "B"][ticket]
    assert pick_winner([], 1) is None


def test_draw_is_recorded_and_replays(seeded: Engine) -> None:
    d = draw(seeded, LEAD, "2026-01", weighted=True, seed=42, draw_date=date(2026, 2, 5), drawn_by="lead@x")
    with seeded.connect() as conn:
        row = conn.execute(select(prize_draws)).one()
    assert (row.seed, row.month, bool(row.weighted), row.winner_agent_id) == (42, "2026-01", True, d.winner_agent_id)
    assert json.loads(row.entrants_json) == [
        {"agent_id": "A1", "five_star_reviews": 2, "entries": 2},
        {"agent_id": "A2", "five_star_reviews": 2, "entries": 2}]
    assert d.winner_agent_id == ["A1", "A1", "A2", "A2"][random.Random(42).randrange(4)]
    recorded, winner = replay(seeded, d.draw_id)
    assert winner == recorded.winner_agent_id == d.winner_agent_id
    assert [h.draw_id for h in history(seeded, LEAD)] == [d.draw_id]
    with pytest.raises(ValueError, match="no entrants"):
        draw(seeded, LEAD, "2026-02", seed=1)


def test_wheel_command(seeded: Engine, db_url: str) -> None:
    runner = CliRunner()
    env = {"DATABASE_URL": db_url, "STARBOARD_COMPANY_TIMEZONE": "America/Chicago"}
    first = runner.invoke(app, ["wheel", "--month", "2026-01", "--seed", "7"], env=env)
    assert first.exit_code == 0, first.output
    assert "A1: 2 five-star review(s), 1 entry" in first.output and "seed 7" in first.output
    again = runner.invoke(app, ["wheel", "--replay", "1"], env=env)
    assert again.exit_code == 0 and "matches the record" in again.output
    listed = runner.invoke(app, ["wheel", "--history"], env=env)
    assert "#1 2026-01 equal seed=7 entrants=2" in listed.output
    assert runner.invoke(app, ["wheel", "--replay", "99"], env=env).exit_code != 0
