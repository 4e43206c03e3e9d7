"""The demo's fixed year and its time arithmetic: epoch seconds, local wall clocks, ISO 8601 text."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DAY = 86_400
END_DATE = date(2026, 10, 31)
_EPOCH = date(1970, 1, 1)
WINDOW_END = ((END_DATE - _EPOCH).days + 1) * DAY
WINDOW_START = WINDOW_END - 365 * DAY


@lru_cache(maxsize=4096)
def day_text(epoch_day: int) -> str:
    """`YYYY-MM-DD` of a day counted from 1970-01-01."""
    return (_EPOCH + timedelta(days=epoch_day)).isoformat()


def iso(ts: int) -> str:
    """ISO 8601 UTC text with `Z` of epoch seconds (faster than strftime for a million rows)."""
    d, s = divmod(ts, DAY)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    return f"{day_text(d)}T{h:02d}:{m:02d}:{s:02d}Z"


def epoch_day(d: date) -> int:
    """Days from 1970-01-01 to `d`."""
    return (d - _EPOCH).days


def to_date(day: int) -> date:
    """The date of an epoch day."""
    return _EPOCH + timedelta(days=day)


@lru_cache(maxsize=32_768)
def utc_offset(tz: str, day: int) -> int:
    """Seconds east of UTC of `tz` at local noon of `day` (calls never straddle a 2am DST change)."""
    noon = datetime(1970, 1, 1) + timedelta(days=day, hours=12)
    offset = ZoneInfo(tz).utcoffset(noon)
    return int(offset.total_seconds()) if offset else 0


def local_to_utc(tz: str, day: int, seconds: int) -> int:
    """Epoch seconds of local wall-clock `seconds` after midnight of local `day` in `tz`."""
    return day * DAY + seconds - utc_offset(tz, day)


def local_day(tz: str, ts: int) -> int:
    """The local calendar day (epoch day) of instant `ts` in `tz`."""
    guess = (ts + utc_offset(tz, ts // DAY)) // DAY
    return (ts + utc_offset(tz, guess)) // DAY


def local_seconds(tz: str, ts: int) -> int:
    """Seconds after local midnight of instant `ts` in `tz`."""
    day = local_day(tz, ts)
    return ts + utc_offset(tz, day) - day * DAY
