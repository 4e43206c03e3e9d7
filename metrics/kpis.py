"""KPIs per group: gather every measure in the database, then apply the definitions."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, Engine

from metrics import contacts, dimensions, qa, reviews, violations
from metrics.definitions import EXPORT_COLUMNS, KPIS
from metrics.dimensions import Filters, Key
from metrics.periods import Period
from metrics.rollups.compliance import RULES
from metrics.scope import Viewer

_ZERO_COUNTS = ("contacts", *(f"contacts_{c}" for c in ("voice", "email", "sms", "chat")))
_VOICE_AI = ("ai_calls", "ai_handoffs")
_COMPANY_FILTERS = ("channel", "language", "month", "day", "company")


def gather(
    conn: Connection, viewer: Viewer, period: Period, by: str, filters: Filters | None = None,
    target: float | None = None,
) -> dict[Key, dict]:
    """Every measure the KPI definitions need, per group."""
    medians = contacts.talk_medians(conn, viewer, period, by, filters)
    parts: list[dict[Key, dict]] = [
        contacts.contact_counts(conn, viewer, period, by, filters),
        contacts.account_counts(conn, viewer, period, by, filters),
        {k: {"median_talk_seconds": v} for k, v in medians.items()},
        violations.violation_counts(conn, viewer, period, by, filters),
    ]
    voice_ai = _voice_ai_calls(conn, viewer, period, by, filters)
    qa_figs = qa.qa_figures(conn, viewer, period, by, filters, target)
    review_figs = reviews.review_figures(conn, viewer, period, by, filters)
    keys: set[Key] = set(qa_figs) | set(review_figs)
    for part in parts:
        keys |= set(part)
    if by == "company":
        keys = {None}
    out: dict[Key, dict] = {}
    for k in keys:
        m: dict = {n: 0 for n in _ZERO_COUNTS}
        m.update({"placed_calls": 0, "violating_calls": 0, **{r: 0 for r in RULES}})
        for part in parts:
            m.update(part.get(k, {}))
        if voice_ai is not None:
            m.update({n: voice_ai.get(k, {}).get(n, 0) for n in _VOICE_AI})
        fig = qa_figs.get(k)
        m["qa_score"] = fig.qa_score if fig else None
        m["at_target_share"] = fig.at_target_share if fig else None
        if by != "channel":
            rf = review_figs.get(k, reviews.ReviewFigures(
                five_star_with_comment=None if by in reviews.PERSON_DIMS else 0))
            m.update(reviews=rf.reviews, avg_rating=rf.avg_rating, five_star_reviews=rf.five_star,
                     attribution_coverage=rf.coverage)
        out[k] = m
    return out


def _voice_ai_calls(
    conn: Connection, viewer: Viewer, period: Period, by: str, filters: Filters | None
) -> dict[Key, dict] | None:
    """The voice-AI measures when a person cut would distort them, else None (use the group's own).

    The voice AI belongs to no team, site or country: a call it kept has no agent, so a team
    filter (or a manager's scope) would keep only its hand-offs and show 100 %. Filtered by people,
    the hand-off rate is the voice AI's own over the same period, channel and language (it names
    nobody); grouped by people, it is empty.
    """
    if by in reviews.PERSON_DIMS:
        return {}
    if viewer.is_leadership and not any(d in reviews.PERSON_DIMS for d in filters or {}):
        return None
    wide = {d: v for d, v in (filters or {}).items() if d not in reviews.PERSON_DIMS}
    return contacts.contact_counts(conn, Viewer.leadership(), period, by, wide)


def kpi_records(
    engine: Engine,
    viewer: Viewer,
    period: Period | None = None,
    by: str = "company",
    filters: Filters | None = None,
    *,
    target: float | None = None,
    names: Sequence[str] = EXPORT_COLUMNS,
) -> list[dict]:
    """One dict per group (`by`) with the KPI values `names`, limited to what `viewer` may see."""
    dimensions.check_dimension(by)
    period = period or Period.all()
    with engine.connect() as conn:
        measures = gather(conn, viewer, period, by, filters, target)
    chosen = [k for k in KPIS if k.name in names]
    rows = []
    for key in sorted(measures, key=lambda x: (x is None, str(x))):
        row = {by: key} if by != "company" else {}
        row.update({k.name: k.compute(measures[key]) for k in chosen})
        rows.append(row)
    return rows


def kpis(
    engine: Engine,
    viewer: Viewer,
    period: Period | None = None,
    by: str = "company",
    filters: Filters | None = None,
    *,
    target: float | None = None,
    names: Sequence[str] = EXPORT_COLUMNS,
) -> pd.DataFrame:
    """KPIs as a frame: one row per group (`by`), limited to what `viewer` may see.

    `period` defaults to all data; `filters` maps dimensions to a value or a list of values.
    The group column is named after `by` (none for `company`); None = nobody / not recorded.
    """
    rows = kpi_records(engine, viewer, period, by, filters, target=target, names=names)
    columns = ([by] if by != "company" else []) + [n for n in (k.name for k in KPIS) if n in names]
    frame = pd.DataFrame(rows, columns=columns)
    if by != "company":
        frame[by] = pd.Series([r[by] for r in rows], dtype=object)
    return frame


def company_totals(
    engine: Engine, viewer: Viewer, period: Period | None = None, filters: Filters | None = None
) -> pd.DataFrame:
    """Company-wide totals (one row, naming nobody), which every viewer may see.

    Only filters that name nobody (channel, language, month, day) are accepted.
    """
    bad = [d for d in (filters or {}) if d not in _COMPANY_FILTERS]
    if bad:
        raise ValueError(f"company totals cannot be filtered by {', '.join(bad)}")
    del viewer
    return kpis(engine, Viewer.leadership(), period, "company", filters)


def timeseries(
    engine: Engine, viewer: Viewer, period: Period | None = None, grain: str = "day",
    filters: Filters | None = None, names: Sequence[str] = EXPORT_COLUMNS,
) -> pd.DataFrame:
    """KPIs per UTC day or month (`grain`), within the viewer's scope."""
    if grain not in ("day", "month"):
        raise ValueError("grain must be 'day' or 'month'")
    return kpis(engine, viewer, period, grain, filters, names=names)


def outcome_mix(
    engine: Engine, viewer: Viewer, period: Period | None = None, by: str = "company",
    filters: Filters | None = None,
) -> pd.DataFrame:
    """Share of each outcome code among engaged interactions with an outcome, per group."""
    period = period or Period.all()
    with engine.connect() as conn:
        counts = contacts.outcome_counts(conn, viewer, period, by, filters)
    rows = []
    for key in sorted(counts, key=lambda x: (x is None, str(x))):
        total = sum(counts[key].values())
        for outcome in sorted(counts[key]):
            n = counts[key][outcome]
            rows.append({**({by: key} if by != "company" else {}), "outcome": outcome, "interactions": n,
                         "share": n / total if total else None})
    return pd.DataFrame(rows, columns=([by] if by != "company" else []) + ["outcome", "interactions", "share"])
