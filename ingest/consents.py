"""consents.csv: prior consents given directly by the consumer (Regulation F)."""

from ingest.fields import Field
from ingest.source import CsvSource, before
from sql.schema import consents

KINDS = frozenset({"calls", "calling_hours"})

SOURCE = CsvSource(
    kind="consents",
    table=consents,
    fields=(
        Field("account_id", "id", required=True, max_length=64),
        Field("kind", "enum", required=True, choices=KINDS),
        Field("given_at", "timestamp", required=True),
        Field("until", "timestamp"),
        Field("revoked_at", "timestamp"),
        Field("note", "text", max_length=100_000),
    ),
    rules=(before("until", "given_at"), before("revoked_at", "given_at")),
)
