"""The one clock the application stores by."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, as the naive UTC datetime the schema stores."""
    return datetime.now(UTC).replace(tzinfo=None)
