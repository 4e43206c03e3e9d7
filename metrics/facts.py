"""Daily facts computed from the raw calls/digital tables, in the shape of the rollups.

The same selects fill the rollup tables (for whole UTC days) and answer periods
that do not start and end at midnight, so both paths share one definition.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, Select, String, case, cast, func, literal, literal_column, select

from metrics.settings import CONVERSION_OUTCOMES, PLACED_DISPOSITIONS, RESOLUTION_OUTCOMES, VOICE_AI
from sql.dialect import day_of, month_of
from sql.schema import calls, digital

Where = ColumnElement[bool]


def const(value: str) -> ColumnElement[str]:
    """A constant rendered inline, so a grouping key compiles identically in SELECT and GROUP BY."""
    return literal_column("'" + value.replace("'", "''") + "'", String)


def call_agent_key() -> ColumnElement[str]:
    """Who a call counts for: the agent, a voice-AI call's handoff agent, 'voice_ai', or ''."""
    c = calls.c
    return case(
        (c.handled_by == const("agent"), func.coalesce(c.agent_id, const(""))),
        (c.handled_by == const(VOICE_AI), func.coalesce(c.handoff_agent_id, const(VOICE_AI))),
        else_=const(""),
    )


def digital_agent_key() -> ColumnElement[str]:
    """Who a digital conversation counts for: its agent, or '' for automated messages."""
    return func.coalesce(digital.c.agent_id, const(""))


def call_engaged() -> ColumnElement[bool]:
    """A call is an engaged interaction when somebody spoke with the customer."""
    return calls.c.talk_seconds > 0


def digital_engaged() -> ColumnElement[bool]:
    """A digital conversation is engaged when the customer started it."""
    return digital.c.direction == "inbound"


def call_placed() -> ColumnElement[bool]:
    """An outbound call that connected to the dialled number: answered, rang (`no_answer`) or voicemail.

    Reg F, comment 14(b)(3)(ii)-1: `busy` and `failed` did not connect; a `wrong_number` call reached
    someone else. Dialler attempts nobody picked up (`handled_by = none`) were placed by us all the same.
    """
    c = calls.c
    return (c.direction == "outbound") & c.disposition.in_(sorted(PLACED_DISPOSITIONS))


def person_talk() -> ColumnElement[bool]:
    """Calls that enter talk-time figures: spoken, handled by a person (directly or after handoff)."""
    c = calls.c
    return (c.talk_seconds > 0) & (
        (c.handled_by == "agent") | ((c.handled_by == VOICE_AI) & c.handoff_agent_id.is_not(None))
    )


def _n(cond: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((cond, 1), else_=0))


def _flag(cond: ColumnElement[bool]) -> ColumnElement[int]:
    return func.max(case((cond, 1), else_=0))


def _grain(kind: str) -> tuple[list[ColumnElement], list[ColumnElement]]:
    """The rollups' grain for `voice` (calls) or `digital`: labelled columns and the group-by.

    UTC day, who the row counts for, channel and language, plus the month of the day.
    """
    if kind == "voice":
        t, key, channel, grouped = calls.c, call_agent_key(), const("voice"), []
    else:
        t, key, channel = digital.c, digital_agent_key(), digital.c.channel
        grouped = [channel]
    day, language = day_of(t.started_at), func.coalesce(t.language, const(""))
    labelled = [
        day.label("day"),
        key.label("agent_key"),
        channel.label("channel"),
        language.label("language"),
    ]
    return labelled, [day, key, *grouped, language]


def _month(kind: str) -> ColumnElement:
    t = calls.c if kind == "voice" else digital.c
    return func.min(month_of(t.started_at)).label("month")


