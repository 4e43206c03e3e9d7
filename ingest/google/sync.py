"""Incremental review sync per location, with a bookmark that advances only to what was stored.

Google lists reviews newest `updateTime` first, so a walk stops at the first review
older than the location's bookmark (the latest `updateTime` already stored). All
pages of one walk are stored in one transaction together with the run record and
the new bookmark: if the walk or the store fails, nothing moves and the next run
walks the same ground again. `full=True` walks everything and marks stored reviews
of the location that Google no longer returns as deleted (kept, flagged
`is_deleted`); a deleted review that comes back is restored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, select, update

from common.clock import utcnow
from ingest.google.auth import AuthError
from ingest.google.client import Location, ReviewsClient, account_name
from ingest.google.retry import AccessError, GoogleApiError
from ingest.reviews import ReviewError, parse_review, store_reviews, store_versions
from ingest.runs import AfterLoad, LoadResult, Reject, load_transaction, record_failure
from sql.schema import reviews, sync_bookmarks

SOURCE = "google_reviews"
CHUNK = 500


@dataclass
class SyncResult(LoadResult):
    """What syncing one location did, on top of the load counts."""

    pages: int = 0
    deleted: int = 0
    restored: int = 0
    bookmark_before: datetime | None = None
    bookmark_after: datetime | None = None

    def summary(self) -> str:
        """One line for the terminal."""
        return super().summary() + f" (bookmark {_format(self.bookmark_after) if self.bookmark_after else 'none'})"

    def roll_back(self, message: str) -> None:
        """Forget the counts, deletions and bookmark move of a store that rolled back."""
        super().roll_back(message)
        self.deleted = self.restored = 0
        self.bookmark_after = self.bookmark_before


def _format(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds") + "Z"


def _parse(bookmark: str) -> datetime:
    return datetime.fromisoformat(bookmark).astimezone(UTC).replace(tzinfo=None)


def read_bookmark(conn: Connection, location: str) -> datetime | None:
    """The latest `updateTime` stored for `location` (naive UTC), or None before its first sync."""
    value = conn.execute(
        select(sync_bookmarks.c.bookmark).where(
            sync_bookmarks.c.source == SOURCE, sync_bookmarks.c.partition_key == location
        )
    ).scalar()
    return _parse(value) if value else None


def write_bookmark(conn: Connection, location: str, moment: datetime) -> None:
    """Set the location's bookmark (callers only ever move it forward)."""
    key = (sync_bookmarks.c.source == SOURCE) & (sync_bookmarks.c.partition_key == location)
    values = {"bookmark": _format(moment), "updated_at": utcnow()}
    if conn.execute(select(sync_bookmarks.c.bookmark).where(key)).first():
        conn.execute(update(sync_bookmarks).where(key).values(values))
    else:
        conn.execute(insert(sync_bookmarks).values(source=SOURCE, partition_key=location, **values))


def resolve_locations(
    client: ReviewsClient, *, account: str | None, location: str | None, all_locations: bool
) -> list[Location]:
    """The locations to sync; a location managed under several accounts is synced once."""
    if location and location.startswith("accounts/"):
        return [Location(location)]
    accounts = [account_name(account)] if account else client.accounts()
    if not accounts:
        raise ValueError("the signed-in Google account manages no Business Profile account")
    if location and account:
        return [Location(f"{accounts[0]}/locations/{location.rsplit('/', 1)[-1]}")]
    found: dict[str, Location] = {}
    for acc in accounts:
        for loc in client.locations(acc):
            found.setdefault(loc.location_id, loc)
    if location:
        wanted = location.rsplit("/", 1)[-1]
        if wanted not in found:
            raise ValueError(f"location {wanted} is not managed by {', '.join(accounts)}")
        return [found[wanted]]
    if not all_locations:
        raise ValueError("pass --location ID or --all-locations")
    return list(found.values())


def sync_location(engine: Engine, client: ReviewsClient, location: Location, *, full: bool = False,
                  after_load: AfterLoad | None = None) -> SyncResult:
    """Pull one location's new and changed reviews (all of them with `full`) and store them.

    `after_load` runs inside the store's transaction (see `ingest.runs.AfterLoad`).
    """
    result = SyncResult(source=SOURCE, path=location.name)
    with engine.connect() as conn:
        result.bookmark_before = result.bookmark_after = read_bookmark(conn, location.name)
    stop_before = None if full else result.bookmark_before
    try:
        rows, rejects, read = _walk(client, location, stop_before, result)
    except GoogleApiError as exc:
        result.message = f"nothing stored, bookmark unchanged: {exc}"
        result.rejects = [Reject(None, None, None, str(exc))]
        record_failure(engine, result)
        return result
    except (AuthError, AccessError) as exc:
        result.message = f"nothing stored, bookmark unchanged: {exc}"
        record_failure(engine, result)
        raise
    latest = _latest(rows)
    result.rows_read, result.rejects = read, rejects
    result.rejected = len(rejects)
    result.unchanged = len(rows) - len(latest)
    _store(engine, location, rows, latest, full, result, after_load)
    return result


