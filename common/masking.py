"""Masking of contact details in free text: emails as `j•••@domain`, phone numbers as `•••••••42`.

One function for every output that shows user-written text (the dashboard, the digests).
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"(?<![\w.+-])([\w.+-])[\w.+-]*@([\w-]+(?:\.[\w-]+)+)")
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{5,}\d(?!\w)")
DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 7, 15


def _mask_phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS or DATE_LIKE.match(text.strip()):
        return text
    return "•" * (len(digits) - 2) + digits[-2:]


def mask_text(text: object) -> object:
    """`text` with emails as `j•••@domain` and phone numbers as `•••••••42`; non-text passes through."""
    if not isinstance(text, str) or not text:
        return text
    text = EMAIL.sub(lambda m: f"{m.group(1)}•••@{m.group(2)}", text)
    return PHONE.sub(_mask_phone, text)
