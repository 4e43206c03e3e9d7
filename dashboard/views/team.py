"""Team (managers): agent table with coaching flags, QA trend per agent, weakest criteria, this week's coaching list."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import auth, components, data, drill, filters, labels, page_kpis, warm
from metrics.qa import coaching_period
from metrics.settings import qa_target

AGENT_KPIS = page_kpis.TEAM_KPIS
CARDS = page_kpis.TEAM_CARDS
TREND_DEFAULT = 5
TOP_N = 25
FLAG_COLORS = {"Flagged for coaching": "#ef4444", "Not flagged": "#1f6feb"}

viewer = auth.signed_in().viewer
sel = filters.current()
target = qa_target()
today = sel.anchor + timedelta(days=1)

st.title("Team")
filters.caption(sel.label)

roster = data.people(viewer)
for dim in ("team", "site", "country"):
    if sel.filters.get(dim):
        roster = roster[roster[dim].isin(sel.filters[dim])]
people = roster[["agent_id", "full_name", "team", "site"]]

per_agent = data.kpis(viewer, sel.period, "agent", sel.filters, AGENT_KPIS).rename(columns={"agent": "agent_id"})
per_agent = per_agent[per_agent["agent_id"].notna() & (per_agent["agent_id"] != "voice_ai")]
evals = data.qa_scores(viewer, sel.period, "agent", sel.filters)
flags = data.coaching_flags(viewer, today)
totals = data.kpi_row(viewer, sel.period, sel.filters, CARDS)
evaluated = data.qa_scores(viewer, sel.period, "company", sel.filters)
agents_evaluated = int(evaluated["agents_evaluated"].iloc[0]) if not evaluated.empty else 0

table = people.merge(per_agent, on="agent_id", how="outer")
table["full_name"] = table["full_name"].fillna("Not on the roster: " + table["agent_id"].astype(str))
if not evals.empty:
    table = table.merge(evals[["agent", "evaluations"]].rename(columns={"agent": "agent_id"}), on="agent_id",
                        how="left")
else:
    table["evaluations"] = 0
flagged = set(flags["agent_id"]) if not flags.empty else set()
table["coaching_flag"] = table["agent_id"].isin(flagged)
table = table.sort_values(["coaching_flag", "qa_score"], ascending=[False, True]).reset_index(drop=True)

m1, m2, m3, m4 = st.columns(4)
m1.metric("Agents evaluated", f"{agents_evaluated:,}", border=True,
          help=f"Agents with at least one QA evaluation in the period, of {len(people):,} on the roster in view.")
m2.metric(labels.label("at_target_share"), components.fmt(totals.get("at_target_share") if totals is not None
                                                          else None, "ratio"), border=True,
          help=f"Share of evaluated agents with a QA score of {target:.0f} or more in the period.")
m3.metric("Flagged for coaching", f"{len(flagged & set(table['agent_id'])):,}", border=True,
          help="QA score over the last 4 complete weeks below target.")
m4.metric(labels.label("five_star_reviews"), components.fmt(totals.get("five_star_reviews") if totals is not None
                                                            else None, "count"), border=True,
          help="Five-star reviews credited to these agents; a review naming two of them counts once.")

scored = table.dropna(subset=["qa_score"]).copy()
scored["flag"] = scored["coaching_flag"].map({True: "Flagged for coaching", False: "Not flagged"})
c1, c2 = st.columns([1, 2])
search = c1.text_input("Find an agent", key="team_search", placeholder="Name")
views = (f"Lowest {TOP_N}", f"Highest {TOP_N}", "All")
show = (c2.segmented_control("Show", views, default=views[0], key="team_show") or views[0]) \
    if len(scored) > TOP_N else "All"
if search:
    scored = scored[scored["full_name"].str.contains(search, case=False, regex=False)]
elif show.startswith("Lowest"):
    scored = scored.nsmallest(TOP_N, "qa_score")
elif show.startswith("Highest"):
    scored = scored.nlargest(TOP_N, "qa_score")
scored = scored.sort_values("qa_score", ascending=False)
fig = px.bar(scored, x="qa_score", y="full_name", color="flag", orientation="h", color_discrete_map=FLAG_COLORS,
             category_orders={"full_name": list(scored["full_name"])},
             hover_data={"team": True, "contacts": True, "evaluations": True, "flag": False})
fig.add_vline(x=target, line_dash="dash", line_color="#ef4444", annotation_text=f"target {target:.0f}")
fig.update_layout(height=max(170, 28 * len(scored) + 110), legend_title_text="")
fig.update_yaxes(title=None, automargin=True)
fig.update_xaxes(title="QA score")
components.chart("Agents", fig, table, "team_agents",
                 drill.interactions(viewer, sel, "agent_id", dim="agent", label="full_name"), x="score",
                 caption=f"QA score of the {len(scored):,} agent{'s' if len(scored) != 1 else ''} shown (red: "
                         "flagged for coaching). The table has "
                         "every agent in view with contacts, conversion, talk time and five-star reviews.",
                 empty=scored.empty, empty_text="No QA evaluations for these agents in this period.")

st.subheader("QA trend per agent")
names = dict(zip(table["agent_id"], table["full_name"], strict=False))
default = warm.trend_agents(flags, names, TREND_DEFAULT) or list(table["agent_id"][:TREND_DEFAULT])
chosen = st.multiselect("Agents", list(names), default=default, format_func=lambda a: names.get(a, a),
                        key="team_trend_agents")
weekly = []
for agent_id in chosen:
    daily = data.qa_scores(viewer, sel.period, "day", {**sel.filters, "agent": (agent_id,)})
    if daily.empty:
        continue
    daily["week"] = pd.to_datetime(daily["day"]).dt.to_period("W-SUN").dt.start_time
    daily["points"] = daily["qa_score"] * daily["evaluations"]
    week = daily.groupby("week", as_index=False)[["points", "evaluations"]].sum()
    week["qa_score"] = week["points"] / week["evaluations"]
    week["agent"] = names.get(agent_id, agent_id)
    weekly.append(week.drop(columns=["points"]))
trend = pd.concat(weekly, ignore_index=True) if weekly else pd.DataFrame(columns=["week", "evaluations",
                                                                                  "qa_score", "agent"])
fig = px.line(trend, x="week", y="qa_score", color="agent", markers=True)
fig.add_hline(y=target, line_dash="dash", line_color="#ef4444")
components.chart("Weekly QA score", fig, trend, "team_trend", y="score",
                 caption="Evaluation-weighted weekly QA score (weeks start on Monday).",
                 empty_text="No evaluations for the chosen agents in this period.")

criteria = data.criterion_pass_rates(viewer, sel.period, sel.filters).sort_values("pass_rate")
fig = px.bar(criteria.head(10), x="pass_rate", y="criterion", orientation="h", hover_data=["evaluations", "passed"])
fig.update_traces(texttemplate="%{x:.0%}", textposition="outside", cliponaxis=False)
fig.update_yaxes(categoryorder="total descending", title=None, automargin=True)
components.chart("Weakest scorecard criteria", fig, criteria, "team_criteria",
                 drill.evaluations(viewer, sel, "criterion", missed=True,
                                   link_as=auth.signed_in().email if auth.signed_in().demo else None), x="percent",
                 caption="Share of evaluations scoring full marks on each criterion, weakest first.",
                 empty_text="No QA evaluations in this period.")

st.subheader("Coaching list for this week")
week = coaching_period(today)
st.caption(f"Agents below the QA target of {target:.0f} over {week.first_day():%-d %b} – "
           f"{week.end_day() - timedelta(days=1):%-d %b %Y} (the last 4 complete weeks), with the criterion on "
           "which they scored the lowest share of the possible points in their own evaluations.")
coaching = flags[flags["agent_id"].isin(names)].assign(full_name=lambda f: f["agent_id"].map(names))
coaching = coaching[["full_name", "qa_score", "evaluations", "weakest_criterion", "weakest_score_share", "agent_id"]]
if coaching.empty:
    st.success("Nobody in view is below target over the last four weeks.")
else:
    components.table(coaching.sort_values("qa_score").reset_index(drop=True), "team_coaching",
                     drill.evaluations(viewer, sel, "agent_id", period=week, agent_column="agent_id",
                                       link_as=auth.signed_in().email if auth.signed_in().demo else None))
