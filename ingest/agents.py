"""agents.csv: the roster."""

from ingest.fields import Field
from ingest.source import CsvSource, before
from sql.schema import agents

SOURCE = CsvSource(
    kind="agents",
    table=agents,
    fields=(
        Field("agent_id", "id", required=True, max_length=64),
        Field("full_name", "text", required=True, max_length=200),
        Field("preferred_name", "text", max_length=100),
        Field("aliases", "text", max_length=2000),
        Field("email", "email", max_length=254),
        Field("team", "text", max_length=100),
        Field("site", "text", max_length=100),
        Field("country", "country"),
        Field("languages", "languages", max_length=100),
        Field("start_date", "date"),
        Field("end_date", "date"),
        Field("manager_id", "id", max_length=64),
    ),
    rules=(before("end_date", "start_date"),),
)
