"""qa_evaluations.csv: one row per scorecard criterion."""

from ingest.fields import Field
from ingest.source import CsvSource, rule
from sql.schema import qa_evaluations

SOURCE = CsvSource(
    kind="qa",
    table=qa_evaluations,
    fields=(
        Field("evaluation_id", "id", required=True, max_length=64),
        Field("interaction_id", "id", required=True, max_length=64),
        Field("agent_id", "id", required=True, max_length=64),
        Field("evaluator", "text", max_length=200),
        Field("evaluated_at", "timestamp", required=True),
        Field("criterion", "text", required=True, max_length=200),
        Field("score", "number", required=True, minimum=0),
        Field("max_score", "number", required=True, minimum=0, minimum_exclusive=True),
        Field("critical", "bool"),
    ),
    rules=(
        rule(
            "score",
            "score is greater than max_score",
            lambda f: f["score"].notna() & f["max_score"].notna() & (f["score"] > f["max_score"]),
        ),
    ),
)
