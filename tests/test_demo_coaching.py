"""The demo's coaching loop (small set, in memory): sessions that mostly help, and double-scored interactions."""

from __future__ import annotations

from collections import defaultdict

import pytest

from demo import DemoData, build
from demo.clock import DAY, epoch_day
from demo.qa import DIGITAL_CARD, VOICE_CARD


@pytest.fixture(scope="module")
def data() -> DemoData:
    return build(seed=7, size="small")


def _focused(rows: list, start: int, end: int, focus: tuple[str, ...]) -> tuple[int, float | None]:
    picked = [s for s in rows if start <= s.evaluated_at < end and s.criterion in focus]
    m = sum(s.max_score for s in picked)
    return len({s.evaluation_id for s in picked}), (sum(s.score for s in picked) / m if m else None)


def test_sessions_come_from_the_agents_lead_on_non_critical_criteria(data: DemoData) -> None:
    by_id = {a.agent_id: a for a in data.agents}
    non_critical = {c for c, _, critical in (*VOICE_CARD, *DIGITAL_CARD) if not critical}
    assert len(data.sessions) >= 40
    for s in data.sessions:
        agent = by_id[s.agent_id]
        assert agent.role == "agent" and s.coach_email == by_id[agent.manager_id].email
        assert set(s.criteria) <= non_critical and 1 <= len(s.criteria) <= 2
        assert (s.follow_up - s.day).days == 14 and s.day.weekday() < 5


def test_most_sessions_can_be_judged_and_most_of_those_help(data: DemoData) -> None:
    per_agent = defaultdict(list)
    for s in data.scores:
        if not s.evaluation_id.startswith("QC"):
            per_agent[s.agent_id].append(s)
    judged = improved = 0
    for s in data.sessions:
        ts = epoch_day(s.day) * DAY
        nb, before = _focused(per_agent[s.agent_id], ts - 28 * DAY, ts, s.criteria)
        na, after = _focused(per_agent[s.agent_id], ts + DAY, ts + 29 * DAY, s.criteria)
        if nb >= 3 and na >= 3:
            judged += 1
            improved += after > before
    assert judged >= 0.4 * len(data.sessions)
    assert 0.55 <= improved / judged < 1.0, (improved, judged)


def test_some_interactions_are_scored_twice_with_known_evaluator_leanings(data: DemoData) -> None:
    firsts = {}
    for s in data.scores:
        if not s.evaluation_id.startswith("QC"):
            firsts[(s.interaction_id, s.criterion)] = s
    second = [s for s in data.scores if s.evaluation_id.startswith("QC")]
    evaluations = {s.evaluation_id for s in data.scores}
    assert 0.04 <= len({s.evaluation_id for s in second}) / len(evaluations) <= 0.08
    lean: dict[str, list[float]] = defaultdict(list)
    for s in second:
        first = firsts[(s.interaction_id, s.criterion)]
        assert s.evaluator != first.evaluator and s.agent_id == first.agent_id and s.evaluated_at > first.evaluated_at
        if not s.critical:
            lean[s.evaluator].append((s.score - first.score) / s.max_score)
    mean = {who: sum(v) / len(v) for who, v in lean.items()}
    assert mean["Luis Ortega (QA)"] > 0.03 and mean["Mylene Santos (QA)"] < -0.03
