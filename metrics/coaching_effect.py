"""Did coaching work? The agent's score on a session's focused criteria, 4 weeks before against 4 weeks after.

- before: evaluations with `evaluated_at` in [session day − 28 days, session day);
  after: [session day + 1, session day + 29 days). The session day itself is in neither
  (an evaluation that day may be from before or after the talk).
- focused score: 100 × Σ effective score / Σ max score over the focused criteria of those evaluations
  (rescores count; critical auto-fail is an evaluation-level rule and does not apply to a criterion share).
- evaluations: those with at least one focused criterion. With fewer than MIN_EVALUATIONS on either side
  the session gets no verdict: "not enough evaluations yet" while the after-window is open,
  "not enough evaluations" once it has closed.
- improved: after score > before score. The shares per manager and per criterion count judged sessions only.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Engine, and_, select

from metrics.coaching import sessions
from metrics.rescores import effective_criteria
from metrics.scope import Viewer
from sql.schema import qa_evaluations

WINDOW_DAYS = 28
MIN_EVALUATIONS = 3
NOT_YET = "not enough evaluations yet"
NOT_ENOUGH = "not enough evaluations"
EFFECT_COLUMNS = ["session_id", "session_date", "agent_id", "full_name", "team", "coached_by", "coach_name", "criteria",
                  "before_evaluations", "before_score", "after_evaluations", "after_score", "change", "verdict",
                  "after_window_ends"]
SHARE_COLUMNS = ["sessions", "judged", "improved", "improved_share"]


def _windows(day: date) -> tuple[datetime, datetime, datetime, datetime]:
    d = datetime.combine(day, time(0))
    return (d - timedelta(days=WINDOW_DAYS), d, d + timedelta(days=1), d + timedelta(days=WINDOW_DAYS + 1))


def _side(rows: list[tuple], start: datetime, end: datetime, focus: set[str]) -> tuple[int, float | None]:
    """(evaluations, focused score) of `rows` (evaluation_id, criterion, at, score, max) in [start, end)."""
    picked = [r for r in rows if start <= r[2] < end and r[1] in focus]
    m = sum(r[4] for r in picked)
    return len({r[0] for r in picked}), (100.0 * sum(r[3] for r in picked) / m if m else None)


def _verdict(nb: int, sb: float | None, na: int, sa: float | None, ends: date, today: date) -> str:
    if nb < MIN_EVALUATIONS or na < MIN_EVALUATIONS or sb is None or sa is None:
        return NOT_YET if today < ends else NOT_ENOUGH
    return "improved" if sa > sb else "no improvement"


def _effects(engine: Engine, viewer: Viewer, today: date | None, agent_id: str | None) -> tuple[pd.DataFrame, list]:
    """Per session (the frame) and per (session, criterion) (the list) before/after figures."""
    today = today or date.today()
    frame = sessions(engine, viewer, agent_id=agent_id, limit=100_000)
    rows_by_agent: dict[str, list[tuple]] = defaultdict(list)
    if not frame.empty:
        first, last = frame["session_date"].min(), frame["session_date"].max()
        lo, hi = _windows(first)[0], _windows(last)[3]
        q = qa_evaluations.c
        crit = effective_criteria(and_(q.agent_id.in_(sorted(set(frame["agent_id"]))), q.evaluated_at >= lo,
                                       q.evaluated_at < hi))
        with engine.connect() as conn:
            for r in conn.execute(select(crit.c.agent_id, crit.c.evaluation_id, crit.c.criterion, crit.c.evaluated_at,
                                         crit.c.score, crit.c.max_score)):
                rows_by_agent[r[0]].append((r[1], r[2], r[3], float(r[4]), float(r[5])))
    out, per_criterion = [], []
    for s in frame.to_dict("records"):
        focus = set(filter(None, s["criteria"].split("; ")))
        b0, b1, a0, a1 = _windows(s["session_date"])
        ends = a1.date()
        rows = rows_by_agent.get(s["agent_id"], [])
        nb, sb = _side(rows, b0, b1, focus)
        na, sa = _side(rows, a0, a1, focus)
        verdict = _verdict(nb, sb, na, sa, ends, today)
        judged = verdict in ("improved", "no improvement")
        out.append({**{k: s[k] for k in ("session_id", "session_date", "agent_id", "full_name", "team", "coached_by",
                                         "coach_name", "criteria")},
                    "before_evaluations": nb, "before_score": sb if judged else None, "after_evaluations": na,
                    "after_score": sa if judged else None, "change": sa - sb if judged else None, "verdict": verdict,
                    "after_window_ends": ends})
        for c in sorted(focus):
            cb, csb = _side(rows, b0, b1, {c})
            ca, csa = _side(rows, a0, a1, {c})
            per_criterion.append((c, _verdict(cb, csb, ca, csa, ends, today)))
    return pd.DataFrame(out, columns=EFFECT_COLUMNS), per_criterion


def session_effects(engine: Engine, viewer: Viewer, today: date | None = None,
                    agent_id: str | None = None) -> pd.DataFrame:
    """Each session the viewer may see: focused score and evaluations before and after, change, verdict."""
    return _effects(engine, viewer, today, agent_id)[0]


def _shares(pairs: list[tuple[str, str]], key: str) -> pd.DataFrame:
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for k, verdict in pairs:
        acc[k][0] += 1
        acc[k][1] += verdict in ("improved", "no improvement")
        acc[k][2] += verdict == "improved"
    rows = [{key: k, "sessions": n, "judged": j, "improved": i, "improved_share": i / j if j else None}
            for k, (n, j, i) in sorted(acc.items())]
    return pd.DataFrame(rows, columns=[key, *SHARE_COLUMNS])


def improvement_shares(engine: Engine, viewer: Viewer, by: str = "coached_by",
                       today: date | None = None) -> pd.DataFrame:
    """Per manager (`coached_by`, with `coach_name`) or per `criterion`: sessions, judged, improved, improved share.

    Per criterion, a session counts once for each criterion it focused on, judged on that criterion alone.
    """
    if by not in ("coached_by", "criterion"):
        raise ValueError(f"unknown grouping {by!r}; expected coached_by or criterion")
    effects, per_criterion = _effects(engine, viewer, today, None)
    if by == "criterion":
        return _shares(per_criterion, "criterion")
    shares = _shares(list(zip(effects["coached_by"], effects["verdict"], strict=True)), "coached_by")
    names = dict(zip(effects["coached_by"], effects["coach_name"], strict=True))
    shares.insert(1, "coach_name", [names.get(k, k) for k in shares["coached_by"]])
    return shares
