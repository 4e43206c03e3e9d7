"""The send log (`notify_sends`): one row per (digest, period, recipient), so a send happens once.

A run claims a row (`sending`) before it sends and records the outcome after (`sent` or
`failed`). A row that is `sent` is never claimed again; a `failed` one is claimed by the next
run; a `sending` claim older than `STALE_CLAIM` (its run died mid-way) may be claimed again.
Only this table is written here, through `sql.database.write_transaction` with bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from common.clock import utcnow
from sql.database import write_transaction
from sql.schema import notify_sends

STALE_CLAIM = timedelta(minutes=15)
HISTORY_COLUMNS = ["sent_at", "digest", "period", "recipient", "destination", "status", "attempts", "error"]


@dataclass(frozen=True)
class SendKey:
    """What makes a send unique."""

    digest: str
    period: str
    recipient: str


def now_utc() -> datetime:
    """Naive UTC now, to the second (as every stamp in the database)."""
    return utcnow().replace(microsecond=0)


def _where(key: SendKey):
    c = notify_sends.c
    return (c.digest == key.digest) & (c.period == key.period) & (c.recipient == key.recipient)


def status_of(engine: Engine, key: SendKey) -> str | None:
    """The logged status of `key` (sent, failed, sending), or None when it was never tried."""
    with engine.connect() as conn:
        return conn.execute(select(notify_sends.c.status).where(_where(key))).scalar()


def claim(engine: Engine, key: SendKey, destination: str, now: datetime | None = None) -> bool:
    """Mark `key` as being sent by this run; False when it was sent already or another run holds it."""
    now = now or now_utc()
    try:
        with write_transaction(engine) as conn:
            row = conn.execute(select(notify_sends.c.status, notify_sends.c.sent_at).where(_where(key))
                               .with_for_update()).first()
            if row is None:
                conn.execute(insert(notify_sends).values(
                    digest=key.digest, period=key.period, recipient=key.recipient, destination=destination,
                    status="sending", attempts=0, error=None, sent_at=now))
                return True
            if row.status == "sent" or (row.status == "sending" and row.sent_at > now - STALE_CLAIM):
                return False
            conn.execute(update(notify_sends).where(_where(key)).values(
                status="sending", destination=destination, sent_at=now))
            return True
    except IntegrityError:  # another run inserted the same key first
        return False


def record(engine: Engine, key: SendKey, ok: bool, attempts: int, error: str | None,
           now: datetime | None = None) -> None:
    """Store the outcome of a claimed send: attempts add up over runs; the error of the last try."""
    with write_transaction(engine) as conn:
        conn.execute(update(notify_sends).where(_where(key)).values(
            status="sent" if ok else "failed", attempts=notify_sends.c.attempts + attempts,
            error=None if ok else (error or "unknown error")[:2000], sent_at=now or now_utc()))


def history(engine: Engine, digest: str | None = None, limit: int = 200) -> list[dict]:
    """Logged sends, newest first."""
    c = notify_sends.c
    q = select(*[c[n] for n in HISTORY_COLUMNS]).order_by(c.sent_at.desc(), c.digest, c.period, c.recipient)
    if digest:
        q = q.where(c.digest == digest)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(q.limit(limit)).mappings()]