def contacts_selects(where_calls: Where, where_digital: Where) -> list[Select]:
    """Rows of `metrics_contacts_daily`, one select per raw table."""
    c, d = calls.c, digital.c
    (voice_cols, voice_group), (digital_cols, digital_group) = _grain("voice"), _grain("digital")
    ai_spoken = (c.handled_by == VOICE_AI) & (c.talk_seconds > 0)
    from_calls = (
        select(
            *voice_cols,
            _month("voice"),
            func.count().label("interactions"),
            _n(call_engaged()).label("contacts"),
            _n(call_engaged() & c.outcome.in_(CONVERSION_OUTCOMES)).label("conversions"),
            _n(call_engaged() & c.outcome.in_(RESOLUTION_OUTCOMES)).label("resolutions"),
            func.sum(case((person_talk(), c.talk_seconds), else_=0)).label("talk_sum"),
            _n(person_talk()).label("talk_n"),
            _n(ai_spoken).label("ai_calls"),
            _n(ai_spoken & c.handoff_agent_id.is_not(None)).label("ai_handoffs"),
            _n(call_placed()).label("placed_calls"),
        )
        .where(where_calls)
        .group_by(*voice_group)
    )
    zero = cast(literal(0), Integer)
    from_digital = (
        select(
            *digital_cols,
            _month("digital"),
            func.count().label("interactions"),
            _n(digital_engaged()).label("contacts"),
            _n(digital_engaged() & d.outcome.in_(CONVERSION_OUTCOMES)).label("conversions"),
            _n(digital_engaged() & d.outcome.in_(RESOLUTION_OUTCOMES)).label("resolutions"),
            zero.label("talk_sum"),
            zero.label("talk_n"),
            zero.label("ai_calls"),
            zero.label("ai_handoffs"),
            zero.label("placed_calls"),
        )
        .where(where_digital)
        .group_by(*digital_group)
    )
    return [from_calls, from_digital]


def account_selects(where_calls: Where, where_digital: Where) -> list[Select]:
    """Rows of `metrics_account_days`: which accounts had which kind of interaction."""
    c, d = calls.c, digital.c
    (voice_cols, voice_group), (digital_cols, digital_group) = _grain("voice"), _grain("digital")
    zero = cast(literal(0), Integer)
    from_calls = (
        select(
            *voice_cols,
            c.account_id,
            _month("voice"),
            _flag(call_engaged()).label("engaged"),
            zero.label("inbound_digital"),
            _flag(c.direction == "inbound").label("inbound_call"),
        )
        .where(where_calls)
        .group_by(*voice_group, c.account_id)
    )
    from_digital = (
        select(
            *digital_cols,
            d.account_id,
            _month("digital"),
            _flag(digital_engaged()).label("engaged"),
            _flag(d.direction == "inbound").label("inbound_digital"),
            zero.label("inbound_call"),
        )
        .where(where_digital)
        .group_by(*digital_group, d.account_id)
    )
    return [from_calls, from_digital]


def talk_selects(where_calls: Where) -> list[Select]:
    """Rows of `metrics_talk_daily`: a histogram of person-handled talk seconds."""
    c = calls.c
    ckey, clang = call_agent_key(), func.coalesce(c.language, const(""))
    return [
        select(
            day_of(c.started_at).label("day"),
            ckey.label("agent_key"),
            clang.label("language"),
            c.talk_seconds,
            func.min(month_of(c.started_at)).label("month"),
            func.count().label("n"),
        )
        .where(where_calls, person_talk())
        .group_by(day_of(c.started_at), ckey, clang, c.talk_seconds)
    ]


def outcome_selects(where_calls: Where, where_digital: Where) -> list[Select]:
    """Rows of `metrics_outcomes_daily`: engaged interactions per outcome code."""
    c, d = calls.c, digital.c
    (voice_cols, voice_group), (digital_cols, digital_group) = _grain("voice"), _grain("digital")
    from_calls = (
        select(
            *voice_cols,
            c.outcome,
            _month("voice"),
            func.count().label("n"),
        )
        .where(where_calls, call_engaged(), c.outcome.is_not(None))
        .group_by(*voice_group, c.outcome)
    )
    from_digital = (
        select(
            *digital_cols,
            d.outcome,
            _month("digital"),
            func.count().label("n"),
        )
        .where(where_digital, digital_engaged(), d.outcome.is_not(None))
        .group_by(*digital_group, d.outcome)
    )
    return [from_calls, from_digital]
