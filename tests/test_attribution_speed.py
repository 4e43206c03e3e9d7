"""The fast paths of a large attribution run give exactly the results of the plain ones."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, select

from attribution import attribute_pending, texts
from attribution.export import EXPORT_COLUMNS
from attribution.roster import build_roster, make_agent
from attribution.texts import ReviewInput, read_review, read_reviews
from sql.dialect import bulk_insert, timestamp_text
from sql.schema import accounts, agents, attributions, calls, review_flags, reviews

NOW = datetime(2026, 5, 10, 12, 0)
AGENTS = [
    ("A1", "Robert Diaz", "Bob"),
    ("A2", "Maria Gomez", None),
    ("A3", "Maria Garcia", None),
    ("A4", "Grace Okafor", None),
    ("A5", "Priya Shah", None),
]
TEXTS = [
    "Bob was super helpful!",
    "Maria helped me set up a plan.",
    "By the grace of God I am debt free. Grace was kind.",
    "Terrible, rude and awful people.",
    "(Translated by Google) Priya was excellent.\n\n(Original)\nPriya fue excelente.",
    "Great service, thanks!",
    None,
    "Spoke with Ms. Okafor, very patient.",
]


@pytest.fixture(autouse=True)
def _pool_for_small_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use worker processes even for the handful of reviews a test has."""
    monkeypatch.setattr(texts, "PARALLEL_MIN", 1)
    monkeypatch.setattr(texts, "CHUNK", 3)


def _inputs(n: int) -> list[ReviewInput]:
    return [ReviewInput(TEXTS[i % len(TEXTS)], None, None, 1 + i % 5, f"Reviewer {i}") for i in range(n)]


def test_worker_readings_equal_the_serial_ones_in_order() -> None:
    roster = build_roster([make_agent(a, n, aliases=al) for a, n, al in AGENTS])
    inputs = _inputs(40)
    assert list(read_reviews(inputs, roster, workers=2)) == [read_review(r, roster) for r in inputs]


def test_a_caller_that_stops_early_does_not_wait_for_the_rest() -> None:
    roster = build_roster([make_agent(a, n, aliases=al) for a, n, al in AGENTS])
    readings = read_reviews(_inputs(60), roster, workers=2)
    first = next(readings)
    readings.close()
    assert first == read_review(_inputs(1)[0], roster)


def _fill(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(agents), [{"agent_id": a, "full_name": n, "aliases": al} for a, n, al in AGENTS])
        for i in range(24):
            conn.execute(insert(accounts).values(account_id=f"C{i}", customer_name=f"Linda Hall{'x' * (i % 3)} {i}"))
            conn.execute(
                insert(calls).values(
                    call_id=f"K{i}",
                    account_id=f"C{i}",
                    direction="inbound",
                    started_at=NOW - timedelta(days=1 + i % 5, hours=i),
                    talk_seconds=120,
                    disposition="answered",
                    handled_by="agent",
                    agent_id=AGENTS[i % len(AGENTS)][0],
                )
            )
            at = NOW + timedelta(minutes=i, microseconds=i * 7)
            conn.execute(
                insert(reviews).values(
                    review_id=f"R{i:02d}",
                    reviewer_name=f"Linda Hall{'x' * (i % 3)} {i}" if i % 4 else "Robert Diaz",
                    reviewer_is_anonymous=False,
                    star_rating=1 + i % 5,
                    comment=TEXTS[i % len(TEXTS)],
                    created_at=at,
                    updated_at=at,
                    is_deleted=False,
                )
            )


def _snapshot(engine: Engine) -> tuple[list, list, list]:
    with engine.connect() as conn:
        links = conn.execute(
            select(*(attributions.c[c] for c in EXPORT_COLUMNS)).order_by(
                attributions.c.review_id, attributions.c.agent_id)
        ).all()
        signals = conn.execute(
            select(
                reviews.c.review_id,
                reviews.c.polarity,
                reviews.c.subjectivity,
                reviews.c.is_rating_text_mismatch,
                reviews.c.language,
            ).order_by(reviews.c.review_id)
        ).all()
        flags = conn.execute(select(review_flags.c.review_id, review_flags.c.detail).order_by("review_id")).all()
    return links, signals, flags


