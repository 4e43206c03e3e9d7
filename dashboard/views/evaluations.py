"""QA evaluations (everyone, within scope): the evaluations behind the QA figures, and one opened in full."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, coaching_data, components, evaluation_view, filters, labels

identity = auth.signed_in()
viewer = identity.viewer
sel = filters.current()

st.title("QA evaluations")
st.caption(sel.label + " · the scorecards behind every QA score. Select one to open it.")
notice = st.session_state.pop("evaluations_open_notice", None)
if notice:
    st.success(notice)

listed = coaching_data.evaluation_list(viewer, sel.period, sel.filters)
asked = str(st.query_params.get("evaluation", "")).strip()
m1, m2, m3 = st.columns(3)
m1.metric("Evaluations", f"{len(listed):,}" + ("+" if len(listed) >= 500 else ""), border=True,
          help="Newest 500 at most in the period and filters.")
m2.metric("Mean evaluation score", components.fmt(listed["score"].mean() if len(listed) else None, "score"),
          border=True)
m3.metric("Rescored after a dispute", f"{int(listed['is_rescored'].sum()):,}" if len(listed) else "0", border=True)

chosen = asked
if listed.empty:
    st.info("No evaluations in this period and selection.")
else:
    event = st.dataframe(labels.display(listed), key="evaluations_list",
                         hide_index=True, width="stretch", height=280, on_select="rerun", selection_mode="single-row",
                         column_config={labels.label("score"): st.column_config.NumberColumn(format="%.1f")})
    components.download(listed, "qa_evaluations", "evaluations_list")
    rows = event.selection.rows if event is not None and hasattr(event, "selection") else []
    if rows and rows[0] < len(listed):
        chosen = str(listed.iloc[rows[0]]["evaluation_id"])
    elif not chosen:
        chosen = str(listed.iloc[0]["evaluation_id"])
typed = st.text_input("Or open an evaluation by its id", value="", key="evaluations_id",
                      placeholder="e.g. QA0000123").strip()
if typed:
    chosen = typed
if chosen:
    evaluation_view.show(identity, chosen, "evaluations_open")
