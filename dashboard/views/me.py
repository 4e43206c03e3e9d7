"""My performance (agents): my five-star reviews with their text, my QA trend and criteria, my contacts and outcomes."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import auth, components, data, drill, filters
from dashboard.safety import short_name, text_or
from metrics.settings import CHANNELS, qa_target

CARDS = ("contacts", "conversion_rate", "qa_score", "five_star_reviews", "avg_talk_seconds", "resolution_rate")

identity = auth.signed_in()
viewer = identity.viewer
sel = filters.current()
target = qa_target()

st.title(f"My performance · {identity.name}")
st.caption(sel.label + " · only your own figures; company figures name nobody.")

mine = components.first_row(data.read("kpis", viewer, sel.period, "company", sel.filters, names=CARDS))
before = components.first_row(data.read("kpis", viewer, sel.previous, "company", sel.filters, names=CARDS)) \
    if sel.previous else None
components.kpi_cards(mine if mine is not None else {}, before, CARDS, per_row=3)

company = components.first_row(data.read("company_totals", viewer, sel.period, sel.company_filters))
if company is not None:
    st.caption(f"Company-wide in the same period: QA score {components.fmt(company['qa_score'], 'score')}, "
               f"conversion {components.fmt(company['conversion_rate'], 'ratio')}.")

st.subheader("My five-star reviews")
feed = data.read("review_feed", viewer, sel.period, stars=(5,))
if feed.empty:
    st.info("No five-star reviews credited to you in this period yet. Keep going!")
for review in feed.head(30).itertuples():
    with st.container(border=True):
        st.caption(components.escape_md(f"★★★★★ · {review.created_at:%d %b %Y} · "
                                        f"{short_name(review.reviewer_name)} · {review.language or '?'}"))
        components.plain(text_or(review.comment))
        if isinstance(review.comment_translation, str) and review.comment_translation.strip():
            st.caption("Translation")
            components.plain(text_or(review.comment_translation))
components.download(feed.assign(reviewer_name=feed["reviewer_name"].map(short_name))
                    .drop(columns=["agent_ids", "insider_flag"]), "my_five_star_reviews", "me_reviews")

left, right = st.columns(2)
with left:
    daily = data.read("qa_scores", viewer, sel.period, "day", sel.filters)
    if not daily.empty:
        daily["week"] = pd.to_datetime(daily["day"]).dt.to_period("W-SUN").dt.start_time
        daily["points"] = daily["qa_score"] * daily["evaluations"]
        trend = daily.groupby("week", as_index=False)[["points", "evaluations"]].sum()
        trend["qa_score"] = trend["points"] / trend["evaluations"]
        trend = trend.drop(columns=["points"])
    else:
        trend = pd.DataFrame(columns=["week", "evaluations", "qa_score"])
    fig = px.line(trend, x="week", y="qa_score", markers=True)
    fig.add_hline(y=target, line_dash="dash", line_color="#ef4444", annotation_text=f"target {target:.0f}")
    fig.update_yaxes(range=[0, 100])
    components.chart("My QA trend", fig, trend, "me_qa",
                     drill.evaluations(viewer, sel, "week", weeks=True, link_as=identity.email if identity.demo
                                       else None), caption="Weekly QA score (weeks start on Monday).")
with right:
    criteria = data.read("criterion_pass_rates", viewer, sel.period, sel.filters).sort_values("pass_rate")
    fig = px.bar(criteria, x="pass_rate", y="criterion", orientation="h")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    components.chart("My scorecard criteria", fig, criteria, "me_criteria",
                     caption="Share of my evaluations with full marks on each criterion.")

left, right = st.columns(2)
with left:
    series = data.read("timeseries", viewer, sel.period, sel.grain, sel.filters,
                       names=tuple(f"contacts_{c}" for c in CHANNELS))
    long = series.melt(id_vars=sel.grain, var_name="channel", value_name="contacts")
    long["channel"] = long["channel"].str.removeprefix("contacts_")
    fig = px.bar(long, x=sel.grain, y="contacts", color="channel")
    components.chart("My contacts", fig, series, "me_contacts",
                     drill.interactions(viewer, sel, sel.grain, time_series=True),
                     caption="Engaged interactions I handled, per channel.")
with right:
    outcomes = data.read("outcome_mix", viewer, sel.period, "company", sel.filters)
    fig = px.pie(outcomes, names="outcome", values="interactions", hole=0.45)
    components.chart("My outcomes", fig, outcomes, "me_outcomes")
