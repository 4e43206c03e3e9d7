"""What the pulls share: bookmarks (table `sync_bookmarks`), batches stored as files and loaded, retries."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select, update

from common.clock import utcnow
from ingest.google.retry import Backoff
from ingest.runs import AfterLoad, LoadResult
from ingest.vendor.engine import load_vendor_file
from ingest.vendor.spec import Mapping
from sql.schema import sync_bookmarks

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class PullError(RuntimeError):
    """A pull that stopped: the API refused, or kept failing after its retries. Committed batches stay."""


@dataclass
class PullResult:
    """What one pull did: the loads of its batches, and the bookmark before and after."""

    source: str
    partition: str
    bookmark_before: str | None = None
    bookmark_after: str | None = None
    loads: list[LoadResult] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the terminal."""
        total = {k: sum(getattr(r, k) for r in self.loads) for k in ("rows_read", "inserted", "updated", "rejected")}
        return (f"{self.source} {self.partition}: {len(self.loads)} batch(es); read {total['rows_read']}, inserted "
                f"{total['inserted']}, updated {total['updated']}, rejected {total['rejected']} "
                f"(bookmark {self.bookmark_before or 'none'} -> {self.bookmark_after or 'none'})")


def read_bookmark(conn: Connection, source: str, partition: str) -> str | None:
    """The stored bookmark of (source, partition), or None before the first pull."""
    return conn.execute(select(sync_bookmarks.c.bookmark).where(
        sync_bookmarks.c.source == source, sync_bookmarks.c.partition_key == partition)).scalar()


def write_bookmark(conn: Connection, source: str, partition: str, value: str) -> None:
    """Set the bookmark (inside the batch's transaction)."""
    key = (sync_bookmarks.c.source == source) & (sync_bookmarks.c.partition_key == partition)
    values = {"bookmark": value, "updated_at": utcnow()}
    if conn.execute(select(sync_bookmarks.c.bookmark).where(key)).first():
        conn.execute(update(sync_bookmarks).where(key).values(values))
    else:
        conn.execute(insert(sync_bookmarks).values(source=source, partition_key=partition, **values))


def store_batch(engine: Engine, result: PullResult, mapping: Mapping, path: Path, payload: dict, bookmark: str, *,
                agent_table: dict[str, str], after_load: AfterLoad | None) -> LoadResult:
    """Write one batch as a file (kept: the run record names it), load it, and move the bookmark in the load's
    transaction. If the load fails nothing of it is stored and the bookmark stays."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload), encoding="utf-8")

    def then(conn: Connection, source: str, run_id: int) -> None:
        if after_load:
            after_load(conn, source, run_id)
        write_bookmark(conn, result.source, result.partition, bookmark)

    load = load_vendor_file(engine, "calls" if mapping.kinds["calls"] else "digital", path, mapping,
                            agent_table=agent_table, progress=False, after_load=then)
    result.loads.append(load)
    if load.status == "failed":
        raise PullError(f"{path}: {load.message}")
    result.bookmark_after = bookmark
    return load


def with_retries(call: Callable[[], tuple[int, dict[str, str], object]], backoff: Backoff, what: str):
    """Run `call` (-> status, headers, value); retry 429/5xx and connection errors, honouring Retry-After."""
    for attempt in range(backoff.attempts):
        last = attempt == backoff.attempts - 1
        try:
            status, headers, value = call()
        except (ConnectionError, TimeoutError, OSError) as exc:
            if last:
                raise PullError(f"{what}: network error after {backoff.attempts} attempts: {exc}") from None
            backoff.wait(backoff.delay(attempt, None))
            continue
        if status not in RETRY_STATUSES:
            return status, value
        if last:
            raise PullError(f"{what}: HTTP {status} after {backoff.attempts} attempts")
        backoff.wait(backoff.delay(attempt, _retry_after(headers)))
    raise PullError(f"{what}: no attempts allowed")


def _retry_after(headers: dict[str, str]) -> float | None:
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def default_backoff() -> Backoff:
    """Six attempts, 1 s doubling up to a minute."""
    return Backoff(attempts=6, base=1.0, cap=60.0, sleep=time.sleep)
