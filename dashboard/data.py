"""The dashboard's reads: one typed, cached function per metrics read, over one cached engine.

Pages call these (never SQL, never `metrics` with an engine). Every read is cached with
`st.cache_data` for TTL_SECONDS per arguments; writes (a decision, a draw) clear them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from metrics import calls, guard, health, recognition, wheel
from metrics import people as people_reads
from metrics import review_feed as review_reads
from metrics.database import open_engine
from metrics.decisions import decide_review
from metrics.definitions import KPIS
from metrics.dimensions import Filters
from metrics.drilldown import account_interactions as _account_interactions
from metrics.drilldown import interactions as interaction_rows
from metrics.guard import NEAR_LIMIT_COLUMNS
from metrics.kpis import company_totals as _company_totals
from metrics.kpis import kpis as _kpis
from metrics.kpis import outcome_mix as _outcome_mix
from metrics.kpis import timeseries as _timeseries
from metrics.periods import Period
from metrics.qa import coaching_flags as _coaching_flags
from metrics.qa import criterion_pass_rates as _criterion_pass_rates
from metrics.qa import qa_scores as _qa_scores
from metrics.reviews import review_queue as _review_queue
from metrics.scope import Viewer
from metrics.violations import compliance_findings
from sql.database import database_url

TTL_SECONDS = 300
ALL_KPIS: tuple[str, ...] = tuple(k.name for k in KPIS)
_cached = st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=500)


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return open_engine(url)


def engine() -> Engine:
    """The process-wide engine for DATABASE_URL (upgraded on first use: `metrics.database.open_engine`)."""
    return _engine(database_url())


# KPIs -------------------------------------------------------------------------------------------------------------

@_cached
def kpis(viewer: Viewer, period: Period | None, by: str = "company", filters: Filters | None = None,
         names: Sequence[str] = ALL_KPIS) -> pd.DataFrame:
    """KPIs `names` per group `by` (one row for `company`), within the viewer's scope."""
    return _kpis(engine(), viewer, period, by, filters, names=tuple(names))


def kpi_row(viewer: Viewer, period: Period | None, filters: Filters | None = None,
            names: Sequence[str] = ALL_KPIS) -> pd.Series | None:
    """The company-level KPIs of the viewer's scope as one row (None without a period)."""
    if period is None:
        return None
    frame = kpis(viewer, period, "company", filters, tuple(names))
    return frame.iloc[0] if not frame.empty else None


@_cached
def company_totals(viewer: Viewer, period: Period, filters: Filters | None = None) -> pd.DataFrame:
    """Company-wide KPIs that name nobody (any viewer)."""
    return _company_totals(engine(), viewer, period, filters)


@_cached
def timeseries(viewer: Viewer, period: Period, grain: str, filters: Filters | None = None,
               names: Sequence[str] = ALL_KPIS) -> pd.DataFrame:
    """KPIs per day or month."""
    return _timeseries(engine(), viewer, period, grain, filters, names=tuple(names))


@_cached
def outcome_mix(viewer: Viewer, period: Period, by: str = "company", filters: Filters | None = None) -> pd.DataFrame:
    """Share of each outcome among engaged interactions with an outcome, per group."""
    return _outcome_mix(engine(), viewer, period, by, filters)


# QA ---------------------------------------------------------------------------------------------------------------

@_cached
def qa_scores(viewer: Viewer, period: Period, by: str = "agent", filters: Filters | None = None) -> pd.DataFrame:
    """Evaluations and QA score per group."""
    return _qa_scores(engine(), viewer, period, by, filters)


@_cached
def criterion_pass_rates(viewer: Viewer, period: Period, filters: Filters | None = None) -> pd.DataFrame:
    """Per scorecard criterion: full-marks rate and score share."""
    return _criterion_pass_rates(engine(), viewer, period, filters)


@_cached
def coaching_flags(viewer: Viewer, today: date) -> pd.DataFrame:
    """Agents below target over the last 4 complete weeks, with their weakest criterion."""
    return _coaching_flags(engine(), viewer, today)


# Reviews ----------------------------------------------------------------------------------------------------------

@_cached
def review_queue(viewer: Viewer) -> pd.DataFrame:
    """Reviews waiting for a decision, one row per candidate agent."""
    return _review_queue(engine(), viewer)


