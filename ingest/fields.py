"""Column types of the data contract, validated a whole column at a time.

Each check turns a column of raw strings into typed values plus the rows that
break a rule, with the reason a person can act on. Working on whole columns
(pandas/numpy) keeps validation cheap next to the database write.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones

import numpy as np
import pandas as pd

OUTCOMES = frozenset(
    {
        "payment_plan_created",
        "plan_restarted",
        "paid_in_full",
        "payment_made",
        "hardship_support",
        "dispute_raised",
        "callback_requested",
        "no_resolution",
    }
)
TRUE_WORDS = frozenset({"true", "1", "yes"})
FALSE_WORDS = frozenset({"false", "0", "no"})
_TZ_SUFFIX = r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$"
_E164 = r"^\+[1-9]\d{1,14}$"
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_LANG = r"^[a-z]{2}$"
INT_MAX = 2**31 - 1  # the schema's INTEGER columns (PostgreSQL int4)
YEAR_RANGE = (1900, 2199)  # timestamps outside are typos, and some fall outside what the engines store


@dataclass(frozen=True)
class Field:
    """One column of a canonical file."""

    name: str
    kind: str = "text"
    required: bool = False
    choices: frozenset[str] = field(default_factory=frozenset)
    max_length: int | None = None
    minimum: float | None = None
    minimum_exclusive: bool = False
    maximum: float | None = None


@dataclass
class Problem:
    """Rows (by position) that break one rule of one column."""

    column: str
    positions: np.ndarray
    reason: str
    values: np.ndarray | None = None  # what to show as the rejected value, when not the file's cell


@dataclass
class Context:
    """What a check may need beyond the column: the source's timezone for naive stamps."""

    timezone: str | None = None


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, from the IANA tz database's iso3166.tab (tzdata)."""
    text = resources.files("tzdata").joinpath("zoneinfo/iso3166.tab").read_text(encoding="utf-8")
    codes = {line.split("\t", 1)[0] for line in text.splitlines() if line and not line.startswith("#")}
    return frozenset(codes)


@lru_cache(maxsize=1)
def timezone_names() -> frozenset[str]:
    """IANA timezone names known to this machine (tzdata)."""
    return frozenset(available_timezones())


def _positions(mask: pd.Series | np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.asarray(mask, dtype=bool))


def _fmt_choices(choices: frozenset[str]) -> str:
    return ", ".join(sorted(choices))


def check_column(spec: Field, raw: pd.Series, ctx: Context) -> tuple[pd.Series, list[Problem]]:
    """Validate one column: typed values (missing = None/NaT) and the problems found."""
    values = raw.str.strip()
    blank = values.eq("")
    problems: list[Problem] = []
    if spec.required and blank.any():
        problems.append(Problem(spec.name, _positions(blank), f"{spec.name} is required"))
    nul = values.str.contains("\x00", regex=False)
    if nul.any():
        problems.append(Problem(spec.name, _positions(nul), "contains a NUL character (0x00), which cannot be stored"))
    present = ~blank & ~nul
    typed, more = _KINDS[spec.kind](spec, values, present, ctx)
    problems.extend(more)
    if spec.max_length is not None and spec.kind in ("text", "id"):
        too_long = present & values.str.len().gt(spec.max_length)
        if too_long.any():
            problems.append(
                Problem(spec.name, _positions(too_long), f"longer than {spec.max_length} characters")
            )
    return typed, problems


def _text(spec: Field, values: pd.Series, present: pd.Series, ctx: Context):
    return values.where(present, None), []


def _enum(spec: Field, values: pd.Series, present: pd.Series, ctx: Context):
    lowered = values.str.lower()
    bad = present & ~lowered.isin(spec.choices)
    problems = []
    if bad.any():
        problems.append(
            Problem(spec.name, _positions(bad), f"expected one of: {_fmt_choices(spec.choices)}")
        )
    return lowered.where(present, None), problems


def _regex(pattern: str, reason: str, normalise=None):
    def check(spec: Field, values: pd.Series, present: pd.Series, ctx: Context):
        v = normalise(values) if normalise else values
        bad = present & ~v.str.match(pattern)
        problems = [Problem(spec.name, _positions(bad), reason)] if bad.any() else []
        return v.where(present, None), problems

    return check


def _languages(spec: Field, values: pd.Series, present: pd.Series, ctx: Context):
    v = values.str.lower().str.replace(r"\s*[;,]\s*", ";", regex=True).str.strip(";")
    bad = present & ~v.str.match(r"^[a-z]{2}(?:;[a-z]{2})*$")
    problems = []
    if bad.any():
        problems.append(
            Problem(spec.name, _positions(bad), "expected ';'-separated ISO 639-1 codes, e.g. en;es")
        )
    return v.where(present, None), problems


def _member(universe_fn, reason: str, upper: bool = False):
    def check(spec: Field, values: pd.Series, present: pd.Series, ctx: Context):
        v = values.str.upper() if upper else values
        bad = present & ~v.isin(universe_fn())
        problems = [Problem(spec.name, _positions(bad), reason)] if bad.any() else []
        return v.where(present, None), problems

    return check


def _bool(spec: Field, values: pd.Series, present: pd.Series, ctx: Context):
    lowered = values.str.lower()
    is_true = lowered.isin(TRUE_WORDS)
    bad = present & ~is_true & ~lowered.isin(FALSE_WORDS)
    problems = []
    if bad.any():
        problems.append(Problem(spec.name, _positions(bad), "expected true/false, 1/0 or yes/no"))
    return pd.Series(is_true.to_numpy(dtype=bool), index=values.index, dtype=object), problems


