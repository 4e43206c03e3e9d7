"""Overview (leadership): headline KPIs vs the previous period, channel mix, outcomes, QA, reviews, compliance."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import auth, components, data, drill, filters
from metrics.definitions import KPIS
from metrics.settings import CHANNELS, qa_target

CARDS = ("contacts", "digital_voice_ratio", "engagement_rate", "conversion_rate", "qa_score", "at_target_share",
         "five_star_reviews", "attribution_coverage", "compliance_rate", "avg_talk_seconds", "voice_ai_handoff_rate",
         "avg_rating")
ALL = tuple(k.name for k in KPIS)
BAR_SCALE = [[0, "#93c5fd"], [1, "#1e3a8a"]]  # light to dark blue: the lowest bar stays visible
BY_GROUP = ("contacts", "conversion_rate", "qa_score", "five_star_reviews", "attribution_coverage", "compliance_rate",
            "digital_voice_ratio")



def line(frame: pd.DataFrame, x: str, y: str) -> go.Figure:
    """One KPI over time as a line with a marker per day or month (click one to drill down)."""
    return go.Figure(go.Scatter(x=frame[x], y=frame[y], mode="lines+markers", marker={"size": 6}, name=y))


viewer = auth.signed_in().viewer
sel = filters.current()
target = qa_target()

st.title("Overview")
st.caption(sel.label + (" · compared with the previous period" if sel.previous else ""))

now = components.first_row(data.read("kpis", viewer, sel.period, "company", sel.filters, names=ALL))
before = components.first_row(data.read("kpis", viewer, sel.previous, "company", sel.filters, names=ALL)) \
    if sel.previous else None
components.kpi_cards(now if now is not None else {}, before, CARDS)

series = data.read("timeseries", viewer, sel.period, sel.grain, sel.filters, names=ALL)
key = sel.grain
by_time = drill.interactions(viewer, sel, key, time_series=True)

left, right = st.columns(2)
with left:
    mix = series[[key, *(f"contacts_{c}" for c in CHANNELS)]].rename(
        columns={f"contacts_{c}": c for c in CHANNELS})
    fig = go.Figure([go.Scatter(x=mix[key], y=mix[c], name=c, mode="lines+markers", marker={"size": 4},
                                stackgroup="mix", groupnorm="percent")
                     for c in CHANNELS])
    fig.update_yaxes(title="share of contacts (%)")
    components.chart("Channel mix over time", fig, mix, "overview_mix", by_time,
                     caption="Engaged contacts per channel; the area shows each channel's share.")
with right:
    ratio = series[[key, "digital_voice_ratio", "engagement_rate"]]
    fig = line(ratio, key, "digital_voice_ratio")
    fig.update_yaxes(title="digital accounts per calling account")
    components.chart("Digital-to-voice ratio", fig, ratio, "overview_ratio", by_time,
                     caption="Accounts that wrote to us for every account that called us.")

left, right = st.columns(2)
with left:
    qa = series[[key, "qa_score", "at_target_share"]]
    fig = line(qa, key, "qa_score")
    fig.add_hline(y=target, line_dash="dash", line_color="#ef4444", annotation_text=f"target {target:.0f}")
    fig.update_yaxes(title="QA score", range=[0, 100])
    components.chart("QA score vs target", fig, qa, "overview_qa", by_time,
                     caption=f"Mean evaluation score; target {target:.0f}. Critical failures score 0.")
with right:
    outcomes = data.read("outcome_mix", viewer, sel.period, "company", sel.filters)
    ordered = outcomes.sort_values("share")
    fig = go.Figure(go.Bar(x=ordered["share"], y=ordered["outcome"], orientation="h",
                           customdata=ordered["interactions"], hovertemplate="%{y}: %{x:.1%} (%{customdata})"))
    fig.update_xaxes(tickformat=".0%")
    components.chart("Outcomes", fig, outcomes, "overview_outcomes",
                     caption="Share of each outcome among engaged interactions with an outcome.")

left, right = st.columns(2)
with left:
    rev = series[[key, "reviews", "five_star_reviews", "attribution_coverage", "avg_rating"]]
    fig = go.Figure()
    fig.add_bar(x=rev[key], y=rev["five_star_reviews"], name="5-star reviews credited")
    fig.add_scatter(x=rev[key], y=rev["attribution_coverage"], name="attribution coverage", yaxis="y2",
                    mode="lines+markers")
    fig.update_layout(yaxis2={"overlaying": "y", "side": "right", "tickformat": ".0%", "range": [0, 1.05]})
    components.chart("Five-star reviews and attribution coverage", fig, rev, "overview_reviews",
                     caption="Credited five-star reviews (bars) and the share of five-star reviews with a comment "
                             "that are credited to an agent (line).")
with right:
    comp = series[[key, "compliance_rate", "violations_frequency", "violations_post_conversation",
                   "violations_inconvenient_time", "violations_pause"]]
    fig = line(comp, key, "compliance_rate")
    fig.update_yaxes(tickformat=".1%", title="compliance rate")
    components.chart("Compliance rate (Regulation F)", fig, comp, "overview_compliance", by_time,
                     caption="Outbound calls placed that broke no Regulation F rule.")

st.subheader("By country or site")
dim = st.segmented_control("Break down by", ("country", "site"), default="country", key="overview_by",
                           format_func=str.capitalize) or "country"
frame = data.read("kpis", viewer, sel.period, dim, sel.filters, names=BY_GROUP)
frame[dim] = frame[dim].fillna("(unassigned)")
conversion = pd.to_numeric(frame["conversion_rate"], errors="coerce")
fig = go.Figure(go.Bar(x=frame[dim], y=frame["contacts"], marker={
    "color": conversion, "colorscale": BAR_SCALE, "showscale": True,
    "colorbar": {"title": "conversion", "tickformat": ".0%"}}))
fig.update_yaxes(title="contacts")
components.chart(f"By {dim}", fig, frame, f"overview_by_{dim}", drill.interactions(viewer, sel, dim, dim=dim),
                 caption="Contacts (bars, coloured by conversion rate); the table has every KPI.", heading=False)
