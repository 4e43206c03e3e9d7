"""The one place for engine-specific SQL: bulk upsert, bulk insert and raw reads, load locks.

Everything else is portable SQLAlchemy Core. A warehouse dialect plugs in here.
Rows handed to `bulk_upsert` are tuples of driver-ready values: timestamps as
`YYYY-MM-DD HH:MM:SS.ffffff` UTC strings, dates as `YYYY-MM-DD`, booleans as bool.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, Select, Table, bindparam, func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateIndex, DropIndex
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Boolean, Date, String, TypeDecorator

Progress = Callable[[int], None]
CHUNK_ROWS = 50_000
BULK_MIN_ROWS = 50_000


@dataclass
class UpsertCounts:
    """What an upsert did: new rows, changed rows, rows already identical."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


def lock_source(conn: Connection, source: str) -> None:
    """Serialise loads of one source (PostgreSQL advisory lock; SQLite's write lock does it)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("select pg_advisory_xact_lock(%s)", (zlib.crc32(source.encode()),))


def bulk_upsert(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple],
    progress: Progress | None = None,
) -> UpsertCounts:
    """Insert new rows, update changed ones (by primary key), leave identical ones alone."""
    if not rows:
        return UpsertCounts()
    key = [c.name for c in table.primary_key.columns]
    tracked = [c for c in columns if c not in key and c != "run_id"]
    upsert = _upsert_postgresql if conn.dialect.name == "postgresql" else _upsert_sqlite
    with _indexes_deferred(conn, table, len(rows)):
        return upsert(conn, table, list(columns), key, tracked, rows, progress)


@contextmanager
def _indexes_deferred(conn: Connection, table: Table, incoming: int) -> Iterator[None]:
    """For a bulk load that dwarfs the table, build secondary indexes once at the end.

    Sorting once beats maintaining indexes row by row (about 2.7x for calls on SQLite).
    PostgreSQL: only into an empty table, since dropping an index locks out readers.
    """
    if incoming < BULK_MIN_ROWS or not table.indexes:
        yield
        return
    if conn.dialect.name == "postgresql":
        worth_it = conn.execute(select(literal(1)).select_from(table).limit(1)).first() is None
    else:
        worth_it = _count(conn, table) * 2 <= incoming
    if not worth_it:
        yield
        return
    for index in table.indexes:
        conn.execute(DropIndex(index))
    yield
    for index in table.indexes:
        conn.execute(CreateIndex(index))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _update_clause(columns: list[str], key: list[str], excluded: str) -> str:
    return ", ".join(f"{_quote(c)} = {excluded}.{_quote(c)}" for c in columns if c not in key)


def _count(conn: Connection, table: Table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _upsert_sqlite(conn, table, columns, key, tracked, rows, progress) -> UpsertCounts:
    raw = conn.connection.driver_connection
    t = _quote(table.name)
    changed = " OR ".join(f"{t}.{_quote(c)} IS NOT excluded.{_quote(c)}" for c in tracked) or "0"
    sql = (
        f"INSERT INTO {t} ({', '.join(map(_quote, columns))}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT ({', '.join(map(_quote, key))}) DO UPDATE SET {_update_clause(columns, key, 'excluded')} "
        f"WHERE {changed}"
    )
    before_rows = _count(conn, table)
    before_changes = raw.total_changes
    cur = raw.cursor()
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        cur.executemany(sql, chunk)
        if progress:
            progress(len(chunk))
    cur.close()
    touched = raw.total_changes - before_changes
    inserted = _count(conn, table) - before_rows
    return UpsertCounts(inserted, touched - inserted, len(rows) - touched)


def _upsert_postgresql(conn, table, columns, key, tracked, rows, progress) -> UpsertCounts:
    """New keys go straight in with COPY; known keys are staged and updated only where different."""
    raw = conn.connection.driver_connection
    t = _quote(table.name)
    positions = [columns.index(k) for k in key]
    known = _existing_keys(conn, table, key, positions, rows)
    fresh = [r for r in rows if tuple(r[i] for i in positions) not in known] if known else rows
    with raw.cursor() as cur:
        _copy(cur, t, columns, fresh, progress)
        stale = [r for r in rows if tuple(r[i] for i in positions) in known] if known else []
        updated = 0
        if stale:
            differs = " OR ".join(f"{t}.{_quote(c)} IS DISTINCT FROM s.{_quote(c)}" for c in tracked) or "false"
            updated = _update_from_stage(cur, table, columns, key, stale, progress, only_if=differs)
    return UpsertCounts(len(fresh), updated, len(stale) - updated)


def _update_from_stage(cur, table: Table, names: Sequence[str], key: Sequence[str], rows: Sequence[tuple],
                       progress: Progress | None = None, only_if: str = "") -> int:
    """PostgreSQL: COPY `rows` (values of `names`) into a temporary table of just those columns, then one
    `UPDATE ... FROM` it that sets every non-key column (where `only_if`, a condition on the table and `s`).

    Returns the rows updated.
    """
    t, stage = _quote(table.name), _quote(f"_stage_{table.name}")
    cur.execute(f"DROP TABLE IF EXISTS {stage}")
    cur.execute(  # the columns' types, none of the table's constraints
        f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {', '.join(map(_quote, names))} FROM {t} WITH NO DATA"
    )
    _copy(cur, stage, list(names), rows, progress)
    sets = ", ".join(f"{_quote(c)} = s.{_quote(c)}" for c in names if c not in key)
    on = " AND ".join(f"{t}.{_quote(k)} = s.{_quote(k)}" for k in key)
    cur.execute(f"UPDATE {t} SET {sets} FROM {stage} s WHERE {on}" + (f" AND ({only_if})" if only_if else ""))
    updated = cur.rowcount
    cur.execute(f"DROP TABLE {stage}")
    return updated


def _existing_keys(conn: Connection, table: Table, key: list[str], positions: list[int],
                   rows: Sequence[tuple]) -> set[tuple]:
    """Keys of `rows` already stored, found in one round trip per 100k keys."""
    found: set[tuple] = set()
    cols = ", ".join(map(_quote, key))
    casts = [table.c[k].type.compile(dialect=conn.dialect) for k in key]
    t = _quote(table.name)
    with conn.connection.driver_connection.cursor() as cur:
        for start in range(0, len(rows), 100_000):
            chunk = rows[start : start + 100_000]
            arrays = [[r[i] for r in chunk] for i in positions]
            unnest = ", ".join(f"%s::{c}[]" for c in casts)
            cur.execute(
                f"SELECT {cols} FROM {t} WHERE ({cols}) IN (SELECT * FROM unnest({unnest}))", arrays
            )
            found.update(tuple(_key_text(v) for v in row) for row in cur.fetchall())
    return found


def fetch_raw(conn: Connection, stmt: Select, params: dict | None = None) -> list[tuple]:
    """Rows of `stmt` as the driver returns them: values bound as usual, but no per-value result processing.

    Fast for bulk reads. Timestamps come back as the driver gives them (text on SQLite):
    read them with `driver_timestamp`.
    """
    result = conn.execute(stmt, params or {})
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def driver_timestamp(value: datetime | str) -> datetime:
    """A timestamp read by `fetch_raw` as a naive datetime (SQLite hands back the stored text)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def timestamp_text(value: datetime) -> str:
    """A naive-UTC datetime in the driver-ready form rows carry (`YYYY-MM-DD HH:MM:SS.ffffff`)."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def bulk_insert(conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """Append driver-ready rows (SQLite `executemany`, PostgreSQL `COPY`)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        with conn.connection.driver_connection.cursor() as cur:
            _copy(cur, _quote(table.name), list(columns), rows, None)
        return
    marks = ", ".join("?" * len(columns))
    conn.connection.driver_connection.cursor().executemany(
        f"INSERT INTO {_quote(table.name)} ({', '.join(map(_quote, columns))}) VALUES ({marks})", rows)


