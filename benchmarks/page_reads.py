"""Every metrics read each dashboard page makes on its first render, per role, called without Streamlit's cache.

Mirrors dashboard/views/*.py through dashboard/data.py and dashboard/coaching_data.py in their default state
(period "Last 30 days" with compare-to-previous on, default tabs and segments, no clicks): drill-downs run
only when a point is clicked, so they are not part of a page. Every page also runs the sidebar's reads
(`data_span`, `filter_options`). Keep this in step with the views when a page gains or loses a read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from dashboard.nav import ROLE_PAGES
from dashboard.page_kpis import (
    BREAKDOWN_KPIS,
    COMPLIANCE_CARDS,
    ME_CARDS,
    REVIEW_CARDS,
    TEAM_CARDS,
    TEAM_KPIS,
)
from metrics import calibration, calls, coaching, coaching_effect, disputes, evaluations, health, recognition
from metrics import people as people_reads
from metrics import review_feed as review_reads
from metrics.audit import audit_trail
from metrics.definitions import KPIS
from metrics.guard import near_limit
from metrics.kpis import company_totals, kpis, outcome_mix, timeseries
from metrics.periods import Period
from metrics.qa import coaching_flags, criterion_pass_rates, qa_scores
from metrics.reviews import review_queue
from metrics.scope import Viewer
from metrics.settings import CHANNELS
from metrics.violations import compliance_findings

ALL_KPIS = tuple(k.name for k in KPIS)
TREND_DEFAULT = 5  # dashboard/views/team.py: agents in the default QA trend
Read = tuple[str, Callable[[], object]]


@dataclass(frozen=True)
class Context:
    """What the sidebar chose: the last 30 days before `end` (exclusive) and the 30 days before them."""

    engine: Engine
    viewer: Viewer
    end: date

    @property
    def period(self) -> Period:
        return Period.days(self.end - timedelta(days=30), self.end)

    @property
    def previous(self) -> Period:
        return self.period.shifted(-30)

    @property
    def month(self) -> str:
        return f"{self.end - timedelta(days=1):%Y-%m}"


def _sidebar(c: Context) -> list[Read]:
    return [("data_span", lambda: health.data_span(c.engine)),
            ("filter_options", lambda: people_reads.filter_options(c.engine, c.viewer))]


def _overview(c: Context) -> list[Read]:
    e, v, p = c.engine, c.viewer, c.period
    return [("kpis company", lambda: kpis(e, v, p, "company", None, names=ALL_KPIS)),
            ("kpis company, previous period", lambda: kpis(e, v, c.previous, "company", None, names=ALL_KPIS)),
            ("timeseries by day", lambda: timeseries(e, v, p, "day", None, names=ALL_KPIS)),
            ("kpis by country", lambda: kpis(e, v, p, "country", None, names=BREAKDOWN_KPIS))]


def _team(c: Context) -> list[Read]:
    e, v, p = c.engine, c.viewer, c.period

    def trend() -> None:
        # The default trend agents: the flagged ones, else the first of the table (dashboard/warm.trend_agents).
        flagged = list(coaching_flags(e, v, c.end)["agent_id"])[:TREND_DEFAULT]
        chosen = flagged or list(people_reads.people(e, v)["agent_id"])[:TREND_DEFAULT]
        for agent_id in chosen:
            qa_scores(e, v, p, "day", {"agent": (agent_id,)})

    return [("people", lambda: people_reads.people(e, v)),
            ("kpis by agent", lambda: kpis(e, v, p, "agent", None, names=TEAM_KPIS)),
            ("qa_scores by agent", lambda: qa_scores(e, v, p, "agent", None)),
            ("coaching_flags", lambda: coaching_flags(e, v, c.end)),
            ("kpis company (cards)", lambda: kpis(e, v, p, "company", None, names=TEAM_CARDS)),
            ("qa_scores company", lambda: qa_scores(e, v, p, "company", None)),
            (f"qa_scores by day x{TREND_DEFAULT} agents", trend),
            ("criterion_pass_rates", lambda: criterion_pass_rates(e, v, p, None))]


def _me(c: Context) -> list[Read]:
    e, v, p = c.engine, c.viewer, c.period
    return [("kpis (cards)", lambda: kpis(e, v, p, "company", None, names=ME_CARDS)),
            ("kpis (cards), previous period", lambda: kpis(e, v, c.previous, "company", None, names=ME_CARDS)),
            ("company_totals", lambda: company_totals(e, v, p, {})),
            ("review_feed five-star", lambda: review_reads.review_feed(e, v, p, stars=(5,))),
            ("qa_scores by day", lambda: qa_scores(e, v, p, "day", None)),
            ("criterion_pass_rates", lambda: criterion_pass_rates(e, v, p, None)),
            ("timeseries contacts per channel", lambda: timeseries(
                e, v, p, "day", None, names=tuple(f"contacts_{ch}" for ch in CHANNELS))),
            ("outcome_mix", lambda: outcome_mix(e, v, p, "company", None))]


def _reviews(c: Context) -> list[Read]:
    e, v, p = c.engine, c.viewer, c.period

    def picked() -> None:
        queue = review_queue(e, v)
        if not queue.empty:
            first = str(queue["review_id"].iloc[0])
            review_reads.review_candidates(e, v, first)
            people_reads.people(e, v)
            review_reads.review_audit(e, v, first)

    return [("review_feed", lambda: review_reads.review_feed(e, v, p)),
            ("review_queue", lambda: review_queue(e, v)),
            ("insider_flags", lambda: review_reads.insider_flags(e, v)),
            ("kpis (cards)", lambda: kpis(e, v, p, "company", None, names=REVIEW_CARDS)),
            ("queue pick: candidates, people, audit", picked),
            ("review_audit", lambda: review_reads.review_audit(e, v, None))]


def _recognition(c: Context) -> list[Read]:
    e, v = c.engine, c.viewer
    return [("review_months", lambda: review_reads.review_months(e)),
            ("five_star_leaderboard", lambda: recognition.five_star_leaderboard(e, v, c.month)),
            ("five_star_wall", lambda: recognition.five_star_wall(e, v, c.month))]


def _channels(c: Context) -> list[Read]:
    e, v, p = c.engine, c.viewer, c.period
    return [("kpis company", lambda: kpis(e, v, p, "company", None, names=ALL_KPIS)),
            ("kpis company, previous period", lambda: kpis(e, v, c.previous, "company", None, names=ALL_KPIS)),
            ("timeseries by day", lambda: timeseries(e, v, p, "day", None, names=ALL_KPIS)),
            ("outcome_mix by channel", lambda: outcome_mix(e, v, p, "channel", None)),
            ("handler_split", lambda: calls.handler_split(e, v, p, None)),
            ("talk_distribution", lambda: calls.talk_distribution(e, v, p, None))]


def _compliance(c: Context) -> list[Read]:
    e, v, p = c.engine, c.viewer, c.period

    def findings() -> None:
        found = compliance_findings(e, v, p, None)
        if found.empty:
            compliance_findings(e, v, None, None)
        ids = tuple(sorted({a for a in found["agent_id"].dropna() if a != "voice_ai"}))
        people_reads.agent_names(e, ids)

    return [("kpis (cards)", lambda: kpis(e, v, p, "company", None, names=COMPLIANCE_CARDS)),
            ("kpis (cards), previous period", lambda: kpis(e, v, c.previous, "company", None,
                                                           names=COMPLIANCE_CARDS)),
            ("compliance findings for 30 days (+ agent names)", findings),
            ("near_limit", lambda: near_limit(e, datetime.combine(c.end, datetime.min.time())))]


def _health(c: Context) -> list[Read]:
    e, v = c.engine, c.viewer
    return [("last_sync", lambda: health.last_sync(e, v)), ("ingest_run_list", lambda: health.ingest_run_list(e, v)),
            ("reject_reasons", lambda: health.reject_reasons(e, v)),
            ("unknown_agents", lambda: health.unknown_agents(e, v)),
            ("unknown_accounts", lambda: health.unknown_accounts(e, v)),
            ("reject_rows", lambda: health.reject_rows(e, v)),
            ("sync_bookmark_list", lambda: health.sync_bookmark_list(e, v))]


def _evaluations(c: Context) -> list[Read]:
    return [("evaluation_list", lambda: evaluations.evaluation_list(c.engine, c.viewer, c.period, None))]


def _coaching(c: Context) -> list[Read]:
    e, v = c.engine, c.viewer
    out: list[Read] = [
        ("session_effects", lambda: coaching_effect.session_effects(e, v, today=c.end)),
        ("sessions", lambda: coaching.sessions(e, v)),
        ("improvement_shares x2", lambda: [coaching_effect.improvement_shares(e, v, by, today=c.end)
                                           for by in ("coached_by", "criterion")])]
    if v.role in ("manager", "leadership"):
        out += [("coachable_agents", lambda: coaching.coachable_agents(e, v)),
                ("known_criteria", lambda: coaching.known_criteria(e))]
    return out


def _calibration(c: Context) -> list[Read]:
    e, v, p = c.engine, c.viewer, c.period
    return [("criterion_agreement", lambda: calibration.criterion_agreement(e, v, p)),
            ("evaluator_drift", lambda: calibration.evaluator_drift(e, v, p)),
            ("double_scored_interactions", lambda: calibration.double_scored_interactions(e, v, p))]


def _disputes(c: Context) -> list[Read]:
    return [("disputes", lambda: disputes.disputes(c.engine, c.viewer, status=None)),
            ("audit_trail", lambda: audit_trail(c.engine, c.viewer, None))]


PAGE_READS: dict[str, Callable[[Context], list[Read]]] = {
    "overview": _overview, "team": _team, "me": _me, "reviews": _reviews, "recognition": _recognition,
    "channels": _channels, "compliance": _compliance, "health": _health, "evaluations": _evaluations,
    "coaching": _coaching, "calibration": _calibration, "disputes": _disputes,
}


def page_reads(role: str, page: str, c: Context) -> list[Read]:
    """The sidebar's reads and then the page's, for `role` (one of dashboard.nav.ROLE_PAGES)."""
    if page not in ROLE_PAGES[role]:
        raise ValueError(f"the {role} role has no page {page!r} (dashboard/nav.py ROLE_PAGES)")
    return _sidebar(c) + PAGE_READS[page](c)
