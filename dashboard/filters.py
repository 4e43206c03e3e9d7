"""The shared filters in the sidebar: period preset with compare-to-previous, and team/site/country/channel/language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import streamlit as st

from dashboard import data, labels
from metrics.dimensions import ROSTER_DIMS
from metrics.periods import Period
from metrics.scope import Viewer

PRESETS = ("Last 7 days", "Last 30 days", "Latest month", "Last 90 days", "Last 12 months", "Custom")
DEFAULT_PRESET = "Latest month"
OTHER_DIMS = ("channel", "language")
DAILY_UP_TO_DAYS = 62
SELECTION_KEY = "app_selection"


@dataclass(frozen=True)
class Selection:
    """What the shared filters chose: the period, the previous one to compare with, and dimension filters."""

    period: Period
    previous: Period | None
    label: str
    anchor: date
    chosen: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=tuple)

    @property
    def filters(self) -> dict[str, tuple[str, ...]]:
        """Dimension -> chosen values (only the dimensions with a choice)."""
        return dict(self.chosen)

    @property
    def company_filters(self) -> dict[str, tuple[str, ...]]:
        """The filters that name nobody (channel, language), for company-wide totals."""
        return {k: v for k, v in self.chosen if k in OTHER_DIMS}

    @property
    def grain(self) -> str:
        """`day` for periods up to two months, else `month`."""
        days = (self.period.end - self.period.start).days if self.period.start and self.period.end else 999
        return "day" if days <= DAILY_UP_TO_DAYS else "month"


def preset_period(preset: str, end: date) -> tuple[Period, Period]:
    """The preset's period ending at `end` (exclusive), and the previous period of the same length."""
    if preset == "Latest month":
        first = (end - timedelta(days=1)).replace(day=1)
        before = (first - timedelta(days=1)).replace(day=1)
        return Period.days(first, end), Period.days(before, first)
    days = {"Last 7 days": 7, "Last 30 days": 30, "Last 90 days": 90, "Last 12 months": 365}[preset]
    current = Period.days(end - timedelta(days=days), end)
    return current, current.shifted(-days)


def data_end() -> date:
    """The day after the last interaction (the presets end there), or tomorrow when there is no data."""
    _, last = data.data_span()
    return (last or date.today()) + timedelta(days=1)


def data_age(today: date | None = None) -> str | None:
    """"data up to 31 Oct 2026, 32 days ago" when the newest interaction is older than yesterday, else None."""
    _, last = data.data_span()
    if last is None:
        return "no interactions loaded yet"
    days = ((today or date.today()) - last).days
    if days <= 1:
        return None
    return f"data up to {last:%-d %b %Y}, {days} days ago"


def caption(text: str) -> None:
    """The caption under a page title, with the data's age when it is not current."""
    age = data_age()
    st.caption(f"{text} · {age}" if age else text)


FORMATS = {"country": labels.country, "channel": lambda v: labels.value("channel", v),
           "language": lambda v: labels.value("language", v)}


def sidebar(viewer: Viewer) -> Selection:
    """Draw the shared filters and return the selection."""
    end = data_end()
    with st.sidebar:
        st.subheader("Filters")
        preset = st.selectbox("Period", PRESETS, index=PRESETS.index(DEFAULT_PRESET), key="filters_period")
        if preset == "Custom":
            picked = st.date_input("From – to (inclusive)", value=(end - timedelta(days=30), end - timedelta(days=1)),
                                   key="filters_custom")
            first, last = (picked[0], picked[-1]) if isinstance(picked, tuple | list) and picked else (
                end - timedelta(days=30), end - timedelta(days=1))
            period = Period.days(first, last + timedelta(days=1))
            length = (last - first).days + 1
            previous = period.shifted(-length)
            label = f"{first:%d %b %Y} – {last:%d %b %Y}"
        else:
            period, previous = preset_period(preset, end)
            label = f"{preset} ({period.first_day():%d %b} – {period.end_day() - timedelta(days=1):%d %b %Y})"
        compare = st.toggle("Compare to previous period", value=True, key="filters_compare")
        options = data.filter_options(viewer)
        dims = (ROSTER_DIMS if viewer.role != "agent" else ()) + OTHER_DIMS
        chosen = []
        for dim in dims:
            values = st.multiselect(dim.capitalize(), options.get(dim, []), key=f"filters_{dim}",
                                    format_func=FORMATS.get(dim, str))
            if values:
                chosen.append((dim, tuple(values)))
    return Selection(period, previous if compare else None, label, end - timedelta(days=1), tuple(chosen))


def current() -> Selection:
    """The selection the router drew for this run (pages call this)."""
    return st.session_state[SELECTION_KEY]