def bulk_update(
    conn: Connection, table: Table, key: Sequence[str], columns: Sequence[str], rows: Sequence[tuple]
) -> None:
    """Set `columns` on the rows matching `key`; each driver-ready row holds the key values, then the new values.

    SQLite: one `executemany`. PostgreSQL: `COPY` into a staging table, then one `UPDATE ... FROM`.
    """
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        with conn.connection.driver_connection.cursor() as cur:
            _update_from_stage(cur, table, [*key, *columns], key, rows)
        return
    t = _quote(table.name)
    n = len(key)  # numbered parameters: ?1.. are the key, the rest the new values, in row order
    sets = ", ".join(f"{_quote(c)} = ?{n + i + 1}" for i, c in enumerate(columns))
    where = " AND ".join(f"{_quote(k)} = ?{i + 1}" for i, k in enumerate(key))
    conn.connection.driver_connection.cursor().executemany(f"UPDATE {t} SET {sets} WHERE {where}", rows)


def tidy_after_bulk_write(engine: Engine, tables: Sequence[Table]) -> None:
    """After a run rewrote many rows of `tables`: PostgreSQL vacuums and analyzes them now, not when
    autovacuum gets round to it, so the next reads skip the dead row versions. SQLite keeps none."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in tables:
            conn.exec_driver_sql(f"VACUUM (ANALYZE) {_quote(table.name)}")


def _key_text(value: object) -> object:
    """A stored key value in the driver-ready form the loader hands over."""
    return timestamp_text(value) if isinstance(value, datetime) else value


def _copy(cur, table: str, columns: list[str], rows: Sequence[tuple], progress) -> None:
    if not rows:
        return
    with cur.copy(f"COPY {table} ({', '.join(map(_quote, columns))}) FROM STDIN") as copy:
        for i, row in enumerate(rows, 1):
            copy.write_row(row)
            if progress and i % CHUNK_ROWS == 0:
                progress(CHUNK_ROWS)
    if progress and len(rows) % CHUNK_ROWS:
        progress(len(rows) % CHUNK_ROWS)


# --- Calendar truncation of naive-UTC timestamps (used by metrics rollups) ---


class day_of(FunctionElement):
    """The UTC calendar day of a timestamp, as a DATE."""

    type = Date()
    name = "day_of"
    inherit_cache = True


class month_of(FunctionElement):
    """The UTC calendar month of a timestamp, as text `YYYY-MM`."""

    type = String(7)
    name = "month_of"
    inherit_cache = True


@compiles(day_of)
def _day_of_default(element, compiler, **kw) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(day_of, "sqlite")
def _day_of_sqlite(element, compiler, **kw) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(month_of)
def _month_of_default(element, compiler, **kw) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


@compiles(month_of, "sqlite")
def _month_of_sqlite(element, compiler, **kw) -> str:
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 7)"


# --- Membership in a long list bound as one parameter ---


class ValueList(TypeDecorator):
    """A list of strings bound as one parameter: a PostgreSQL array, JSON text on SQLite."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(ARRAY(String) if dialect.name == "postgresql" else String())

    def process_bind_param(self, value, dialect):
        return json.dumps(list(value)) if dialect.name == "sqlite" else list(value)


