"""Team (managers): agent table with coaching flags, QA trend per agent, weakest criteria, this week's coaching list."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import auth, components, data, drill, filters
from metrics.qa import coaching_period
from metrics.settings import qa_target

AGENT_KPIS = ("qa_score", "contacts", "conversion_rate", "avg_talk_seconds", "five_star_reviews", "resolution_rate")
TREND_DEFAULT = 5

viewer = auth.signed_in().viewer
sel = filters.current()
target = qa_target()
today = sel.anchor + timedelta(days=1)

st.title("Team")
st.caption(sel.label)

roster = data.read("people", viewer)
if sel.filters.get("team"):
    roster = roster[roster["team"].isin(sel.filters["team"])]
if sel.filters.get("site"):
    roster = roster[roster["site"].isin(sel.filters["site"])]
if sel.filters.get("country"):
    roster = roster[roster["country"].isin(sel.filters["country"])]
people = roster[["agent_id", "full_name", "team", "site"]]

per_agent = data.read("kpis", viewer, sel.period, "agent", sel.filters, names=AGENT_KPIS)
evals = data.read("qa_scores", viewer, sel.period, "agent", sel.filters)
flags = data.read("coaching_flags", viewer, today)
table = people.merge(per_agent.rename(columns={"agent": "agent_id"}), on="agent_id", how="left")
if not evals.empty:
    table = table.merge(evals[["agent", "evaluations"]].rename(columns={"agent": "agent_id"}), on="agent_id",
                        how="left")
else:
    table["evaluations"] = 0
flagged = set(flags["agent_id"]) if not flags.empty else set()
table["coaching_flag"] = table["agent_id"].isin(flagged)
table = table.sort_values(["coaching_flag", "qa_score"], ascending=[False, True]).reset_index(drop=True)

m1, m2, m3, m4 = st.columns(4)
m1.metric("Agents", f"{len(table):,}", border=True)
scored = table["qa_score"].dropna()
m2.metric("At QA target", f"{(scored >= target).mean():.0%}" if len(scored) else "—", border=True,
          help=f"Share of evaluated agents with a QA score of {target:.0f} or more in the period.")
m3.metric("Flagged for coaching", f"{len(flagged & set(table['agent_id'])):,}", border=True,
          help="QA score over the last 4 complete weeks below target.")
m4.metric("Five-star reviews credited", f"{int(table['five_star_reviews'].fillna(0).sum()):,}", border=True)

fig = px.bar(table.dropna(subset=["qa_score"]).sort_values("qa_score"), x="qa_score", y="full_name",
             color="coaching_flag", orientation="h", color_discrete_map={True: "#ef4444", False: "#1f6feb"},
             hover_data=["team", "contacts", "conversion_rate", "five_star_reviews"])
fig.add_vline(x=target, line_dash="dash", line_color="#ef4444")
fig.update_layout(height=max(360, 18 * len(table)))
fig.update_yaxes(categoryorder="total ascending", title=None)
components.chart("Agents", fig, table, "team_agents",
                 drill.interactions(viewer, sel, "agent_id", dim="agent", label="full_name"),
                 caption="QA score per agent (red: flagged for coaching). The table has contacts, conversion, "
                         "talk time and five-star reviews.",
                 column_config={"conversion_rate": st.column_config.NumberColumn(format="percent"),
                                "resolution_rate": st.column_config.NumberColumn(format="percent"),
                                "qa_score": st.column_config.NumberColumn(format="%.1f"),
                                "avg_talk_seconds": st.column_config.NumberColumn(format="%.0f s")})

st.subheader("QA trend per agent")
names = dict(zip(table["agent_id"], table["full_name"], strict=False))
default = [a for a in table["agent_id"] if a in flagged][:TREND_DEFAULT] or list(table["agent_id"][:TREND_DEFAULT])
chosen = st.multiselect("Agents", list(names), default=default, format_func=lambda a: names.get(a, a),
                        key="team_trend_agents")
weekly = []
for agent_id in chosen:
    daily = data.read("qa_scores", viewer, sel.period, "day", {**sel.filters, "agent": (agent_id,)})
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
components.chart("Weekly QA score", fig, trend, "team_trend",
                 caption="Evaluation-weighted weekly QA score (weeks start on Monday).")

criteria = data.read("criterion_pass_rates", viewer, sel.period, sel.filters).sort_values("pass_rate")
fig = px.bar(criteria.head(10), x="pass_rate", y="criterion", orientation="h", hover_data=["evaluations", "passed"])
fig.update_xaxes(tickformat=".0%", range=[0, 1])
fig.update_yaxes(categoryorder="total descending", title=None)
components.chart("Weakest scorecard criteria", fig, criteria, "team_criteria",
                 caption="Share of evaluations scoring full marks on each criterion, weakest first.")

st.subheader("Coaching list for this week")
week = coaching_period(today)
st.caption(f"Agents below the QA target of {target:.0f} over {week.first_day():%d %b} – "
           f"{week.end_day() - timedelta(days=1):%d %b %Y} (the last 4 complete weeks), with their weakest criterion.")
rows = []
for flag in flags.itertuples():
    if flag.agent_id not in names:
        continue
    crit = data.read("criterion_pass_rates", viewer, week, {"agent": (flag.agent_id,)})
    weakest = crit.sort_values("pass_rate").iloc[0] if not crit.empty else None
    rows.append({"agent_id": flag.agent_id, "full_name": names[flag.agent_id], "qa_score": flag.qa_score,
                 "evaluations": flag.evaluations,
                 "weakest_criterion": weakest["criterion"] if weakest is not None else None,
                 "weakest_pass_rate": weakest["pass_rate"] if weakest is not None else None})
coaching = pd.DataFrame(rows, columns=["agent_id", "full_name", "qa_score", "evaluations", "weakest_criterion",
                                       "weakest_pass_rate"])
if coaching.empty:
    st.success("Nobody in scope is below target over the last four weeks.")
else:
    components.table(coaching.sort_values("qa_score"), "team_coaching",
                     drill.evaluations(viewer, sel, "agent_id", period=week, agent_column="agent_id",
                                       link_as=auth.signed_in().email if auth.signed_in().demo else None))
