"""Review attribution: credit each Google review to the agent who earned it, or queue it for a person."""

from __future__ import annotations

from attribution.decide import AttributionConfig
from attribution.run import AttributionSummary, attribute_pending

__all__ = ["AttributionConfig", "AttributionSummary", "attribute_pending"]

