"""Coaching: log a session (managers), the sessions in scope, and whether they worked (before vs after)."""

from __future__ import annotations

from datetime import date, timedelta

import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from dashboard import auth, coaching_data, components, drill, evaluation_view, labels
from dashboard.safety import mask_frame
from metrics.actors import Actor
from metrics.coaching import SessionInput
from metrics.coaching_effect import MIN_EVALUATIONS, WINDOW_DAYS
from metrics.scope import ScopeError

identity = auth.signed_in()
viewer = identity.viewer
today = date.today()
logging_allowed = viewer.role in ("manager", "leadership")

st.title("Coaching")
st.caption("Sessions, what they focused on, and whether the focused criteria improved in the 4 weeks after.")
notice = st.session_state.pop("coaching_notice", None)
if notice:
    st.success(notice)

effects = coaching_data.session_effects(viewer, today)
sessions = coaching_data.sessions(viewer)
judged = effects[effects["verdict"].isin(["improved", "no improvement"])]
m1, m2, m3, m4 = st.columns(4)
m1.metric("Sessions", f"{len(sessions):,}", border=True)
m2.metric("Judged sessions", f"{len(judged):,}", border=True,
          help=f"At least {MIN_EVALUATIONS} evaluations with a focused criterion in the 4 weeks before and after.")
m3.metric("Followed by an improvement", components.fmt((judged["verdict"] == "improved").mean() if len(judged)
                                                       else None, "ratio"), border=True)
m4.metric("Follow-ups due in 7 days", f"{int(sessions['follow_up_on'].between(today, today + timedelta(days=7)).sum())}"
          if len(sessions) else "0", border=True)

if logging_allowed:
    effect_tab, sessions_tab, log_tab = st.tabs(["Did it work?", "Sessions", "Log a session"])
else:
    st.info("Your manager logs your coaching sessions; here you see them and how your focused criteria moved.")
    effect_tab, sessions_tab = st.tabs(["Did it work?", "Sessions"])
none_yet = "No coaching sessions in scope yet." if logging_allowed else "You have no coaching sessions yet."

with effect_tab:
    st.caption(f"Focused-criteria score: 100 × Σ score / Σ max over the session's focused criteria, in the "
               f"{WINDOW_DAYS} days before the session against the {WINDOW_DAYS} days after it (the session day "
               f"is in neither). With fewer than {MIN_EVALUATIONS} evaluations on a side there is no verdict.")
    if effects.empty:
        st.info(none_yet)
    else:
        shown = judged.sort_values("session_date").assign(
            session=lambda f: f["full_name"].fillna(f["agent_id"]) + " · " + f["session_date"].astype(str))
        fig = go.Figure()
        for _, r in shown.iterrows():
            fig.add_trace(go.Scatter(x=[r["before_score"], r["after_score"]], y=[r["session"]] * 2, mode="lines",
                                     line={"color": "#10b981" if r["verdict"] == "improved" else "#ef4444"},
                                     showlegend=False, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=shown["before_score"], y=shown["session"], mode="markers", name="4 weeks before",
                                 marker={"color": "#94a3b8", "size": 9},
                                 customdata=shown["before_evaluations"],
                                 hovertemplate="before: %{x:.1f} (%{customdata} evaluations)<extra></extra>"))
        fig.add_trace(go.Scatter(x=shown["after_score"], y=shown["session"], mode="markers",
                                 name="4 weeks after (red: no improvement)",
                                 marker={"color": ["#1f6feb" if v == "improved" else "#ef4444"
                                                   for v in shown["verdict"]], "size": 9},
                                 customdata=shown["after_evaluations"],
                                 hovertemplate="after: %{x:.1f} (%{customdata} evaluations)<extra></extra>"))
        fig.update_xaxes(title=None)
        fig.update_yaxes(title=None)
        fig.update_layout(height=max(320, 26 * len(shown) + 80))
        table = effects.assign(criteria=effects["criteria"])
        components.chart("Focused-criteria score before and after each session", fig, table, "coaching_effect",
                         caption="Focused-criteria score (0–100) before (grey) and after (blue; red when not "
                                 "improved). Sessions without a verdict are in the table.",
                         column_config={"before_score": st.column_config.NumberColumn(format="%.1f"),
                                        "after_score": st.column_config.NumberColumn(format="%.1f"),
                                        "change": st.column_config.NumberColumn(format="%+.1f")})
        left, right = st.columns(2)
        for col, by, title in ((left, "coached_by", "Per manager"), (right, "criterion", "Per focused criterion")):
            with col:
                shares = coaching_data.improvement_shares(viewer, by, today)
                label = "coach_name" if by == "coached_by" else by
                shares = shares.assign(counts=[f"{i} of {j}" if j else "no verdict yet"
                                               for i, j in zip(shares["improved"], shares["judged"], strict=True)])
                bars = px.bar(shares, x="improved_share", y=label, orientation="h", text="counts",
                              hover_data=["sessions", "judged", "improved"])
                bars.update_traces(textposition="auto")
                bars.update_xaxes(tickformat=".0%", range=[0, 1], title="sessions followed by an improvement")
                bars.update_yaxes(title=None)
                components.chart(title, bars, shares, f"coaching_share_{by}",
                                 caption="Share of judged sessions (enough evaluations) followed by an improvement.",
                                 column_config={"improved_share": st.column_config.NumberColumn(format="percent")})

