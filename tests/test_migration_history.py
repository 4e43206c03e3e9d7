"""Migration history: an empty database upgrades to head, and a database of the previous release upgrades too.

Each test gets its own new database (SQLite file or PostgreSQL database), since it moves
the schema up and down.
"""

from __future__ import annotations

import ast
import base64
import json
import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from pyroaring import BitMap
from sqlalchemy import Date, DateTime, Engine, LargeBinary, MetaData, Table, inspect, select
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from attribution import attribute_pending
from benchmarks.metrics_data import populate
from metrics.cli import app as metrics_app
from metrics.database import upgrade
from metrics.kpis import kpi_records
from metrics.periods import Period
from metrics.rollups.daily import refresh_all
from metrics.scope import Viewer
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
    pending_rebuilds,
)
from tests.conftest import ENGINES, PG_URL, _pg_admin

CONTRACT = Path(__file__).parent / "data" / "contract"
# A database the previous release (head 0006) made with its own code: the contract's files loaded,
# reviews attributed, a decision, a prize draw; every table's rows as JSON (how: the file's "made_by").
PREVIOUS_RELEASE = Path(__file__).parent / "data" / "previous_release" / "starboard_0006.json"


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


def contents(engine: Engine, tables: list[str]) -> dict[str, list[tuple]]:
    """Every row of the tables, sorted, for before/after comparisons."""
    out = {}
    with engine.connect() as conn:
        for name in tables:
            rows = conn.execute(select(metadata.tables[name])).all()
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


def _typed(table: Table, row: dict) -> dict:
    """A snapshot row as the values its table's column types take (the snapshot holds JSON)."""
    out = {}
    for name, value in row.items():
        kind = table.c[name].type
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(kind, LargeBinary):
            value = base64.b64decode(value)
        out[name] = value
    return out


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def restore(engine: Engine, snapshot: dict) -> None:
    """Write a snapshot's rows through the tables as they are at its revision.

    A serial id is left to the database (rows go in id order, so it assigns the same ids), so
    PostgreSQL's sequences stay ahead of the rows, as in the database the snapshot came from.
    """
    tables = MetaData()
    tables.reflect(engine)
    with engine.begin() as conn:
        for name, rows in snapshot["tables"].items():
            table = tables.tables[name]
            serial = table.autoincrement_column
            if serial is not None:
                rows = sorted(rows, key=lambda r: r[serial.name])
                assert [r[serial.name] for r in rows] == list(range(1, len(rows) + 1)), name
                rows = [{k: v for k, v in r.items() if k != serial.name} for r in rows]
            conn.execute(table.insert(), [_typed(table, r) for r in rows])


def stored(engine: Engine, snapshot: dict) -> dict[str, list[dict]]:
    """The snapshot's tables and columns as stored now, in the snapshot's JSON form."""
    out = {}
    with engine.connect() as conn:
        for name, rows in snapshot["tables"].items():
            table = metadata.tables[name]
            found = conn.execute(select(*(table.c[c] for c in rows[0]))).mappings()
            out[name] = sorted(({k: _plain(v) for k, v in r.items()} for r in found), key=repr)
    return out


def test_a_database_of_the_previous_release_upgrades_with_its_data(blank: Engine) -> None:
    snapshot = json.loads(PREVIOUS_RELEASE.read_text(encoding="utf-8"))
    migrate(blank, snapshot["revision"])
    restore(blank, snapshot)
    expected = {name: sorted(rows, key=repr) for name, rows in snapshot["tables"].items()}
    assert stored(blank, snapshot) == expected
    migrate(blank)
    assert revision(blank) == head_revision(blank) != snapshot["revision"]
    assert schema_diff(blank) == []
    assert stored(blank, snapshot) == expected  # every row and value the previous release wrote is kept
    refresh_all(blank)  # today's code runs on the upgraded database: rebuild, load, attribute
    [result] = load.load_paths(blank, "calls", [CONTRACT / "calls.csv"], progress=False)
    assert result.status == "ok" and result.run_id == 1 + len(snapshot["tables"]["ingest_runs"]), result.summary()
    assert attribute_pending(blank).text()
    assert kpi_records(blank, Viewer.leadership(), Period.all())[0]["contacts"] > 0


