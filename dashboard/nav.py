"""Which pages exist and which role sees which (the router in app.py builds the navigation from this)."""

from __future__ import annotations

import streamlit as st

PAGES = {
    "overview": ("views/overview.py", "Overview", ":material/insights:"),
    "team": ("views/team.py", "Team", ":material/groups:"),
    "me": ("views/me.py", "My performance", ":material/person:"),
    "reviews": ("views/reviews.py", "Reviews", ":material/reviews:"),
    "recognition": ("views/recognition.py", "Recognition", ":material/emoji_events:"),
    "channels": ("views/channels.py", "Channels & outcomes", ":material/forum:"),
    "compliance": ("views/compliance.py", "Compliance", ":material/gavel:"),
    "health": ("views/health.py", "Data health", ":material/monitor_heart:"),
    "evaluations": ("views/evaluations.py", "QA evaluations", ":material/fact_check:"),
    "coaching": ("views/coaching.py", "Coaching", ":material/school:"),
    "calibration": ("views/calibration.py", "Calibration", ":material/balance:"),
    "disputes": ("views/disputes.py", "QA disputes", ":material/flag:"),
}
ROLE_PAGES = {
    "leadership": ("overview", "team", "reviews", "recognition", "channels", "compliance", "health", "evaluations",
                   "coaching", "calibration", "disputes"),
    "manager": ("team", "reviews", "recognition", "channels", "compliance", "evaluations", "coaching", "calibration",
                "disputes"),
    "agent": ("me", "recognition", "evaluations", "coaching", "disputes"),
}


def pages_for(role: str) -> list[st.Page]:
    """The pages a role may open, first one the default."""
    out = []
    for name in ROLE_PAGES[role]:
        path, title, icon = PAGES[name]
        out.append(st.Page(path, title=title, icon=icon, url_path=name))
    return out
