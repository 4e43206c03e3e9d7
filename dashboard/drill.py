"""Drill-down helpers: from a row of a figure to the interactions or reviews behind it."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from dashboard import coaching_data, data
from dashboard.components import Drill
from dashboard.filters import Selection
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
        frame = data.read("interactions", viewer, period, filters, limit=LIMIT)
        return f"Interactions behind {column} = {key} (newest {LIMIT} at most)", frame

    return Drill(run, label or column, "the interactions behind it")



def evaluations(viewer: Viewer, sel: Selection, column: str, *, link_as: str | None = None,
                period: Period | None = None, weeks: bool = False, agent_column: str | None = None) -> Drill:
    """A drill from a QA figure's row to the evaluations behind it, each with a link that opens it.

    `weeks`: the row's `column` is the Monday of a week; `agent_column`: the row names the agent;
    `period` replaces the selection's period; `link_as` keeps the demo's "view as" in the links.
    """
    def run(row: pd.Series) -> tuple[str, pd.DataFrame]:
        span, filters = period or sel.period, dict(sel.filters)
        if weeks:
            first = pd.Timestamp(row[column]).date()
            span = Period.days(first, first + timedelta(days=7))
        if agent_column:
            filters["agent"] = (str(row[agent_column]),)
        frame = coaching_data.evaluation_list(viewer, span, filters, limit=LIMIT)
        extra = f"&as={link_as}" if link_as else ""
        frame.insert(0, "open", [f"/evaluations?evaluation={e}{extra}" for e in frame["evaluation_id"]])
        return f"Evaluations behind {column} = {row[column]} (newest {LIMIT} at most)", frame

    return Drill(run, column, "the evaluations behind it (open one with its link)")