@_cached
def review_feed(viewer: Viewer, period: Period | None, stars: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Reviews of the period with their attribution status, evidence and text."""
    return review_reads.review_feed(engine(), viewer, period, stars=stars)


@_cached
def review_candidates(viewer: Viewer, review_id: str) -> pd.DataFrame:
    """The candidate agents of one review with their evidence."""
    return review_reads.review_candidates(engine(), viewer, review_id)


@_cached
def review_audit(viewer: Viewer, review_id: str | None = None) -> pd.DataFrame:
    """Decisions recorded (for one review, or the newest of all)."""
    return review_reads.review_audit(engine(), viewer, review_id)


@_cached
def insider_flags(viewer: Viewer) -> pd.DataFrame:
    """Reviews held as possible insider reviews."""
    return review_reads.insider_flags(engine(), viewer)


@_cached
def review_months() -> list[str]:
    """Months (YYYY-MM) with reviews, newest first."""
    return review_reads.review_months(engine())


# People -----------------------------------------------------------------------------------------------------------

@_cached
def people(viewer: Viewer) -> pd.DataFrame:
    """The roster the viewer may see."""
    return people_reads.people(engine(), viewer)


@_cached
def agent_names(agent_ids: tuple[str, ...]) -> dict[str, str]:
    """Agent id -> full name."""
    return people_reads.agent_names(engine(), agent_ids)


@_cached
def agent_by_email(email: str) -> dict | None:
    """The roster row of a work email, or None."""
    return people_reads.agent_by_email(engine(), email)


@_cached
def filter_options(viewer: Viewer) -> dict[str, list[str]]:
    """The values each sidebar filter offers the viewer."""
    return people_reads.filter_options(engine(), viewer)


# Recognition ------------------------------------------------------------------------------------------------------

@_cached
def leaderboard(viewer: Viewer, month: str) -> pd.DataFrame:
    """Credited five-star reviews per person in the month."""
    return recognition.five_star_leaderboard(engine(), viewer, month)


@_cached
def wall(viewer: Viewer, month: str) -> pd.DataFrame:
    """The month's credited five-star reviews with their text."""
    return recognition.five_star_wall(engine(), viewer, month)


@_cached
def wheel_entrants(viewer: Viewer, month: str, draw_date: date, weighted: bool) -> pd.DataFrame:
    """Who would enter the month's draw on `draw_date`."""
    return recognition.wheel_entrants(engine(), viewer, month, draw_date, weighted)


@_cached
def wheel_history(viewer: Viewer) -> list[wheel.Draw]:
    """Every recorded draw, newest first."""
    return wheel.history(engine(), viewer)


# Channels, compliance, drill-downs --------------------------------------------------------------------------------

@_cached
def handler_split(viewer: Viewer, period: Period, filters: Filters | None = None) -> pd.DataFrame:
    """Calls by who handled them."""
    return calls.handler_split(engine(), viewer, period, filters)


@_cached
def talk_distribution(viewer: Viewer, period: Period, filters: Filters | None = None) -> pd.DataFrame:
    """Person-handled calls per minute of talk time."""
    return calls.talk_distribution(engine(), viewer, period, filters)


@_cached
def findings(viewer: Viewer, period: Period | None, filters: Filters | None = None) -> pd.DataFrame:
    """Regulation F findings: one row per contact and rule broken."""
    return compliance_findings(engine(), viewer, period, filters)


@_cached
def account_interactions(viewer: Viewer, account_id: str, around: datetime) -> pd.DataFrame:
    """An account's calls and messages 8 days either side of `around`."""
    return _account_interactions(engine(), viewer, account_id, around)


@_cached
def interactions(viewer: Viewer, period: Period, filters: Filters | None = None, limit: int = 500) -> pd.DataFrame:
    """The interactions behind a figure (newest `limit`)."""
    return interaction_rows(engine(), viewer, period, filters, limit)


@_cached
def near_limit(at: datetime | None = None) -> pd.DataFrame:
    """Accounts close to a Regulation F call limit (see `metrics.guard.near_limit`)."""
    return pd.DataFrame(guard.near_limit(engine(), at), columns=NEAR_LIMIT_COLUMNS)


# Data health ------------------------------------------------------------------------------------------------------

@_cached
def data_span() -> tuple[date | None, date | None]:
    """The first and last day with interactions."""
    return health.data_span(engine())


@_cached
def runs(viewer: Viewer) -> pd.DataFrame:
    """Ingest runs, newest first."""
    return health.ingest_run_list(engine(), viewer)


@_cached
def reject_reasons(viewer: Viewer) -> pd.DataFrame:
    """Rejected rows per source and reason."""
    return health.reject_reasons(engine(), viewer)


@_cached
def reject_rows(viewer: Viewer) -> pd.DataFrame:
    """The rejected rows with file, line, column and reason."""
    return health.reject_rows(engine(), viewer)


@_cached
def unknown_agents(viewer: Viewer) -> pd.DataFrame:
    """Agent ids in the data that the roster does not know."""
    return health.unknown_agents(engine(), viewer)


@_cached
def unknown_accounts(viewer: Viewer) -> pd.DataFrame:
    """Account ids in the data missing from the accounts file."""
    return health.unknown_accounts(engine(), viewer)


@_cached
def last_sync(viewer: Viewer) -> pd.DataFrame:
    """The last load per source."""
    return health.last_sync(engine(), viewer)


@_cached
def sync_bookmarks(viewer: Viewer) -> pd.DataFrame:
    """Google sync bookmarks per location."""
    return health.sync_bookmark_list(engine(), viewer)


# Writes -----------------------------------------------------------------------------------------------------------

def changed() -> None:
    """Forget every cached read after a write (a decision, a draw)."""
    st.cache_data.clear()


def decide(viewer: Viewer, review_id: str, action: str, agent_id: str, by: str, note: str | None) -> str:
    """Record a manager's decision on a review (see `metrics.decisions.decide_review`) and refresh the reads."""
    msg = decide_review(engine(), viewer, review_id, action, agent_id, by, note)
    changed()
    return msg


def draw(viewer: Viewer, month: str, weighted: bool, by: str) -> wheel.Draw:
    """Spin the month's wheel and record it (leadership only), then refresh the reads."""
    result = wheel.draw(engine(), viewer, month, weighted=weighted, drawn_by=by)
    changed()
    return result


def replay(draw_id: int) -> tuple[wheel.Draw, str | None]:
    """A recorded draw and the winner recomputed from its seed and entrants."""
    return wheel.replay(engine(), draw_id)
