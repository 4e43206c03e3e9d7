"""Reading the roster and writing attributions, flags and human decisions (with their audit trail)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, true, update

from attribution.decide import Link
from attribution.people import company_people
from attribution.queue import waiting_reviews
from attribution.roster import Roster, build_roster, make_agent
from common.clock import utcnow
from sql.dialect import bulk_insert, one_of, timestamp_text
from sql.schema import (
    agents,
    attribution_decisions,
    attributions,
    calls,
    digital,
    ingest_runs,
    review_flags,
    reviews,
    sync_bookmarks,
)

INSIDER = "insider"
BOOKMARK_SOURCE = "attribution"
HUMAN_STATUSES = ("confirmed", "rejected")
_ROSTER_CACHE: dict[str, Roster] = {}


def load_roster(conn: Connection) -> Roster:
    """The agent roster as a name index, rebuilt only when the agents table changed."""
    names = (
        func.coalesce(agents.c.full_name, "")
        + func.coalesce(agents.c.preferred_name, "")
        + func.coalesce(agents.c.aliases, "")
    )
    signature = tuple(
        conn.execute(
            select(
                func.count(),
                func.max(agents.c.run_id),
                func.sum(func.length(names)),
                func.count(agents.c.end_date),
                func.count(agents.c.start_date),
                func.min(agents.c.agent_id),
                func.max(agents.c.agent_id),
            )
        ).one()
    )
    company = company_people()
    key = repr((signature, company))
    cached = _ROSTER_CACHE.get(key)
    if cached is not None:
        return cached
    rows = conn.execute(
        select(
            agents.c.agent_id,
            agents.c.full_name,
            agents.c.preferred_name,
            agents.c.aliases,
            agents.c.country,
            agents.c.start_date,
            agents.c.end_date,
            agents.c.email,
        ).order_by(agents.c.agent_id)
    ).all()
    roster = build_roster([make_agent(*r) for r in rows], company)
    _ROSTER_CACHE.clear()
    _ROSTER_CACHE[key] = roster
    return roster


# Statements run once per batch, built once: the ids go in as one list parameter.
_DECIDED = (
    select(attributions.c.review_id)
    .where(one_of(attributions.c.review_id, "ids"), attributions.c.decided_by.is_not(None))
    .distinct()
)
_INSIDER_FLAGS = select(review_flags.c.review_id, review_flags.c.cleared_at).where(
    one_of(review_flags.c.review_id, "ids"), review_flags.c.flag == INSIDER
)
_DROP_ENGINE_LINKS = delete(attributions).where(
    one_of(attributions.c.review_id, "ids"), attributions.c.decided_by.is_(None)
)


def decided_reviews(conn: Connection, review_ids: list[str]) -> set[str]:
    """Reviews on which a person has decided anything (those are never re-attributed)."""
    return set(conn.execute(_DECIDED, {"ids": review_ids}).scalars())


def insider_flags(conn: Connection, review_ids: list[str]) -> dict[str, bool]:
    """review_id -> whether its insider flag has been cleared, for flagged reviews."""
    rows = conn.execute(_INSIDER_FLAGS, {"ids": review_ids})
    return {r.review_id: r.cleared_at is not None for r in rows}


_LINK_COLUMNS = ("review_id", "agent_id", "status", "confidence", "method", "evidence", "computed_at")


def replace_links(conn: Connection, links: dict[str, list[Link]], now: datetime) -> None:
    """Replace the engine's links of these (undecided) reviews; rows a person decided stay."""
    conn.execute(_DROP_ENGINE_LINKS, {"ids": list(links)})
    at = timestamp_text(now)
    rows = sorted(  # in key order: index pages are filled one after another
        (rid, ln.agent_id, ln.status, ln.confidence, ln.method, ln.evidence, at)
        for rid, lst in links.items()
        for ln in lst
    )
    bulk_insert(conn, attributions, _LINK_COLUMNS, rows)


def raise_flags(conn: Connection, flags: dict[str, str], now: datetime) -> None:
    """Insert insider flags that are not there yet."""
    if not flags:
        return
    existing = set(insider_flags(conn, list(flags)))
    at = timestamp_text(now)
    rows = [(rid, INSIDER, detail, at) for rid, detail in sorted(flags.items()) if rid not in existing]
    bulk_insert(conn, review_flags, ("review_id", "flag", "detail", "raised_at"), rows)


