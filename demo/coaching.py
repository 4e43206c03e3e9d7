"""The coaching loop in the demo: managers' coaching sessions (most of them help), and double-scored interactions.

- sessions: weaker agents (and some others) get 1-3 sessions a year from their team lead on their weakest
  non-critical criteria of the 4 weeks before; the lead evaluates more of their interactions so there are
  at least 3 evaluations in the 4 weeks before and after (when the agent handled enough); about 70% of
  sessions lift the focused criteria over the next 8 weeks.
- calibration: about 6% of evaluations are scored again by another evaluator a few days later. Most criteria
  agree closely; "Empathy and tone" is subjective (scores spread widely); Luis Ortega scores a little higher
  than his peers and Mylene Santos a little lower.
Uses its own random streams, so the evaluations generated before it are unchanged apart from the lift.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from demo.clock import DAY, END_DATE, WINDOW_END, epoch_day
from demo.interactions import Activity
from demo.qa import Score, handled, score_card
from demo.roster import QA_EVALUATORS, Agent

SESSION_WORKS = 0.7
TARGETED = 3  # evaluations QA makes sure a coached agent has in the 4 weeks before and after a session
CALIBRATION_SHARE = 0.06
SUBJECTIVE = {"Empathy and tone": 0.2}
NOISE = 0.04
BIAS = {"Luis Ortega (QA)": 0.08, "Mylene Santos (QA)": -0.12}
NOTES = (
    "Listened to two calls together; agreed on a checklist for the first minute.",
    "Role-played the hardship conversation; practise acknowledging before offering options.",
    "Reviewed the written replies: shorter sentences, one payment option per paragraph.",
    "Walked through the account screen again so balances are quoted from the right field.",
    "Agreed to recap every plan with amount, date and channel before closing.",
)


@dataclass(frozen=True)
class Session:
    """One coaching_sessions.csv row."""

    agent_id: str
    day: date
    criteria: tuple[str, ...]
    coach_email: str
    notes: str
    follow_up: date


def _weakest(rows: list[Score], start: int, end: int) -> list[str]:
    """Non-critical criteria of `rows` in [start, end), weakest score share first."""
    got: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s in rows:
        if start <= s.evaluated_at < end and not s.critical:
            got[s.criterion][0] += s.score
            got[s.criterion][1] += s.max_score
    return sorted(got, key=lambda c: (got[c][0] / got[c][1], c))


def coach(rng: random.Random, agents: list[Agent], scores: list[Score], activity: Activity) -> list[Session]:
    """Sessions for coachable agents, with the targeted evaluations QA adds around them (appended to `scores`);
    lifts the focused criteria after the sessions that work (mutates `scores`)."""
    by_id = {a.agent_id: a for a in agents}
    per_agent: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        per_agent[s.agent_id].append(s)
    work = handled(activity)
    number = len({s.evaluation_id for s in scores})
    first = END_DATE - timedelta(days=364 - 35)  # five weeks into the demo's year
    last = END_DATE - timedelta(days=14)
    out: list[Session] = []

    def targeted(agent: Agent, start: int, end: int) -> None:
        """Evaluate more of the agent's interactions in [start, end) until it has TARGETED evaluations there."""
        nonlocal number
        rows = per_agent[agent.agent_id]
        have = {s.evaluation_id for s in rows if start <= s.evaluated_at < end}
        done = {s.interaction_id for s in rows}
        pool = [h for h in work.get(agent.agent_id, []) if start <= h[1] + DAY < end - DAY and h[0] not in done]
        for interaction_id, ended, kind in rng.sample(pool, min(len(pool), max(0, TARGETED - len(have)))):
            at = min(ended + int(rng.uniform(0.5, 1.5) * DAY), end - 3600, WINDOW_END - 3600)
            number += 1
            new = score_card(rng, agent, f"QA{number:07d}", interaction_id, by_id[agent.manager_id].full_name,
                             at - at % 60, kind)
            rows += new
            scores.extend(new)

    for agent_id in sorted(per_agent):
        agent = by_id[agent_id]
        if agent.role != "agent" or agent.manager_id not in by_id or len(per_agent[agent_id]) < 24:
            continue
        if agent.skill >= 0.93 and rng.random() > 0.3:
            continue
        count = 1 + (rng.random() < 0.5) + (agent.skill < 0.9)
        days: list[date] = []
        for _ in range(count * 4):
            day = first + timedelta(days=rng.randrange((last - first).days))
            if day.weekday() < 5 and agent.employed_on(day) and all(abs((day - d).days) >= 49 for d in days):
                days.append(day)
            if len(days) == count:
                break
        for day in sorted(days):
            ts = epoch_day(day) * DAY
            targeted(agent, ts - 28 * DAY, ts)
            weak = _weakest(per_agent[agent_id], ts - 28 * DAY, ts)
            if not weak:
                continue
            focus = tuple(sorted(weak[: 1 + (rng.random() < 0.4)]))
            out.append(Session(agent_id, day, focus, by_id[agent.manager_id].email, rng.choice(NOTES),
                               day + timedelta(days=14)))
            targeted(agent, ts + DAY, ts + 29 * DAY)
            if rng.random() < SESSION_WORKS:
                for s in per_agent[agent_id]:
                    if s.criterion in focus and ts + DAY <= s.evaluated_at < ts + 56 * DAY:
                        s.score = min(s.max_score, s.score + max(1, round(s.max_score * rng.uniform(0.1, 0.25))))
    return out


def double_score(rng: random.Random, agents: list[Agent], scores: list[Score]) -> list[Score]:
    """Second evaluations by another evaluator of about CALIBRATION_SHARE of the evaluated interactions."""
    names = {a.agent_id: a.full_name for a in agents}
    managers = {a.agent_id: a.manager_id for a in agents}
    evaluations: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        evaluations[s.evaluation_id].append(s)
    out: list[Score] = []
    number = 0
    for evaluation_id in sorted(evaluations):
        if rng.random() >= CALIBRATION_SHARE:
            continue
        rows = evaluations[evaluation_id]
        first = rows[0]
        pool = sorted({*QA_EVALUATORS, names.get(managers.get(first.agent_id, ""), "")} - {first.evaluator, ""})
        evaluator = rng.choice(pool)
        at = first.evaluated_at + int(rng.uniform(1, 4) * DAY)
        at = at if at < WINDOW_END else first.evaluated_at + 3600
        at -= at % 60
        number += 1
        for s in rows:
            if s.critical:
                score = s.score if rng.random() >= 0.01 else s.max_score - s.score
            else:
                spread = SUBJECTIVE.get(s.criterion, NOISE)
                share = s.score / s.max_score + BIAS.get(evaluator, 0.0) + rng.gauss(0, spread)
                score = round(s.max_score * min(1.0, max(0.0, share)))
            out.append(Score(f"QC{number:07d}", s.interaction_id, s.agent_id, evaluator, at, s.criterion, score,
                             s.max_score, s.critical))
    return out
