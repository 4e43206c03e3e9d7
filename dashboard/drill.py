"""Drill-down helpers: from a row of a figure to the interactions or reviews behind it."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard import coaching_data, data, labels
from dashboard.components import Drill
from dashboard.filters import Selection
from metrics.coaching_effect import WINDOW_DAYS
from metrics.periods import Period
from metrics.scope import Viewer

LIMIT = 500


def group_period(key: object, fallback: Period) -> Period:
    """The period of one time-series row (a day or a `YYYY-MM` month)."""
    if isinstance(key, str) and len(key) == 7:
        return Period.utc_month(key)
    if isinstance(key, pd.Timestamp):
        key = key.date()
    if isinstance(key, date):
        return Period.days(key, key + timedelta(days=1))
    return fallback


def _title(column: str, key: object, shown: object, dim: str | None, time_series: bool) -> str:
    """What a drill's rows are, in words ("Interactions on 5 Oct 2026", "Interactions of Maria Gonzalez")."""
    if time_series:
        if isinstance(key, str) and len(key) == 7:
            return f"Interactions in {pd.Timestamp(key + '-01'):%B %Y}"
        return f"Interactions on {pd.Timestamp(key):%-d %b %Y}" if not pd.isna(key) else "Interactions"
    if key is None or pd.isna(key):
        return f"Interactions with {labels.UNASSIGNED[0].lower()}{labels.UNASSIGNED[1:]}"
    if dim == "country":
        return f"Interactions in {labels.country(key)}"
    if dim == "channel":
        return f"Interactions on the {labels.value('channel', key)} channel"
    if dim in ("team", "site"):
        return f"Interactions of the {key} {dim}"
    return f"Interactions of {shown}"


def interactions(viewer: Viewer, sel: Selection, column: str, *, dim: str | None = None,
                 time_series: bool = False, label: str | None = None) -> Drill:
    """A drill from a row keyed by `column` (a dimension value or a day/month) to its interactions.

    `label` is the column the chart's points show when it is not `column` (an agent's name for its id).
    """

    def run(row: pd.Series) -> tuple[str, pd.DataFrame]:
        key = row[column]
        filters = sel.filters
        period = sel.period
        if time_series:
            period = group_period(key, sel.period)
        elif dim is not None and key is not None and not pd.isna(key):
            filters = {**filters, dim: (str(key),)}
        frame = data.interactions(viewer, period, filters, LIMIT)
        title = _title(column, key, row[label] if label else key, dim, time_series)
        return f"{title} (newest {LIMIT} at most)", frame

    return Drill(run, label or column, "the interactions behind it")


def evaluations(viewer: Viewer, sel: Selection, column: str, *, link_as: str | None = None,
                period: Period | None = None, weeks: bool = False, agent_column: str | None = None,
                missed: bool = False) -> Drill:
    """A drill from a QA figure's row to the evaluations behind it, each with a link that opens it.

    `weeks`: the row's `column` is the Monday of a week; `agent_column`: the row names the agent;
    `missed`: the row's `column` is a criterion, and the drill lists the evaluations that missed its full
    marks; `period` replaces the selection's period; `link_as` keeps the demo's "view as" in the links.
    """
    def run(row: pd.Series) -> tuple[str, pd.DataFrame]:
        span, filters = period or sel.period, dict(sel.filters)
        if weeks:
            first = pd.Timestamp(row[column]).date()
            span = Period.days(first, first + timedelta(days=7))
        if agent_column:
            filters["agent"] = (str(row[agent_column]),)
        frame = coaching_data.evaluation_list(viewer, span, filters, limit=LIMIT,
                                              missed=str(row[column]) if missed else None)
        extra = f"&as={link_as}" if link_as else ""
        frame.insert(0, "open", [f"/evaluations?evaluation={e}{extra}" for e in frame["evaluation_id"]])
        if missed:
            what = f"that missed full marks on {row[column]}"
        elif weeks:
            what = f"in the week of {pd.Timestamp(row[column]):%-d %b %Y}"
        elif "full_name" in row.index:
            what = f"of {row['full_name']}"
        else:
            what = f"for {labels.label(column).lower()} {labels.value(column, row[column])}"
        return f"Evaluations {what} (newest {LIMIT} at most)", frame

    return Drill(run, column, "the evaluations behind it (open one with its link)")


def session_evaluations(viewer: Viewer, agent_id: str, day: date) -> pd.DataFrame:
    """The agent's evaluations in the 4 weeks before and after a coaching session on `day`, with their side."""
    behind = coaching_data.evaluation_list(
        viewer, Period.days(day - timedelta(days=WINDOW_DAYS), day + timedelta(days=WINDOW_DAYS + 1)),
        {"agent": (agent_id,)}, limit=LIMIT)
    when = pd.to_datetime(behind["evaluated_at"]).dt.date
    behind.insert(0, "side", ["before" if d < day else ("after" if d > day else "session day") for d in when])
    return behind
