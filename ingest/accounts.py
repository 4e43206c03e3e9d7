"""accounts.csv: one row per debt/account."""

from ingest.fields import Field
from ingest.source import CsvSource
from sql.schema import accounts

SOURCE = CsvSource(
    kind="accounts",
    table=accounts,
    fields=(
        Field("account_id", "id", required=True, max_length=64),
        Field("customer_name", "text", max_length=200),
        Field("phone", "phone"),
        Field("email", "email", max_length=254),
        Field("timezone", "timezone"),
        Field("client", "text", max_length=200),
    ),
)
