"""Warm the read caches at start-up, so the first visitor does not wait for the database.

`start()` runs `warm_up` once per process in a background thread, as soon as the server is up:
the launcher (`python -m dashboard`) calls it. (With `streamlit run dashboard/app.py` the caches
fill on the first visit instead.) The reads are those of each page's default view (the
default period, no filters, leadership), made with the same arguments as the pages make
them, so they are the cache entries the pages look up. A read that fails is skipped: the
page will make it again and show the error there.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Collection
from datetime import datetime, timedelta

import pandas as pd

from dashboard import data, filters
from dashboard.page_kpis import BREAKDOWN_KPIS, COMPLIANCE_CARDS, REVIEW_CARDS, TEAM_CARDS, TEAM_KPIS
from metrics.scope import Viewer
from metrics.settings import company_timezone

_started = threading.Event()
_log = logging.getLogger("starboard.warm")


def default_selection() -> filters.Selection:
    """The sidebar's selection before anyone touches it (default preset, compare on, no filters)."""
    end = filters.data_end()
    period, previous = filters.preset_period(filters.DEFAULT_PRESET, end)
    return filters.Selection(period, previous, filters.DEFAULT_PRESET, end - timedelta(days=1))


def trend_agents(flags: pd.DataFrame, in_view: Collection[str], limit: int = 5) -> list[str]:
    """The Team page's default QA-trend agents: those flagged for coaching, lowest score first."""
    if flags.empty:
        return []
    ranked = flags.sort_values(["qa_score", "agent_id"])["agent_id"]
    return [a for a in ranked if a in in_view][:limit]


def reads() -> list[tuple[str, object]]:
    """(what, call) for every read of the default views, the Overview's first."""
    lead = Viewer.leadership()
    sel = default_selection()
    month = f"{sel.anchor:%Y-%m}"
    today = sel.anchor + timedelta(days=1)
    return [
        ("roster", lambda: data.people(lead)),
        ("filters", lambda: data.filter_options(lead)),
        ("cards", lambda: data.kpi_row(lead, sel.period, sel.filters)),
        ("previous cards", lambda: data.kpi_row(lead, sel.previous, sel.filters)),
        ("time series", lambda: data.timeseries(lead, sel.period, sel.grain, sel.filters)),
        ("outcomes", lambda: data.outcome_mix(lead, sel.period, "company", sel.filters)),
        ("by country", lambda: data.kpis(lead, sel.period, "country", sel.filters, BREAKDOWN_KPIS)),
        ("team", lambda: data.kpis(lead, sel.period, "agent", sel.filters, TEAM_KPIS)),
        ("team QA", lambda: data.qa_scores(lead, sel.period, "agent", sel.filters)),
        ("team QA total", lambda: data.qa_scores(lead, sel.period, "company", sel.filters)),
        ("team cards", lambda: data.kpi_row(lead, sel.period, sel.filters, TEAM_CARDS)),
        ("coaching", lambda: data.coaching_flags(lead, today)),
        ("QA trends", lambda: [data.qa_scores(lead, sel.period, "day", {**sel.filters, "agent": (agent_id,)})
                               for agent_id in trend_agents(data.coaching_flags(lead, today),
                                                            set(data.people(lead)["agent_id"]))]),
        ("criteria", lambda: data.criterion_pass_rates(lead, sel.period, sel.filters)),
        ("review cards", lambda: data.kpi_row(lead, sel.period, None, REVIEW_CARDS)),
        ("review feed", lambda: data.review_feed(lead, sel.period)),
        ("queue", lambda: data.review_queue(lead)),
        ("insider flags", lambda: data.insider_flags(lead)),
        ("channel outcomes", lambda: data.outcome_mix(lead, sel.period, "channel", sel.filters)),
        ("handlers", lambda: data.handler_split(lead, sel.period, sel.filters)),
        ("talk time", lambda: data.talk_distribution(lead, sel.period, sel.filters)),
        ("compliance cards", lambda: data.kpi_row(lead, sel.period, sel.filters, COMPLIANCE_CARDS)),
        ("previous compliance cards", lambda: data.kpi_row(lead, sel.previous, sel.filters, COMPLIANCE_CARDS)),
        ("findings", lambda: data.findings(lead, sel.period, sel.filters)),
        ("leaderboard", lambda: data.leaderboard(lead, month)),
        ("wall", lambda: data.wall(lead, month)),
        ("wheel", lambda: data.wheel_entrants(lead, month, datetime.now(company_timezone()).date(), False)),
        ("draws", lambda: data.wheel_history(lead)),
        ("review months", data.review_months),
    ]


def warm_up() -> float:
    """Make every default-view read once (cached for data.TTL_SECONDS); the seconds it took."""
    started = time.perf_counter()
    for what, call in reads():
        try:
            call()
        except Exception:
            _log.warning("warm-up read %r failed", what, exc_info=True)
    return time.perf_counter() - started


def _wait_for_server(timeout: float = 120.0) -> None:
    """Wait until Streamlit's runtime exists, so the warmed entries land in the server's cache storage."""
    from streamlit.runtime import Runtime

    deadline = time.monotonic() + timeout
    while not Runtime.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def start() -> None:
    """Warm the caches in a background thread, once per process (after the server is up)."""
    if _started.is_set():
        return
    _started.set()

    def run() -> None:
        _wait_for_server()
        seconds = warm_up()
        print(f"Starboard: read caches warm in {seconds:.1f} s", flush=True)

    threading.Thread(target=run, name="starboard-warm-up", daemon=True).start()
