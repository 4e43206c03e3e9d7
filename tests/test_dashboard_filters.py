"""Period presets and the time-series drill-down periods of the dashboard."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from dashboard.drill import group_period
from dashboard.filters import Selection, preset_period
from metrics.periods import Period


def test_latest_month_compares_with_the_month_before() -> None:
    now, before = preset_period("Latest month", date(2026, 11, 1))
    assert now == Period.days(date(2026, 10, 1), date(2026, 11, 1))
    assert before == Period.days(date(2026, 9, 1), date(2026, 10, 1))


def test_rolling_presets_compare_with_the_same_length_just_before() -> None:
    now, before = preset_period("Last 7 days", date(2026, 11, 1))
    assert now == Period.days(date(2026, 10, 25), date(2026, 11, 1))
    assert before == Period.days(date(2026, 10, 18), date(2026, 10, 25))


def test_grain_is_daily_for_short_periods_and_monthly_for_long() -> None:
    short, _ = preset_period("Last 30 days", date(2026, 11, 1))
    long, _ = preset_period("Last 12 months", date(2026, 11, 1))
    assert Selection(short, None, "", date(2026, 10, 31)).grain == "day"
    assert Selection(long, None, "", date(2026, 10, 31)).grain == "month"
    assert Selection(short, None, "", date(2026, 10, 31), (("team", ("A",)), ("channel", ("sms",)))).company_filters \
        == {"channel": ("sms",)}


def test_a_time_series_row_drills_into_its_day_or_month() -> None:
    fallback = Period.all()
    assert group_period("2026-02", fallback) == Period.utc_month("2026-02")
    assert group_period(date(2026, 2, 3), fallback) == Period(datetime(2026, 2, 3), datetime(2026, 2, 4))
    assert group_period(pd.Timestamp("2026-02-03"), fallback) == Period(datetime(2026, 2, 3), datetime(2026, 2, 4))
    assert group_period(None, fallback) is fallback
