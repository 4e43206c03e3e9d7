"""Reviews (managers, leadership): feed with attribution evidence, decision queue, audit trail, insider flags."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import auth, components, data, filters, page_kpis
from dashboard.safety import short_name, text_or
from metrics.scope import ScopeError

ACTIONS = {"confirm": "Confirm this agent", "reject": "Reject this agent", "assign": "Reassign to another agent"}
FEED_SHOWN = ["comment", "star_rating", "created_at", "reviewer", "status", "agents", "evidence", "sentiment",
              "language", "insider_flag", "review_id"]
CARDS = page_kpis.REVIEW_CARDS

identity = auth.signed_in()
viewer = identity.viewer
sel = filters.current()

st.title("Reviews")
filters.caption(sel.label + " · Google reviews, who they are credited to, and why.")
if sel.filters:
    st.caption("Reviews follow the period only: the team, site, country, channel and language filters do not apply "
               "to them.")

notice = st.session_state.pop("reviews_notice", None)
if notice:
    st.success(notice)

feed = data.review_feed(viewer, sel.period)
feed = feed.assign(reviewer=feed["reviewer_name"].map(short_name),
                   agents=feed["agents"].str.replace("(auto)", "(automatic)", regex=False)
                   .str.replace("(needs_review)", "(needs review)", regex=False))
queue = data.review_queue(viewer)
flags = data.insider_flags(viewer)
totals = data.kpi_row(viewer, sel.period, None, CARDS)
totals = totals if totals is not None else {}

m1, m2, m3, m4 = st.columns(4)
m1.metric("Reviews in the period", components.fmt(totals.get("reviews"), "count"), border=True,
          help="Google reviews written in the period; deleted reviews and reviews held as possible insider reviews "
               "are not counted.")
m2.metric("Average rating", components.fmt(totals.get("avg_rating"), "stars"), border=True,
          help="Mean star rating of those reviews.")
m3.metric("Waiting for a decision", f"{queue['review_id'].nunique():,}", border=True,
          help="Reviews of any date with a possible agent that nobody has confirmed or rejected yet (the Queue tab).")
m4.metric("Open insider flags", f"{int(flags['cleared_at'].isna().sum()):,}", border=True,
          help="Reviews of any date held from credit because the reviewer has an agent's name.")

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
    fig.update_xaxes(dtick=1, title="Stars")
    held = int(feed["insider_flag"].notna().sum())
    counted = f"{len(feed):,} reviews in the period" + (
        f", {held:,} of them held as possible insider reviews (listed, not counted)" if held else "")

    def review_detail(row: pd.Series) -> tuple[str, pd.DataFrame]:
        """The candidate agents of one review with their evidence."""
        return (f"Candidates for the review of {row['created_at']:%-d %b %Y}",
                data.review_candidates(viewer, row["review_id"]))

    components.chart("Review feed", fig, shown[FEED_SHOWN].reset_index(drop=True), "reviews_feed",
                     components.Drill(review_detail, shows="its candidate agents and their evidence"),
                     caption=f"{counted}. The table lists every review with its text, credit and evidence; the chart "
                             "counts them by stars and attribution status.", table_first=True, y="count",
                     max_count=float(counts["reviews"].max()) if not counts.empty else None,
                     column_config={"review_id": None, "comment": st.column_config.TextColumn(width="large")},
                     empty_text="No reviews in this period.")

with queue_tab:
    if queue.empty:
        st.success("The queue is empty: every review is decided or credited automatically.")
    else:
        waiting = queue.groupby("review_id", sort=False).first().reset_index()
        labels = {r.review_id: f"{r.created_at:%-d %b %Y} · {r.star_rating or '-'}★ · {short_name(r.reviewer_name)}"
                  for r in waiting.itertuples()}
        pick = st.selectbox("Review waiting for a decision", list(labels), format_func=labels.__getitem__,
                            key="reviews_queue_pick")
        review = waiting[waiting["review_id"] == pick].iloc[0]
        with st.container(border=True):
            st.caption("Review text")
            components.plain(text_or(review["comment"]))
        candidates = data.review_candidates(viewer, pick)
        components.table(candidates, "reviews_candidates", name="review_candidates")
        roster = data.people(viewer)
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
        history = data.review_audit(viewer, pick)
        st.caption("Every decision is written to the audit trail with who made it and when.")
        if not history.empty:
            components.table(history, "reviews_pick_audit", name="review_audit")

with audit_tab:
    audit = data.review_audit(viewer)
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
