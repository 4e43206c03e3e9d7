"""Which frame row a clicked chart point stands for (the drill-down from a chart)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.components import point_row


def test_a_bar_names_its_category_on_x() -> None:
    frame = pd.DataFrame({"country": ["CA", "MX", "US"], "contacts": [3, 4, 5]})
    row = point_row(frame, "country", [{"x": "MX", "y": 4, "point_index": 1, "curve_number": 0}])
    assert row is not None and row["country"] == "MX"


def test_a_horizontal_bar_names_its_category_on_y() -> None:
    frame = pd.DataFrame({"agent_id": ["A1", "A2"], "full_name": ["Ana Ruiz", "Bob Lee"], "qa": [91.0, 80.0]})
    row = point_row(frame, "full_name", [{"x": 80.0, "y": "Bob Lee"}])
    assert row is not None and row["agent_id"] == "A2"


def test_a_day_point_matches_the_days_of_the_series_whatever_their_type() -> None:
    points = [{"x": "2026-10-02", "y": 0.5}]
    as_dates = pd.DataFrame({"day": [date(2026, 10, 1), date(2026, 10, 2)], "n": [1, 2]})
    as_stamps = pd.DataFrame({"day": pd.to_datetime(["2026-10-01", "2026-10-02"]), "n": [1, 2]})
    assert point_row(as_dates, "day", points)["n"] == 2
    assert point_row(as_stamps, "day", points)["n"] == 2


def test_a_month_point_matches_its_month() -> None:
    frame = pd.DataFrame({"month": ["2026-09", "2026-10"], "n": [1, 2]})
    assert point_row(frame, "month", [{"x": "2026-10", "y": 2}])["n"] == 2


def test_a_stale_or_empty_selection_shows_nothing() -> None:
    frame = pd.DataFrame({"country": ["CA"], "contacts": [3]})
    assert point_row(frame, "country", [{"x": "FR", "y": 3}]) is None
    assert point_row(frame, "country", []) is None
    assert point_row(frame, "site", [{"x": "CA"}]) is None
    assert point_row(frame.iloc[0:0], "country", [{"x": "CA"}]) is None
