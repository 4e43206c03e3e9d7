"""Overview (leadership): headline KPIs vs the previous period, channel mix, outcomes, QA, reviews, compliance.

Under the cards: the channel mix and the digital-to-voice ratio; then one of QA, outcomes, reviews
and compliance (built only when chosen, so the first screen draws three charts, not six); then
the breakdown by country or site.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import auth, components, data, drill, filters, labels, page_kpis
from metrics.settings import CHANNELS, qa_target

CARDS = ("contacts", "conversion_rate", "engagement_rate", "digital_voice_ratio",
         "qa_score", "at_target_share", "compliance_rate", "voice_ai_handoff_rate",
         "reviews", "avg_rating", "five_star_reviews", "attribution_coverage")
BAR_SCALE = [[0, "#93c5fd"], [1, "#1e3a8a"]]  # light to dark blue: the lowest bar stays visible
BY_GROUP = page_kpis.BREAKDOWN_KPIS



def line(frame: pd.DataFrame, x: str, y: str) -> go.Figure:
    """One KPI over time as a line with a marker per day or month (click one to drill down)."""
    return go.Figure(go.Scatter(x=frame[x], y=frame[y], mode="lines+markers", marker={"size": 6},
                                name=labels.label(y)))


viewer = auth.signed_in().viewer
sel = filters.current()
target = qa_target()

st.title("Overview")
filters.caption(sel.label + (" · compared with the previous period" if sel.previous else ""))

now = data.kpi_row(viewer, sel.period, sel.filters)
before = data.kpi_row(viewer, sel.previous, sel.filters)
components.kpi_cards(now if now is not None else {}, before, CARDS)

series = data.timeseries(viewer, sel.period, sel.grain, sel.filters)
key = sel.grain
by_time = drill.interactions(viewer, sel, key, time_series=True)

left, right = st.columns(2)
with left:
    mix = series[[key, *(f"contacts_{c}" for c in CHANNELS)]].rename(
        columns={f"contacts_{c}": c for c in CHANNELS})
    fig = go.Figure([go.Scatter(x=mix[key], y=mix[c], name=labels.value("channel", c), mode="lines+markers",
                                marker={"size": 4}, stackgroup="mix", groupnorm="percent",
                                hovertemplate="%{y:.1f} %")
                     for c in CHANNELS])
    fig.update_yaxes(title="Share of contacts", range=[0, 100], ticksuffix=" %")
    components.chart("Channel mix over time", fig, mix, "overview_mix", by_time,
                     caption="Engaged contacts per channel; the area shows each channel's share.",
                     empty=int(mix[list(CHANNELS)].sum().sum()) == 0, empty_text="No contacts in this period.")
with right:
    ratio = series[[key, "digital_voice_ratio", "engagement_rate"]]
    fig = line(ratio, key, "digital_voice_ratio")
    fig.update_yaxes(title="Digital accounts per calling account", rangemode="tozero", hoverformat=".1f")
    components.chart("Digital-to-voice ratio", fig, ratio, "overview_ratio", by_time,
                     caption="Accounts that wrote to us for every account that called us.",
                     empty=ratio["digital_voice_ratio"].isna().all(), empty_text="No calls or messages in this period.")

st.subheader("Quality, outcomes, reviews and compliance")
TRENDS = ("QA score", "Outcomes", "Five-star reviews", "Compliance")
trend = st.segmented_control("Trend", TRENDS, default=TRENDS[0], key="overview_trend",
                             label_visibility="collapsed") or TRENDS[0]
if trend == "QA score":
    qa = series[[key, "qa_score", "at_target_share"]]
    fig = line(qa, key, "qa_score")
    fig.add_hline(y=target, line_dash="dash", line_color="#ef4444", annotation_text=f"target {target:.0f}")
    fig.update_yaxes(title="QA score")
    components.chart("QA score vs target", fig, qa, "overview_qa", by_time, y="score", heading=False,
                     caption=f"Mean evaluation score; target {target:.0f}. Critical failures score 0.",
                     empty=qa["qa_score"].isna().all(), empty_text="No QA evaluations in this period.")
elif trend == "Outcomes":
    outcomes = data.outcome_mix(viewer, sel.period, "company", sel.filters)
    ordered = outcomes.sort_values("share")
    fig = go.Figure(go.Bar(x=ordered["share"], y=ordered["outcome"].map(lambda o: labels.value("outcome", o)),
                           orientation="h", customdata=ordered["interactions"],
                           hovertemplate="%{y}: %{x:.1%} (%{customdata:,d} interactions)<extra></extra>"))
    fig.update_xaxes(title="Share of engaged interactions with an outcome")
    fig.update_yaxes(automargin=True)
    components.chart("Outcomes", fig, outcomes, "overview_outcomes", x="percent", heading=False,
                     caption="Share of each outcome among engaged interactions with an outcome.",
                     empty_text="No outcomes recorded in this period.")
elif trend == "Five-star reviews":
    rev = series[[key, "reviews", "five_star_reviews", "attribution_coverage", "avg_rating"]]
    fig = go.Figure()
    fig.add_bar(x=rev[key], y=rev["five_star_reviews"], name="Five-star reviews credited")
    fig.add_scatter(x=rev[key], y=rev["attribution_coverage"], name="Attribution coverage", yaxis="y2",
                    mode="lines+markers")
    fig.update_layout(yaxis={"title": "Reviews"},
                      yaxis2={"overlaying": "y", "side": "right", "tickformat": ".0%", "hoverformat": ".1%",
                              "range": [0, 1.02], "title": "Coverage", "showgrid": False})
    components.chart("Five-star reviews and attribution coverage", fig, rev, "overview_reviews", heading=False,
                     y="count", max_count=float(rev["five_star_reviews"].max() or 0),
                     caption="Credited five-star reviews (bars) and the share of five-star reviews with a comment "
                             "that are credited to an agent (line).",
                     empty=int(rev["reviews"].fillna(0).sum()) == 0, empty_text="No reviews in this period.")
else:
    comp = series[[key, "compliance_rate", "violations_frequency", "violations_post_conversation",
                   "violations_inconvenient_time", "violations_pause"]]
    fig = line(comp, key, "compliance_rate")
    fig.update_yaxes(title="Compliance rate")
    components.chart("Compliance rate (Regulation F)", fig, comp, "overview_compliance", by_time, y="percent",
                     heading=False, caption="Outbound calls placed that broke no Regulation F rule.",
                     empty=comp["compliance_rate"].isna().all(), empty_text="No outbound calls placed in this period.")

st.subheader("By country or site")
dim = st.segmented_control("Break down by", ("country", "site"), default="country", key="overview_by",
                           format_func=str.capitalize) or "country"
frame = data.kpis(viewer, sel.period, dim, sel.filters, BY_GROUP)
shown = f"{dim}_name"
frame.insert(1, shown, frame[dim].map(labels.country) if dim == "country"
             else frame[dim].map(lambda v: labels.UNASSIGNED if v is None or pd.isna(v) else v))
conversion = pd.to_numeric(frame["conversion_rate"], errors="coerce")
fig = go.Figure(go.Bar(x=frame[shown], y=frame["contacts"], customdata=conversion, marker={
    "color": conversion, "colorscale": BAR_SCALE, "showscale": True,
    "colorbar": {"title": "Conversion", "tickformat": ".0%"}},
    hovertemplate="%{x}: %{y:,d} contacts, conversion %{customdata:.1%}<extra></extra>"))
fig.update_yaxes(title="Contacts")
components.chart(f"By {dim}", fig, frame, f"overview_by_{dim}",
                 drill.interactions(viewer, sel, dim, dim=dim, label=shown), y="count",
                 max_count=float(frame["contacts"].max() or 0),
                 caption=f"Contacts (bars, coloured by conversion rate); the table has every KPI. "
                         f"{labels.UNASSIGNED}: {labels.UNASSIGNED_HELP[0].lower()}{labels.UNASSIGNED_HELP[1:]}",
                 heading=False)
