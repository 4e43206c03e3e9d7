"""The review queue, defined once: which reviews wait for a person, and which of their candidates are open.

A review waits while it has a candidate nobody has decided (`needs_review`, no `decided_by`) and
nobody has assigned the review to an agent, or while an insider flag on it is not cleared.
Confirming or rejecting one candidate leaves the others waiting; an assignment (`--assign`, the
dashboard's "Reassign") settles the whole review. The command line (`python -m ingest
review-queue`) and the dashboard (`metrics.reviews.review_queue`) both read it from here.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, and_, exists, or_, select

from sql.schema import attributions, review_flags

INSIDER = "insider"


def assigned(review_id: ColumnElement) -> ColumnElement[bool]:
    """A person assigned the review to an agent: the review is settled."""
    a = attributions.alias("assigned")
    return exists().where(a.c.review_id == review_id, a.c.method == "manual", a.c.decided_by.is_not(None))


def open_flag(review_id: ColumnElement) -> ColumnElement[bool]:
    """An insider flag on the review that nobody has cleared."""
    f = review_flags.c
    return exists().where(f.review_id == review_id, f.flag == INSIDER, f.cleared_at.is_(None))


def undecided(link=attributions) -> ColumnElement[bool]:
    """A link of `link` (the attributions table or an alias) that waits for a person."""
    return and_(link.c.status == "needs_review", link.c.decided_by.is_(None))


def waiting_reviews() -> Select:
    """review_id of every review waiting for a person (deleted ones included: callers filter live rows)."""
    a = attributions.alias("waiting")
    by_candidate = select(a.c.review_id).where(undecided(a), ~assigned(a.c.review_id))
    f = review_flags.c
    by_flag = select(f.review_id).where(f.flag == INSIDER, f.cleared_at.is_(None))
    return by_candidate.union(by_flag)


def open_candidate(link=attributions) -> ColumnElement[bool]:
    """A link shown in the queue: undecided, or any engine link of a review held by an insider flag."""
    return or_(undecided(link), and_(link.c.decided_by.is_(None), open_flag(link.c.review_id)))
