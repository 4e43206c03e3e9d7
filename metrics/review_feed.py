"""Reviews as lists: the feed with each review's attribution, its candidates, the decision audit, insider flags.

Scope (`metrics.scope`): leadership sees every live review; a manager sees reviews with a
candidate or credit in their teams (and only those agents' links); an agent sees the reviews
credited to them. The audit and the insider flags are for managers and leadership.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Engine, select

from metrics.frames import read_frame
from metrics.periods import Period
from metrics.reviews import CREDITED
from metrics.scope import Viewer, require_reviewer, row_filter
from sql.dialect import month_of
from sql.schema import agents, attribution_decisions, attributions, review_flags, reviews

FEED_COLUMNS = ["review_id", "created_at", "star_rating", "reviewer_name", "language", "sentiment", "polarity",
                "rating_text_mismatch", "status", "agents", "agent_ids", "evidence", "insider_flag", "comment",
                "comment_translation"]
AUDIT_COLUMNS = ["decided_at", "review_id", "agent_id", "full_name", "action", "status_before", "status_after",
                 "decided_by", "note"]


def _sentiment(polarity: float | None) -> str | None:
    if polarity is None:
        return None
    if polarity > 0.1:
        return "positive"
    if polarity < -0.1:
        return "negative"
    return "neutral"


def _review_status(statuses: list[str]) -> str:
    if any(s in CREDITED for s in statuses):
        return "credited"
    if "needs_review" in statuses:
        return "needs review"
    if statuses and all(s == "rejected" for s in statuses):
        return "rejected"
    return "unattributed"


def review_feed(
    engine: Engine, viewer: Viewer, period: Period | None = None, *, stars: Iterable[int] | None = None,
    review_ids: Iterable[str] | None = None, limit: int = 2000,
) -> pd.DataFrame:
    """Live reviews (newest first) with stars, language, sentiment, attribution status, agents and evidence."""
    period = period or Period.all()
    r = reviews.c
    q = select(r.review_id, r.created_at, r.star_rating, r.reviewer_name, r.language, r.polarity,
               r.is_rating_text_mismatch, r.comment, r.comment_translation).where(
        r.is_deleted.is_(False), period.on_timestamp(r.created_at))
    if stars is not None:
        q = q.where(r.star_rating.in_(list(stars)))
    if review_ids is not None:
        q = q.where(r.review_id.in_(list(review_ids)))
    a = attributions.c
    links_q = (
        select(a.review_id, a.agent_id, a.status, a.confidence, a.evidence, agents.c.full_name, agents.c.team)
        .select_from(attributions.outerjoin(agents, agents.c.agent_id == a.agent_id))
        .where(a.review_id.in_(q.with_only_columns(r.review_id).scalar_subquery()))
        .order_by(a.review_id, a.confidence.desc(), a.agent_id)
    )
    if not viewer.is_leadership:
        links_q = links_q.where(row_filter(viewer, a.agent_id, agents.c.team))
    if viewer.role == "agent":
        links_q = links_q.where(a.status.in_(CREDITED))
    f = review_flags.c
    flags_q = select(f.review_id, f.detail).where(f.flag == "insider", f.cleared_at.is_(None))
    with engine.connect() as conn:
        revs = conn.execute(q.order_by(r.created_at.desc(), r.review_id)).mappings().all()
        links: dict[str, list] = {}
        for row in conn.execute(links_q).mappings():
            links.setdefault(row["review_id"], []).append(row)
        flags = dict(conn.execute(flags_q).all())
    rows = []
    for rev in revs:
        mine = links.get(rev["review_id"], [])
        if not viewer.is_leadership and not mine:
            continue
        shown = [ln for ln in mine if ln["status"] != "rejected"] or mine
        rows.append({
            "review_id": rev["review_id"], "created_at": rev["created_at"], "star_rating": rev["star_rating"],
            "reviewer_name": rev["reviewer_name"], "language": rev["language"],
            "sentiment": _sentiment(rev["polarity"]), "polarity": rev["polarity"],
            "rating_text_mismatch": bool(rev["is_rating_text_mismatch"]),
            "status": _review_status([ln["status"] for ln in mine]),
            "agents": ", ".join(f"{ln['full_name'] or ln['agent_id']} ({ln['status']})" for ln in shown),
            "agent_ids": ",".join(ln["agent_id"] for ln in shown),
            "evidence": " | ".join(ln["evidence"] for ln in shown),
            "insider_flag": flags.get(rev["review_id"]) if viewer.role != "agent" else None,
            "comment": rev["comment"], "comment_translation": rev["comment_translation"],
        })
        if len(rows) >= limit:
            break
    return pd.DataFrame(rows, columns=FEED_COLUMNS)


def review_candidates(engine: Engine, viewer: Viewer, review_id: str) -> pd.DataFrame:
    """Every link on one review the viewer may see: agent, status, confidence, method, evidence, who decided."""
    a = attributions.c
    q = (
        select(a.agent_id, agents.c.full_name, agents.c.team, a.status, a.confidence, a.method, a.evidence,
               a.decided_by, a.decided_at)
        .select_from(attributions.outerjoin(agents, agents.c.agent_id == a.agent_id))
        .where(a.review_id == review_id, row_filter(viewer, a.agent_id, agents.c.team))
        .order_by(a.confidence.desc(), a.agent_id)
    )
    return read_frame(engine, q, ["agent_id", "full_name", "team", "status", "confidence", "method", "evidence",
                              "decided_by", "decided_at"])


def review_audit(engine: Engine, viewer: Viewer, review_id: str | None = None, limit: int = 500) -> pd.DataFrame:
    """Human decisions on attributions (the audit trail), newest first, within the viewer's scope."""
    require_reviewer(viewer)
    d = attribution_decisions.c
    q = (
        select(d.decided_at, d.review_id, d.agent_id, agents.c.full_name, d.action, d.status_before,
               d.status_after, d.decided_by, d.note)
        .select_from(attribution_decisions.outerjoin(agents, agents.c.agent_id == d.agent_id))
        .where(row_filter(viewer, d.agent_id, agents.c.team))
        .order_by(d.decided_at.desc(), d.decision_id.desc())
        .limit(limit)
    )
    if review_id is not None:
        q = q.where(d.review_id == review_id)
    return read_frame(engine, q, AUDIT_COLUMNS)


def insider_flags(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Insider-review flags (reviewer shares a name with an agent), open ones first."""
    require_reviewer(viewer)
    f, a = review_flags.c, attributions.c
    in_scope = select(a.review_id).select_from(
        attributions.outerjoin(agents, agents.c.agent_id == a.agent_id)
    ).where(row_filter(viewer, a.agent_id, agents.c.team))
    q = (
        select(f.review_id, reviews.c.created_at, reviews.c.star_rating, reviews.c.reviewer_name, f.detail,
               f.raised_at, f.cleared_by, f.cleared_at)
        .select_from(review_flags.join(reviews, reviews.c.review_id == f.review_id))
        .where(f.flag == "insider")
        .order_by(f.cleared_at.is_not(None), f.raised_at.desc(), f.review_id)
    )
    if not viewer.is_leadership:
        q = q.where(f.review_id.in_(in_scope))
    return read_frame(engine, q, ["review_id", "created_at", "star_rating", "reviewer_name", "detail", "raised_at",
                              "cleared_by", "cleared_at"])


def review_months(engine: Engine) -> list[str]:
    """Months (YYYY-MM, UTC) that have reviews, newest first."""
    m = month_of(reviews.c.created_at)
    with engine.connect() as conn:
        return [x for x in conn.execute(select(m).distinct().order_by(m.desc())).scalars() if x]
