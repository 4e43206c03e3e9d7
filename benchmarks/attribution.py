"""Attribution speed: N reviews against M agents and K interactions, end to end, then one new review.

    .venv/bin/python benchmarks/attribution.py [--reviews 100000] [--agents 5000] [--interactions 10000000]

Builds a SQLite database (or --database-url) with synthetic rows, runs `attribute_pending` over
every review, then adds one review and times the incremental run. Prints measured figures only.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text

from benchmarks.attribution_data import EN_FIRST_F, EN_FIRST_M, EN_LAST, ES_FIRST, ES_LAST, NO_NAME, PRAISE, compose
from ingest.attribution import attribute_pending
from ingest.attribution.mentions import mentions_in_review
from ingest.attribution.signals import sentiment, text_signals
from ingest.attribution.store import load_roster
from sql.database import make_engine, migrate
from sql.schema import accounts, agents, calls, digital, reviews

START = datetime(2025, 1, 1)
DAYS = 365


def _code(i: int) -> str:
    """A letters-only code, so synthetic names stay distinct after folding ("Smith-bca")."""
    out = ""  # prefixed with "x" so that no code is an English word ("Smith-xab")
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out += chr(97 + r)
    return "x" + out


def _customer(i: int) -> str:
    """A distinct account-holder name for account i."""
    firsts, lasts = EN_FIRST_F + EN_FIRST_M + ES_FIRST, EN_LAST + ES_LAST
    return f"{firsts[i % len(firsts)]} {lasts[(i // len(firsts)) % len(lasts)]}-{_code(i)}"


def _fill(engine, args: argparse.Namespace, rng: random.Random) -> None:
    firsts, lasts = EN_FIRST_F + EN_FIRST_M + ES_FIRST, EN_LAST + ES_LAST
    agent_first = [rng.choice(firsts) for _ in range(args.agents)]
    n_accounts = max(args.reviews * 2, args.interactions // 50)
    with engine.begin() as conn:
        conn.execute(
            insert(agents),
            [
                {"agent_id": f"A{i}", "full_name": f"{agent_first[i]} {rng.choice(lasts)}-{_code(i)}"}
                for i in range(args.agents)
            ],
        )
        for lo in range(0, n_accounts, 50_000):
            conn.execute(
                insert(accounts),
                [
                    {"account_id": f"C{i}", "customer_name": _customer(i)}
                    for i in range(lo, min(n_accounts, lo + 50_000))
                ],
            )
    done = 0
    while done < args.interactions:
        n = min(200_000, args.interactions - done)
        call_rows, dig_rows = [], []
        for k in range(done, done + n):
            at = START + timedelta(seconds=rng.randrange(DAYS * 86400))
            acc = f"C{rng.randrange(n_accounts)}"
            agent = f"A{rng.randrange(args.agents)}"
            if k % 3:
                call_rows.append(
                    {
                        "call_id": f"K{k}",
                        "account_id": acc,
                        "direction": "inbound",
                        "started_at": at,
                        "talk_seconds": rng.choice((0, 120, 300)),
                        "disposition": "answered",
                        "handled_by": "agent",
                        "agent_id": agent,
                    }
                )
            else:
                dig_rows.append(
                    {
                        "interaction_id": f"D{k}",
                        "account_id": acc,
                        "channel": "email",
                        "direction": rng.choice(("inbound", "outbound")),
                        "started_at": at,
                        "agent_id": agent,
                    }
                )
        with engine.begin() as conn:
            if call_rows:
                conn.execute(insert(calls), call_rows)
            if dig_rows:
                conn.execute(insert(digital), dig_rows)
        done += n
    rows, contact_rows = [], []
    for i in range(args.reviews):
        acc = rng.randrange(n_accounts)
        agent = rng.randrange(args.agents)
        created = START + timedelta(days=15, seconds=rng.randrange((DAYS - 15) * 86400))
        kind = i % 10  # 0-6: an account holder who dealt with an agent; 7-9: a stranger
        if kind < 7:
            name = _customer(acc)
            contact_rows.append(
                {
                    "call_id": f"KR{i}",
                    "account_id": f"C{acc}",
                    "direction": "inbound",
                    "started_at": created - timedelta(days=rng.randint(1, 10)),
                    "talk_seconds": 300,
                    "disposition": "answered",
                    "handled_by": "agent",
                    "agent_id": f"A{agent}",
                }
            )
        else:
            name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        said = agent_first[agent] if kind < 4 or kind == 9 else None
        sentence = rng.choice(PRAISE).format(n=said) if said else rng.choice(NO_NAME)
        comment = compose(rng, f"{sentence} Took {rng.randint(2, 90)} minutes.") if i % 20 else None
        rows.append(
            {
                "review_id": f"R{i}",
                "reviewer_name": name,
                "reviewer_is_anonymous": False,
                "star_rating": rng.choice((1, 4, 5, 5, 5)),
                "comment": comment,
                "created_at": created,
                "updated_at": created,
                "is_deleted": False,
            }
        )
    with engine.begin() as conn:
        for lo in range(0, len(rows), 50_000):
            conn.execute(insert(reviews), rows[lo : lo + 50_000])
            conn.execute(insert(calls), contact_rows[lo : lo + 50_000])


def _breakdown(engine) -> None:
    """Time the two pure-Python stages again on the same texts, to show where the time goes."""
    with engine.connect() as conn:
        texts = [t for (t,) in conn.execute(select(reviews.c.comment))]
        roster = load_roster(conn)
    sentiment.cache_clear()
    t0 = time.perf_counter()
    for t in texts:
        text_signals(t, None, 5)
    signals_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in texts:
        mentions_in_review(t, None, roster)
    mentions_s = time.perf_counter() - t0
    print(f"  of which: TextBlob signals {signals_s:.1f}s, name matching {mentions_s:.1f}s (re-timed alone)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--agents", type=int, default=5_000)
    parser.add_argument("--interactions", type=int, default=10_000_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(args.database_url or f"sqlite:///{tmp}/bench.db")
        migrate(engine)
        t0 = time.perf_counter()
        _fill(engine, args, rng)
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("analyze"))
        fill = time.perf_counter() - t0
        print(
            f"data: {args.reviews:,} reviews, {args.agents:,} agents, {args.interactions:,} interactions "
            f"({engine.dialect.name}), generated in {fill:.1f}s"
        )
        t0 = time.perf_counter()
        summary = attribute_pending(engine)
        full = time.perf_counter() - t0
        per_100k = full / max(summary.reviews, 1) * 100_000
        print(
            f"full run: {full:.2f}s for {summary.reviews:,} reviews ({summary.reviews / full:,.0f} reviews/s); "
            f"per 100,000 reviews {per_100k:.1f}s (target 30s -> ratio {per_100k / 30:.2f})"
        )
        print(f"  {summary.text()}")
        _breakdown(engine)
        timings = []
        for k in range(5):
            created = START + timedelta(days=200 + k)
            with engine.begin() as conn:
                conn.execute(
                    insert(reviews).values(
                        review_id=f"NEW{k}",
                        reviewer_name=_customer(12),
                        reviewer_is_anonymous=False,
                        star_rating=5,
                        comment="Mary was wonderful, thank you!",
                        created_at=created,
                        updated_at=created,
                        is_deleted=False,
                    )
                )
            t0 = time.perf_counter()
            one = attribute_pending(engine)
            timings.append((time.perf_counter() - t0) * 1000)
            assert one.reviews == 1
        timings.sort()
        print(
            f"one new review: median {timings[2]:.1f} ms, worst {timings[-1]:.1f} ms "
            f"(target 50 ms -> ratio {timings[2] / 50:.2f})"
        )
        engine.dispose()


if __name__ == "__main__":
    main()
