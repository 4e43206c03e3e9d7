"""A realistic, seeded demo data set: a year of a 100-person CX team, in the data contract's files.

Fully deterministic for a seed (own `random.Random` streams, no wall clock: the year ends on
2026-10-31). `generate` writes the files; `build` returns the data with its metadata (planted
Regulation F breaches, review naming styles and true agents) for tests and sanity checks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from ingest.demo.accounts import Account, Customer, build_accounts
from ingest.demo.breaches import Breach, plant
from ingest.demo.coaching import Session, coach, double_score
from ingest.demo.interactions import Activity, Volume, number, simulate
from ingest.demo.qa import Score, evaluate
from ingest.demo.reviews import Review, ReviewMaker
from ingest.demo.roster import Agent, build_roster
from ingest.demo.staffing import AgentPicker
from ingest.demo.writer import COACHING_FILE, FILES, TRUTH_FILE, write

__all__ = ["COACHING_FILE", "FILES", "SIZES", "TRUTH_FILE", "DemoData", "Size", "build", "generate"]


@dataclass(frozen=True)
class Size:
    """How big a demo set is (`tiny` keeps end-to-end tests quick; `small` is the first-run default)."""

    accounts: int
    reviews: int
    volume: Volume
    qa_per_week: float
    breaches: int


SIZES = {
    "tiny": Size(1_000, 80, Volume(reminders=3.6, p_dial=0.36, attempts=6), 0.5, 2),
    "small": Size(8_000, 300, Volume(reminders=3.6, p_dial=0.36, attempts=6), 0.5, 3),
    "full": Size(60_000, 2_000, Volume(reminders=10.5, p_dial=0.5, attempts=10), 1.5, 10),
}


@dataclass
class DemoData:
    """Everything generated, before it is written."""

    seed: int
    size: str
    agents: list[Agent]
    customers: list[Customer]
    accounts: list[Account]
    activity: Activity
    scores: list[Score]
    reviews: list[Review]
    breaches: list[Breach]
    sessions: list[Session]


def build(seed: int = 7, size: str = "small") -> DemoData:
    """Generate the whole data set in memory."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; expected one of: {', '.join(SIZES)}")
    spec = SIZES[size]

    def stream(name: str) -> random.Random:
        return random.Random(f"starboard-demo:{seed}:{name}")

    agents = build_roster(stream("roster"))
    customers, accounts = build_accounts(stream("accounts"), spec.accounts)
    picker = AgentPicker(agents)
    activity = simulate(stream("interactions"), customers, accounts, picker, spec.volume)
    breaches = plant(stream("breaches"), activity, customers, accounts, spec.breaches)
    reviews = ReviewMaker(stream("reviews"), agents, customers, accounts, activity, picker).make(spec.reviews)
    number(activity)
    scores = evaluate(stream("qa"), agents, activity, spec.qa_per_week)
    sessions = coach(stream("coaching"), agents, scores, activity)
    scores += double_score(stream("calibration"), agents, scores)
    return DemoData(seed, size, agents, customers, accounts, activity, scores, reviews, breaches, sessions)


def generate(out_dir: Path, seed: int = 7, size: str = "small") -> dict[str, Path]:
    """Write the demo set into `out_dir`; kind -> file path, in load order (agents ... reviews)."""
    return write(build(seed, size), Path(out_dir))
