"""pauses.csv: communication pauses a customer asked for."""

from ingest.fields import Field
from ingest.source import CsvSource, before
from sql.schema import pauses

SOURCE = CsvSource(
    kind="pauses",
    table=pauses,
    fields=(
        Field("account_id", "id", required=True, max_length=64),
        Field("paused_from", "timestamp", required=True),
        Field("paused_until", "timestamp"),
        Field("reason", "text", max_length=100_000),
    ),
    rules=(before("paused_until", "paused_from"),),
)
