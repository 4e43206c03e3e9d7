"""Data health (leadership): ingest runs, rejects with reasons, unknown agents and accounts, last sync per source."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import auth, components, data, filters, labels

viewer = auth.signed_in().viewer

st.title("Data health")
st.caption("Is the data complete and current? Every load is an ingest run; rows that fail a rule are kept as "
           "rejects with file, line, column and reason.")

age = filters.data_age()
_, last = data.data_span()
if age:
    st.warning(f"The newest interaction is old: {age}. Check that the daily loads are running.",
               icon=":material/schedule:")
elif last is not None:
    st.info(f"Data is current: interactions up to {last:%-d %b %Y}.")

sync = data.last_sync(viewer)
runs = data.runs(viewer)
reasons = data.reject_reasons(viewer)
agents = data.unknown_agents(viewer)
accounts = data.unknown_accounts(viewer)

m1, m2, m3, m4 = st.columns(4)
m1.metric("Sources loaded", f"{len(sync):,}", border=True)
m2.metric("Failed runs", f"{int((runs['status'] == 'failed').sum()):,}", border=True)
m3.metric("Rejected rows", f"{int(reasons['rejects'].sum()) if not reasons.empty else 0:,}", border=True)
m4.metric("Unknown agents / accounts", f"{agents['agent_id'].nunique():,} / {accounts['account_id'].nunique():,}",
          border=True)

st.subheader("Last sync per source")
components.table(sync, "health_sync", name="last_sync")

rows = runs.melt(id_vars=["run_id", "source", "status"], value_vars=["inserted", "updated", "unchanged", "rejected"],
                 var_name="rows", value_name="count")
rows["rows"] = rows["rows"].str.capitalize()
rows["load"] = "Load " + rows["run_id"].astype(str) + " · " + rows["source"].map(lambda v: labels.value("source", v))
fig = px.bar(rows.sort_values("run_id"), x="load", y="count", color="rows", hover_data=["status"])
fig.update_layout(legend_title_text="")
fig.update_xaxes(title=None)
fig.update_yaxes(title="Rows")
components.chart("Ingest runs", fig, runs, "health_runs", y="count",
                 caption="Rows per load, newest first in the table.", empty_text="Nothing has been loaded yet.")

fig = px.bar(reasons, x="rejects", y="reason", color="source", orientation="h")
fig.update_yaxes(title=None, automargin=True)
components.chart("Rejects by reason", fig, reasons, "health_reasons", x="count",
                 max_count=float(reasons["rejects"].max()) if not reasons.empty else None,
                 empty_text="No rows were rejected: every loaded row passed its rules.")
if not reasons.empty:
    st.subheader("Rejected rows")
    components.table(data.reject_rows(viewer), "health_rejects", name="rejects")

left, right = st.columns(2)
with left:
    st.subheader("Unknown agents")
    st.caption("Agent ids in calls, messages or QA that the roster does not know (credit and scope need them).")
    if agents.empty:
        st.success("Every agent id is on the roster.")
    else:
        components.table(agents, "health_agents", name="unknown_agents")
with right:
    st.subheader("Unknown accounts")
    st.caption("Account ids in calls, messages or pauses missing from the accounts file (no timezone for Reg F).")
    if accounts.empty:
        st.success("Every account id is in the accounts file.")
    else:
        components.table(accounts, "health_accounts", name="unknown_accounts")

bookmarks = data.sync_bookmarks(viewer)
bookmarks = bookmarks[bookmarks["source"] != "attribution"]  # attribution's own progress marks, not a sync
if not bookmarks.empty:
    st.subheader("Sync bookmarks")
    st.caption("How far each Google Business Profile location has been read.")
    components.table(bookmarks, "health_bookmarks", name="sync_bookmarks")