def test_batched_run_with_workers_equals_one_serial_batch(engine: Engine) -> None:
    _fill(engine)
    summary = attribute_pending(engine, batch_size=5, workers=2)
    assert summary.reviews == 24 and summary.auto_links > 0 and summary.insider_flags > 0
    assert set(summary.phase_seconds) == {"prepare", "history", "texts", "rules", "write links", "write signals",
                                          "commit", "tidy"}
    fast = _snapshot(engine)
    attribute_pending(engine, recompute_all=True, batch_size=1000, workers=1)
    assert _snapshot(engine) == fast


def test_bulk_writes_store_timestamps_like_sqlalchemy(engine: Engine) -> None:
    """attributed_update must equal updated_at exactly, or every review would look edited on the next run."""
    _fill(engine)
    attribute_pending(engine, batch_size=5, workers=2)
    with engine.connect() as conn:
        rows = conn.execute(select(reviews.c.updated_at, reviews.c.attributed_update)).all()
        edited = conn.execute(select(reviews.c.review_id).where(reviews.c.attributed_update < reviews.c.updated_at))
        assert edited.all() == []
    assert all(r.attributed_update == r.updated_at for r in rows)
    assert attribute_pending(engine).reviews == 0
    at = NOW + timedelta(microseconds=5)
    with engine.begin() as conn:
        bulk_insert(conn, review_flags, ["review_id", "flag", "raised_at"], [("R00", "x", timestamp_text(at))])
        conn.execute(insert(review_flags).values(review_id="R01", flag="x", raised_at=at))
        got = conn.execute(select(review_flags.c.raised_at).where(review_flags.c.flag == "x")).scalars().all()
    assert got == [at, at]


def test_a_run_of_several_batches_shows_progress_and_a_quiet_one_does_not(engine: Engine, capsys) -> None:
    _fill(engine)
    attribute_pending(engine, batch_size=5, workers=1, progress=True)
    err = capsys.readouterr().err
    assert "attributing reviews" in err and "/24" in err
    attribute_pending(engine, recompute_all=True, batch_size=5, workers=1)
    assert "attributing reviews" not in capsys.readouterr().err


def test_a_run_that_stops_keeps_its_committed_batches_and_the_next_run_finishes_the_rest(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from attribution import run

    _fill(engine)
    attribute_pending(engine, workers=1)
    whole = _snapshot(engine)
    with engine.begin() as conn:  # back to never attributed
        conn.execute(attributions.delete())
        conn.execute(review_flags.delete())
        conn.execute(reviews.update().values(attributed_update=None, polarity=None, subjectivity=None,
                                             is_rating_text_mismatch=None, language=None))
    real, calls_made = run._attribute_batch, []

    def fail_on_the_fourth(*args, **kwargs) -> None:
        calls_made.append(1)
        if len(calls_made) == 4:
            raise RuntimeError("stopped")
        real(*args, **kwargs)

    monkeypatch.setattr(run, "_attribute_batch", fail_on_the_fourth)
    with pytest.raises(RuntimeError):
        attribute_pending(engine, batch_size=5, commit_size=10, workers=1)
    with engine.connect() as conn:
        done = conn.execute(select(reviews.c.review_id).where(reviews.c.attributed_update.is_not(None))).all()
    assert len(done) == 10  # batches 1-2 were committed; batch 3 was rolled back with the failing 4th
    monkeypatch.setattr(run, "_attribute_batch", real)
    assert attribute_pending(engine, batch_size=5, workers=1).reviews == 14
    assert _snapshot(engine) == whole


def test_a_large_run_leaves_postgresql_tables_vacuumed(engine: Engine) -> None:
    """The next incremental run must not wade through the dead row versions a large run leaves."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite keeps no dead row versions")
    _fill(engine)
    attribute_pending(engine, batch_size=5, workers=1)
    with engine.connect() as conn:
        vacuumed = conn.exec_driver_sql(
            "SELECT relname FROM pg_stat_user_tables WHERE relname IN ('reviews', 'attributions') "
            "AND last_vacuum IS NOT NULL"
        ).scalars().all()
    assert sorted(vacuumed) == ["attributions", "reviews"]


def test_text_workers_run_below_the_callers_priority() -> None:
    """On a machine with few cores the process that queries and writes must get a core first."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, initializer=texts._start_worker, initargs=(build_roster([]),)) as pool:
        worker = pool.submit(os.nice, 0).result()
    assert worker == min(19, os.nice(0) + texts.WORKER_NICENESS)
