"""digital.csv: email, SMS and live chat, one row per conversation."""

from ingest.fields import OUTCOMES, Field
from ingest.source import CsvSource, before
from sql.schema import digital

SOURCE = CsvSource(
    kind="digital",
    table=digital,
    fields=(
        Field("interaction_id", "id", required=True, max_length=64),
        Field("account_id", "id", required=True, max_length=64),
        Field("channel", "enum", required=True, choices=frozenset({"email", "sms", "chat"})),
        Field("direction", "enum", required=True, choices=frozenset({"inbound", "outbound"})),
        Field("started_at", "timestamp", required=True),
        Field("ended_at", "timestamp"),
        Field("agent_id", "id", max_length=64),
        Field("outcome", "enum", choices=OUTCOMES),
        Field("language", "language"),
    ),
    rules=(before("ended_at", "started_at"),),
)
