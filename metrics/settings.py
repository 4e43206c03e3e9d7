"""Configurable constants of the metrics layer, read from the environment."""

from __future__ import annotations

import os
from zoneinfo import ZoneInfo

CONVERSION_OUTCOMES = ("payment_plan_created", "plan_restarted", "paid_in_full", "payment_made")
RESOLUTION_OUTCOMES = (*CONVERSION_OUTCOMES, "hardship_support")
CHANNELS = ("voice", "email", "sms", "chat")
VOICE_AI = "voice_ai"
# Reg F placed calls: connected to the dialled number (comment 14(b)(3)(ii)-1); busy/failed did not.
PLACED_DISPOSITIONS = frozenset({"answered", "no_answer", "voicemail"})


def qa_target() -> float:
    """The QA target score (METRICS.md: 90), overridable with `STARBOARD_QA_TARGET`."""
    return float(os.environ.get("STARBOARD_QA_TARGET", "90"))


def company_timezone() -> ZoneInfo:
    """The company's timezone for calendar months (wheel), from `STARBOARD_COMPANY_TIMEZONE`."""
    return ZoneInfo(os.environ.get("STARBOARD_COMPANY_TIMEZONE", "America/Chicago"))
