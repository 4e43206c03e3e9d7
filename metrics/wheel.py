"""The monthly prize wheel: entrants from credited five-star reviews, a seeded draw, exact replays.

Entrants of a month are agents with at least one credited five-star review created in
that calendar month in the company timezone, employed on the draw date (start_date
on or before it, end_date blank or on/after it). Each has one entry, or as many as
their five-star reviews when the draw is weighted. The winner is ticket number
`random.Random(seed).randrange(total entries)` over the entrants sorted by agent_id,
so a draw replays identically from its recorded seed and entrants.
"""

from __future__ import annotations

import json
import os
import random
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, Engine, and_, insert, or_, select

from metrics.periods import Period
from metrics.reviews import five_star_counts
from metrics.scope import Viewer, require_leadership
from metrics.settings import company_timezone
from sql.database import write_transaction
from sql.schema import agents, prize_draws


@dataclass(frozen=True)
class Entrant:
    """One agent in a draw: their credited five-star reviews and their entries."""

    agent_id: str
    five_star_reviews: int
    entries: int


@dataclass(frozen=True)
class Draw:
    """A recorded draw."""

    draw_id: int | None
    month: str
    weighted: bool
    seed: int
    entrants: tuple[Entrant, ...]
    winner_agent_id: str | None
    drawn_at: datetime | None = None
    drawn_by: str | None = None


def entrants(conn: Connection, month: str, draw_date: date, weighted: bool = False) -> list[Entrant]:
    """The month's entrants, sorted by agent_id."""
    counts = five_star_counts(conn, Period.company_month(month))
    if not counts:
        return []
    employed = set(conn.execute(
        select(agents.c.agent_id).where(
            agents.c.agent_id.in_(sorted(counts)),
            or_(agents.c.start_date.is_(None), agents.c.start_date <= draw_date),
            or_(agents.c.end_date.is_(None), agents.c.end_date >= draw_date),
        )
    ).scalars())
    return [Entrant(a, n, n if weighted else 1) for a, n in sorted(counts.items()) if a in employed]


def pick_winner(pool: tuple[Entrant, ...] | list[Entrant], seed: int) -> str | None:
    """The winner of `pool` for `seed`: ticket `Random(seed).randrange(total entries)`."""
    tickets = [e.agent_id for e in sorted(pool, key=lambda e: e.agent_id) for _ in range(e.entries)]
    if not tickets:
        return None
    return tickets[random.Random(seed).randrange(len(tickets))]


def draw(
    engine: Engine, viewer: Viewer, month: str, *, weighted: bool = False, seed: int | None = None,
    draw_date: date | None = None, drawn_by: str | None = None,
) -> Draw:
    """Draw the month's winner and record seed, entrants and winner (leadership only)."""
    require_leadership(viewer, "drawing the prize wheel")
    seed = secrets.randbelow(2**31) if seed is None else seed
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    draw_date = draw_date or datetime.now(company_timezone()).date()
    drawn_by = drawn_by or os.environ.get("USER") or "cli"
    with write_transaction(engine) as conn:
        pool = tuple(entrants(conn, month, draw_date, weighted))
        if not pool:
            raise ValueError(f"no entrants for {month}: nobody employed on {draw_date} has a credited "
                             "five-star review that month")
        winner = pick_winner(pool, seed)
        payload = json.dumps([e.__dict__ for e in pool])
        draw_id = conn.execute(insert(prize_draws).values(
            month=month, weighted=weighted, seed=seed, entrants_json=payload, winner_agent_id=winner,
            drawn_at=now, drawn_by=drawn_by,
        ).returning(prize_draws.c.draw_id)).scalar_one()
    return Draw(draw_id, month, weighted, seed, pool, winner, now, drawn_by)


def _from_row(row: object) -> Draw:
    pool = tuple(Entrant(**e) for e in json.loads(row.entrants_json))
    return Draw(row.draw_id, row.month, bool(row.weighted), row.seed, pool, row.winner_agent_id,
                row.drawn_at, row.drawn_by)


def replay(engine: Engine, draw_id: int) -> tuple[Draw, str | None]:
    """A recorded draw and the winner recomputed from its seed and entrants (they must agree)."""
    with engine.connect() as conn:
        row = conn.execute(select(prize_draws).where(prize_draws.c.draw_id == draw_id)).first()
    if row is None:
        raise LookupError(f"no draw with id {draw_id}")
    recorded = _from_row(row)
    return recorded, pick_winner(recorded.entrants, recorded.seed)


def history(engine: Engine, viewer: Viewer, month: str | None = None) -> list[Draw]:
    """Past draws, newest first (winners are announced, so every viewer may see them)."""
    del viewer
    q = select(prize_draws).order_by(prize_draws.c.drawn_at.desc(), prize_draws.c.draw_id.desc())
    if month:
        q = q.where(and_(prize_draws.c.month == month))
    with engine.connect() as conn:
        return [_from_row(r) for r in conn.execute(q)]
