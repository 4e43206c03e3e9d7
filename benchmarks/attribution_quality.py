"""Attribution quality on the labelled set: precision of auto links, recall, queue rate, per case.

    .venv/bin/python benchmarks/attribution_quality.py [--per-case 30] [--seed 7] [--show-errors]

Loads the generated and the hand-written labelled reviews into a fresh SQLite database
(or DATABASE_URL with --database-url), runs the engine exactly as `python -m ingest attribute`
does, and scores what it wrote to the `attributions` table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select

from attribution import AttributionSummary, attribute_pending
from benchmarks.attribution_data import Dataset, generate, load_handwritten
from sql.database import make_engine, migrate
from sql.schema import (
    account_name_keys,
    accounts,
    agents,
    attribution_decisions,
    attributions,
    calls,
    digital,
    review_flags,
    reviews,
    sync_bookmarks,
)


def load(engine, ds: Dataset) -> None:
    """Insert a data set's rows."""
    with engine.begin() as conn:
        for table, rows in (
            (agents, ds.agents),
            (accounts, ds.accounts),
            (calls, ds.calls),
            (digital, ds.digital),
            (reviews, ds.reviews),
        ):
            if rows:
                keys = {k for r in rows for k in r}
                conn.execute(insert(table), [{k: r.get(k) for k in keys} for r in rows])


def score(
    links: dict[str, list[tuple[str, str]]], labels: dict[str, dict], flagged: set[str] | None = None
) -> dict[str, dict[str, float]]:
    """Per case and overall: auto links, correct ones, expected ones, queued reviews, reviews.

    A review is queued when it has a `needs_review` link or an uncleared insider flag.
    """
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for rid, label in labels.items():
        got = links.get(rid, [])
        auto = {a for a, s in got if s == "auto"}
        queued = any(s == "needs_review" for _, s in got) or rid in (flagged or set())
        expected = set(label["expected"])
        for key in (label["case"], "ALL"):
            st = stats[key]
            st["reviews"] += 1
            st["auto"] += len(auto)
            st["correct"] += len(auto & expected)
            st["expected"] += len(expected)
            st["queued"] += queued
            st["queue_expected"] += label["expect_queue"]
            st["queue_hit"] += queued and label["expect_queue"]
    return stats


def fetch_links(engine) -> dict[str, list[tuple[str, str]]]:
    """review_id -> [(agent_id, status)]."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with engine.connect() as conn:
        for r in conn.execute(select(attributions.c.review_id, attributions.c.agent_id, attributions.c.status)):
            out[r.review_id].append((r.agent_id, r.status))
    return out


def run_part(engine, ds: Dataset) -> tuple[dict[str, list[tuple[str, str]]], set[str], AttributionSummary]:
    """Empty the tables the engine reads and writes, load `ds`, attribute; (links, flagged, summary)."""
    with engine.begin() as conn:
        for table in (
            reviews,
            attributions,
            attribution_decisions,
            review_flags,
            agents,
            accounts,
            calls,
            digital,
            account_name_keys,
        ):
            conn.execute(table.delete())
        conn.execute(sync_bookmarks.delete().where(sync_bookmarks.c.source == "attribution"))
    load(engine, ds)
    summary = attribute_pending(engine)
    return fetch_links(engine), fetch_flags(engine), summary


def fetch_flags(engine) -> set[str]:
    """Reviews with an uncleared insider flag."""
    with engine.connect() as conn:
        return set(conn.execute(select(review_flags.c.review_id).where(review_flags.c.cleared_at.is_(None))).scalars())


def ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def report(stats: dict[str, dict[str, float]]) -> None:
    """Print the table."""
    print(f"{'case':<32}{'reviews':>8}{'precision':>11}{'recall':>8}{'queue':>8}{'queue ok':>10}")
    for case in sorted(stats, key=lambda k: (k == "ALL", k)):
        st = stats[case]
        print(
            f"{case:<32}{int(st['reviews']):>8}{ratio(st['correct'], st['auto']):>11}"
            f"{ratio(st['correct'], st['expected']):>8}{ratio(st['queued'], st['reviews']):>8}"
            f"{ratio(st['queue_hit'], st['queue_expected']):>10}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-case", type=int, default=36)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    all_links: dict[str, list[tuple[str, str]]] = {}
    all_labels: dict[str, dict] = {}
    all_flagged: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        parts = {"generated": generate(args.seed, args.per_case), "hand-written": load_handwritten()}
        for name, ds in parts.items():
            engine = make_engine(args.database_url or f"sqlite:///{tmp}/{name}.db")
            migrate(engine)
            links, flagged, summary = run_part(engine, ds)
            engine.dispose()
            print(f"\n== {name}: {len(ds.reviews)} reviews, attributed in {summary.seconds:.2f}s ==")
            report(score(links, ds.labels, flagged))
            if args.show_errors:
                show_errors(ds, links, flagged)
            all_links |= links
            all_flagged |= flagged
            all_labels |= ds.labels
    print(f"\n== all labelled reviews: {len(all_labels)} ==")
    report(score(all_links, all_labels, all_flagged))


def show_errors(ds: Dataset, links: dict[str, list[tuple[str, str]]], flagged: set[str]) -> None:
    """Print every review the engine got wrong."""
    texts = {r["review_id"]: r for r in ds.reviews}
    for rid, label in ds.labels.items():
        got = links.get(rid, [])
        auto = {a for a, s in got if s == "auto"}
        queued = any(s == "needs_review" for _, s in got) or rid in flagged
        if auto != set(label["expected"]) or queued != label["expect_queue"]:
            r = texts[rid]
            print(
                f"- {label['case']} {rid} expected={label['expected']} got={got}\n"
                f"    {r['reviewer_name']!r}: {r['comment']!r}"
            )


if __name__ == "__main__":
    main()
