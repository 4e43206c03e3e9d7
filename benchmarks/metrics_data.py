"""Synthetic contact-centre data for the metrics benchmark, written straight into the raw tables.

Rows are generated in chunks with numpy and bulk-inserted (SQLite `executemany`,
PostgreSQL `COPY`), bypassing validation: the benchmark is about queries, not ingest.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import Engine, insert

from sql.dialect import bulk_insert
from sql.schema import agents, attributions, metadata, reviews

START = np.datetime64("2025-01-01T00:00:00")
YEAR_SECONDS = 365 * 86400
ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix"]
OUTCOMES = np.array(["", "", "", "payment_plan_created", "plan_restarted", "paid_in_full", "payment_made",
                     "hardship_support", "dispute_raised", "callback_requested", "no_resolution"], dtype=object)
N_AGENTS = 300
CHUNK = 500_000


def _ts(rng: np.random.Generator, n: int) -> np.ndarray:
    """Instants over the year, 98% within 16:00-01:00 UTC (US business hours)."""
    day = rng.integers(0, 365, n) * 86400
    office = (16 * 3600 + rng.integers(0, 9 * 3600, n)) % 86400
    secs = np.where(rng.random(n) < 0.98, day + office, rng.integers(0, YEAR_SECONDS, n))
    return (START + secs.astype("timedelta64[s]")).astype("datetime64[us]")


def _text(ts: np.ndarray) -> np.ndarray:
    s = np.datetime_as_string(ts, unit="us")
    return np.char.replace(s.astype(str), "T", " ").astype(object)


def _blank(values: np.ndarray) -> np.ndarray:
    out = values.astype(object)
    out[out == ""] = None
    return out


def call_frame(rng: np.random.Generator, first: int, n: int, n_accounts: int) -> pd.DataFrame:
    """N call rows."""
    outbound = rng.random(n) < 0.6
    disp = rng.choice(np.array(["answered", "no_answer", "voicemail", "busy", "failed"], dtype=object), n,
                      p=[0.35, 0.35, 0.15, 0.10, 0.05])
    answered = disp == "answered"
    ai = rng.random(n) < 0.25
    handled = np.where(answered, np.where(ai, "voice_ai", "agent"), np.where(outbound, "none", "none"))
    agent_ids = np.array([f"AG{i:04d}" for i in range(N_AGENTS)], dtype=object)
    agent = np.where(handled == "agent", agent_ids[rng.integers(0, N_AGENTS, n)], "")
    handoff = np.where((handled == "voice_ai") & (rng.random(n) < 0.6), agent_ids[rng.integers(0, N_AGENTS, n)], "")
    talk = np.where(answered, rng.integers(30, 900, n), 0)
    outcome = np.where(answered, OUTCOMES[rng.integers(0, len(OUTCOMES), n)], "")
    ts = _ts(rng, n)
    return pd.DataFrame({
        "call_id": [f"C{i:010d}" for i in range(first, first + n)],
        "account_id": [f"AC{i:08d}" for i in rng.integers(0, n_accounts, n)],
        "direction": np.where(outbound, "outbound", "inbound").astype(object),
        "started_at": _text(ts), "ended_at": None, "talk_seconds": talk, "disposition": disp,
        "handled_by": handled.astype(object), "agent_id": _blank(agent), "handoff_agent_id": _blank(handoff),
        "outcome": _blank(outcome), "language": rng.choice(np.array(["en", "es"], dtype=object), n, p=[0.8, 0.2]),
        "run_id": 1,
    })


def digital_frame(rng: np.random.Generator, first: int, n: int, n_accounts: int) -> pd.DataFrame:
    """N digital rows."""
    inbound = rng.random(n) < 0.5
    agent_ids = np.array([f"AG{i:04d}" for i in range(N_AGENTS)], dtype=object)
    agent = np.where(rng.random(n) < 0.7, agent_ids[rng.integers(0, N_AGENTS, n)], "")
    outcome = np.where(inbound, OUTCOMES[rng.integers(0, len(OUTCOMES), n)], "")
    return pd.DataFrame({
        "interaction_id": [f"D{i:010d}" for i in range(first, first + n)],
        "account_id": [f"AC{i:08d}" for i in rng.integers(0, n_accounts, n)],
        "channel": rng.choice(np.array(["email", "sms", "chat"], dtype=object), n),
        "direction": np.where(inbound, "inbound", "outbound").astype(object),
        "started_at": _text(_ts(rng, n)), "ended_at": None, "agent_id": _blank(agent),
        "outcome": _blank(outcome), "language": rng.choice(np.array(["en", "es"], dtype=object), n, p=[0.8, 0.2]),
        "run_id": 1,
    })


def insert_frame(engine: Engine, table_name: str, frame: pd.DataFrame) -> None:
    """Append a frame's rows to a table through the engine's bulk path (`sql.dialect.bulk_insert`)."""
    rows = list(frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None))
    with engine.begin() as conn:
        bulk_insert(conn, metadata.tables[table_name], list(frame.columns), rows)


def populate(engine: Engine, n: int, seed: int = 1) -> None:
    """N interactions (half calls, half digital) over 2025, plus roster, accounts, pauses, QA and reviews."""
    rng = np.random.default_rng(seed)
    n_accounts = max(1000, n // 25)
    with engine.begin() as conn:
        conn.execute(insert(agents), [
            {"agent_id": f"AG{i:04d}", "full_name": f"Agent {i}", "team": f"T{i % 12:02d}", "site": f"S{i % 4}",
             "country": ("US", "PH", "MX")[i % 3], "manager_id": f"AG{(i % 12):04d}", "run_id": 1}
            for i in range(N_AGENTS)])
    acc = pd.DataFrame({"account_id": [f"AC{i:08d}" for i in range(n_accounts)],
                        "timezone": np.array(ZONES, dtype=object)[rng.integers(0, len(ZONES), n_accounts)],
                        "run_id": 1})
    insert_frame(engine, "accounts", acc)
    paused = rng.choice(n_accounts, n_accounts // 100, replace=False)
    insert_frame(engine, "pauses", pd.DataFrame({
        "account_id": [f"AC{i:08d}" for i in paused], "paused_from": _text(_ts(rng, len(paused))),
        "paused_until": None, "run_id": 1}))
    n_calls = n // 2
    for first in range(0, n_calls, CHUNK):
        insert_frame(engine, "calls", call_frame(rng, first, min(CHUNK, n_calls - first), n_accounts))
    for first in range(0, n - n_calls, CHUNK):
        insert_frame(engine, "digital", digital_frame(rng, first, min(CHUNK, n - n_calls - first), n_accounts))
    n_eval = max(100, n // 200)
    criteria = ["greeting", "verification", "disclosure", "accuracy", "empathy"]
    ev = np.repeat(np.arange(n_eval), len(criteria))
    max_score = np.tile(np.array([2, 2, 1, 5, 3]), n_eval)
    insert_frame(engine, "qa_evaluations", pd.DataFrame({
        "evaluation_id": [f"E{i:08d}" for i in ev], "criterion": np.tile(np.array(criteria, dtype=object), n_eval),
        "interaction_id": [f"C{i * 7 % n_calls:010d}" for i in ev],
        "agent_id": [f"AG{i % N_AGENTS:04d}" for i in ev], "evaluated_at": np.repeat(_text(_ts(rng, n_eval)), 5),
        "score": np.minimum(max_score, rng.integers(0, 6, len(ev))).astype(float),
        "max_score": max_score.astype(float), "critical": np.tile(np.array([0, 0, 1, 0, 0]), n_eval).astype(bool),
        "run_id": 1}))
    n_rev = 5000
    now = datetime(2026, 1, 2)
    created = pd.to_datetime(_text(_ts(rng, n_rev)).astype(str)).to_pydatetime()
    stars = rng.choice([1, 2, 3, 4, 5, 5, 5, 5], n_rev)
    with engine.begin() as conn:
        conn.execute(insert(reviews), [
            {"review_id": f"R{i:06d}", "reviewer_is_anonymous": False, "star_rating": int(stars[i]),
             "comment": "great help", "created_at": created[i], "updated_at": created[i], "is_deleted": False}
            for i in range(n_rev)])
        conn.execute(insert(attributions), [
            {"review_id": f"R{i:06d}", "agent_id": f"AG{i % N_AGENTS:04d}", "status": ("auto", "confirmed",
             "needs_review")[i % 3], "confidence": 0.8, "method": "mention", "evidence": "bench",
             "computed_at": now} for i in range(0, n_rev, 2)])

