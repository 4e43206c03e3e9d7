"""Ingest runs and rejects: the record of every load and every row it refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, insert, update

from common.clock import utcnow
from ingest.csv_file import FileError
from sql.database import write_transaction
from sql.dialect import lock_source
from sql.schema import ingest_rejects, ingest_runs

VALUE_LIMIT = 500

AfterLoad = Callable[[Connection, str, int], None]
"""Work run as `after_load(conn, source, run_id)` inside a load's transaction, after its rows are
upserted and before it commits (rows the run inserted or changed carry `run_id`). The caller
passes it in (`pipeline.load` composes rollups and attribution); ingest imports no higher layer."""


@dataclass
class Reject:
    """One refused row (or whole file), located for a person to fix."""

    line: int | None
    column: str | None
    value: str | None
    reason: str


@dataclass
class LoadResult:
    """What loading one file did."""

    source: str
    path: str
    run_id: int | None = None
    status: str = "ok"
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    message: str = ""
    rejects: list[Reject] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the terminal."""
        text = (
            f"{self.source} {self.path}: {self.status}; read {self.rows_read}, inserted {self.inserted}, "
            f"updated {self.updated}, unchanged {self.unchanged}, rejected {self.rejected}"
        )
        return text + (f" — {self.message}" if self.message else "")

    def roll_back(self, message: str) -> None:
        """Forget the counts of a load whose transaction rolled back, saying why."""
        self.inserted = self.updated = self.unchanged = 0
        self.message = message


@contextmanager
def load_transaction(engine: Engine, result: LoadResult, *, lock: str, checksum: str | None = None,
                     after_load: AfterLoad | None = None, unit: str = "file") -> Iterator[Connection]:
    """One load, all or nothing: lock the source, open the run record, yield for the rows, then run
    `after_load` and close the run before the commit. If anything fails the transaction rolls back,
    the failure is recorded in a transaction of its own, and the error is raised again.
    """
    try:
        with write_transaction(engine) as conn:
            lock_source(conn, lock)
            result.run_id = start_run(conn, result.source, result.path, checksum)
            yield conn
            if after_load:
                after_load(conn, lock, result.run_id)
            finish_run(conn, result)
    except Exception as exc:
        result.roll_back(f"load rolled back, nothing from this {unit} was stored: {type(exc).__name__}: {exc}")
        record_failure(engine, result, checksum)
        raise


def start_run(conn: Connection, source: str, path: str, checksum: str | None) -> int:
    """Open a run record inside the load's transaction; returns its id."""
    return conn.execute(
        insert(ingest_runs)
        .values(source=source, file_path=storable(path), checksum=checksum, started_at=utcnow(), status="running")
        .returning(ingest_runs.c.run_id)
    ).scalar_one()


def finish_run(conn: Connection, result: LoadResult) -> None:
    """Close the run record with its counts and store its rejects."""
    conn.execute(
        update(ingest_runs)
        .where(ingest_runs.c.run_id == result.run_id)
        .values(
            finished_at=utcnow(),
            status=result.status,
            rows_read=result.rows_read,
            inserted=result.inserted,
            updated=result.updated,
            unchanged=result.unchanged,
            rejected=result.rejected,
            message=storable(result.message) or None,
        )
    )
    store_rejects(conn, result.run_id, result.path, result.rejects)


def store_rejects(conn: Connection, run_id: int, path: str, rejects: list[Reject]) -> None:
    """Write rejects in bulk."""
    if not rejects:
        return
    conn.execute(
        insert(ingest_rejects),
        [
            {
                "run_id": run_id,
                "file_path": storable(path),
                "line": r.line,
                "column_name": None if r.column is None else storable(r.column)[:100],
                "value": None if r.value is None else storable(str(r.value)[:VALUE_LIMIT]),
                "reason": storable(r.reason),
            }
            for r in rejects
        ],
    )


def storable(text: str) -> str:
    """`text` as every engine can store it: NUL and lone surrogates (bad bytes in a path) backslash-escaped."""
    text = text.replace("\x00", "\\x00")
    return text if text.isascii() else text.encode("utf-8", "backslashreplace").decode("utf-8")


def record_failure(engine: Engine, result: LoadResult, checksum: str | None = None) -> LoadResult:
    """Record a file that could not be loaded at all, in a transaction of its own."""
    result.status = "failed"
    with write_transaction(engine) as conn:
        result.run_id = start_run(conn, result.source, result.path, checksum)
        finish_run(conn, result)
    return result


def record_unreadable(engine: Engine, result: LoadResult, exc: FileError | OSError) -> LoadResult:
    """Record a file that could not be read or parsed at all (a `FileError`, or the OS refusing it)."""
    if isinstance(exc, FileError):
        result.message = str(exc)
        result.rejects = [Reject(exc.line, exc.column, None, exc.reason)]
    else:
        result.message = f"{result.path}: cannot read file ({exc.strerror or exc})"
        result.rejects = [Reject(None, None, None, result.message)]
    return record_failure(engine, result)
