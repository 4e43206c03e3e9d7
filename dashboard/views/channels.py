"""Channels & outcomes: channel mix, outcomes by channel, voice AI vs people, hand-off rate, talk-time distribution."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboard import auth, components, data, drill, filters
from metrics.definitions import KPIS
from metrics.settings import CHANNELS

CARDS = ("contacts_voice", "contacts_email", "contacts_sms", "contacts_chat", "voice_ai_handoff_rate",
         "avg_talk_seconds", "median_talk_seconds", "resolution_rate")
ALL = tuple(k.name for k in KPIS)

viewer = auth.signed_in().viewer
sel = filters.current()
key = sel.grain

st.title("Channels & outcomes")
st.caption(sel.label)

now = components.first_row(data.read("kpis", viewer, sel.period, "company", sel.filters, names=ALL))
before = components.first_row(data.read("kpis", viewer, sel.previous, "company", sel.filters, names=ALL)) \
    if sel.previous else None
components.kpi_cards(now if now is not None else {}, before, CARDS)

series = data.read("timeseries", viewer, sel.period, key, sel.filters, names=ALL)
by_time = drill.interactions(viewer, sel, key, time_series=True)

left, right = st.columns(2)
with left:
    mix = series[[key, *(f"contacts_{c}" for c in CHANNELS)]]
    long = mix.melt(id_vars=key, var_name="channel", value_name="contacts")
    long["channel"] = long["channel"].str.removeprefix("contacts_")
    components.chart("Contacts per channel", px.bar(long, x=key, y="contacts", color="channel"), mix,
                     "channels_mix", by_time, caption="Engaged interactions per channel over time.")
with right:
    outcomes = data.read("outcome_mix", viewer, sel.period, "channel", sel.filters)
    fig = px.bar(outcomes, x="channel", y="share", color="outcome", hover_data=["interactions"])
    fig.update_yaxes(tickformat=".0%")
    components.chart("Outcomes by channel", fig, outcomes, "channels_outcomes",
                     drill.interactions(viewer, sel, "channel", dim="channel"),
                     caption="Share of each outcome among engaged interactions with an outcome, per channel.")

left, right = st.columns(2)
with left:
    split = data.read("handler_split", viewer, sel.period, sel.filters)
    fig = px.bar(split, x="handler", y=["calls", "spoken", "conversions"], barmode="group")
    components.chart("Voice AI vs people", fig, split, "channels_handlers",
                     caption="Calls by who handled them: conversion rate and talk time are over spoken calls.",
                     column_config={"conversion_rate": st.column_config.NumberColumn(format="percent"),
                                    "avg_talk_seconds": st.column_config.NumberColumn(format="%.0f s")})
with right:
    handoff = series[[key, "voice_ai_handoff_rate"]]
    fig = px.line(handoff, x=key, y="voice_ai_handoff_rate", markers=True)
    fig.update_yaxes(tickformat=".0%", title="hand-off rate")
    components.chart("Voice-AI hand-off rate", fig, handoff, "channels_handoff", by_time,
                     caption="Share of voice-AI conversations passed on to a person.")

talk = data.read("talk_distribution", viewer, sel.period, sel.filters)
talk["minutes"] = talk["talk_from_seconds"] // 60
fig = px.bar(talk, x="minutes", y="calls")
fig.update_xaxes(title="talk time (minutes, bucket start)")
components.chart("Talk-time distribution", fig, talk, "channels_talk",
                 caption="Calls handled by a person (directly or after a voice-AI hand-off) per minute of talk time.")
