"""Reporting periods: half-open intervals of UTC instants `[start, end)`.

Two kinds of month, named for what they are: a UTC month (`Period.utc_month`, the `month`
dimension and the rollups' month rows) and a month in the company timezone
(`Period.company_month`, the prize wheel's month, as a manager reads it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import ColumnElement, and_, true

from metrics.settings import company_timezone


@dataclass(frozen=True)
class Period:
    """`[start, end)` in naive UTC; an open side (None) means no bound."""

    start: datetime | None = None
    end: datetime | None = None

    @classmethod
    def all(cls) -> Period:
        """Every instant."""
        return cls()

    @classmethod
    def days(cls, first: date | None, last_exclusive: date | None) -> Period:
        """From midnight UTC of `first` to midnight UTC of `last_exclusive`."""
        return cls(_midnight(first), _midnight(last_exclusive))

    @classmethod
    def utc_month(cls, month: str) -> Period:
        """One UTC calendar month, `YYYY-MM`."""
        first = date.fromisoformat(month + "-01")
        return cls.days(first, next_month(first))

    @classmethod
    def company_month(cls, month: str, tz: tzinfo | None = None) -> Period:
        """One calendar month, `YYYY-MM`, in the company timezone (or `tz`), as UTC instants."""
        first = date.fromisoformat(month + "-01")
        zone = tz or company_timezone()

        def utc(d: date) -> datetime:
            return datetime.combine(d, time(0), tzinfo=zone).astimezone(UTC).replace(tzinfo=None)

        return cls(utc(first), utc(next_month(first)))

    @property
    def day_aligned(self) -> bool:
        """True when both bounds are UTC midnights, so daily rollups answer exactly."""
        return all(b is None or b.time() == time(0) for b in (self.start, self.end))

    def first_day(self) -> date | None:
        """The first UTC day covered (aligned periods)."""
        return self.start.date() if self.start else None

    def end_day(self) -> date | None:
        """The first UTC day no longer covered (aligned periods)."""
        return self.end.date() if self.end else None

    def on_timestamp(self, col: ColumnElement) -> ColumnElement[bool]:
        """Filter for a naive-UTC timestamp column."""
        parts = []
        if self.start is not None:
            parts.append(col >= self.start)
        if self.end is not None:
            parts.append(col < self.end)
        return and_(true(), *parts)

    def on_day(self, col: ColumnElement) -> ColumnElement[bool]:
        """Filter for a UTC `day` column (aligned periods only)."""
        parts = []
        if self.start is not None:
            parts.append(col >= self.first_day())
        if self.end is not None:
            parts.append(col < self.end_day())
        return and_(true(), *parts)

    def shifted(self, days: int) -> Period:
        """The same period moved by `days`."""
        d = timedelta(days=days)
        return Period(self.start + d if self.start else None, self.end + d if self.end else None)


def _midnight(d: date | None) -> datetime | None:
    return datetime.combine(d, time(0)) if d is not None else None


def first_of_month(d: date) -> date:
    """The first day of `d`'s month."""
    return d.replace(day=1)


def next_month(d: date) -> date:
    """The first day of the month after `d`'s."""
    return date(d.year + d.month // 12, d.month % 12 + 1, 1)
