"""Review attribution: credit each Google review to the agent who earned it, or queue it for a person."""

from __future__ import annotations

from sqlalchemy import Connection

from ingest.attribution.decide import AttributionConfig
from ingest.attribution.history import refresh_account_keys
from ingest.attribution.run import AttributionSummary, attribute_pending
from ingest.hooks import after_load

__all__ = ["AttributionConfig", "AttributionSummary", "attribute_pending"]


@after_load
def _index_accounts(conn: Connection, source: str, run_id: int) -> None:
    """Keep the reviewer-to-account name index current when accounts are loaded."""
    if source == "accounts":
        refresh_account_keys(conn, run_id=run_id)
