"""Calls by who handled them (people, voice AI, nobody) and by talk time, within the viewer's scope."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, and_, case, func, select

from metrics import dimensions
from metrics.dimensions import Filters
from metrics.facts import call_agent_key, const, person_talk
from metrics.frames import read_frame
from metrics.periods import Period
from metrics.scope import Viewer
from metrics.settings import CONVERSION_OUTCOMES, VOICE_AI
from sql.dialect import day_of, month_of
from sql.schema import agents, calls


def handler_split(engine: Engine, viewer: Viewer, period: Period, filters: Filters | None = None) -> pd.DataFrame:
    """Calls by who handled them: people, voice AI with a handoff to a person, voice AI alone, nobody."""
    c = calls.c
    key = call_agent_key()
    handler = case(
        (c.handled_by == const("agent"), const("person")),
        (and_(c.handled_by == const(VOICE_AI), c.handoff_agent_id.is_not(None)), const("voice AI → person")),
        (c.handled_by == const(VOICE_AI), const("voice AI only")),
        else_=const("nobody (no answer)"),
    )
    cols = dimensions.columns(key, const("voice"), c.language, month_of(c.started_at), day_of(c.started_at))
    spoken = c.talk_seconds > 0
    q = (
        select(handler.label("handler"), func.count().label("calls"),
               func.sum(case((spoken, 1), else_=0)).label("spoken"),
               func.sum(case((and_(spoken, c.outcome.in_(CONVERSION_OUTCOMES)), 1), else_=0)).label("conversions"),
               func.sum(case((spoken, c.talk_seconds), else_=0)).label("talk_seconds"))
        .select_from(calls.outerjoin(agents, agents.c.agent_id == key))
        .where(period.on_timestamp(c.started_at), dimensions.where(cols, filters, viewer))
        .group_by(handler)
        .order_by(handler)
    )
    frame = read_frame(engine, q, ["handler", "calls", "spoken", "conversions", "talk_seconds"])
    for col in ("calls", "spoken", "conversions", "talk_seconds"):
        frame[col] = frame[col].fillna(0).astype(int)
    spoken_n = frame["spoken"].where(frame["spoken"] > 0)
    frame["conversion_rate"] = frame["conversions"] / spoken_n
    frame["avg_talk_seconds"] = frame["talk_seconds"] / spoken_n
    return frame.drop(columns=["talk_seconds"])


def talk_distribution(
    engine: Engine, viewer: Viewer, period: Period, filters: Filters | None = None, bucket_seconds: int = 60
) -> pd.DataFrame:
    """Calls handled by a person per talk-time bucket (`bucket_seconds` wide), within scope."""
    c = calls.c
    key = call_agent_key()
    cols = dimensions.columns(key, const("voice"), c.language, month_of(c.started_at), day_of(c.started_at))
    bucket = (c.talk_seconds // bucket_seconds).label("bucket")
    q = (
        select(bucket, func.count().label("calls"))
        .select_from(calls.outerjoin(agents, agents.c.agent_id == key))
        .where(person_talk(), period.on_timestamp(c.started_at), dimensions.where(cols, filters, viewer))
        .group_by(bucket)
        .order_by(bucket)
    )
    frame = read_frame(engine, q, ["bucket", "calls"])
    frame["bucket"] = frame["bucket"].astype(int)
    frame.insert(0, "talk_from_seconds", frame.pop("bucket") * bucket_seconds)
    frame["calls"] = frame["calls"].astype(int)
    return frame