class DecisionError(ValueError):
    """A decision that cannot be applied, with a message a user can act on."""


@dataclass(frozen=True)
class Decision:
    """What a person decided about one (review, agent)."""

    review_id: str
    agent_id: str
    action: str
    status_before: str | None
    status_after: str


def resolve_agent(conn: Connection, ident: str) -> str:
    """An agent_id from an agent_id or a work email."""
    found = conn.execute(select(agents.c.agent_id).where(agents.c.agent_id == ident)).scalar()
    if found:
        return found
    found = conn.execute(select(agents.c.agent_id).where(func.lower(agents.c.email) == ident.lower())).scalar()
    if found:
        return found
    raise DecisionError(f"unknown agent {ident!r}: give an agent_id or an agent's email")


def apply_decision(
    conn: Connection, review_id: str, action: str, agent: str, by: str, note: str | None = None
) -> Decision:
    """Confirm, reject or assign one agent on one review, and write the audit row."""
    if action not in ("confirm", "reject", "assign"):
        raise DecisionError(f"unknown action {action!r}: expected confirm, reject or assign")
    if not by or "@" not in by:
        raise DecisionError(f"--by must be the decider's email, got {by!r}")
    if conn.execute(select(reviews.c.review_id).where(reviews.c.review_id == review_id)).scalar() is None:
        raise DecisionError(f"unknown review {review_id!r}")
    agent_id = resolve_agent(conn, agent)
    now = utcnow()
    row = conn.execute(
        select(attributions).where(attributions.c.review_id == review_id, attributions.c.agent_id == agent_id)
    ).first()
    before = row.status if row else None
    after = "rejected" if action == "reject" else "confirmed"
    if action in ("confirm", "reject") and row is None:
        raise DecisionError(f"agent {agent_id} is not a candidate for review {review_id}; use --assign to credit them")
    if row is None:
        conn.execute(
            insert(attributions).values(
                review_id=review_id,
                agent_id=agent_id,
                status=after,
                confidence=1.0,
                method="manual",
                evidence=f"assigned by {by}" + (f": {note}" if note else ""),
                decided_by=by,
                decided_at=now,
                computed_at=now,
            )
        )
    else:
        values = {"status": after, "decided_by": by, "decided_at": now}
        if action == "assign":
            values |= {
                "method": "manual",
                "confidence": 1.0,
                "evidence": f"assigned by {by}" + (f": {note}" if note else "") + f"; engine said: {row.evidence}",
            }
        elif action == "confirm":
            values["confidence"] = max(row.confidence, 0.99)
        conn.execute(
            update(attributions)
            .where(attributions.c.review_id == review_id, attributions.c.agent_id == agent_id)
            .values(**values)
        )
    conn.execute(
        insert(attribution_decisions).values(
            review_id=review_id,
            agent_id=agent_id,
            action=action,
            status_before=before,
            status_after=after,
            decided_by=by,
            decided_at=now,
            note=note,
        )
    )
    # any decision means a person has looked at the review: an insider flag on it is cleared
    cleared = conn.execute(
        update(review_flags)
        .where(
            review_flags.c.review_id == review_id,
            review_flags.c.flag == INSIDER,
            review_flags.c.cleared_at.is_(None),
        )
        .values(cleared_by=by, cleared_at=now)
    ).rowcount
    if cleared:
        conn.execute(
            insert(attribution_decisions).values(
                review_id=review_id,
                agent_id=agent_id,
                action="clear_insider",
                status_before="flagged",
                status_after="cleared",
                decided_by=by,
                decided_at=now,
                note=note,
            )
        )
    return Decision(review_id, agent_id, action, before, after)


