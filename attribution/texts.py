"""Reading review texts (signals + name mentions), serially or in worker processes for large runs.

The reading of one text depends only on the text, the stars, the reviewer's name and the roster,
so workers give exactly the serial results, in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

from attribution.mentions import Mention, mentions_in_review
from attribution.roster import Roster
from attribution.signals import Signals, text_signals
from ingest.review_text import split_translation

PARALLEL_MIN = 2000  # fewer reviews than this are read in-process: a pool costs more than it saves
CHUNK = 500
WORKER_NICENESS = 5  # the caller's process is the critical path; workers read ahead on the CPU it leaves


class ReviewInput(NamedTuple):
    """What the reading of a review needs from its row."""

    comment: str | None
    comment_original: str | None
    comment_translation: str | None
    star_rating: int | None
    reviewer_name: str | None


@dataclass(frozen=True)
class Reading:
    """Text signals and the agent-name mentions of one review."""

    signals: Signals
    mentions: list[Mention]


def read_review(review: ReviewInput, roster: Roster) -> Reading:
    """Signals and mentions of one review (Google's translation envelope split when not stored apart)."""
    original, translation = review.comment_original, review.comment_translation
    if original is None and translation is None:
        original, translation = split_translation(review.comment)
    signals = text_signals(original, translation, review.star_rating)
    mentions = mentions_in_review(original, translation, roster, reviewer=review.reviewer_name)
    return Reading(signals, mentions)


def default_workers() -> int:
    """Worker processes for a large run: one per available core."""
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
    return max(1, len(cores))


def read_reviews(reviews: Sequence[ReviewInput], roster: Roster, workers: int | None = None) -> Iterator[Reading]:
    """Readings of `reviews` in order, lazily; large inputs are spread over `workers` processes.

    Every chunk is submitted at once, so the workers read ahead while the caller uses the first ones.
    """
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(reviews) < PARALLEL_MIN:
        for review in reviews:
            yield read_review(review, roster)
        return
    chunks = [reviews[i : i + CHUNK] for i in range(0, len(reviews), CHUNK)]
    pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(roster,))
    try:
        for readings in pool.map(_read_chunk, chunks):
            yield from readings
    finally:
        pool.shutdown(cancel_futures=True)  # a caller that stops early does not wait for the rest


_WORKER_ROSTER: list[Roster] = []


def _start_worker(roster: Roster) -> None:
    _WORKER_ROSTER[:] = [roster]
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)


def _read_chunk(reviews: Sequence[ReviewInput]) -> list[Reading]:
    roster = _WORKER_ROSTER[0]
    return [read_review(r, roster) for r in reviews]
