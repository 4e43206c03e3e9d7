"""Every KPI, declared once: name, label, a description a manager can read, unit, direction, and how it is computed.

`compute` takes the measures gathered for one group (see `metrics.kpis.gather`) and
returns the figure; a ratio whose denominator is 0 is None (empty), never 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from metrics.settings import CHANNELS

Measures = Mapping[str, Any]
Unit = Literal["count", "ratio", "seconds", "score", "stars"]
Better = Literal["higher", "lower"]


@dataclass(frozen=True)
class Kpi:
    """One figure the dashboard and the exports show.

    `unit` says how to show it; `better` which way is good news (a change up shows green when
    "higher", red when "lower").
    """

    name: str
    label: str
    description: str
    unit: Unit
    compute: Callable[[Measures], float | int | None]
    export: bool = True
    better: Better = "higher"


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when the denominator is 0 or unknown."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def _get(name: str) -> Callable[[Measures], Any]:
    return lambda m: m.get(name)


def _ratio(num: str, den: str) -> Callable[[Measures], float | None]:
    return lambda m: ratio(m.get(num), m.get(den))


def _compliance(m: Measures) -> float | None:
    placed = m.get("placed_calls")
    return ratio(placed - m.get("violating_calls", 0), placed) if placed else None


KPIS: tuple[Kpi, ...] = (
    Kpi("contacts", "Contacts",
        "Engaged interactions: calls where someone spoke with the customer, plus emails, texts and chats "
        "the customer started.", "count", _get("contacts")),
    *(Kpi(f"contacts_{ch}", f"Contacts ({ch})", f"Engaged interactions on the {ch} channel.", "count",
          _get(f"contacts_{ch}")) for ch in CHANNELS),
    Kpi("digital_voice_ratio", "Digital-to-voice ratio",
        "Accounts that wrote to us (email, SMS, chat) for every account that called us.", "ratio",
        _ratio("accounts_inbound_digital", "accounts_inbound_call")),
    Kpi("engagement_rate", "Engagement rate",
        "Share of accounts we were in touch with that actually engaged (spoke with us or wrote to us).",
        "ratio", _ratio("accounts_engaged", "accounts_any")),
    Kpi("conversion_rate", "Conversion rate",
        "Share of engaged interactions that ended with a payment plan, a restarted plan or a payment.",
        "ratio", _ratio("conversions", "contacts")),
    Kpi("resolution_rate", "Resolution rate",
        "Conversions plus hardship support, as a share of engaged interactions.", "ratio",
        _ratio("resolutions", "contacts")),
    Kpi("avg_talk_seconds", "Average talk time",
        "Mean seconds of conversation on calls handled by a person (directly or after a voice-AI handoff).",
        "seconds", _ratio("talk_sum", "talk_n"), better="lower"),
    Kpi("median_talk_seconds", "Median talk time",
        "Middle value of talk seconds on calls handled by a person.", "seconds", _get("median_talk_seconds"),
        better="lower"),
    Kpi("voice_ai_handoff_rate", "Voice-AI handoff rate",
        "Share of voice-AI conversations passed on to a person.", "ratio", _ratio("ai_handoffs", "ai_calls")),
    Kpi("qa_score", "QA score",
        "Average evaluation score (0-100); an evaluation that fails a critical item scores 0.", "score",
        _get("qa_score")),
    Kpi("at_target_share", "Agents at QA target",
        "Share of evaluated agents whose QA score is at or above the target (90 unless configured).",
        "ratio", _get("at_target_share")),
    Kpi("reviews", "Google reviews", "Google reviews written in the period (deleted and insider reviews "
        "excluded).", "count", _get("reviews")),
    Kpi("avg_rating", "Average rating", "Mean star rating of those reviews.", "stars", _get("avg_rating")),
    Kpi("five_star_reviews", "Five-star reviews credited",
        "Five-star reviews credited to an agent (linked automatically or confirmed by a person).", "count",
        _get("five_star_reviews")),
    Kpi("attribution_coverage", "Attribution coverage",
        "Share of five-star reviews with a comment that are credited to at least one agent.", "ratio",
        _get("attribution_coverage")),
    Kpi("compliance_rate", "Compliance rate",
        "Share of outbound calls placed that broke none of the Regulation F rules.", "ratio", _compliance),
    Kpi("violations_frequency", "Frequency violations",
        "Outbound calls that were the 8th or later to an account within 7 days.", "count", _get("frequency"),
        better="lower"),
    Kpi("violations_post_conversation", "Post-conversation violations",
        "Outbound calls within 7 days after a phone conversation with the account.", "count",
        _get("post_conversation"), better="lower"),
    Kpi("violations_inconvenient_time", "Inconvenient-time violations",
        "Outbound calls before 8am or from 9pm, in the account's local time.", "count",
        _get("inconvenient_time"), better="lower"),
    Kpi("violations_pause", "Pause violations",
        "Outbound calls or messages while the customer had asked us to pause contact.", "count", _get("pause"),
        better="lower"),
    *(Kpi(f"channel_mix_{ch}", f"Channel mix ({ch})", f"Share of contacts on the {ch} channel.", "ratio",
          _ratio(f"contacts_{ch}", "contacts"), export=False) for ch in CHANNELS),
)

BY_NAME: dict[str, Kpi] = {k.name: k for k in KPIS}
EXPORT_COLUMNS: tuple[str, ...] = tuple(k.name for k in KPIS if k.export)
