"""The migrations build exactly the schema declared in `sql/schema/`, on every engine."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from sql.database import database_url, make_engine, migrate
from sql.schema import metadata


def test_migrations_match_the_declared_schema(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diff == []


def test_migrate_is_idempotent(engine: Engine) -> None:
    migrate(engine)
    migrate(engine)


def test_database_url_follows_the_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url().startswith("sqlite:///") and database_url().endswith("data/starboard.db")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h:5432/db")
    assert database_url() == "postgresql+psycopg://u@h:5432/db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    engine = make_engine()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("pragma journal_mode").scalar() == "wal"
