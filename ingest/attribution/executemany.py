"""One statement for many rows without SQLAlchemy's per-row work: compiled once, sent with the driver's executemany.

SQLAlchemy's own executemany builds and type-processes a parameter dict per row, which costs more
than the database does on a large attribution run. Here the statement is compiled once per dialect,
only the columns whose type needs it are converted (e.g. datetimes to text on SQLite), and the rows
go to the driver as they are (psycopg's executemany pipelines them, as with SQLAlchemy's own path).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Insert, Table, Update, insert

_COMPILED: dict[tuple[int, str, tuple[str, ...]], tuple[Any, str, tuple[str, ...], tuple]] = {}


def _compiled(
    conn: Connection, statement: Insert | Update, keys: tuple[str, ...]
) -> tuple[str, tuple[str, ...], tuple]:
    """(SQL text, parameter names in driver order, bind converter per name) for `statement` on this dialect."""
    cache_key = (id(statement), conn.dialect.name, keys)
    hit = _COMPILED.get(cache_key)
    if hit is not None and hit[0] is statement:
        return hit[1], hit[2], hit[3]
    compiled = statement.compile(dialect=conn.dialect, column_keys=list(keys))
    names = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else tuple(compiled.binds)
    missing = set(names) - set(keys)
    if missing:
        raise ValueError(f"rows lack parameters {sorted(missing)} of {statement}")
    dialect = conn.dialect
    converters = tuple(compiled.binds[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names)
    _COMPILED[cache_key] = (statement, compiled.string, names, converters)
    return compiled.string, names, converters


def execute_many(conn: Connection, statement: Insert | Update, rows: Sequence[Mapping[str, Any]]) -> None:
    """Run `statement` once per row (dicts keyed by column or bind name), in one driver executemany.

    `statement` should be built once (a module constant): its compiled form is cached by identity.
    """
    if not rows:
        return
    keys = tuple(rows[0])
    sql, names, converters = _compiled(conn, statement, keys)
    get = itemgetter(*names) if len(names) > 1 else (lambda r: (r[names[0]],))
    convert = [(i, c) for i, c in enumerate(converters) if c is not None]
    params: list = [get(r) for r in rows]
    if convert:
        params = [list(p) for p in params]
        for p in params:
            for i, c in convert:
                p[i] = c(p[i])
    if conn.dialect.positional:
        params = [tuple(p) for p in params]
    else:
        params = [dict(zip(names, p, strict=True)) for p in params]
    conn.exec_driver_sql(sql, params)


def insert_many(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys) into `table`."""
    execute_many(conn, _insert_of(table), rows)


_INSERTS: dict[str, Insert] = {}


def _insert_of(table: Table) -> Insert:
    """One `insert(table)` object per table, so its compiled form is reused."""
    stmt = _INSERTS.get(table.name)
    if stmt is None or stmt.table is not table:
        stmt = _INSERTS[table.name] = insert(table)
    return stmt