def _store(engine: Engine, location: Location, rows: list[dict], latest: list[dict], full: bool,
           result: SyncResult, after_load: AfterLoad | None) -> None:
    """One transaction: run record, reviews, versions, deletions, bookmark, after-load work."""
    with load_transaction(engine, result, lock="reviews", after_load=after_load, unit="location") as conn:
        inserted, updated, unchanged = store_reviews(conn, latest, result.run_id)
        store_versions(conn, rows, result.run_id)
        result.inserted, result.updated = inserted, updated
        result.unchanged += unchanged
        ids = {r["review_id"] for r in latest}
        result.restored = _restore(conn, ids, result.run_id)
        if full:
            result.deleted = _mark_deleted(conn, location.location_id, ids, result.run_id)
        current = read_bookmark(conn, location.name)
        stored_max = max((r["updated_at"] for r in latest), default=None)
        result.bookmark_after = current
        if stored_max and (current is None or stored_max > current):
            write_bookmark(conn, location.name, stored_max)
            result.bookmark_after = stored_max
        result.status = "partial" if result.rejects else "ok"
        result.message = _message(result)


def _message(result: SyncResult) -> str:
    notes = [f"{result.pages} page(s)"]
    notes += [f"{n} {what}" for n, what in ((result.deleted, "marked deleted"), (result.restored, "restored")) if n]
    return ", ".join(notes)


def _walk(
    client: ReviewsClient, location: Location, stop_before: datetime | None, result: SyncResult
) -> tuple[list[dict], list[Reject], int]:
    """Parsed reviews from newest down to (and including) the bookmark; rejects located by page."""
    rows: list[dict] = []
    rejects: list[Reject] = []
    read = 0
    token: str | None = None
    tokens_seen: set[str] = set()
    while True:
        page = client.reviews(location.name, token)
        result.pages += 1
        reached = False
        for position, item in enumerate(page.reviews, 1):
            try:
                row = parse_review(item)
            except ReviewError as exc:
                read += 1
                value = None if exc.value is None else str(exc.value)[:200]
                rejects.append(Reject(position, exc.column, value, f"page {result.pages}: {exc.reason}"))
                continue
            if stop_before is not None and row["updated_at"] < stop_before:
                reached = True
                continue
            read += 1
            rows.append(row)
        token = page.next_page_token
        if reached or not token:
            return rows, rejects, read
        if token in tokens_seen:
            raise GoogleApiError(f"listing reviews of {location.name}: Google repeated page token {token!r}")
        tokens_seen.add(token)


def _latest(rows: list[dict]) -> list[dict]:
    """One row per review, the latest `updateTime` (a review can show up on two pages while paging)."""
    best: dict[str, dict] = {}
    for row in rows:
        known = best.get(row["review_id"])
        if known is None or row["updated_at"] > known["updated_at"]:
            best[row["review_id"]] = row
    return list(best.values())


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(values)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _restore(conn: Connection, ids: set[str], run_id: int) -> int:
    """Clear the deleted flag of reviews Google returns again."""
    restored = 0
    for chunk in _chunks(ids):
        back = conn.execute(
            select(reviews.c.review_id).where(reviews.c.review_id.in_(chunk), reviews.c.is_deleted.is_(True))
        ).scalars().all()
        if back:
            conn.execute(update(reviews).where(reviews.c.review_id.in_(back)).values(is_deleted=False, run_id=run_id))
            restored += len(back)
    return restored


def _mark_deleted(conn: Connection, location_id: str, seen: set[str], run_id: int) -> int:
    """Flag the location's stored reviews that a full walk did not return; rows are kept."""
    stored = conn.execute(
        select(reviews.c.review_id).where(reviews.c.location_id == location_id, reviews.c.is_deleted.is_(False))
    ).scalars().all()
    gone = set(stored) - seen
    for chunk in _chunks(gone):
        conn.execute(update(reviews).where(reviews.c.review_id.in_(chunk)).values(is_deleted=True, run_id=run_id))
    return len(gone)


def sync_locations(
    engine: Engine,
    client: ReviewsClient,
    locations: list[Location],
    *,
    full: bool = False,
    echo: Callable[[str], None] = print,
    after_load: AfterLoad | None = None,
) -> list[SyncResult]:
    """Sync each location in turn; one location failing does not stop the others (auth/access errors do)."""
    results = []
    for location in locations:
        result = sync_location(engine, client, location, full=full, after_load=after_load)
        echo(result.summary() + (f" [run {result.run_id}]" if result.run_id else ""))
        results.append(result)
    return results

