"""Latency of the Regulation F guard (`metrics.guard.can_contact`) on a large database.

    python benchmarks/guard.py [--rows 1000000] [--engines sqlite,postgresql] [--samples 2000] [--keep]
    python benchmarks/guard.py --existing URL [--samples 2000]
    python benchmarks/guard.py --engines postgresql --database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

For each engine: a fresh database with N synthetic interactions over 2025 (benchmarks/metrics_data.py)
plus 1,000 heavily dialled accounts (20 calls in the nine days before the probe instant, a
conversation, some busy and wrong-number calls, consents) and consents on 1% of accounts. Then
`can_contact` is timed once per sampled account (random accounts and the heavy ones, call and sms),
each through the engine's pool as a dialler would call it. Printed: median and p95 in ms against the
target (<= 20 ms), beside a baseline from the same run: a primary-key read of the account row.
SQLite runs in a temporary folder; the PostgreSQL database (bench_metrics_N on the server of
--database-url) is dropped at the end. --keep keeps both.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.metrics import bench_parser, on_each_database
from benchmarks.metrics_data import _text, insert_frame, populate
from metrics.guard import can_contact
from sql.schema import accounts, calls

AT = np.datetime64("2025-12-20T17:00:00")
HEAVY = 1000
TARGET_MS = 20.0


def add_heavy_accounts(engine: Engine, seed: int = 7) -> list[str]:
    """1,000 accounts dialled 20 times in the nine days before `AT`, with conversations and consents."""
    rng = np.random.default_rng(seed)
    ids = [f"HV{i:06d}" for i in range(HEAVY)]
    insert_frame(engine, "accounts", pd.DataFrame({"account_id": ids, "phone": "+12125550100",
                                                   "timezone": "America/New_York", "run_id": 1}))
    n = HEAVY * 20
    offsets = rng.integers(0, 9 * 86400, n).astype("timedelta64[s]")
    disp = rng.choice(np.array(["no_answer", "voicemail", "answered", "busy", "wrong_number"], dtype=object), n,
                      p=[0.5, 0.25, 0.1, 0.1, 0.05])
    insert_frame(engine, "calls", pd.DataFrame({
        "call_id": [f"HC{i:09d}" for i in range(n)], "account_id": np.repeat(np.array(ids, dtype=object), 20),
        "direction": "outbound", "started_at": _text((AT - offsets).astype("datetime64[us]")), "ended_at": None,
        "talk_seconds": np.where(disp == "answered", 120, 0), "disposition": disp, "handled_by": "none",
        "agent_id": None, "handoff_agent_id": None, "outcome": None, "language": "en",
        "dialled_number": np.where(rng.random(n) < 0.2, "+13125550100", None), "run_id": 1}))
    insert_frame(engine, "consents", pd.DataFrame({
        "account_id": ids[::2], "kind": "calls", "given_at": _text(np.repeat(AT - np.timedelta64(3, "D"), HEAVY // 2)
                                                                    .astype("datetime64[us]")),
        "until": None, "revoked_at": None, "note": None, "run_id": 1}))
    return ids


def add_consents(engine: Engine, seed: int = 8) -> None:
    """Consents of both kinds on 1% of the synthetic accounts."""
    with engine.connect() as conn:
        ids = conn.execute(select(accounts.c.account_id).where(accounts.c.account_id.like("AC%"))).scalars().all()
    rng = np.random.default_rng(seed)
    chosen = rng.choice(np.array(ids, dtype=object), max(1, len(ids) // 100), replace=False)
    given = (AT - rng.integers(0, 30 * 86400, len(chosen)).astype("timedelta64[s]")).astype("datetime64[us]")
    insert_frame(engine, "consents", pd.DataFrame({
        "account_id": chosen, "kind": np.where(rng.random(len(chosen)) < 0.5, "calls", "calling_hours"),
        "given_at": _text(given), "until": None, "revoked_at": None, "note": None, "run_id": 1}))


def timings(fn: Callable[[str], object], ids: list[str]) -> list[float]:
    """Milliseconds per call of `fn(account_id)` over `ids` (after one warm-up call)."""
    fn(ids[0])
    out = []
    for account_id in ids:
        t = time.perf_counter()
        fn(account_id)
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(engine: Engine, samples: int) -> None:
    """Time the guard against the primary-key baseline and print the figures."""
    at = pd.Timestamp(AT).to_pydatetime()
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(calls)).scalar_one()
        ids = conn.execute(select(accounts.c.account_id).where(accounts.c.account_id.like("AC%"))).scalars().all()
    rng = np.random.default_rng(3)
    sample = [str(a) for a in rng.choice(np.array(ids, dtype=object), min(samples, len(ids)), replace=False)]
    heavy = [f"HV{i:06d}" for i in range(min(samples, HEAVY))]

    def pk(account_id: str) -> object:
        with engine.connect() as conn:
            return conn.execute(select(accounts).where(accounts.c.account_id == account_id)).first()

    base = timings(pk, sample)
    print(f"  calls table: {n:,} rows; sampled {len(sample)} random accounts, {len(heavy)} heavy accounts")
    print(f"  {'baseline: account row by primary key':<44} median {statistics.median(base):6.2f} ms  "
          f"p95 {np.percentile(base, 95):6.2f} ms")
    for label, group, channel in (("can_contact call, random accounts", sample, "call"),
                                  ("can_contact call, heavy accounts", heavy, "call"),
                                  ("can_contact sms, random accounts", sample, "sms")):
        ms = timings(lambda a, ch=channel: can_contact(engine, a, ch, at), group)
        med, p95 = statistics.median(ms), float(np.percentile(ms, 95))
        print(f"  {label:<44} median {med:6.2f} ms  p95 {p95:6.2f} ms  ({med / statistics.median(base):.1f}x "
              f"baseline)  {'ok' if p95 <= TARGET_MS else 'OVER'} (target {TARGET_MS:g} ms)", flush=True)


def main() -> None:
    parser = bench_parser(__doc__, "the guard")
    parser.add_argument("--samples", type=int, default=2000)
    args = parser.parse_args()

    def prepare(engine: Engine) -> str:
        t = time.perf_counter()
        populate(engine, args.rows)
        add_heavy_accounts(engine)
        add_consents(engine)
        return f"data {time.perf_counter() - t:.1f} s"

    on_each_database(args, prepare, lambda engine: report(engine, args.samples))


if __name__ == "__main__":
    main()
