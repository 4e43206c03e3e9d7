"""The period each digest covers, its label (the send log's `period`) and its default.

- wall, agents: an ISO week `YYYY-Www` (Monday to Sunday, company timezone); default the last complete one.
- coaching: the ISO week the list is for, `YYYY-Www`; it covers the 4 complete weeks before its Monday.
- wheel: a month `YYYY-MM`; default the month of the latest recorded draw.
- compliance: a day `YYYY-MM-DD` (company timezone); default yesterday.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from metrics.periods import Period
from metrics.settings import company_timezone

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class PeriodError(ValueError):
    """A --period that does not fit the digest."""


def today_local() -> date:
    """Today in the company timezone."""
    return datetime.now(company_timezone()).date()


def local_days(first: date, last_exclusive: date) -> Period:
    """From local midnight of `first` to local midnight of `last_exclusive`, as a UTC period."""
    tz = company_timezone()

    def utc(d: date) -> datetime:
        return datetime.combine(d, time(0), tzinfo=tz).astimezone(UTC).replace(tzinfo=None)

    return Period(utc(first), utc(last_exclusive))


def week_label(day: date) -> str:
    """The ISO week of `day`, `YYYY-Www`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(label: str) -> date:
    """The Monday of ISO week `YYYY-Www`."""
    m = WEEK.match(label)
    if not m:
        raise PeriodError(f"{label!r}: expected an ISO week like 2026-W48")
    try:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError as exc:
        raise PeriodError(f"{label!r}: {exc}") from None


def default_period(digest: str, today: date) -> str | None:
    """The period a scheduled run covers on `today` (None: the wheel's latest draw decides)."""
    if digest in ("wall", "agents"):
        return week_label(today - timedelta(days=7))
    if digest == "coaching":
        return week_label(today)
    if digest == "compliance":
        return (today - timedelta(days=1)).isoformat()
    return None


def check_period(digest: str, label: str) -> str:
    """`label` if it fits `digest`, else a PeriodError saying what was expected."""
    if digest in ("wall", "agents", "coaching"):
        week_monday(label)
    elif digest == "wheel":
        if not MONTH.match(label):
            raise PeriodError(f"{label!r}: the wheel's period is a month like 2026-11")
    elif digest == "compliance":
        try:
            date.fromisoformat(label)
        except ValueError:
            raise PeriodError(f"{label!r}: the compliance digest's period is a day like 2026-12-01") from None
        if len(label) != len("2026-12-01"):
            raise PeriodError(f"{label!r}: the compliance digest's period is a day like 2026-12-01")
    return label


def week_period(label: str) -> Period:
    """The week `YYYY-Www` in the company timezone, as a UTC period."""
    monday = week_monday(label)
    return local_days(monday, monday + timedelta(days=7))


def day_period(label: str) -> Period:
    """The day `YYYY-MM-DD` in the company timezone, as a UTC period."""
    day = date.fromisoformat(label)
    return local_days(day, day + timedelta(days=1))
