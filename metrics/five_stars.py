"""Credited five-star reviews of any period, one record per review, narrowed to the viewer (the digests' reader).

A review counts when it is visible (not deleted, no open insider flag) and has five stars, and
an agent's link to it is credited (`auto` or `confirmed`): undecided (`needs_review`) and
rejected links are left out. The viewer's scope applies to the credited agents: an agent gets
only reviews credited to them, naming only themself; a manager their teams' agents; leadership all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, select

from metrics.periods import Period
from metrics.reviews import CREDITED, FIVE, visible
from metrics.scope import Viewer, row_filter
from sql.schema import agents, attributions, reviews


def five_star_credits(engine: Engine, viewer: Viewer, period: Period) -> list[dict]:
    """One dict per credited five-star review created in `period`, oldest first.

    Keys: review_id, created_at (naive UTC), star_rating, language, comment, comment_translation,
    and agents: [(agent_id, full_name)] credited, within the viewer's scope, by name.
    """
    a, r = attributions.c, reviews.c
    q = (
        select(r.review_id, r.created_at, r.star_rating, r.language, r.comment, r.comment_translation,
               a.agent_id, agents.c.full_name)
        .select_from(reviews.join(attributions, a.review_id == r.review_id)
                     .outerjoin(agents, agents.c.agent_id == a.agent_id))
        .where(visible(), a.status.in_(CREDITED), r.star_rating == FIVE, period.on_timestamp(r.created_at),
               row_filter(viewer, a.agent_id, agents.c.team))
        .order_by(r.created_at, r.review_id, agents.c.full_name, a.agent_id)
    )
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
    out: dict[str, dict] = {}
    for row in rows:
        item = out.setdefault(row["review_id"], {
            "review_id": row["review_id"], "created_at": _naive(row["created_at"]),
            "star_rating": row["star_rating"], "language": row["language"], "comment": row["comment"],
            "comment_translation": row["comment_translation"], "agents": []})
        item["agents"].append((row["agent_id"], row["full_name"] or row["agent_id"]))
    return list(out.values())


def _naive(value: datetime) -> datetime:
    return value.replace(tzinfo=None) if value.tzinfo else value
