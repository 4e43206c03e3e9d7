"""QA scorecards: weekly evaluations of real interactions, scores around the 90% target, a few agents below."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from demo.clock import DAY, WINDOW_END
from demo.interactions import Activity
from demo.roster import QA_EVALUATORS, Agent

# criterion, max score, critical (a critical zero makes the whole evaluation 0)
VOICE_CARD = (
    ("Greeting and right-party verification", 10, True),
    ("Mini-Miranda disclosure", 10, True),
    ("Empathy and tone", 20, False),
    ("Active listening", 15, False),
    ("Accurate account information", 15, False),
    ("Payment options explained", 15, False),
    ("Hold and transfer etiquette", 5, False),
    ("Recap and compliant close", 10, False),
)
DIGITAL_CARD = (
    ("Identity verification", 10, True),
    ("Mini-Miranda disclosure", 10, True),
    ("Empathy and tone", 20, False),
    ("Clear, correct writing", 20, False),
    ("Accurate account information", 20, False),
    ("Resolution offered", 20, False),
)


@dataclass(slots=True)
class Score:
    """One qa_evaluations.csv row."""

    evaluation_id: str
    interaction_id: str
    agent_id: str
    evaluator: str
    evaluated_at: int
    criterion: str
    score: int
    max_score: int
    critical: bool


def evaluate(rng: random.Random, agents: list[Agent], activity: Activity, per_week: float) -> list[Score]:
    """About `per_week` evaluations per agent-week that agent handled something, criterion by criterion."""
    by_id = {a.agent_id: a for a in agents}
    names = {a.agent_id: a.full_name for a in agents}
    weeks: dict[tuple[str, int], list[tuple[str, int, str]]] = defaultdict(list)
    for c in activity.calls:
        if c.talk > 0 and c.person:
            weeks[(c.person, c.ts // (7 * DAY))].append((c.call_id, c.end, "voice"))
    for m in activity.messages:
        if m.agent_id and m.direction == "inbound":
            weeks[(m.agent_id, m.ts // (7 * DAY))].append((m.interaction_id, m.end or m.ts, "digital"))
    rows: list[Score] = []
    number = 0
    for (agent_id, _week), handled in sorted(weeks.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        take = int(per_week) + (rng.random() < per_week % 1)
        agent = by_id[agent_id]
        for interaction_id, end, kind in rng.sample(handled, min(take, len(handled))):
            at = end + int(rng.uniform(0.5, 6) * DAY)
            if at >= WINDOW_END:
                continue
            at -= at % 60
            number += 1
            evaluation_id = f"QA{number:07d}"
            evaluator = names.get(agent.manager_id, "") if rng.random() < 0.55 else rng.choice(QA_EVALUATORS)
            rows += score_card(rng, agent, evaluation_id, interaction_id, evaluator, at, kind)
    return rows


def handled(activity: Activity) -> dict[str, list[tuple[str, int, str]]]:
    """Per agent, the interactions they handled that QA evaluates: (id, end time, "voice" or "digital")."""
    out: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for c in activity.calls:
        if c.talk > 0 and c.person:
            out[c.person].append((c.call_id, c.end, "voice"))
    for m in activity.messages:
        if m.agent_id and m.direction == "inbound":
            out[m.agent_id].append((m.interaction_id, m.end or m.ts, "digital"))
    return out


def score_card(rng: random.Random, agent: Agent, evaluation_id: str, interaction_id: str, evaluator: str, at: int,
               kind: str) -> list[Score]:
    """One evaluation of `interaction_id`: every criterion of the voice or digital card, around the agent's skill."""
    rows = []
    bad_day = rng.random() < 0.06
    for criterion, top, critical in VOICE_CARD if kind == "voice" else DIGITAL_CARD:
        if critical:
            score = 0 if rng.random() < 0.006 + (0.93 - agent.skill) * 0.04 else top
        else:
            quality = rng.gauss(agent.skill - (0.15 if bad_day else 0), 0.09)
            score = round(top * min(1.0, max(0.0, quality)))
        rows.append(Score(evaluation_id, interaction_id, agent.agent_id, evaluator, at, criterion, score, top,
                          critical))
    return rows
