"""Channels & outcomes: channel mix, outcomes by channel, voice AI vs people, hand-off rate, talk-time distribution."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import auth, components, data, drill, filters, labels
from dashboard.page_kpis import CHANNEL_CARDS as CARDS
from metrics.settings import CHANNELS

HANDLER_MEASURES = {"calls": "All calls", "spoken": "Calls with talk time", "conversions": "Conversions"}
PEOPLE_FILTERS = ("team", "site", "country")

viewer = auth.signed_in().viewer
sel = filters.current()
key = sel.grain

st.title("Channels & outcomes")
filters.caption(sel.label)

now = data.kpi_row(viewer, sel.period, sel.filters)
before = data.kpi_row(viewer, sel.previous, sel.filters)
components.kpi_cards(now if now is not None else {}, before, CARDS)

series = data.timeseries(viewer, sel.period, key, sel.filters)
by_time = drill.interactions(viewer, sel, key, time_series=True)

left, right = st.columns(2)
with left:
    mix = series[[key, *(f"contacts_{c}" for c in CHANNELS)]]
    long = mix.melt(id_vars=key, var_name="channel", value_name="contacts")
    long["channel"] = long["channel"].str.removeprefix("contacts_")
    per_step = long.groupby(key)["contacts"].sum()
    fig = px.bar(long, x=key, y="contacts", color="channel")
    fig.update_xaxes(title=None)
    components.chart("Contacts per channel", fig, mix, "channels_mix", by_time, y="count",
                     max_count=float(per_step.max()) if len(per_step) else None,
                     caption="Engaged interactions per channel over time.",
                     empty=int(per_step.sum()) == 0, empty_text="No contacts in this period.")
with right:
    outcomes = data.outcome_mix(viewer, sel.period, "channel", sel.filters)
    outcomes.insert(1, "channel_name", outcomes["channel"].map(lambda c: labels.value("channel", c)))
    fig = px.bar(outcomes, x="channel_name", y="share", color="outcome", hover_data=["interactions"])
    fig.update_xaxes(title=None)
    components.chart("Outcomes by channel", fig, outcomes, "channels_outcomes",
                     drill.interactions(viewer, sel, "channel", dim="channel", label="channel_name"), y="percent",
                     caption="Share of each outcome among engaged interactions with an outcome, per channel.",
                     empty_text="No outcomes recorded in this period.")

left, right = st.columns(2)
with left:
    split = data.handler_split(viewer, sel.period, sel.filters)
    long = split.melt(id_vars="handler", value_vars=list(HANDLER_MEASURES), var_name="measure", value_name="number")
    long["measure"] = long["measure"].map(HANDLER_MEASURES)
    fig = px.bar(long, x="handler", y="number", color="measure", barmode="group")
    fig.update_layout(legend_title_text="")
    fig.update_xaxes(title=None)
    fig.update_yaxes(title="Calls")
    components.chart("Voice AI vs people", fig, split, "channels_handlers", y="count",
                     max_count=float(long["number"].max()) if not long.empty else None,
                     caption="Calls by who handled them: conversion rate and talk time are over spoken calls.",
                     empty_text="No calls in this period.")
with right:
    handoff = series[[key, "voice_ai_handoff_rate"]]
    fig = px.line(handoff, x=key, y="voice_ai_handoff_rate", markers=True)
    fig.update_xaxes(title=None)
    people_filtered = any(d in sel.filters for d in PEOPLE_FILTERS) or not viewer.is_leadership
    components.chart("Voice-AI hand-off rate", fig, handoff, "channels_handoff", by_time, y="percent",
                     caption="Share of the voice AI's conversations passed on to a person"
                             + (" (the voice AI belongs to no team, so this is its rate for the whole company)."
                                if people_filtered else "."),
                     empty=handoff["voice_ai_handoff_rate"].isna().all(),
                     empty_text="The voice AI had no conversations in this period.")

talk = data.talk_distribution(viewer, sel.period, sel.filters)
talk["minutes"] = talk["talk_from_seconds"] // 60
fig = px.bar(talk, x="minutes", y="calls")
fig.update_xaxes(title="Talk time (minutes, bucket start)")
components.chart("Talk-time distribution", fig, talk, "channels_talk", y="count",
                 max_count=float(talk["calls"].max()) if not talk.empty else None,
                 caption="Calls handled by a person (directly or after a voice-AI hand-off) per minute of talk time.",
                 empty_text="No calls handled by a person in this period.")
