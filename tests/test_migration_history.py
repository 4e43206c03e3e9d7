"""Migration history: an empty database upgrades to head, and a database of the previous release upgrades too.

Each test gets its own new database (SQLite file or PostgreSQL database), since it moves
the schema up and down.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from pyroaring import BitMap
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.engine import make_url

from benchmarks.metrics_data import populate
from ingest.loader import CSV_SOURCES, load_csv, load_paths
from ingest.source import CsvSource
from metrics.rollups.daily import refresh_all
from pipeline import load
from sql.database import alembic_config, make_engine, migrate
from sql.schema import (
    metadata,
    metrics_account_ids,
    metrics_account_sets,
    metrics_contacts_everyone_daily,
    metrics_contacts_monthly,
    metrics_outcomes_monthly,
    metrics_talk_sets,
)
from tests.conftest import ENGINES, PG_URL, _pg_admin

CONTRACT = Path(__file__).parent / "data" / "contract"
PREVIOUS_RELEASE = "0006"  # the head of the last release; move it on when a release ships
ADDED_SINCE_PREVIOUS_RELEASE = {"calls": {"dialled_number"}}  # source columns its schema does not have yet
LOAD_ORDER = (("agents", "agents.csv"), ("accounts", "accounts.csv"), ("pauses", "pauses.csv"),
              ("calls", "calls.csv"), ("digital", "digital.csv"), ("qa", "qa_evaluations.csv"),
              ("reviews", "reviews.json"))


@pytest.fixture(params=ENGINES)
def blank(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A new, empty database with no schema at all."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'history.db'}")
        yield engine
        engine.dispose()
        return
    name = f"starboard_history_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
    _pg_admin(f'drop database if exists "{name}" with (force)')
    _pg_admin(f'create database "{name}"')
    engine = make_engine(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    _pg_admin(f'drop database if exists "{name}" with (force)')


def schema_diff(engine: Engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)


def revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def contents(engine: Engine, tables: list[str], without: dict[str, set[str]] | None = None
             ) -> dict[str, list[tuple]]:
    """Every row of the tables (less the `without` columns), sorted, for before/after comparisons."""
    out = {}
    with engine.connect() as conn:
        for name in tables:
            skip = (without or {}).get(name, set())
            rows = conn.execute(select(*(c for c in metadata.tables[name].c if c.name not in skip))).all()
            out[name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def fast_path(engine: Engine) -> dict[str, list[tuple]]:
    """The tables migration 0005 fills, with account bitmaps read back as account ids (numbering may differ)."""
    out = contents(engine, [t.name for t in (metrics_contacts_monthly, metrics_outcomes_monthly,
                                              metrics_contacts_everyone_daily, metrics_talk_sets)])
    with engine.connect() as conn:
        ids = dict(conn.execute(select(metrics_account_ids.c.account_no, metrics_account_ids.c.account_id)).all())
        rows = []
        for r in conn.execute(select(metrics_account_sets)).mappings():
            sets = [None if r[f] is None else frozenset(ids[n] for n in BitMap.deserialize(bytes(r[f])))
                    for f in ("accounts_any", "accounts_engaged", "accounts_inbound_digital", "accounts_inbound_call")]
            rows.append((r["span"], r["start"], r["agent_key"], r["channel"], r["language"], r["month"], *sets))
    out["metrics_account_sets"] = sorted(rows, key=repr)
    return out


def test_an_empty_database_upgrades_to_head(blank: Engine) -> None:
    migrate(blank)
    assert schema_diff(blank) == []
    assert set(inspect(blank).get_table_names()) == {*metadata.tables, "alembic_version"}


def test_the_frozen_fast_path_migration_fills_what_todays_code_fills(blank: Engine) -> None:
    migrate(blank)
    populate(blank, 1500, seed=11)
    refresh_all(blank)
    built_by_code = fast_path(blank)
    assert all(built_by_code.values()), "the data set must fill every fast-path table"
    command.downgrade(alembic_config(blank), "0004")
    assert not inspect(blank).has_table("metrics_account_sets")
    migrate(blank)  # 0005 rebuilds the fast path from the daily rollups alone
    assert fast_path(blank) == built_by_code
    assert schema_diff(blank) == []


def previous_release_source(kind: str) -> CsvSource | None:
    """The CSV source as the previous release had it: without the columns added since (None: unchanged)."""
    added = ADDED_SINCE_PREVIOUS_RELEASE.get(kind)
    if not added:
        return None
    source = CSV_SOURCES[kind]
    return dataclasses.replace(source, fields=tuple(f for f in source.fields if f.name not in added))


def test_a_database_of_the_previous_release_upgrades_with_its_data(blank: Engine) -> None:
    migrate(blank, PREVIOUS_RELEASE)
    for kind, name in LOAD_ORDER:  # raw rows only: today's after-load work may need tables of later revisions
        old = previous_release_source(kind)
        if old is not None:
            result = load_csv(blank, old, CONTRACT / name, progress=False)
        else:
            [result] = load_paths(blank, kind, [CONTRACT / name], progress=False)
        assert result.status == "ok", result.summary()
    raw = [t for t, _ in LOAD_ORDER if t not in ("qa", "reviews")] + ["qa_evaluations", "reviews", "ingest_runs"]
    before = contents(blank, raw, ADDED_SINCE_PREVIOUS_RELEASE)
    assert all(before.values())
    migrate(blank)
    assert revision(blank) == head_revision(blank)
    assert schema_diff(blank) == []
    assert contents(blank, raw, ADDED_SINCE_PREVIOUS_RELEASE) == before
    refresh_all(blank)  # today's code runs on the upgraded database
    load.load_paths(blank, "calls", [CONTRACT / "calls.csv"], progress=False)
    with blank.connect() as conn:
        assert conn.execute(select(func.count()).select_from(metrics_contacts_monthly)).scalar() > 0
