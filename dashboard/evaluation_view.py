"""One evaluation on screen: score, evaluator, the interaction it scored, every criterion, disputes and rescores.

Shared by the QA evaluations, Coaching and Disputes pages. The agent who was evaluated can dispute it here.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import coaching_data, components
from dashboard.auth import Identity
from dashboard.safety import mask_frame
from metrics.actors import Actor
from metrics.evaluations import Evaluation
from metrics.scope import ScopeError

CHANNEL_LABELS = {"voice": "Voice", "email": "Email", "sms": "SMS", "chat": "Chat"}
INTERACTION_LABELS = {"call_id": "Call", "interaction_id": "Conversation", "channel": "Channel",
                      "direction": "Direction", "started_at": "Started (UTC)", "talk_seconds": "Talk time",
                      "disposition": "Disposition", "handled_by": "Handled by", "outcome": "Outcome",
                      "language": "Language", "account_id": "Account"}


def link(evaluation_id: str, identity: Identity) -> str:
    """A link that opens the evaluation on the QA evaluations page (keeping the demo's "view as")."""
    extra = f"&as={identity.email}" if identity.demo else ""
    return f"/evaluations?evaluation={evaluation_id}{extra}"


def _criteria_chart(criteria: pd.DataFrame) -> go.Figure:
    share = criteria.assign(share=criteria["score"] / criteria["max_score"])
    colors = ["#ef4444" if c and s == 0 else ("#f59e0b" if s < 1 else "#10b981")
              for c, s in zip(share["critical"], share["share"], strict=True)]
    labels = [f"{c}{' (critical)' if k else ''}" for c, k in zip(share["criterion"], share["critical"], strict=True)]
    fig = go.Figure(go.Bar(x=share["share"], y=labels, orientation="h", marker_color=colors,
                           text=[f"{s:g} / {m:g}" for s, m in zip(share["score"], share["max_score"], strict=True)],
                           textposition="auto"))
    fig.update_xaxes(tickformat=".0%", range=[0, 1], title="score / max score")
    fig.update_yaxes(autorange="reversed", title=None)
    return components.style(fig, height=max(220, 34 * len(share) + 60))


def show(identity: Identity, evaluation_id: str, key: str) -> None:
    """Render the evaluation `evaluation_id` for `identity` (an error message when it is missing or out of scope)."""
    viewer = identity.viewer
    try:
        ev = coaching_data.open_evaluation(viewer, evaluation_id)
    except (LookupError, ScopeError) as exc:
        st.error(str(exc))
        return
    st.subheader(f"Evaluation {ev.evaluation_id}")
    left, right = st.columns([1, 3])
    left.metric("Evaluation score", components.fmt(ev.score, "score"), border=True,
                delta=f"{ev.score - ev.original_score:+.1f} after rescore" if ev.is_rescored else None,
                help="100 × Σ score / Σ max score; 0 when a critical criterion scored 0. A rescore after a "
                     "dispute replaces the original score in every QA figure.")
    with right.container(border=True):
        st.markdown(f"**Agent:** {components.escape_md(ev.full_name or ev.agent_id)} ({ev.agent_id}, "
                    f"{components.escape_md(ev.team or 'no team')})  \n"
                    f"**Evaluator:** {components.escape_md(ev.evaluator or 'unknown')}  \n"
                    f"**Evaluated:** {ev.evaluated_at:%d %b %Y, %H:%M} UTC")
    if ev.critical_failed:
        st.warning("A critical criterion scored 0, so the whole evaluation scores 0.")
    it = ev.interaction
    channel = CHANNEL_LABELS.get(str(it.get("channel", "")), str(it.get("channel", "")))
    kind = {"call": "Call", "conversation": f"{channel} conversation"}.get(
        str(it["kind"]), "Interaction not found in the call or digital logs")
    parts = [f"{INTERACTION_LABELS[k]}: {v}" for k, v in it.items() if k in INTERACTION_LABELS and v is not None]
    st.markdown(f"**Scored interaction · {components.escape_md(kind)}**")
    st.caption(components.escape_md(" · ".join(parts)))
    st.plotly_chart(_criteria_chart(ev.criteria), key=f"{key}_criteria_chart", width="stretch",
                    config={"displaylogo": False})
    components.table(ev.criteria, f"{key}_criteria", name=f"evaluation_{ev.evaluation_id}",
                     column_config={"max_score": st.column_config.NumberColumn("max score"),
                                    "original_score": st.column_config.NumberColumn("score as imported"),
                                    "is_rescored": st.column_config.CheckboxColumn("rescored")})
    if not ev.disputes.empty:
        st.markdown("**Disputes**")
        components.table(mask_frame(ev.disputes, ["reason", "decision_note"]), f"{key}_disputes",
                         name=f"evaluation_{ev.evaluation_id}_disputes")
    if not ev.rescores.empty:
        st.markdown("**Rescore history** (the latest rescore of a criterion counts)")
        components.table(ev.rescores, f"{key}_rescores", name=f"evaluation_{ev.evaluation_id}_rescores")
    if viewer.role == "agent" and viewer.agent_id == ev.agent_id:
        _dispute_form(identity, ev, key)


def _dispute_form(identity: Identity, ev: Evaluation, key: str) -> None:
    if (ev.disputes["status"] == "open").any():
        st.info("Your dispute of this evaluation is waiting for your manager's decision.")
        return
    with st.form(f"{key}_dispute"):
        st.markdown("**Dispute this evaluation**")
        reason = st.text_area("Why do you think a score is wrong?", key=f"{key}_dispute_reason", max_chars=2000)
        if st.form_submit_button("Send the dispute to my manager", type="primary"):
            try:
                dispute_id = coaching_data.raise_dispute(Actor(identity.email, identity.viewer), ev.evaluation_id,
                                                         reason)
            except (ValueError, LookupError, ScopeError) as exc:
                st.error(str(exc))
            else:
                st.session_state[f"{key}_notice"] = f"Dispute {dispute_id} sent: your manager will uphold or rescore."
                st.rerun()