def test_the_upgraded_figures_need_no_manual_refresh(blank: Engine) -> None:
    """0007 revised Reg F (busy calls are not placed): opening the upgraded database rebuilds, once."""
    snapshot = json.loads(PREVIOUS_RELEASE.read_text(encoding="utf-8"))
    migrate(blank, snapshot["revision"])
    restore(blank, snapshot)
    migrate(blank)  # the frozen migrations alone leave the old definitions' figures, and say so
    with blank.connect() as conn:
        assert conn.execute(select(pending_rebuilds.c.revision)).scalars().all() == ["0007"]
    stale = [kpi_records(blank, Viewer.leadership(), Period.all(), by) for by in ("company", "agent")]
    assert upgrade(blank) == ["0007"]  # what every entry point does when it opens the database
    with blank.connect() as conn:
        assert conn.execute(select(pending_rebuilds)).all() == []
    upgraded = [kpi_records(blank, Viewer.leadership(), Period.all(), by) for by in ("company", "agent")]
    assert upgraded != stale, "the snapshot must hold a finding whose placed-ness the revision changes"
    assert upgrade(blank) == []  # a second open does not rebuild again
    refresh_all(blank)
    assert [kpi_records(blank, Viewer.leadership(), Period.all(), by) for by in ("company", "agent")] == upgraded


def test_an_empty_database_asks_for_no_rebuild(blank: Engine) -> None:
    assert upgrade(blank) == []
    with blank.connect() as conn:
        assert conn.execute(select(pending_rebuilds)).all() == []


def test_the_command_line_shows_the_revised_figures_right_after_the_upgrade(blank: Engine) -> None:
    """`python -m metrics export` on a previous-release database: it migrates, rebuilds, then reads."""
    snapshot = json.loads(PREVIOUS_RELEASE.read_text(encoding="utf-8"))
    migrate(blank, snapshot["revision"])
    restore(blank, snapshot)
    env = {"DATABASE_URL": blank.url.render_as_string(hide_password=False)}
    first = CliRunner().invoke(metrics_app, ["export", "--by", "agent", "--format", "json"], env=env)
    assert first.exit_code == 0, first.output
    assert revision(blank) == head_revision(blank)
    with blank.connect() as conn:
        assert conn.execute(select(pending_rebuilds)).all() == []
    refresh_all(blank)
    again = CliRunner().invoke(metrics_app, ["export", "--by", "agent", "--format", "json"], env=env)
    assert again.exit_code == 0 and again.output == first.output
    assert any(row["compliance_rate"] not in (None, 1) for row in json.loads(first.output))


# Open the database with sql.database.get_engine (it migrates only): `metrics.database`, which builds on it,
# and attribution's commands, which rank below metrics; they neither read nor write the derived tables, and a
# rebuild left pending waits for the next entry point.
MIGRATE_ONLY = {"metrics/database.py", "attribution/commands.py"}


def _names(tree: ast.AST) -> set[str]:
    return {getattr(n, "id", None) or getattr(n, "name", None) or getattr(n, "attr", None)
            for n in ast.walk(tree) if isinstance(n, ast.Name | ast.alias | ast.Attribute)}


def test_every_entry_point_opens_the_database_through_metrics_database() -> None:
    root = Path(__file__).resolve().parent.parent
    packages = ("common", "sql", "ingest", "demo", "attribution", "metrics", "pipeline", "notify", "dashboard")
    found = {path.relative_to(root).as_posix() for top in packages for path in (root / top).rglob("*.py")
             if "get_engine" in _names(ast.parse(path.read_text(encoding="utf-8")))}
    assert found == MIGRATE_ONLY
