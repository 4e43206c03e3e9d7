"""Compliance: Regulation F findings by rule, by agent or voice AI and by day, drilling down to the calls."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboard import auth, components, data, filters, labels
from dashboard.page_kpis import COMPLIANCE_CARDS as CARDS
from metrics.rollups.compliance import RULES
from metrics.violations import explain

RULE_TEXT = {
    "frequency": "8th or later call to an account within 7 days (§1006.14(b)(2)(i))",
    "post_conversation": "call within 7 days after a phone conversation (§1006.14(b)(2)(ii))",
    "inconvenient_time": "call before 8am or from 9pm local time (§1006.6(b)(1)(i))",
    "pause": "call or message while the customer asked us to pause",
}

RULE_COLORS = {rule: components.COLORS[i] for i, rule in enumerate(RULES)}  # one colour per rule on every chart

viewer = auth.signed_in().viewer
sel = filters.current()

st.title("Compliance")
filters.caption(sel.label + " · US Regulation F (12 CFR 1006), checked per account on outbound contacts.")

now = data.kpi_row(viewer, sel.period, sel.filters, CARDS)
before = data.kpi_row(viewer, sel.previous, sel.filters, CARDS)
components.kpi_cards(now if now is not None else {}, before, CARDS, per_row=3)

findings = data.findings(viewer, sel.period, sel.filters)
if findings.empty:
    ever = data.findings(viewer, None, sel.filters)
    rate = now.get("compliance_rate") if now is not None else None
    why = ("No outbound calls were placed in this period, so there is nothing to check." if components.empty(rate)
           else "Every outbound call and message in this period kept to the rules checked here.")
    latest = (f" The most recent finding is from {pd.Timestamp(ever['started_at'].max()):%-d %b %Y}: choose a "
              "period that includes it in the sidebar to see it." if not ever.empty
              else " There are no findings in any period for this selection.")
    st.success(f"No Regulation F findings in this period. {why}{latest}")
names = data.agent_names(tuple(sorted({a for a in findings["agent_id"].dropna() if a != "voice_ai"})))
findings["placed_by"] = findings["agent_id"].map(
    lambda a: "Voice AI" if a == "voice_ai" else ("No agent (dialler or automated)" if a is None or pd.isna(a)
                                                  else names.get(a, a)))
findings["day"] = pd.to_datetime(findings["started_at"]).dt.date


def finding_evidence(row: pd.Series) -> tuple[str, pd.DataFrame]:
    """What the finding rests on: the calls in the window, the conversation, local times, consents."""
    same = findings[(findings["interaction_id"] == row["interaction_id"]) & (findings["rule"] == row["rule"])]
    text, rows = explain(row["rule"], same["evidence"].iloc[0] if len(same) else {})
    return f"{row['interaction_id']} ({labels.value('rule', row['rule'])}, account {row['account_id']}): {text}", rows


FINDING_COLUMNS = ["started_at", "local_time", "rule", "account_id", "interaction_id", "placed_by"]


def findings_with(column: str, shown: str | None = None) -> components.Drill:
    """A drill from a row of a findings summary (a rule, who placed the contact, a day) to its findings."""

    def rows(row: pd.Series) -> tuple[str, pd.DataFrame]:
        mine = findings[findings[column] == row[column]][FINDING_COLUMNS]
        what = {"rule": f"of the rule “{labels.value('rule', row[column])}”", "placed_by": f"by {row[column]}",
                "day": f"on {pd.Timestamp(row[column]):%-d %b %Y}"}[column]
        return f"Findings {what}", mine.sort_values("started_at", ascending=False)

    return components.Drill(rows, shown or column, "its findings")


def findings_charts() -> None:
    """The findings by rule, by who placed the contact and by day, and the findings themselves."""
    left, right = st.columns(2)
    with left:
        by_rule = findings.groupby("rule", as_index=False).size().rename(columns={"size": "findings"})
        by_rule["rule_text"] = by_rule["rule"].map(RULE_TEXT)
        by_rule = by_rule.set_index("rule").reindex(list(RULES)).reset_index().fillna({"findings": 0})
        by_rule["findings"] = by_rule["findings"].astype(int)
        by_rule["rule_text"] = by_rule["rule"].map(RULE_TEXT)
        by_rule.insert(1, "rule_name", by_rule["rule"].map(lambda r: labels.value("rule", r)))
        fig = px.bar(by_rule, x="findings", y="rule_name", orientation="h", hover_data=["rule_text"])
        fig.update_yaxes(title=None, autorange="reversed")
        components.chart("Findings by rule", fig, by_rule, "compliance_rules", findings_with("rule", "rule_name"),
                         x="count", max_count=float(by_rule["findings"].max()))
    with right:
        by_who = findings.groupby(["placed_by", "rule"], as_index=False).size().rename(columns={"size": "findings"})
        order = by_who.groupby("placed_by")["findings"].sum().sort_values().index.tolist()[-20:]
        top = by_who[by_who["placed_by"].isin(order)]
        fig = px.bar(top, x="findings", y="placed_by", color="rule", orientation="h",
                     category_orders={"placed_by": order[::-1], "rule": list(RULES)},
                     color_discrete_map=RULE_COLORS)
        fig.update_yaxes(title=None, automargin=True)
        fig.update_layout(height=max(300, 28 * len(order) + 100))
        components.chart("Findings by agent or voice AI", fig, by_who, "compliance_who", findings_with("placed_by"),
                         x="count", max_count=float(by_who.groupby("placed_by")["findings"].sum().max()),
                         caption="Who placed the contact (top 20 in the chart; all in the table).")

    by_day = findings.groupby(["day", "rule"], as_index=False).size().rename(columns={"size": "findings"})
    fig = px.bar(by_day, x="day", y="findings", color="rule", category_orders={"rule": list(RULES)},
                 color_discrete_map=RULE_COLORS)
    fig.update_xaxes(title=None)
    components.chart("Findings by day", fig, by_day, "compliance_days", findings_with("day"), y="count",
                     max_count=float(by_day.groupby("day")["findings"].sum().max()))

    st.subheader("Findings")
    st.caption("One row per contact and rule broken.")
    shown = findings[FINDING_COLUMNS]
    components.table(shown.sort_values("started_at", ascending=False).reset_index(drop=True), "compliance_findings",
                     components.Drill(finding_evidence, shows="the evidence behind the finding"),
                     name="regf_findings")


if not findings.empty:
    findings_charts()

st.subheader("Near the limit")
now = datetime.now(UTC).replace(tzinfo=None, second=0, microsecond=0)  # to the minute: the read stays cached
at = min(now, sel.period.end) if sel.period.end else now
near = data.near_limit(at)
st.caption("Accounts at 6 or more counted calls in the current 7-day window, or inside the week after a "
           "telephone conversation, and when the next call is allowed (`python -m metrics near-limit`).")
if near.empty:
    st.info("No account is near a Regulation F call limit.")
else:
    components.table(near, "compliance_near_limit", name="regf_near_limit")
