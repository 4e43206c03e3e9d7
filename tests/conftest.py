"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

The PostgreSQL URL comes from `TEST_POSTGRES_URL` (default: the local server's
`test` database). Each pytest-xdist worker gets its own database, migrated once;
each test starts from empty tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from sql.database import make_engine, migrate
from sql.schema import metadata

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ENGINES = [e for e in os.environ.get("TEST_ENGINES", "sqlite,postgresql").split(",") if e]
DATA_DIR = Path(__file__).parent / "data"


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _pg_admin(sql: str) -> None:
    admin = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(sql))
    admin.dispose()


def _postgres_engine() -> tuple[Engine, str]:
    """A fresh database named for this process, so parallel runs never collide."""
    name = f"starboard_test_{_worker()}_{os.getpid()}"
    _pg_admin(f'drop database if exists "{name}" with (force)')
    _pg_admin(f'create database "{name}"')
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    return make_engine(url), name


@pytest.fixture(scope="session", params=ENGINES)
def migrated_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One migrated database per engine kind and worker, for the whole session."""
    pg_name = None
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "starboard.db"
        engine = make_engine(f"sqlite:///{path}")
    else:
        engine, pg_name = _postgres_engine()
    migrate(engine)
    yield engine
    engine.dispose()
    if pg_name:
        _pg_admin(f'drop database if exists "{pg_name}" with (force)')


def _truncate(engine: Engine) -> None:
    names = [t.name for t in metadata.sorted_tables] + _extra_tables(engine)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("truncate " + ", ".join(f'"{n}"' for n in names) + " restart identity"))
        else:
            for n in names:
                conn.execute(text(f'delete from "{n}"'))


def _extra_tables(engine: Engine) -> list[str]:
    """Tables created by migrations but not declared in `metadata` (none expected)."""
    from sqlalchemy import inspect

    known = {t.name for t in metadata.sorted_tables} | {"alembic_version"}
    return [n for n in inspect(engine).get_table_names() if n not in known]


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    """A migrated, empty database (SQLite or PostgreSQL)."""
    _truncate(migrated_engine)
    return migrated_engine


@pytest.fixture
def db_url(engine: Engine) -> str:
    """The URL of `engine`, e.g. to hand to a CLI subprocess as DATABASE_URL."""
    return engine.url.render_as_string(hide_password=False)
