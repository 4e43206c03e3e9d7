"""Row-level feeds the dashboard lists: people, reviews with their attribution, recognition, calls by handler.

Every function takes the viewer and applies `metrics.scope` rules:
- reviews: leadership sees every live review; a manager sees reviews with a candidate or credit
  in their teams (and only those agents' links); an agent sees the reviews credited to them.
- recognition (leaderboard, wall): credited five-star reviews are shared company-wide, as the
  team celebrates them together; it names agents and shows the public review text only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from metrics import dimensions
from metrics.dimensions import Filters
from metrics.facts import call_agent_key, const, digital_agent_key
from metrics.periods import Period
from metrics.reviews import CREDITED, FIVE, five_star_counts, visible
from metrics.scope import ScopeError, Viewer, row_filter
from metrics.settings import CONVERSION_OUTCOMES, VOICE_AI
from metrics.wheel import month_period
from sql.database import write_transaction
from sql.dialect import day_of, month_of
from sql.schema import (
    agents,
    attribution_decisions,
    attributions,
    calls,
    digital,
    metrics_contacts_daily,
    review_flags,
    reviews,
)

PEOPLE_COLUMNS = ["agent_id", "full_name", "preferred_name", "email", "team", "site", "country", "languages",
                  "start_date", "end_date", "manager_id"]
FEED_COLUMNS = ["review_id", "created_at", "star_rating", "reviewer_name", "language", "sentiment", "polarity",
                "rating_text_mismatch", "status", "agents", "agent_ids", "evidence", "insider_flag", "comment",
                "comment_translation"]
AUDIT_COLUMNS = ["decided_at", "review_id", "agent_id", "full_name", "action", "status_before", "status_after",
                 "decided_by", "note"]
STATUS_ORDER = ("confirmed", "auto", "needs_review", "rejected")


def _frame(engine: Engine, q: object, columns: list[str]) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(q).mappings()]
    return pd.DataFrame(rows, columns=columns)


def people(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """The roster within the viewer's scope (an agent sees only themself)."""
    q = (
        select(*[agents.c[c] for c in PEOPLE_COLUMNS])
        .where(row_filter(viewer, agents.c.agent_id, agents.c.team))
        .order_by(agents.c.team, agents.c.full_name, agents.c.agent_id)
    )
    return _frame(engine, q, PEOPLE_COLUMNS)


def agent_names(engine: Engine, agent_ids: Iterable[str]) -> dict[str, str]:
    """Display names for the given agent ids (for rows the viewer already may see)."""
    ids = sorted({a for a in agent_ids if a})
    if not ids:
        return {}
    q = select(agents.c.agent_id, agents.c.full_name).where(agents.c.agent_id.in_(ids))
    with engine.connect() as conn:
        return dict(conn.execute(q).all())


def agent_by_email(engine: Engine, email: str) -> dict | None:
    """The roster record with this work email (case-insensitive), or None."""
    if not email:
        return None
    q = select(*[agents.c[c] for c in PEOPLE_COLUMNS]).where(func.lower(agents.c.email) == email.strip().lower())
    with engine.connect() as conn:
        row = conn.execute(q.order_by(agents.c.agent_id)).mappings().first()
    return dict(row) if row else None


def filter_options(engine: Engine, viewer: Viewer) -> dict[str, list[str]]:
    """Values offered by the shared filters: teams, sites and countries in scope, and languages."""
    scope = row_filter(viewer, agents.c.agent_id, agents.c.team)
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for dim in ("team", "site", "country"):
            col = agents.c[dim]
            out[dim] = [v for v in conn.execute(select(col).where(scope, col.is_not(None)).distinct()
                                                .order_by(col)).scalars() if v]
        lang = metrics_contacts_daily.c.language
        langs = conn.execute(select(lang).distinct().order_by(lang)).scalars().all()
    out["language"] = [x for x in langs if x]
    out["channel"] = ["voice", "email", "sms", "chat"]
    return out


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
    return _frame(engine, q, ["agent_id", "full_name", "team", "status", "confidence", "method", "evidence",
                              "decided_by", "decided_at"])


def review_audit(engine: Engine, viewer: Viewer, review_id: str | None = None, limit: int = 500) -> pd.DataFrame:
    """Human decisions on attributions (the audit trail), newest first, within the viewer's scope."""
    _require_reviewer(viewer)
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
    return _frame(engine, q, AUDIT_COLUMNS)