class one_of(FunctionElement):
    """`column IN (values)` for a long list, bound as ONE parameter called `name`.

    Thousands of values cost one bind, not a placeholder each to render and parse:
    PostgreSQL `= ANY(array)`, SQLite `IN (SELECT value FROM json_each(json))`; both seek the
    column's index once per value. Other dialects get an ordinary expanding `IN`.
    """

    type = Boolean()
    name = "one_of"
    inherit_cache = True
    _is_implicitly_boolean = True  # a predicate as it is: no "= 1" added where booleans are not native

    def __init__(self, column, name: str) -> None:
        super().__init__(column, bindparam(name, type_=ValueList()))


@compiles(one_of)
def _one_of_default(element, compiler, **kw) -> str:
    column, values = element.clauses
    return compiler.process(column.in_(bindparam(values.key, expanding=True)), **kw)


@compiles(one_of, "sqlite")
def _one_of_sqlite(element, compiler, **kw) -> str:
    column, values = (compiler.process(c, **kw) for c in element.clauses)
    return f"{column} IN (SELECT value FROM json_each({values}))"


@compiles(one_of, "postgresql")
def _one_of_postgresql(element, compiler, **kw) -> str:
    column, values = (compiler.process(c, **kw) for c in element.clauses)
    return f"{column} = ANY({values})"
