"""Shared set-up for the attribution tests: roster, accounts, calls and reviews written straight to the tables."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Engine, insert, select

from sql.schema import accounts, agents, attributions, calls, reviews

NOW = datetime(2026, 5, 10, 12, 0)


def add_agents(engine: Engine) -> None:
    rows = [
        {"agent_id": "A1", "full_name": "Robert Diaz", "aliases": "Bob", "email": "rob@example.com"},
        {"agent_id": "A2", "full_name": "Maria Gomez"},
        {"agent_id": "A3", "full_name": "Maria Garcia"},
        {"agent_id": "A4", "full_name": "Sarah Kim"},
        {"agent_id": "A5", "full_name": "Tom Reid", "end_date": date(2026, 5, 5)},
        {"agent_id": "A6", "full_name": "Priya Shah"},
    ]
    with engine.begin() as conn:
        for row in rows:
            conn.execute(insert(agents).values(**row))


def add_account(engine: Engine, account_id: str, name: str) -> None:
    with engine.begin() as conn:
        conn.execute(insert(accounts).values(account_id=account_id, customer_name=name))


def add_call(engine: Engine, call_id: str, account_id: str, agent: str | None, days: float, **kw) -> None:
    row = {
        "call_id": call_id,
        "account_id": account_id,
        "direction": "inbound",
        "started_at": NOW - timedelta(days=days),
        "talk_seconds": 240,
        "disposition": "answered",
        "handled_by": "agent",
        "agent_id": agent,
    } | kw
    with engine.begin() as conn:
        conn.execute(insert(calls).values(**row))


def add_review(
    engine: Engine, rid: str, reviewer: str | None, text: str | None, stars: int = 5, at: datetime = NOW
) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(reviews).values(
                review_id=rid,
                reviewer_name=reviewer,
                reviewer_is_anonymous=reviewer is None,
                star_rating=stars,
                comment=text,
                created_at=at,
                updated_at=at,
                is_deleted=False,
            )
        )


def links_of(engine: Engine, rid: str) -> dict[str, tuple[str, str, float, str]]:
    with engine.connect() as conn:
        rows = conn.execute(select(attributions).where(attributions.c.review_id == rid)).all()
    return {r.agent_id: (r.status, r.method, r.confidence, r.evidence) for r in rows}
