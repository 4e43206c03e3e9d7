"""Disputes: an agent's disputes of their evaluations; a manager upholds or rescores those of their teams."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, coaching_data, components, evaluation_view
from dashboard.safety import mask_frame
from metrics.actors import Actor
from metrics.scope import ScopeError

identity = auth.signed_in()
viewer = identity.viewer
deciding = viewer.role in ("manager", "leadership")

st.title("QA disputes")
st.caption("An agent disputes an evaluation with a reason; their manager upholds it or rescores it. A rescore "
           "replaces the old score in every QA figure; the history and every step are kept in the audit trail.")
notice = st.session_state.pop("disputes_notice", None)
if notice:
    st.success(notice)

listed = coaching_data.dispute_list(viewer)
m1, m2, m3 = st.columns(3)
m1.metric("Open", f"{int((listed['status'] == 'open').sum()):,}", border=True)
m2.metric("Upheld", f"{int((listed['status'] == 'upheld').sum()):,}", border=True)
m3.metric("Rescored", f"{int((listed['status'] == 'rescored').sum()):,}", border=True)
if viewer.role == "agent":
    st.caption("To dispute an evaluation, open it on the QA evaluations page and use “Dispute this evaluation”.")

if listed.empty:
    st.info("No disputes yet.")
else:
    components.table(mask_frame(listed, ["reason", "decision_note"]), "disputes_list", name="qa_disputes")

open_ones = listed[listed["status"] == "open"]
if deciding and not open_ones.empty:
    st.subheader("Decide an open dispute")
    labels = {int(r.dispute_id): f"#{r.dispute_id} · {r.full_name or r.agent_id} · evaluation {r.evaluation_id}"
              for r in open_ones.itertuples()}
    pick = st.selectbox("Open dispute", list(labels), format_func=labels.__getitem__, key="disputes_pick")
    dispute = open_ones[open_ones["dispute_id"] == pick].iloc[0]
    with st.container(border=True):
        st.caption("The agent's reason")
        components.plain(dispute["reason"])
    evaluation_view.show(identity, str(dispute["evaluation_id"]), "disputes_evaluation")
    try:
        ev = coaching_data.open_evaluation(viewer, str(dispute["evaluation_id"]))
    except (LookupError, ScopeError):
        ev = None
    if ev is not None:
        with st.form("disputes_decide"):
            decision = st.radio("Decision", ["uphold", "rescore"], horizontal=True, key="disputes_decision",
                                format_func={"uphold": "Uphold the evaluation",
                                             "rescore": "Rescore criteria"}.__getitem__)
            scores = {}
            cols = st.columns(2)
            for i, c in enumerate(ev.criteria.itertuples()):
                scores[c.criterion] = cols[i % 2].number_input(
                    f"{c.criterion} (max {c.max_score:g})", min_value=0.0, max_value=float(c.max_score),
                    value=float(c.score), step=1.0, key=f"disputes_score_{i}")
            note = st.text_input("Note for the agent and the audit trail", key="disputes_note")
            if st.form_submit_button("Record decision", type="primary"):
                changed = {k: v for k, v in scores.items()
                           if v != float(ev.criteria.set_index("criterion").loc[k, "score"])}
                try:
                    msg = coaching_data.decide_dispute(Actor(identity.email, viewer), int(pick), decision,
                                                       note or None, changed if decision == "rescore" else None)
                except (ValueError, LookupError, ScopeError) as exc:
                    st.error(str(exc))
                else:
                    st.session_state["disputes_notice"] = f"Recorded: {msg}"
                    st.rerun()

st.subheader("Audit trail")
trail = coaching_data.audit(viewer)
if trail.empty:
    st.info("Nothing recorded yet.")
else:
    components.table(mask_frame(trail, ["detail"]), "disputes_audit", name="qa_audit")