with sessions_tab:
    if effects.empty:
        st.info(none_yet)
    else:
        listing = effects.merge(sessions[["session_id", "notes", "follow_up_on", "source"]], on="session_id")
        listing = mask_frame(listing, ["notes"])
        event = st.dataframe(labels.display(listing), key="coaching_sessions_table", hide_index=True, width="stretch",
                             height=300, on_select="rerun", selection_mode="single-row",
                             column_config={labels.label("before_score"): st.column_config.NumberColumn(format="%.1f"),
                                            labels.label("after_score"): st.column_config.NumberColumn(format="%.1f"),
                                            labels.label("change"): st.column_config.NumberColumn(format="%+.1f")})
        components.download(listing, "coaching_sessions", "coaching_sessions")
        st.caption("Select a session for the evaluations behind its before and after figures.")
        rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
        if rows and rows[0] < len(listing):
            s = listing.iloc[rows[0]]
            day = s["session_date"]
            behind = drill.session_evaluations(viewer, s["agent_id"], day)
            st.markdown(f"**Evaluations of {components.escape_md(str(s['full_name'] or s['agent_id']))} around the "
                        f"session of {day:%d %b %Y}**")
            components.table(behind, "coaching_behind", name="coaching_session_evaluations", hint=False)
            if not behind.empty:
                pick = st.selectbox("Open an evaluation", list(behind["evaluation_id"]), key="coaching_open_pick")
                evaluation_view.show(identity, str(pick), "coaching_open")

if logging_allowed:
    with log_tab:
        people = coaching_data.coachable_agents(viewer)
        names = {r.agent_id: f"{r.full_name} ({r.team or 'no team'})" for r in people.itertuples()}
        with st.form("coaching_log", clear_on_submit=True):
            agent = st.selectbox("Agent", list(names), format_func=lambda a: names.get(a, a), key="coaching_agent")
            c1, c2 = st.columns(2)
            day = c1.date_input("Session date", value=today, key="coaching_date")
            follow = c2.date_input("Follow-up date (optional)", value=None, key="coaching_follow_up")
            focus = st.multiselect("Focused criteria", coaching_data.known_criteria(), key="coaching_criteria")
            notes = st.text_area("Notes", key="coaching_notes", max_chars=4000)
            if st.form_submit_button("Log the session", type="primary"):
                try:
                    session_id = coaching_data.log_session(
                        Actor(identity.email, viewer),
                        SessionInput(agent, day, tuple(focus), notes or None, follow or None))
                except (ValueError, LookupError, ScopeError) as exc:
                    st.error(str(exc))
                else:
                    st.session_state["coaching_notice"] = (f"Session {session_id} logged for "
                                                           f"{names.get(agent, agent)} on {day:%d %b %Y}.")
                    st.rerun()