def queue_rows(conn: Connection, limit: int = 200) -> list[dict]:
    """Reviews waiting for a person (`attribution.queue`), oldest first, with all their links and open flags."""
    waiting = waiting_reviews().subquery()
    revs = conn.execute(
        select(
            reviews.c.review_id, reviews.c.reviewer_name, reviews.c.star_rating, reviews.c.comment, reviews.c.created_at
        )
        .where(reviews.c.review_id.in_(select(waiting.c.review_id)), reviews.c.is_deleted.is_(False))
        .order_by(reviews.c.created_at, reviews.c.review_id)
        .limit(limit)
    ).all()
    ids = [r.review_id for r in revs]
    links = (
        conn.execute(
            select(attributions, agents.c.full_name)
            .select_from(attributions.outerjoin(agents, agents.c.agent_id == attributions.c.agent_id))
            .where(attributions.c.review_id.in_(ids))
            .order_by(attributions.c.review_id, attributions.c.confidence.desc())
        ).all()
        if ids
        else []
    )
    flags = (
        conn.execute(
            select(review_flags).where(review_flags.c.review_id.in_(ids), review_flags.c.cleared_at.is_(None))
        ).all()
        if ids
        else []
    )
    out = []
    for r in revs:
        out.append(
            {
                "review": r._asdict(),
                "links": [ln._asdict() for ln in links if ln.review_id == r.review_id],
                "flags": [f._asdict() for f in flags if f.review_id == r.review_id],
            }
        )
    return out


REVIEWS_BOOKMARK = "reviews_run_id"
EVIDENCE_BOOKMARK = "evidence_run_id"
EVIDENCE_SOURCES = ("agents", "accounts", "calls", "digital")


def get_bookmark(conn: Connection, key: str) -> str | None:
    """A bookmark of the attribution engine from `sync_bookmarks`."""
    return conn.execute(
        select(sync_bookmarks.c.bookmark).where(
            sync_bookmarks.c.source == BOOKMARK_SOURCE, sync_bookmarks.c.partition_key == key
        )
    ).scalar()


def set_bookmark(conn: Connection, key: str, value: str) -> None:
    """Store a bookmark of the attribution engine."""
    where = (sync_bookmarks.c.source == BOOKMARK_SOURCE, sync_bookmarks.c.partition_key == key)
    conn.execute(delete(sync_bookmarks).where(*where))
    conn.execute(
        insert(sync_bookmarks).values(source=BOOKMARK_SOURCE, partition_key=key, bookmark=value, updated_at=utcnow())
    )


def evidence_changed(conn: Connection, window_days: int):
    """Reviews whose evidence changed since the last run, as a condition on `reviews` (None: none).

    A roster or account load can change any review's candidates; new or changed calls and
    conversations only those created up to `window_days` after them. So a review synced
    before that day's call log still gets its history once the log arrives.
    """
    mark = get_bookmark(conn, EVIDENCE_BOOKMARK)
    if mark is None:
        return None
    changed = set(
        conn.execute(
            select(ingest_runs.c.source)
            .where(
                ingest_runs.c.run_id > int(mark),
                ingest_runs.c.source.in_(EVIDENCE_SOURCES),
                ingest_runs.c.inserted + ingest_runs.c.updated > 0,
            )
            .distinct()
        ).scalars()
    )
    if changed & {"agents", "accounts"}:
        return true()
    bounds = [
        conn.execute(select(func.min(t.c.started_at), func.max(t.c.started_at)).where(t.c.run_id > int(mark))).one()
        for t in (calls, digital)
        if t.name in changed
    ]
    bounds = [b for b in bounds if b[0] is not None]
    if not bounds:
        return None
    lo, hi = min(b[0] for b in bounds), max(b[1] for b in bounds)
    return reviews.c.created_at.between(lo, hi + timedelta(days=window_days))


def evidence_mark(conn: Connection) -> str:
    """The newest ingest run now, saved as EVIDENCE_BOOKMARK after a run."""
    return str(conn.execute(select(func.max(ingest_runs.c.run_id))).scalar() or 0)


def pending_filter(conn: Connection, recompute_all: bool, window_days: int = 14):
    """Reviews to (re)attribute: never attributed, or edited since (`attributed_update < updated_at`).

    Edits arrive through a load, which stamps the row's `run_id`; so after the first run only rows
    of newer runs are checked for edits (both columns are indexed), and `--all` takes every live one.
    """
    live = reviews.c.is_deleted.is_(False)
    if recompute_all:
        return live
    edited = reviews.c.attributed_update < reviews.c.updated_at
    mark = get_bookmark(conn, REVIEWS_BOOKMARK)
    if mark is not None:
        edited = and_(reviews.c.run_id > int(mark), edited)
    changed = evidence_changed(conn, window_days)
    if changed is not None:
        edited = or_(edited, changed)
    return and_(live, or_(reviews.c.attributed_update.is_(None), edited))
