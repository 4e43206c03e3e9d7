"""My performance (agents): my five-star reviews with their text, my QA trend and criteria, my contacts and outcomes."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import auth, components, data, drill, filters, labels
from dashboard.page_kpis import ME_CARDS as CARDS
from dashboard.safety import short_name, text_or
from metrics.settings import CHANNELS, qa_target

identity = auth.signed_in()
viewer = identity.viewer
sel = filters.current()
target = qa_target()

st.title(f"My performance · {identity.name}")
filters.caption(sel.label + " · only your own figures; company figures name nobody.")

mine = data.kpi_row(viewer, sel.period, sel.filters, CARDS)
before = data.kpi_row(viewer, sel.previous, sel.filters, CARDS)
components.kpi_cards(mine if mine is not None else {}, before, CARDS, per_row=3)

company = components.first_row(data.company_totals(viewer, sel.period, sel.company_filters))
if company is not None:
    st.caption(f"Company-wide in the same period: QA score {components.fmt(company['qa_score'], 'score')}, "
               f"conversion {components.fmt(company['conversion_rate'], 'ratio')}.")

st.subheader("My five-star reviews")
feed = data.review_feed(viewer, sel.period, (5,))
if feed.empty:
    st.info("No five-star reviews credited to you in this period yet. Keep going!")
for review in feed.head(30).itertuples():
    with st.container(border=True):
        language = labels.value("language", review.language) or "language unknown"
        st.caption(components.escape_md(f"★★★★★ · {review.created_at:%-d %b %Y} · "
                                        f"{short_name(review.reviewer_name)} · {language}"))
        components.plain(text_or(review.comment))
        if isinstance(review.comment_translation, str) and review.comment_translation.strip():
            st.caption("Translation")
            components.plain(text_or(review.comment_translation))
if not feed.empty:
    components.download(feed.assign(reviewer_name=feed["reviewer_name"].map(short_name))
                        .drop(columns=["agent_ids", "insider_flag"]), "my_five_star_reviews", "me_reviews")

left, right = st.columns(2)
with left:
    daily = data.qa_scores(viewer, sel.period, "day", sel.filters)
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
    components.chart("My QA trend", fig, trend, "me_qa",
                     drill.evaluations(viewer, sel, "week", weeks=True, link_as=identity.email if identity.demo
                                       else None), caption="Weekly QA score (weeks start on Monday).",
                     y="score", empty_text="No QA evaluations of your work in this period.")
with right:
    criteria = data.criterion_pass_rates(viewer, sel.period, sel.filters).sort_values("pass_rate")
    fig = px.bar(criteria, x="pass_rate", y="criterion", orientation="h")
    fig.update_traces(texttemplate="%{x:.0%}", textposition="outside", cliponaxis=False)
    fig.update_yaxes(title=None, automargin=True)
    components.chart("My scorecard criteria", fig, criteria, "me_criteria",
                     drill.evaluations(viewer, sel, "criterion", missed=True,
                                       link_as=identity.email if identity.demo else None), x="percent",
                     caption="Share of my evaluations with full marks on each criterion.",
                     empty_text="No QA evaluations of your work in this period.")

left, right = st.columns(2)
with left:
    series = data.timeseries(viewer, sel.period, sel.grain, sel.filters, tuple(f"contacts_{c}" for c in CHANNELS))
    long = series.melt(id_vars=sel.grain, var_name="channel", value_name="contacts")
    long["channel"] = long["channel"].str.removeprefix("contacts_")
    per_step = long.groupby(sel.grain)["contacts"].sum()
    fig = px.bar(long, x=sel.grain, y="contacts", color="channel")
    fig.update_xaxes(title=None)
    components.chart("My contacts", fig, series, "me_contacts",
                     drill.interactions(viewer, sel, sel.grain, time_series=True),
                     caption="Engaged interactions I handled, per channel.", y="count",
                     max_count=float(per_step.max()) if len(per_step) else None,
                     empty=int(per_step.sum()) == 0, empty_text="No contacts handled in this period.")
with right:
    outcomes = data.outcome_mix(viewer, sel.period, "company", sel.filters)
    fig = px.pie(outcomes.assign(outcome=outcomes["outcome"].map(lambda o: labels.value("outcome", o))),
                 names="outcome", values="interactions", hole=0.45)
    components.chart("My outcomes", fig, outcomes, "me_outcomes", empty_text="No outcomes recorded in this period.")