def _number(spec: Field, values: pd.Series, present: pd.Series, ctx: Context, integer: bool):
    nums = pd.to_numeric(values.where(present, None), errors="coerce")
    problems = []
    unparsable = present & (nums.isna() | ~np.isfinite(nums.fillna(0)))
    what = "a whole number" if integer else "a number"
    if unparsable.any():
        problems.append(Problem(spec.name, _positions(unparsable), f"expected {what}"))
        nums = nums.where(~unparsable)
    ok = present & ~unparsable
    if integer:
        fractional = ok & (nums.fillna(0) % 1 != 0)
        if fractional.any():
            problems.append(Problem(spec.name, _positions(fractional), f"expected {what}"))
        ok &= ~fractional
        nums = nums.where(~fractional)
        huge = ok & (nums.abs() > INT_MAX)
        if huge.any():
            problems.append(Problem(spec.name, _positions(huge), f"outside ±{INT_MAX}"))
        ok &= ~huge
        nums = nums.where(~huge)
    if spec.minimum is not None:
        if spec.minimum_exclusive:
            low = ok & (nums <= spec.minimum)
            reason = f"must be greater than {spec.minimum:g}"
        else:
            low = ok & (nums < spec.minimum)
            reason = f"must be {spec.minimum:g} or more"
        if low.any():
            problems.append(Problem(spec.name, _positions(low), reason))
    if spec.maximum is not None:
        high = ok & (nums > spec.maximum)
        if high.any():
            problems.append(Problem(spec.name, _positions(high), f"must be {spec.maximum:g} or less"))
    typed = nums.astype("Int64") if integer else nums.astype("Float64")
    return typed.where(ok & ~typed.isna(), None), problems


def _timestamp(spec: Field, values: pd.Series, present: pd.Series, ctx: Context):
    problems = []
    has_zone = values.str.contains(_TZ_SUFFIX, regex=True)
    naive = present & ~has_zone
    parsed = pd.to_datetime(values.where(present & has_zone, None), format="ISO8601", utc=True, errors="coerce")
    explained = pd.Series(False, index=values.index)
    if naive.any():
        local = pd.to_datetime(values.where(naive, None), format="ISO8601", errors="coerce")
        if ctx.timezone:
            localised = local.dt.tz_localize(ZoneInfo(ctx.timezone), ambiguous="NaT", nonexistent="NaT")
            parsed = parsed.where(~naive, localised.dt.tz_convert("UTC"))
            explained = naive & local.notna() & localised.isna()
            if explained.any():
                problems.append(Problem(
                    spec.name, _positions(explained),
                    f"local time skipped or repeated by a daylight-saving change in {ctx.timezone} (add an offset)",
                ))
        else:
            naive &= local.notna()
            if naive.any():
                problems.append(
                    Problem(
                        spec.name,
                        _positions(naive),
                        "timestamp has no timezone (add Z or an offset, or load with --timezone ZONE)",
                    )
                )
    unparsable = present & parsed.isna() & ~(naive & (ctx.timezone is None)) & ~explained
    if unparsable.any():
        problems.append(
            Problem(spec.name, _positions(unparsable), "not a valid ISO 8601 timestamp, e.g. 2026-03-01T14:05:00Z")
        )
    year = parsed.dt.year
    out_of_range = parsed.notna() & ((year < YEAR_RANGE[0]) | (year > YEAR_RANGE[1]))
    if out_of_range.any():
        problems.append(
            Problem(spec.name, _positions(out_of_range), f"year outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
        )
        parsed = parsed.where(~out_of_range)
    return parsed.dt.tz_convert("UTC").dt.tz_localize(None), problems


def _date(spec: Field, values: pd.Series, present: pd.Series, ctx: Context):
    parsed = pd.to_datetime(values.where(present, None), format="%Y-%m-%d", errors="coerce")
    bad = present & parsed.isna()
    problems = [Problem(spec.name, _positions(bad), "expected a date YYYY-MM-DD")] if bad.any() else []
    out_of_range = parsed.notna() & ((parsed.dt.year < YEAR_RANGE[0]) | (parsed.dt.year > YEAR_RANGE[1]))
    if out_of_range.any():
        problems.append(
            Problem(spec.name, _positions(out_of_range), f"year outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
        )
        parsed = parsed.where(~out_of_range)
    return parsed, problems


def _phone(values: pd.Series) -> pd.Series:
    return values.str.replace(r"[\s().\-]", "", regex=True)


_KINDS = {
    "text": _text,
    "id": _text,
    "enum": _enum,
    "bool": _bool,
    "int": lambda s, v, p, c: _number(s, v, p, c, integer=True),
    "number": lambda s, v, p, c: _number(s, v, p, c, integer=False),
    "timestamp": _timestamp,
    "date": _date,
    "phone": _regex(_E164, "expected an E.164 phone number, e.g. +13125550100", _phone),
    "email": _regex(_EMAIL, "expected an email address", lambda v: v.str.lower()),
    "language": _regex(_LANG, "expected an ISO 639-1 code, e.g. en", lambda v: v.str.lower()),
    "languages": _languages,
    "country": _member(country_codes, "expected an ISO 3166-1 alpha-2 country code, e.g. US", upper=True),
    "timezone": _member(timezone_names, "expected an IANA timezone name, e.g. America/Chicago"),
}