def insider_flags(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """Insider-review flags (reviewer shares a name with an agent), open ones first."""
    _require_reviewer(viewer)
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
    return _frame(engine, q, ["review_id", "created_at", "star_rating", "reviewer_name", "detail", "raised_at",
                              "cleared_by", "cleared_at"])


def _require_reviewer(viewer: Viewer) -> None:
    if viewer.role not in ("manager", "leadership"):
        raise ScopeError("the review queue is for managers and leadership")


def decide_review(
    engine: Engine, viewer: Viewer, review_id: str, action: str, agent_id: str, by: str, note: str | None = None
) -> str:
    """Confirm, reject or reassign (`assign`) one agent on a review, with the audit row; a line saying what changed.

    A manager may only decide on agents of their own teams.
    """
    from attribution.store import apply_decision

    _require_reviewer(viewer)
    with write_transaction(engine) as conn:
        if not viewer.is_leadership:
            team = conn.execute(select(agents.c.team).where(agents.c.agent_id == agent_id)).scalar()
            if team not in viewer.teams:
                raise ScopeError(f"agent {agent_id} is not in your teams")
        done = apply_decision(conn, review_id, action, agent_id, by, note)
    return f"{done.action} {done.agent_id} on review {done.review_id}: {done.status_before or 'none'} → " \
           f"{done.status_after}"


def five_star_leaderboard(engine: Engine, viewer: Viewer, month: str) -> pd.DataFrame:
    """Agents ranked by credited five-star reviews in a calendar month (company timezone)."""
    del viewer
    with engine.connect() as conn:
        counts = five_star_counts(conn, month_period(month))
    if not counts:
        return pd.DataFrame(columns=["rank", "agent_id", "full_name", "team", "site", "five_star_reviews"])
    q = select(agents.c.agent_id, agents.c.full_name, agents.c.team, agents.c.site).where(
        agents.c.agent_id.in_(sorted(counts)))
    info = _frame(engine, q, ["agent_id", "full_name", "team", "site"]).set_index("agent_id")
    rows = [{"agent_id": a, "full_name": info["full_name"].get(a, a), "team": info["team"].get(a),
             "site": info["site"].get(a), "five_star_reviews": n} for a, n in counts.items()]
    frame = pd.DataFrame(rows).sort_values(["five_star_reviews", "full_name"], ascending=[False, True])
    frame.insert(0, "rank", frame["five_star_reviews"].rank(method="min", ascending=False).astype(int))
    return frame.reset_index(drop=True)


def five_star_wall(engine: Engine, viewer: Viewer, month: str) -> pd.DataFrame:
    """The month's credited five-star reviews, one row per (agent, review), for the recognition wall."""
    del viewer
    a, r = attributions.c, reviews.c
    period = month_period(month)
    q = (
        select(a.agent_id, agents.c.full_name, agents.c.team, r.review_id, r.created_at, r.reviewer_name,
               r.language, r.comment, r.comment_translation)
        .select_from(reviews.join(attributions, a.review_id == r.review_id)
                     .outerjoin(agents, agents.c.agent_id == a.agent_id))
        .where(visible(), a.status.in_(CREDITED), r.star_rating == FIVE, period.on_timestamp(r.created_at))
        .order_by(agents.c.full_name, a.agent_id, r.created_at, r.review_id)
    )
    return _frame(engine, q, ["agent_id", "full_name", "team", "review_id", "created_at", "reviewer_name",
                              "language", "comment", "comment_translation"])


def review_months(engine: Engine) -> list[str]:
    """Months (YYYY-MM, UTC) that have reviews, newest first."""
    m = month_of(reviews.c.created_at)
    with engine.connect() as conn:
        return [x for x in conn.execute(select(m).distinct().order_by(m.desc())).scalars() if x]


def handler_split(engine: Engine, viewer: Viewer, period: Period, filters: Filters | None = None) -> pd.DataFrame:
    """Calls by who handled them: people, voice AI with a handoff to a person, voice AI alone, nobody."""
    c = calls.c
    key = call_agent_key()
    handler = case(
        (c.handled_by == const("agent"), const("person")),
        (and_(c.handled_by == const(VOICE_AI), c.handoff_agent_id.is_not(None)), const("voice AI → person")),
        (c.handled_by == const(VOICE_AI), const("voice AI only")),
        else_=const("nobody (no answer)"),
    )
    cols = dimensions.columns(key, const("voice"), c.language, month_of(c.started_at), day_of(c.started_at))
    spoken = c.talk_seconds > 0
    q = (
        select(handler.label("handler"), func.count().label("calls"),
               func.sum(case((spoken, 1), else_=0)).label("spoken"),
               func.sum(case((and_(spoken, c.outcome.in_(CONVERSION_OUTCOMES)), 1), else_=0)).label("conversions"),
               func.sum(case((spoken, c.talk_seconds), else_=0)).label("talk_seconds"))
        .select_from(calls.outerjoin(agents, agents.c.agent_id == key))
        .where(period.on_timestamp(c.started_at), dimensions.where(cols, filters, viewer))
        .group_by(handler)
        .order_by(handler)
    )
    frame = _frame(engine, q, ["handler", "calls", "spoken", "conversions", "talk_seconds"])
    for col in ("calls", "spoken", "conversions", "talk_seconds"):
        frame[col] = frame[col].fillna(0).astype(int)
    spoken_n = frame["spoken"].where(frame["spoken"] > 0)
    frame["conversion_rate"] = frame["conversions"] / spoken_n
    frame["avg_talk_seconds"] = frame["talk_seconds"] / spoken_n
    return frame.drop(columns=["talk_seconds"])


def talk_distribution(
    engine: Engine, viewer: Viewer, period: Period, filters: Filters | None = None, bucket_seconds: int = 60
) -> pd.DataFrame:
    """Calls handled by a person per talk-time bucket (`bucket_seconds` wide), within scope."""
    from metrics.facts import person_talk

    c = calls.c
    key = call_agent_key()
    cols = dimensions.columns(key, const("voice"), c.language, month_of(c.started_at), day_of(c.started_at))
    bucket = (c.talk_seconds // bucket_seconds).label("bucket")
    q = (
        select(bucket, func.count().label("calls"))
        .select_from(calls.outerjoin(agents, agents.c.agent_id == key))
        .where(person_talk(), period.on_timestamp(c.started_at), dimensions.where(cols, filters, viewer))
        .group_by(bucket)
        .order_by(bucket)
    )
    frame = _frame(engine, q, ["bucket", "calls"])
    frame["bucket"] = frame["bucket"].astype(int)
    frame.insert(0, "talk_from_seconds", frame.pop("bucket") * bucket_seconds)
    frame["calls"] = frame["calls"].astype(int)
    return frame


def account_interactions(
    engine: Engine, viewer: Viewer, account_id: str, around: datetime, days: int = 8
) -> pd.DataFrame:
    """An account's calls and messages from `days` before to `days` after `around`, within scope."""
    lo, hi = around - timedelta(days=days), around + timedelta(days=days)
    c, d = calls.c, digital.c
    ckey, dkey = call_agent_key(), digital_agent_key()
    cq = (
        select(c.call_id.label("interaction_id"), const("voice").label("channel"), c.direction, c.started_at,
               c.talk_seconds, c.disposition, c.handled_by, ckey.label("agent_id"), c.outcome)
        .select_from(calls.outerjoin(agents, agents.c.agent_id == ckey))
        .where(c.account_id == account_id, c.started_at >= lo, c.started_at < hi,
               row_filter(viewer, ckey, agents.c.team))
    )
    dq = (
        select(d.interaction_id, d.channel, d.direction, d.started_at, const("").label("talk_seconds"),
               const("").label("disposition"), const("").label("handled_by"), dkey.label("agent_id"), d.outcome)
        .select_from(digital.outerjoin(agents, agents.c.agent_id == dkey))
        .where(d.account_id == account_id, d.started_at >= lo, d.started_at < hi,
               row_filter(viewer, dkey, agents.c.team))
    )
    cols = ["interaction_id", "channel", "direction", "started_at", "talk_seconds", "disposition", "handled_by",
            "agent_id", "outcome"]
    frame = pd.concat([_frame(engine, cq, cols), _frame(engine, dq, cols)], ignore_index=True)
    if frame.empty:
        return frame
    frame["agent_id"] = frame["agent_id"].replace("", None)
    return frame.sort_values(["started_at", "interaction_id"]).reset_index(drop=True)


def wheel_entrants(engine: Engine, viewer: Viewer, month: str, draw_date: date, weighted: bool = False) -> pd.DataFrame:
    """Who would enter the month's wheel on `draw_date`: agent, name, credited five-star reviews, entries."""
    from metrics.wheel import entrants

    del viewer
    with engine.connect() as conn:
        pool = entrants(conn, month, draw_date, weighted)
    names = agent_names(engine, [e.agent_id for e in pool])
    return pd.DataFrame([{"agent_id": e.agent_id, "full_name": names.get(e.agent_id, e.agent_id),
                          "five_star_reviews": e.five_star_reviews, "entries": e.entries} for e in pool],
                        columns=["agent_id", "full_name", "five_star_reviews", "entries"])
