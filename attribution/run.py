"""The attribution pipeline: pending reviews in batches -> mentions + history -> links, flags, signals."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Connection, Engine, func, select
from tqdm import tqdm

from attribution.decide import AttributionConfig, Link, decide
from attribution.history import (
    Contact,
    History,
    load_contacts,
    match_reviewers,
    refresh_account_keys,
    reviewer_keys,
)
from attribution.roster import Roster, insider_matches
from attribution.store import (
    EVIDENCE_BOOKMARK,
    REVIEWS_BOOKMARK,
    decided_reviews,
    evidence_mark,
    insider_flags,
    load_roster,
    pending_filter,
    raise_flags,
    replace_links,
    set_bookmark,
)
from attribution.texts import Reading, ReviewInput, read_reviews
from common.clock import utcnow
from sql.database import write_transaction
from sql.dialect import bulk_update, tidy_after_bulk_write, timestamp_text
from sql.schema import attributions, reviews


@dataclass
class AttributionSummary:
    """What one attribution run did."""

    reviews: int = 0
    auto_links: int = 0
    review_links: int = 0
    reviews_queued: int = 0
    reviews_without_link: int = 0
    kept_human_decisions: int = 0
    insider_flags: int = 0
    seconds: float = 0.0
    by_method: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    phase_seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def text(self) -> str:
        """One line for the command line."""
        return (
            f"{self.reviews} reviews attributed in {self.seconds:.1f}s: {self.auto_links} auto links, "
            f"{self.review_links} links to review on {self.reviews_queued} reviews, "
            f"{self.reviews_without_link} without a candidate, {self.kept_human_decisions} kept as a person "
            f"decided, {self.insider_flags} insider flags"
        )

    def phases(self) -> str:
        """Where the time went, one phase after another."""
        return ", ".join(f"{k} {v:.1f}s" for k, v in self.phase_seconds.items())

    def lap(self, phase: str, since: float) -> float:
        """Add the time since `since` to `phase`; returns now."""
        now = time.perf_counter()
        self.phase_seconds[phase] += now - since
        return now


_COLUMNS = (
    reviews.c.review_id,
    reviews.c.reviewer_name,
    reviews.c.reviewer_is_anonymous,
    reviews.c.star_rating,
    reviews.c.comment,
    reviews.c.comment_original,
    reviews.c.comment_translation,
    reviews.c.created_at,
    reviews.c.updated_at,
)

_SIGNAL_COLUMNS = ("attributed_update", "polarity", "subjectivity", "is_rating_text_mismatch", "language")


def attribute_pending(
    engine: Engine,
    *,
    recompute_all: bool = False,
    config: AttributionConfig | None = None,
    batch_size: int = 5000,
    commit_size: int = 25_000,
    workers: int | None = None,
    progress: bool = False,
) -> AttributionSummary:
    """Attribute every pending review (new or edited); `recompute_all` redoes every undecided one.

    Reviews are read in batches of `batch_size` (oldest first, so each batch's history is one short
    time window) and committed every `commit_size` reviews, so a long run neither holds the write
    lock throughout nor loses finished work if it stops; what is left stays pending for the next run.
    Texts of a large run are read by `workers` processes (default: one per core) meanwhile.
    `progress` shows a progress bar when there is more than one batch.
    """
    cfg = config or AttributionConfig()
    started = time.perf_counter()
    summary = AttributionSummary()
    with write_transaction(engine) as conn:
        roster, rows, marks = _prepare(conn, recompute_all, cfg)
        summary.lap("prepare", started)
        if len(rows) <= batch_size:  # the usual incremental run: one short transaction
            _attribute_batch(conn, rows, _readings(rows, roster, 1), roster, cfg, summary)
            _save_marks(conn, marks)
            summary.seconds = time.perf_counter() - started
            return summary
    readings = _readings(rows, roster, workers)
    bar = tqdm(total=len(rows), desc="attributing reviews", unit="reviews", leave=False) if progress else None
    try:
        step = max(commit_size, batch_size)
        for start in range(0, len(rows), step):
            with write_transaction(engine) as conn:
                for i in range(start, min(start + step, len(rows)), batch_size):
                    _attribute_batch(conn, rows[i : i + batch_size], readings, roster, cfg, summary)
                    if bar:
                        bar.update(len(rows[i : i + batch_size]))
                t = time.perf_counter()
            summary.lap("commit", t)
    finally:
        readings.close()
        if bar:
            bar.close()
    with write_transaction(engine) as conn:
        _save_marks(conn, marks)
    t = time.perf_counter()
    tidy_after_bulk_write(engine, (reviews, attributions))  # the next incremental run reads them at once
    summary.lap("tidy", t)
    summary.seconds = time.perf_counter() - started
    return summary


def _readings(rows: list, roster: Roster, workers: int | None) -> Generator[Reading, None, None]:
    """The readings of every pending review's text, in the order of `rows`."""
    inputs = [
        ReviewInput(r.comment, r.comment_original, r.comment_translation, r.star_rating, r.reviewer_name) for r in rows
    ]
    return read_reviews(inputs, roster, workers)


