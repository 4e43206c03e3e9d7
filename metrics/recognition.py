"""Recognition: credited five-star reviews per agent for a company-timezone month, the wall, the wheel's entrants.

Credited five-star reviews are shared company-wide, as the team celebrates them together:
these name agents and show the public review text only, so they take the viewer but do not narrow by it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import Engine, select

from metrics.frames import read_frame
from metrics.people import agent_names
from metrics.periods import Period
from metrics.reviews import CREDITED, FIVE, five_star_counts, visible
from metrics.scope import Viewer
from metrics.wheel import entrants
from sql.schema import agents, attributions, reviews


def five_star_leaderboard(engine: Engine, viewer: Viewer, month: str) -> pd.DataFrame:
    """Agents ranked by credited five-star reviews in a calendar month (company timezone)."""
    del viewer
    with engine.connect() as conn:
        counts = five_star_counts(conn, Period.company_month(month))
    if not counts:
        return pd.DataFrame(columns=["rank", "agent_id", "full_name", "team", "site", "five_star_reviews"])
    q = select(agents.c.agent_id, agents.c.full_name, agents.c.team, agents.c.site).where(
        agents.c.agent_id.in_(sorted(counts)))
    info = read_frame(engine, q, ["agent_id", "full_name", "team", "site"]).set_index("agent_id")
    rows = [{"agent_id": a, "full_name": info["full_name"].get(a, a), "team": info["team"].get(a),
             "site": info["site"].get(a), "five_star_reviews": n} for a, n in counts.items()]
    frame = pd.DataFrame(rows).sort_values(["five_star_reviews", "full_name"], ascending=[False, True])
    frame.insert(0, "rank", frame["five_star_reviews"].rank(method="min", ascending=False).astype(int))
    return frame.reset_index(drop=True)


def five_star_wall(engine: Engine, viewer: Viewer, month: str) -> pd.DataFrame:
    """The month's credited five-star reviews, one row per (agent, review), for the recognition wall."""
    del viewer
    a, r = attributions.c, reviews.c
    period = Period.company_month(month)
    q = (
        select(a.agent_id, agents.c.full_name, agents.c.team, r.review_id, r.created_at, r.reviewer_name,
               r.language, r.comment, r.comment_translation)
        .select_from(reviews.join(attributions, a.review_id == r.review_id)
                     .outerjoin(agents, agents.c.agent_id == a.agent_id))
        .where(visible(), a.status.in_(CREDITED), r.star_rating == FIVE, period.on_timestamp(r.created_at))
        .order_by(agents.c.full_name, a.agent_id, r.created_at, r.review_id)
    )
    return read_frame(engine, q, ["agent_id", "full_name", "team", "review_id", "created_at", "reviewer_name",
                              "language", "comment", "comment_translation"])


def wheel_entrants(engine: Engine, viewer: Viewer, month: str, draw_date: date, weighted: bool = False) -> pd.DataFrame:
    """Who would enter the month's wheel on `draw_date`: agent, name, credited five-star reviews, entries."""
    del viewer
    with engine.connect() as conn:
        pool = entrants(conn, month, draw_date, weighted)
    names = agent_names(engine, [e.agent_id for e in pool])
    return pd.DataFrame([{"agent_id": e.agent_id, "full_name": names.get(e.agent_id, e.agent_id),
                          "five_star_reviews": e.five_star_reviews, "entries": e.entries} for e in pool],
                        columns=["agent_id", "full_name", "five_star_reviews", "entries"])
