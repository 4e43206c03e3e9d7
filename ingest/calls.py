"""calls.csv: the call log, one row per call attempt."""

from ingest.fields import OUTCOMES, Field
from ingest.source import CsvSource, before, rule
from sql.schema import calls

SOURCE = CsvSource(
    kind="calls",
    table=calls,
    fields=(
        Field("call_id", "id", required=True, max_length=64),
        Field("account_id", "id", required=True, max_length=64),
        Field("direction", "enum", required=True, choices=frozenset({"inbound", "outbound"})),
        Field("started_at", "timestamp", required=True),
        Field("ended_at", "timestamp"),
        Field("talk_seconds", "int", required=True, minimum=0, maximum=86_400),  # a call longer than a day is a typo
        Field(
            "disposition",
            "enum",
            required=True,
            choices=frozenset({"answered", "no_answer", "busy", "voicemail", "failed", "wrong_number"}),
        ),
        Field("handled_by", "enum", required=True, choices=frozenset({"agent", "voice_ai", "none"})),
        Field("agent_id", "id", max_length=64),
        Field("handoff_agent_id", "id", max_length=64),
        Field("outcome", "enum", choices=OUTCOMES),
        Field("language", "language"),
        Field("dialled_number", "phone"),
    ),
    rules=(
        before("ended_at", "started_at"),
        rule(
            "agent_id",
            "agent_id is required when handled_by is agent",
            lambda f: (f["handled_by"] == "agent") & f["agent_id"].isna(),
        ),
        rule(
            "agent_id",
            "agent_id must be blank when handled_by is voice_ai or none (use handoff_agent_id)",
            lambda f: f["handled_by"].isin(["voice_ai", "none"]) & f["agent_id"].notna(),
        ),
        rule(
            "handoff_agent_id",
            "handoff_agent_id is only for voice_ai calls",
            lambda f: (f["handled_by"] != "voice_ai") & f["handoff_agent_id"].notna(),
        ),
    ),
)