def _save_marks(conn: Connection, marks: dict[str, str]) -> None:
    for key, value in marks.items():
        set_bookmark(conn, key, value)


def _prepare(conn: Connection, recompute_all: bool, cfg: AttributionConfig) -> tuple[Roster, list, dict[str, str]]:
    """Account index refreshed, roster, the pending reviews oldest first, and the load-run bookmark to save.

    The bookmark is read before the pending reviews, so a load that lands during the run is seen next time.
    """
    refresh_account_keys(conn, full=recompute_all)
    roster = load_roster(conn)
    marks = {
        REVIEWS_BOOKMARK: str(conn.execute(select(func.max(reviews.c.run_id))).scalar() or 0),
        EVIDENCE_BOOKMARK: evidence_mark(conn),
    }
    rows = conn.execute(select(*_COLUMNS).where(pending_filter(conn, recompute_all, cfg.window_days))).all()
    rows.sort(key=lambda r: (r.created_at, r.review_id))  # batches then span short time windows
    return roster, rows, marks


def _histories(conn: Connection, batch: list, cfg: AttributionConfig) -> dict[str, History]:
    """History per review of the batch, with one contact query for all of them."""
    named = [r for r in batch if not r.reviewer_is_anonymous and reviewer_keys(r.reviewer_name)]
    matches = match_reviewers(conn, [r.reviewer_name for r in named], cfg.max_matched_accounts)
    usable = {n: a for n, a in matches.items() if len(a) <= cfg.max_matched_accounts}
    wanted = {acc for accts in usable.values() for acc in accts}
    contacts: dict[str, list[Contact]] = {}
    if wanted:
        lo = min(r.created_at for r in named) - timedelta(days=cfg.window_days)
        hi = max(r.created_at for r in named)
        contacts = load_contacts(conn, wanted, lo, hi)
    out: dict[str, History] = {}
    for r in named:
        accts = usable.get(r.reviewer_name)
        if not accts:
            continue  # no match, or a name so common that it identifies nobody
        lo = r.created_at - timedelta(days=cfg.window_days)
        found = tuple(c for a in accts for c in contacts.get(a, ()) if lo <= c.started_at < r.created_at)
        out[r.review_id] = History(True, dict(accts), found)
    return out


def _attribute_batch(
    conn: Connection,
    batch: list,
    readings: Iterator[Reading],
    roster: Roster,
    cfg: AttributionConfig,
    summary: AttributionSummary,
) -> None:
    """Links, flags and text signals for one batch of reviews, written in the caller's transaction.

    `readings` yields the reading of each review of the batch, in order.
    """
    t = time.perf_counter()
    now = utcnow()
    ids = [r.review_id for r in batch]
    decided = decided_reviews(conn, ids)
    flagged = insider_flags(conn, ids)
    histories = _histories(conn, [r for r in batch if r.review_id not in decided], cfg)
    t = summary.lap("history", t)
    texts = [next(readings) for _ in batch]
    t = summary.lap("texts", t)
    links: dict[str, list[Link]] = {}
    new_flags: dict[str, str] = {}
    updates = []
    for r, reading in zip(batch, texts, strict=True):
        sig = reading.signals
        updates.append(
            (r.review_id, timestamp_text(r.updated_at), sig.polarity, sig.subjectivity, sig.is_mismatch, sig.language)
        )
        summary.reviews += 1
        if r.review_id in decided:
            summary.kept_human_decisions += 1
            continue
        insiders = [] if r.reviewer_is_anonymous else insider_matches(roster, r.reviewer_name)
        if insiders and flagged.get(r.review_id):
            insiders = []
        outcome = decide(roster, reading.mentions, histories.get(r.review_id, History()), r.created_at, cfg, insiders)
        links[r.review_id] = outcome.links
        if outcome.insider:
            new_flags[r.review_id] = outcome.insider
            summary.insider_flags += r.review_id not in flagged
        autos = sum(ln.status == "auto" for ln in outcome.links)
        queued = sum(ln.status == "needs_review" for ln in outcome.links)
        summary.auto_links += autos
        summary.review_links += queued
        summary.reviews_queued += bool(queued)
        summary.reviews_without_link += not outcome.links
        for ln in outcome.links:
            summary.by_method[ln.method] += 1
    t = summary.lap("rules", t)
    replace_links(conn, links, now)
    raise_flags(conn, new_flags, now)
    t = summary.lap("write links", t)
    updates.sort()
    bulk_update(conn, reviews, ("review_id",), _SIGNAL_COLUMNS, updates)
    summary.lap("write signals", t)
