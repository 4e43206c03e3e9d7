"""The dashboard's one way to read data: metrics functions over one cached engine, results cached with a TTL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from metrics import calls, guard, health, people, recognition, review_feed, wheel
from metrics.decisions import decide_review
from metrics.drilldown import account_interactions, interactions
from metrics.guard import NEAR_LIMIT_COLUMNS
from metrics.kpis import company_totals, kpis, outcome_mix, timeseries
from metrics.qa import coaching_flags, criterion_pass_rates, qa_scores
from metrics.reviews import review_queue
from metrics.scope import Viewer
from metrics.violations import compliance_findings
from sql.database import database_url, get_engine

TTL_SECONDS = 300

READS: dict[str, Callable[..., Any]] = {
    "kpis": kpis,
    "company_totals": company_totals,
    "timeseries": timeseries,
    "outcome_mix": outcome_mix,
    "qa_scores": qa_scores,
    "criterion_pass_rates": criterion_pass_rates,
    "coaching_flags": coaching_flags,
    "review_queue": review_queue,
    "compliance_findings": compliance_findings,
    "interactions": interactions,
    "wheel_history": wheel.history,
    "wheel_entrants": recognition.wheel_entrants,
    "people": people.people,
    "filter_options": people.filter_options,
    "review_feed": review_feed.review_feed,
    "review_candidates": review_feed.review_candidates,
    "review_audit": review_feed.review_audit,
    "insider_flags": review_feed.insider_flags,
    "leaderboard": recognition.five_star_leaderboard,
    "wall": recognition.five_star_wall,
    "handler_split": calls.handler_split,
    "talk_distribution": calls.talk_distribution,
    "account_interactions": account_interactions,
    "runs": health.ingest_run_list,
    "reject_reasons": health.reject_reasons,
    "reject_rows": health.reject_rows,
    "unknown_agents": health.unknown_agents,
    "unknown_accounts": health.unknown_accounts,
    "last_sync": health.last_sync,
    "sync_bookmarks": health.sync_bookmark_list,
}
UNSCOPED: dict[str, Callable[..., Any]] = {
    "data_span": health.data_span,
    "review_months": review_feed.review_months,
    "agent_by_email": people.agent_by_email,
    "agent_names": people.agent_names,
    "near_limit": lambda engine, at=None: pd.DataFrame(guard.near_limit(engine, at), columns=NEAR_LIMIT_COLUMNS),
}


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return get_engine(url)


def engine() -> Engine:
    """The process-wide engine for DATABASE_URL (migrated on first use)."""
    return _engine(database_url())


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=2000)
def _read(url: str, name: str, viewer: Viewer | None, args: tuple, kwargs: tuple) -> Any:
    if viewer is None:
        return UNSCOPED[name](_engine(url), *args, **dict(kwargs))
    return READS[name](_engine(url), viewer, *args, **dict(kwargs))


def read(name: str, viewer: Viewer, *args: Any, **kwargs: Any) -> Any:
    """Call the metrics function `name` for `viewer` (cached for TTL_SECONDS per arguments)."""
    return _read(database_url(), name, viewer, args, tuple(sorted(kwargs.items())))


def read_unscoped(name: str, *args: Any) -> Any:
    """Call a metrics function that names nobody (data span, months, roster lookup by email)."""
    return _read(database_url(), name, None, args, ())


def changed() -> None:
    """Forget cached reads after a write (a decision, a draw)."""
    _read.clear()


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
