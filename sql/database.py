"""The one gateway to the database: engine from DATABASE_URL, migrations, transactions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "starboard.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def database_url() -> str:
    """The SQLAlchemy URL in force: `DATABASE_URL`, else the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def _configure_sqlite(engine: Engine) -> None:
    """WAL so readers never block on a load; explicit BEGIN so transactions are real."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())


def make_engine(url: str | None = None) -> Engine:
    """A new engine for `url` (default: `database_url()`), configured per dialect."""
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for `url` (default: `DATABASE_URL` as it is now), migrated on first use.

    Entry points use `metrics.database.open_engine`, which also does any rebuild a migration asked for.
    """
    return _engine_for(url or database_url())


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    return engine


def alembic_config(engine: Engine):
    """An Alembic config pointing at our migrations, bound to `engine`."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema of `engine` up to `revision` (idempotent)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the write lock from its first statement.

    SQLite: `BEGIN IMMEDIATE`, so a second writer waits instead of failing mid-way.
    """
    eng = engine.execution_options(sqlite_begin="IMMEDIATE") if engine.dialect.name == "sqlite" else engine
    with eng.begin() as conn:
        yield conn
