"""The coaching pages' reads and writes: typed, cached metrics calls (reads) and audited writes.

Writes act as the signed-in person (`Actor`), go through the same scope checks as the CLI, and clear
every cached read afterwards: a rescore changes QA figures on every page.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from metrics import calibration, coaching, coaching_effect, disputes, evaluations
from metrics.actors import Actor
from metrics.audit import audit_trail
from metrics.database import open_engine
from metrics.dimensions import Filters
from metrics.periods import Period
from metrics.scope import Viewer
from sql.database import database_url

TTL_SECONDS = 300


def _engine() -> Engine:
    return open_engine()


def _filters(filters: Filters | None) -> tuple:
    return tuple(sorted((k, tuple(v) if not isinstance(v, str) else (v,)) for k, v in (filters or {}).items()))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _evaluation_list(url: str, viewer: Viewer, period: Period, filters: tuple, limit: int,
                     missed: str | None) -> pd.DataFrame:
    del url
    return evaluations.evaluation_list(_engine(), viewer, period, dict(filters), limit, missed)


def evaluation_list(viewer: Viewer, period: Period, filters: Filters | None = None, limit: int = 500,
                    missed: str | None = None) -> pd.DataFrame:
    """The evaluations behind a QA figure (see `metrics.evaluations.evaluation_list`)."""
    return _evaluation_list(database_url(), viewer, period, _filters(filters), limit, missed)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _open(url: str, viewer: Viewer, evaluation_id: str) -> evaluations.Evaluation:
    del url
    return evaluations.open_evaluation(_engine(), viewer, evaluation_id)


def open_evaluation(viewer: Viewer, evaluation_id: str) -> evaluations.Evaluation:
    """One evaluation (LookupError / ScopeError as `metrics.evaluations.open_evaluation`)."""
    return _open(database_url(), viewer, evaluation_id)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _sessions(url: str, viewer: Viewer) -> pd.DataFrame:
    del url
    return coaching.sessions(_engine(), viewer)


def sessions(viewer: Viewer) -> pd.DataFrame:
    """Coaching sessions in scope, newest first."""
    return _sessions(database_url(), viewer)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _effects(url: str, viewer: Viewer, today: date) -> pd.DataFrame:
    del url
    return coaching_effect.session_effects(_engine(), viewer, today=today)


def session_effects(viewer: Viewer, today: date) -> pd.DataFrame:
    """Before/after figures per session in scope."""
    return _effects(database_url(), viewer, today)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _shares(url: str, viewer: Viewer, by: str, today: date) -> pd.DataFrame:
    del url
    return coaching_effect.improvement_shares(_engine(), viewer, by, today=today)


def improvement_shares(viewer: Viewer, by: str, today: date) -> pd.DataFrame:
    """Share of sessions followed by an improvement, per manager (`coached_by`) or `criterion`."""
    return _shares(database_url(), viewer, by, today)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _criteria(url: str) -> list[str]:
    del url
    return coaching.known_criteria(_engine())


def known_criteria() -> list[str]:
    """Every scored criterion (the choices of a session's focus)."""
    return _criteria(database_url())


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _agreement(url: str, viewer: Viewer, period: Period) -> pd.DataFrame:
    del url
    return calibration.criterion_agreement(_engine(), viewer, period)


def criterion_agreement(viewer: Viewer, period: Period) -> pd.DataFrame:
    """Krippendorff's alpha per criterion over double-scored interactions."""
    return _agreement(database_url(), viewer, period)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _double(url: str, viewer: Viewer, period: Period) -> int:
    del url
    return calibration.double_scored_interactions(_engine(), viewer, period)


def double_scored_interactions(viewer: Viewer, period: Period) -> int:
    """Interactions scored by two or more evaluators."""
    return _double(database_url(), viewer, period)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _drift(url: str, viewer: Viewer, period: Period) -> pd.DataFrame:
    del url
    return calibration.evaluator_drift(_engine(), viewer, period)


def evaluator_drift(viewer: Viewer, period: Period) -> pd.DataFrame:
    """Evaluators' mean difference to the median of double-scored interactions."""
    return _drift(database_url(), viewer, period)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _disputes(url: str, viewer: Viewer, status: str | None) -> pd.DataFrame:
    del url
    return disputes.disputes(_engine(), viewer, status=status)


def dispute_list(viewer: Viewer, status: str | None = None) -> pd.DataFrame:
    """Disputes in scope, open ones first."""
    return _disputes(database_url(), viewer, status)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _audit(url: str, viewer: Viewer, subject: str | None) -> pd.DataFrame:
    del url
    return audit_trail(_engine(), viewer, subject)


def audit(viewer: Viewer, subject: str | None = None) -> pd.DataFrame:
    """The QA audit trail in scope."""
    return _audit(database_url(), viewer, subject)


def _changed() -> None:
    st.cache_data.clear()


def log_session(actor: Actor, s: coaching.SessionInput) -> int:
    """Log a coaching session from the dashboard (audited), then refresh every read."""
    session_id = coaching.log_session(_engine(), actor, s, source="app")
    _changed()
    return session_id


def raise_dispute(actor: Actor, evaluation_id: str, reason: str) -> int:
    """An agent disputes their evaluation (audited), then refresh every read."""
    dispute_id = disputes.raise_dispute(_engine(), actor, evaluation_id, reason)
    _changed()
    return dispute_id


def decide_dispute(actor: Actor, dispute_id: int, decision: str, note: str | None,
                   scores: dict[str, float] | None) -> str:
    """A manager upholds or rescores (audited), then refresh every read (QA figures change)."""
    msg = disputes.decide_dispute(_engine(), actor, dispute_id, decision, note, scores)
    _changed()
    return msg


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def _coachable(url: str, viewer: Viewer) -> pd.DataFrame:
    del url
    return coaching.coachable_agents(_engine(), viewer)


def coachable_agents(viewer: Viewer) -> pd.DataFrame:
    """Agents the viewer may log sessions for."""
    return _coachable(database_url(), viewer)
