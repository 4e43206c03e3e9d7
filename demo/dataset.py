"""The demo data set in memory: its sizes, and `build`, which draws every part from its own seeded stream."""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo.accounts import Account, Customer, build_accounts
from demo.breaches import Breach, plant
from demo.coaching import Session, coach, double_score
from demo.interactions import Activity, Volume, number, simulate
from demo.qa import Score, evaluate
from demo.regf_cases import add_cases
from demo.review_kinds import Review
from demo.reviews import ReviewMaker
from demo.roster import Agent, build_roster
from demo.staffing import AgentPicker


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
    breaches += add_cases(stream("regf"), activity, customers, accounts, max(1, spec.breaches // 3))
    reviews = ReviewMaker(stream("reviews"), agents, customers, accounts, activity, picker).make(spec.reviews)
    number(activity)
    scores = evaluate(stream("qa"), agents, activity, spec.qa_per_week)
    sessions = coach(stream("coaching"), agents, scores, activity)
    scores += double_score(stream("calibration"), agents, scores)
    return DemoData(seed, size, agents, customers, accounts, activity, scores, reviews, breaches, sessions)

