"""Human words for what the database calls things: column headers, codes, countries, yes/no, empty cells.

Pages and `components` show frames through `display` and chart titles through `label`, so no
`snake_case` name reaches the screen. CSV downloads keep the database names (they are for machines).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import pandas as pd

from metrics.definitions import BY_NAME

SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
UNASSIGNED = "No agent (voice AI or dialler)"
UNASSIGNED_HELP = ("Calls the voice AI kept without a hand-off, and dialler attempts nobody took, belong to no "
                   "agent, so to no team, site or country.")

COLUMNS: dict[str, str] = {
    "agent_id": "Agent ID", "full_name": "Agent", "preferred_name": "Preferred name", "email": "Email",
    "team": "Team", "site": "Site", "country": "Country", "languages": "Languages", "language": "Language",
    "start_date": "Started", "end_date": "Left", "manager_id": "Manager ID", "channel": "Channel",
    "day": "Day", "month": "Month", "week": "Week (from Monday)", "agent": "Agent",
    "qa_score": "QA score", "evaluations": "Evaluations", "coaching_flag": "Flagged for coaching",
    "weakest_criterion": "Weakest criterion", "weakest_score_share": "Score on weakest criterion",
    "criterion": "Criterion", "passed": "Full marks", "pass_rate": "Full-marks rate", "score_share": "Score share",
    "outcome": "Outcome", "interactions": "Interactions", "share": "Share", "handler": "Handled by",
    "calls": "Calls", "spoken": "Calls with talk time", "conversions": "Conversions",
    "talk_from_seconds": "Talk time from (s)", "talk_to_seconds": "Talk time to (s)", "minutes": "Talk time (min)",
    "review_id": "Review ID", "created_at": "Written", "star_rating": "Stars", "reviewer_name": "Reviewer",
    "reviewer": "Reviewer", "sentiment": "Sentiment", "polarity": "Sentiment score",
    "rating_text_mismatch": "Stars and text disagree", "status": "Attribution", "agents": "Credited to",
    "agent_ids": "Agent IDs", "evidence": "Evidence", "insider_flag": "Possible insider review", "comment": "Review",
    "comment_translation": "Translation", "confidence": "Confidence", "method": "Matched by",
    "decided_at": "Decided", "decided_by": "Decided by", "action": "Decision", "status_before": "Before",
    "status_after": "After", "note": "Note", "detail": "Detail", "raised_at": "Raised", "cleared_at": "Cleared",
    "cleared_by": "Cleared by", "rank": "Rank", "entries": "Entries", "draw_id": "Draw", "seed": "Seed",
    "entrants": "Entrants", "weighted": "Weighted by reviews", "drawn_at": "Drawn", "drawn_by": "Drawn by",
    "winner": "Winner", "winner_agent_id": "Winner's agent ID", "started_at": "Started (UTC)",
    "local_time": "Local time", "rule": "Rule", "rule_text": "What the rule says", "account_id": "Account",
    "interaction_id": "Interaction", "placed_by": "Placed by", "findings": "Findings", "reviews": "Reviews",
    "direction": "Direction", "talk_seconds": "Talk time (s)", "disposition": "Result", "handled_by": "Handled by",
    "handoff_agent_id": "Handed to (agent ID)", "dialled_number": "Number dialled", "kind": "Kind",
    "source": "Source", "runs": "Runs", "last_run_at": "Last run", "last_status": "Last status",
    "last_ok_at": "Last good load", "rejected": "Rejected rows", "bookmark_updated_at": "Bookmark moved",
    "partition_key": "Location", "bookmark": "Bookmark", "updated_at": "Updated", "run_id": "Run",
    "file_path": "File", "inserted": "Inserted", "updated": "Updated", "unchanged": "Unchanged",
    "finished_at": "Finished", "rejects": "Rejected rows", "reason": "Reason", "line": "Line", "column": "Column",
    "value": "Value", "first_seen": "First seen", "last_seen": "Last seen", "rows": "Rows",
    "agents_evaluated": "Agents evaluated", "agents_at_target": "Agents at target", "target": "Target",
    "week_from": "From", "week_to": "To", "file": "File", "checksum": "Checksum",
}
OUTCOMES = {
    "payment_plan_created": "Payment plan created", "plan_restarted": "Plan restarted",
    "paid_in_full": "Paid in full", "payment_made": "Payment made", "hardship_support": "Hardship support",
    "dispute_raised": "Dispute raised", "callback_requested": "Callback requested", "no_resolution": "No resolution",
}
RULES = {
    "frequency": "More than 7 calls in 7 days", "post_conversation": "Call within 7 days of a conversation",
    "inconvenient_time": "Call at an inconvenient time", "pause": "Contact during a pause",
}
CHANNELS = {"voice": "Voice", "email": "Email", "sms": "SMS", "chat": "Chat"}
COUNTRIES = {
    "US": "United States", "MX": "Mexico", "PH": "Philippines", "CA": "Canada", "GB": "United Kingdom",
    "IN": "India", "CO": "Colombia", "DO": "Dominican Republic", "GT": "Guatemala", "SV": "El Salvador",
    "HN": "Honduras", "JM": "Jamaica", "ZA": "South Africa", "IE": "Ireland", "ES": "Spain", "BR": "Brazil",
    "AR": "Argentina", "PR": "Puerto Rico", "CR": "Costa Rica", "PE": "Peru", "CL": "Chile",
}
LANGUAGES = {
    "en": "English", "es": "Spanish", "fr": "French", "vi": "Vietnamese", "zh": "Chinese", "ko": "Korean",
    "tl": "Tagalog", "pt": "Portuguese", "de": "German", "ar": "Arabic", "ru": "Russian", "ja": "Japanese",
    "hi": "Hindi", "it": "Italian", "pl": "Polish", "ht": "Haitian Creole",
}
STATUSES = {"auto": "Credited automatically", "confirmed": "Confirmed by a person", "needs_review": "Needs review",
            "rejected": "Rejected", "none": "None"}
ACTIONS = {"confirm": "Confirmed", "reject": "Rejected", "assign": "Reassigned", "clear": "Cleared"}
HANDLERS = {"agent": "Agent", "voice_ai": "Voice AI"}
RUN_STATUSES = {"ok": "OK", "failed": "Failed", "running": "Running"}
SOURCES = {"agents": "Roster (agents)", "accounts": "Accounts", "pauses": "Contact pauses", "calls": "Calls",
           "digital": "Emails, texts and chats", "qa": "QA evaluations", "reviews": "Google reviews",
           "google_reviews": "Google reviews (sync)"}
VALUES: dict[str, Mapping[str, str]] = {
    "outcome": OUTCOMES, "rule": RULES, "channel": CHANNELS, "country": COUNTRIES, "language": LANGUAGES,
    "status": STATUSES, "status_before": STATUSES, "status_after": STATUSES, "action": ACTIONS,
    "handled_by": HANDLERS, "last_status": RUN_STATUSES, "source": SOURCES,
    "direction": {"inbound": "Inbound", "outbound": "Outbound"},
}


def label(name: str) -> str:
    """A column, measure or KPI as a reader would say it (`qa_score` -> "QA score")."""
    if name in COLUMNS:
        return COLUMNS[name]
    if name in BY_NAME:
        return kpi_label(name)
    if not SNAKE.match(name):
        return name  # already words ("QA score")
    return name.replace("_", " ").strip().capitalize()


def kpi_label(name: str) -> str:
    """A KPI's label, with channel names as people write them ("Contacts (SMS)")."""
    text = BY_NAME[name].label
    for code, word in CHANNELS.items():
        text = text.replace(f"({code})", f"({word})")
    return text


def value(column: str, code: object) -> object:
    """A coded value of `column` in words (`payment_made` -> "Payment made"); other values unchanged."""
    if _empty(code):
        return None
    names = VALUES.get(column)
    if names is None:
        return code
    return names.get(str(code), str(code).replace("_", " ").capitalize())


def country(code: object) -> str:
    """A country code as its name; no country as the unassigned label."""
    return UNASSIGNED if _empty(code) else COUNTRIES.get(str(code), str(code))


def _empty(v: object) -> bool:
    return v is None or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def display(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` as shown on screen: coded values in words, yes/no for flags, blanks for missing, human headers."""
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if col in VALUES:
            out[col] = series.map(lambda v, c=col: value(c, v)).astype(object)
        elif pd.api.types.is_bool_dtype(series) or (series.dtype == object and series.dropna().map(
                lambda v: isinstance(v, bool)).all() and series.notna().any()):
            out[col] = series.map(lambda v: None if _empty(v) else ("Yes" if v else "No")).astype(object)
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: "" if _empty(v) else v)
    return out.rename(columns={c: label(c) for c in out.columns})
