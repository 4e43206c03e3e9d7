"""Reviews (managers, leadership): feed with attribution evidence, decision queue, audit trail, insider flags."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import auth, components, data, filters
from dashboard.safety import short_name, text_or
from metrics.scope import ScopeError

ACTIONS = {"confirm": "Confirm this agent", "reject": "Reject this agent", "assign": "Reassign to another agent"}
FEED_SHOWN = ["created_at", "star_rating", "reviewer", "language", "sentiment", "status", "agents", "evidence",
              "insider_flag", "comment", "review_id"]

identity = auth.signed_in()
viewer = identity.viewer
sel = filters.current()

st.title("Reviews")
st.caption(sel.label + " · Google reviews, who they are credited to, and why.")

notice = st.session_state.pop("reviews_notice", None)
if notice:
    st.success(notice)

feed = data.read("review_feed", viewer, sel.period)
feed = feed.assign(reviewer=feed["reviewer_name"].map(short_name))
queue = data.read("review_queue", viewer)
flags = data.read("insider_flags", viewer)

m1, m2, m3, m4 = st.columns(4)
m1.metric("Reviews", f"{len(feed):,}", border=True)
m2.metric("Average rating", components.fmt(feed["star_rating"].mean() if len(feed) else None, "stars"), border=True)
m3.metric("Waiting for a decision", f"{queue['review_id'].nunique():,}", border=True)
m4.metric("Open insider flags", f"{int(flags['cleared_at'].isna().sum()):,}", border=True)

feed_tab, queue_tab, audit_tab, flag_tab = st.tabs(["Feed", "Queue", "Audit trail", "Insider flags"])

with feed_tab:
    c1, c2 = st.columns(2)
    stars = c1.multiselect("Stars", [5, 4, 3, 2, 1], key="reviews_stars")
    statuses = c2.multiselect("Attribution status", ["credited", "needs review", "rejected", "unattributed"],
                              key="reviews_status")
    shown = feed
    if stars:
        shown = shown[shown["star_rating"].isin(stars)]
    if statuses:
        shown = shown[shown["status"].isin(statuses)]
    counts = shown.groupby(["star_rating", "status"], as_index=False).size().rename(columns={"size": "reviews"})
    fig = px.bar(counts, x="star_rating", y="reviews", color="status")

    def review_detail(row: pd.Series) -> tuple[str, pd.DataFrame]:
        """The candidate agents of one review with their evidence."""
        return (f"Candidates for the review of {row['created_at']:%d %b %Y}",
                data.read("review_candidates", viewer, row["review_id"]))

    components.chart("Review feed", fig, shown[FEED_SHOWN].reset_index(drop=True), "reviews_feed",
                     components.Drill(review_detail, shows="its candidate agents and their evidence"),
                     caption="Stars by attribution status; the table lists every review with its sentiment, "
                             "evidence and text.", table_first=True)

with queue_tab:
    if queue.empty:
        st.success("The queue is empty: every review is decided or credited automatically.")
    else:
        waiting = queue.groupby("review_id", sort=False).first().reset_index()
        labels = {r.review_id: f"{r.created_at:%d %b %Y} · {r.star_rating or '-'}★ · {short_name(r.reviewer_name)}"
                  for r in waiting.itertuples()}
        pick = st.selectbox("Review waiting for a decision", list(labels), format_func=labels.__getitem__,
                            key="reviews_queue_pick")
        review = waiting[waiting["review_id"] == pick].iloc[0]
        with st.container(border=True):
            st.caption("Review text")
            components.plain(text_or(review["comment"]))
        candidates = data.read("review_candidates", viewer, pick)
        components.table(candidates, "reviews_candidates", name="review_candidates")
        roster = data.read("people", viewer)
        everyone = dict(zip(roster["agent_id"], roster["full_name"] + " (" + roster["team"].fillna("") + ")",
                            strict=False))
        with st.form("reviews_decide"):
            action = st.radio("Decision", list(ACTIONS), format_func=ACTIONS.__getitem__, horizontal=True,
                              key="reviews_action", index=None)  # nothing preselected: no one-click credit
            c1, c2 = st.columns(2)
            cand_ids = [a for a in candidates["agent_id"] if a in everyone] or list(everyone)
            agent = c1.selectbox("Candidate (confirm / reject)", cand_ids, format_func=lambda a: everyone.get(a, a),
                                 key="reviews_agent")
            other = c2.selectbox("Agent to credit (reassign)", list(everyone), format_func=everyone.__getitem__,
                                 key="reviews_other")
            note = st.text_input("Note for the audit trail", key="reviews_note")
            if st.form_submit_button("Record decision", type="primary"):
                target = other if action == "assign" else agent
                if action is None:
                    st.error("Choose a decision first: confirm, reject or reassign.")
                    st.stop()
                try:
                    msg = data.decide(viewer, pick, action, target, identity.email, note or None)
                except (ScopeError, ValueError) as exc:
                    st.error(str(exc))
                else:
                    st.session_state["reviews_notice"] = f"Recorded: {msg}"
                    st.rerun()
        history = data.read("review_audit", viewer, pick)
        st.caption("Every decision is written to the audit trail with who made it and when.")
        if not history.empty:
            components.table(history, "reviews_pick_audit", name="review_audit")

with audit_tab:
    audit = data.read("review_audit", viewer)
    if audit.empty:
        st.info("No decisions recorded yet.")
    else:
        components.table(audit, "reviews_audit", name="attribution_audit")

with flag_tab:
    st.caption("A reviewer with the same name as an agent may be an insider (16 CFR 465): the review is held from "
               "credit until a manager confirms it.")
    if flags.empty:
        st.info("No insider flags.")
    else:
        components.table(flags.assign(reviewer_name=flags["reviewer_name"].map(short_name)), "reviews_flags",
                         name="insider_flags")
