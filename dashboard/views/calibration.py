"""Calibration (managers, leadership): evaluator agreement per criterion and evaluators who drift from peers."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import auth, coaching_data, components, filters
from metrics.calibration import CONSISTENT_SHARE, DRIFT_POINTS, GOOD, MIN_INTERACTIONS, TENTATIVE
from metrics.periods import Period

identity = auth.signed_in()
viewer = identity.viewer
sel = filters.current()

st.title("Calibration")
whole = st.toggle("All time (calibration needs many double-scored interactions)", value=True,
                  key="calibration_all_time")
period = Period.all() if whole else sel.period
st.caption(("All evaluations" if whole else sel.label) + " · interactions scored by two or more evaluators.")

agreement = coaching_data.criterion_agreement(viewer, period)
drift = coaching_data.evaluator_drift(viewer, period)
m1, m2, m3 = st.columns(3)
m1.metric("Double-scored interactions", f"{coaching_data.double_scored_interactions(viewer, period):,}",
          border=True, help="Interactions with evaluations by at least two different evaluators.")
m2.metric("Criteria with low agreement", f"{int(agreement['flagged'].sum()) if len(agreement) else 0}", border=True,
          help=f"Krippendorff's alpha below {TENTATIVE}.")
m3.metric("Evaluators off their peers", f"{int(drift['tendency'].isin(['scores higher', 'scores lower']).sum())}"
          if len(drift) else "0", border=True)

scored = agreement.dropna(subset=["alpha"]).sort_values("alpha")
fig = px.bar(scored, x="alpha", y="criterion", orientation="h", color="agreement",
             color_discrete_map={"good": "#10b981", "tentative": "#f59e0b", "low agreement": "#ef4444"},
             hover_data=["interactions", "evaluators"])
fig.add_vline(x=TENTATIVE, line_dash="dash", line_color="#ef4444", annotation_text=f"{TENTATIVE}",
              annotation_position="top")
fig.add_vline(x=GOOD, line_dash="dot", line_color="#10b981", annotation_text=f"{GOOD}", annotation_position="top")
fig.update_xaxes(title="Krippendorff's alpha (interval)", range=[min(-0.2, float(scored["alpha"].min()) - 0.05)
                                                                 if len(scored) else -0.2, 1.0])
fig.update_yaxes(title=None)
components.chart("Agreement per criterion", fig, agreement, "calibration_criteria",
                 caption=f"Krippendorff's alpha over each criterion's score share (1 is full agreement, 0 no better "
                         f"than chance). Below {TENTATIVE}: low agreement, flagged for a calibration session; "
                         f"{TENTATIVE}–{GOOD}: tentative; from {GOOD}: good. Needs {MIN_INTERACTIONS} or more "
                         f"double-scored interactions; a criterion every evaluator scored alike has no alpha "
                         f"(see the table).",
                 column_config={"alpha": st.column_config.NumberColumn(format="%.3f")})
flagged = agreement[agreement["flagged"]]
if len(flagged):
    st.warning("Evaluators disagree on: " + ", ".join(flagged["criterion"]) + ".")

order = drift.sort_values("mean_difference")
fig = px.bar(order, x="mean_difference", y="evaluator", orientation="h", color="tendency",
             color_discrete_map={"scores higher": "#f59e0b", "scores lower": "#8b5cf6", "in line with peers": "#94a3b8",
                                 "too few double-scored interactions": "#e2e8f0"},
             hover_data=["interactions", "higher_share", "lower_share"])
fig.update_xaxes(title="mean difference to the interaction's median score (points)")
fig.update_yaxes(title=None, categoryorder="array", categoryarray=list(order["evaluator"]))
components.chart("Evaluators against their peers", fig, drift, "calibration_evaluators",
                 caption=f"On each double-scored interaction, an evaluator's score minus the median of its evaluators. "
                         f"Flagged when the mean is {DRIFT_POINTS:g}+ points off over {MIN_INTERACTIONS}+ interactions "
                         f"and {CONSISTENT_SHARE:.0%} of the non-zero differences point the same way.",
                 column_config={"mean_difference": st.column_config.NumberColumn(format="%+.1f"),
                                "higher_share": st.column_config.NumberColumn(format="percent"),
                                "lower_share": st.column_config.NumberColumn(format="percent")})
