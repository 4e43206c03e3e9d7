"""The engine-specific bulk paths read and write exactly what SQLAlchemy's own statements do."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, bindparam, insert, select

from sql.dialect import bulk_insert, bulk_update, driver_timestamp, fetch_raw, one_of, timestamp_text
from sql.schema import reviews

AT = datetime(2026, 3, 1, 9, 30, 15, 123456)


def _review(review_id: str, **values) -> dict:
    base = {"review_id": review_id, "reviewer_is_anonymous": False, "created_at": AT, "updated_at": AT,
            "is_deleted": False, "comment": None, "language": None}
    return base | values


def test_bulk_update_sets_only_the_named_columns_of_the_matching_rows(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(reviews), [_review("R1", comment="kept"), _review("R2"), _review("R3", language="fr")])
        bulk_update(
            conn, reviews, ("review_id",), ("polarity", "is_rating_text_mismatch", "attributed_update", "language"),
            [("R2", 0.5, True, timestamp_text(AT), "es"), ("R1", -0.25, False, timestamp_text(AT), None)],
        )
        got = {r.review_id: r for r in conn.execute(select(reviews))}
    assert (got["R1"].polarity, got["R1"].is_rating_text_mismatch, got["R1"].language) == (-0.25, False, None)
    assert (got["R2"].polarity, got["R2"].is_rating_text_mismatch, got["R2"].language) == (0.5, True, "es")
    assert got["R1"].attributed_update == AT == got["R2"].attributed_update
    assert got["R1"].comment == "kept"
    assert (got["R3"].polarity, got["R3"].language, got["R3"].attributed_update) == (None, "fr", None)


def test_bulk_update_twice_in_one_transaction(engine: Engine) -> None:
    """PostgreSQL stages through a temporary table; a second update in the same transaction must work."""
    with engine.begin() as conn:
        conn.execute(insert(reviews), [_review("R1")])
        bulk_update(conn, reviews, ("review_id",), ("language",), [("R1", "en")])
        bulk_update(conn, reviews, ("review_id",), ("language",), [("R1", "fr")])
        assert conn.execute(select(reviews.c.language)).scalar() == "fr"


def test_fetch_raw_binds_values_and_timestamps_read_back_exactly(engine: Engine) -> None:
    tricky = "O'Brien'); drop table reviews; --"
    with engine.begin() as conn:
        columns = ("review_id", "reviewer_name", "reviewer_is_anonymous", "created_at", "updated_at", "is_deleted")
        bulk_insert(conn, reviews, columns, [("R1", tricky, False, timestamp_text(AT), timestamp_text(AT), False)])
        stmt = select(reviews.c.review_id, reviews.c.created_at).where(
            reviews.c.reviewer_name.in_(bindparam("names", expanding=True)), reviews.c.created_at >= bindparam("at")
        )
        rows = fetch_raw(conn, stmt, {"names": [tricky, "x"], "at": AT})
        assert [(rid, driver_timestamp(ts)) for rid, ts in rows] == [("R1", AT)]
        assert conn.execute(select(reviews.c.created_at)).scalar() == AT
        assert fetch_raw(conn, stmt, {"names": ["nobody"], "at": AT}) == []


def test_one_of_matches_exactly_the_listed_values_however_many(engine: Engine) -> None:
    names = [f"Name {i}" for i in range(12_000)] + ["O'Brien \"quoted\" [x]", "Zoë"]
    with engine.begin() as conn:
        rows = [(f"R{i}", name, False, timestamp_text(AT), timestamp_text(AT), False) for i, name in enumerate(names)]
        bulk_insert(conn, reviews, ("review_id", "reviewer_name", "reviewer_is_anonymous", "created_at", "updated_at",
                                    "is_deleted"), rows)
        stmt = select(reviews.c.reviewer_name).where(one_of(reviews.c.reviewer_name, "names"))
        wanted = names[::3] + names[-2:] + ["nobody"]
        got = {name for (name,) in fetch_raw(conn, stmt, {"names": wanted})}
        assert got == set(names[::3] + names[-2:])
        assert conn.execute(stmt, {"names": []}).all() == []


def test_one_of_seeks_the_index_on_sqlite_and_expands_elsewhere(tmp_path) -> None:
    """A list predicate must stay a plain predicate: as `... = 1` SQLite would scan the table instead."""
    from sqlalchemy.dialects import mysql

    from attribution.history import _CALL_CONTACTS
    from sql.database import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path}/plan.db")
    migrate(engine)
    sql = str(_CALL_CONTACTS.compile(dialect=engine.dialect))
    with engine.connect() as conn:
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, ("[]", "2026", "2026", 0, "agent", "voice_ai")).all()
    assert "SEARCH calls USING COVERING INDEX ix_calls_account_history" in " ".join(str(r[-1]) for r in plan)
    assert "IN (__[POSTCOMPILE_ids])" in str(_CALL_CONTACTS.compile(dialect=mysql.dialect()))
    engine.dispose()
