"""Google reviews: counts, ratings, five-star credits, attribution coverage, review queue.

Reviews and attributions are small tables (thousands of rows), so the period's
visible reviews with their credits are fetched once and grouped in Python. A review
is visible unless deleted or carrying an uncleared `insider` flag. A review's
credits are its `auto`/`confirmed` attributions. Cut by agent, team, site or country,
a group counts each review credited to one of its agents once; coverage is only
defined for cuts of the review itself (company, month, day, language); reviews are
not cut by channel.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Engine, and_, exists, select

from attribution.queue import open_candidate, waiting_reviews
from metrics import dimensions
from metrics.dimensions import PERSON_DIMS, Filters, Key
from metrics.periods import Period
from metrics.scope import Viewer, row_filter
from sql.schema import agents, attributions, review_flags, reviews

CREDITED = ("auto", "confirmed")
FIVE = 5


@dataclass
class ReviewFigures:
    """Review figures of one group."""

    reviews: int = 0
    rating_sum: int = 0
    rating_n: int = 0
    five_star: int = 0
    five_star_with_comment: int | None = 0
    five_star_commented_credited: int = 0
    seen: set[str] = field(default_factory=set)

    @property
    def avg_rating(self) -> float | None:
        """Mean star rating of the reviews that carry one."""
        return self.rating_sum / self.rating_n if self.rating_n else None

    @property
    def coverage(self) -> float | None:
        """Of the five-star reviews with a comment, the share credited to at least one agent."""
        if not self.five_star_with_comment:
            return None
        return self.five_star_commented_credited / self.five_star_with_comment


def visible() -> ColumnElement[bool]:
    """Reviews that count: not deleted and not flagged `insider` (uncleared)."""
    f = review_flags.c
    insider = exists().where(f.review_id == reviews.c.review_id, f.flag == "insider", f.cleared_at.is_(None))
    return and_(reviews.c.is_deleted.is_(False), ~insider)


def _rows(conn: Connection, viewer: Viewer, period: Period) -> list:
    """Visible reviews of the period, one row per (review, credited agent or None), within scope."""
    a = attributions.c
    q = (
        select(reviews.c.review_id, reviews.c.star_rating, reviews.c.comment, reviews.c.created_at,
               reviews.c.language, a.agent_id, agents.c.team, agents.c.site, agents.c.country)
        .select_from(
            reviews.outerjoin(attributions, and_(a.review_id == reviews.c.review_id, a.status.in_(CREDITED)))
            .outerjoin(agents, agents.c.agent_id == a.agent_id)
        )
        .where(visible(), period.on_timestamp(reviews.c.created_at))
        .order_by(reviews.c.review_id, a.agent_id)
    )
    if not viewer.is_leadership:
        q = q.where(row_filter(viewer, a.agent_id, agents.c.team))
    return conn.execute(q).all()


def _attr(row: object, dim: str) -> Key:
    if dim == "agent":
        return row.agent_id
    if dim in ("team", "site", "country"):
        return getattr(row, dim)
    if dim == "language":
        return row.language
    if dim == "month":
        return row.created_at.strftime("%Y-%m")
    if dim == "day":
        return row.created_at.date()
    return None


def _matches(row: object, filters: Filters | None) -> bool:
    for dim, value in (filters or {}).items():
        dimensions.check_dimension(dim)
        if dim == "company":
            continue
        values = [value] if isinstance(value, str) else list(value)
        if dim == "channel" or _attr(row, dim) not in values:
            return False
    return True


def review_figures(
    conn: Connection, viewer: Viewer, period: Period, by: str = "company", filters: Filters | None = None
) -> dict[Key, ReviewFigures]:
    """Per group: reviews, ratings, five-star credited reviews and coverage inputs (none for channel)."""
    dimensions.check_dimension(by)
    if by == "channel":
        return {}
    person_filter = any(d in PERSON_DIMS for d in (filters or {}))
    rows = [r for r in _rows(conn, viewer, period) if _matches(r, filters)]
    if by in PERSON_DIMS or person_filter:
        rows = [r for r in rows if r.agent_id is not None]
    credited = {r.review_id for r in rows if r.agent_id is not None}
    out: dict[Key, ReviewFigures] = {}
    for r in rows:
        k = _attr(r, by) if by in PERSON_DIMS else dimensions.key(_attr(r, by))
        fig = out.setdefault(k, ReviewFigures())
        if r.review_id in fig.seen:
            continue
        fig.seen.add(r.review_id)
        fig.reviews += 1
        if r.star_rating is not None:
            fig.rating_sum += r.star_rating
            fig.rating_n += 1
        if r.star_rating == FIVE:
            fig.five_star += r.review_id in credited
            if by in PERSON_DIMS:
                fig.five_star_with_comment = None
            elif (r.comment or "").strip():
                fig.five_star_with_comment += 1
                fig.five_star_commented_credited += r.review_id in credited
    return out


def review_queue(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Live reviews waiting for a person (`attribution.queue`), one row per open candidate.

    The same reviews as `python -m ingest review-queue`, insider-held ones included (a decision
    clears the flag). Deciding one candidate leaves the review's other candidates here; an
    assignment settles it.
    """
    a = attributions.c
    waiting = waiting_reviews().subquery()
    q = (
        select(reviews.c.review_id, reviews.c.created_at, reviews.c.star_rating, reviews.c.reviewer_name,
               reviews.c.comment, a.agent_id, a.confidence, a.method, a.evidence)
        .select_from(reviews.join(attributions, a.review_id == reviews.c.review_id)
                     .outerjoin(agents, agents.c.agent_id == a.agent_id))
        .where(reviews.c.is_deleted.is_(False), reviews.c.review_id.in_(select(waiting.c.review_id)),
               open_candidate(), row_filter(viewer, a.agent_id, agents.c.team))
        .order_by(reviews.c.created_at, reviews.c.review_id, a.confidence.desc(), a.agent_id)
    )
    with engine.connect() as conn:
        rows = conn.execute(q).mappings().all()
    return pd.DataFrame(rows, columns=["review_id", "created_at", "star_rating", "reviewer_name", "comment",
                                       "agent_id", "confidence", "method", "evidence"])


def five_star_counts(conn: Connection, period: Period, agent_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Visible five-star reviews credited to each agent in the period (a shared review counts for each)."""
    a = attributions.c
    q = (
        select(a.agent_id, reviews.c.review_id)
        .select_from(reviews.join(attributions, a.review_id == reviews.c.review_id))
        .where(visible(), a.status.in_(CREDITED), reviews.c.star_rating == FIVE,
               period.on_timestamp(reviews.c.created_at))
        .distinct()
    )
    if agent_ids is not None:
        q = q.where(a.agent_id.in_(list(agent_ids)))
    out: dict[str, int] = {}
    for agent_id, _ in conn.execute(q):
        out[agent_id] = out.get(agent_id, 0) + 1
    return out

