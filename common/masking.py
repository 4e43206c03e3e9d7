"""Masking of contact details in free text: emails as `j•••@domain`, phone numbers as `•••••••42`.

One function for every output that shows user-written text (the dashboard, the digests).
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"(?<![\w.+-])([\w.+-])[\w.+-]*@([\w-]+(?:\.[\w-]+)+)")
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{5,}\d(?!\w)")
# A date (with an hour or time) is no phone number, also in brackets: "(2026-10-30)", "(2026-10-30 14:05)".
DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}(?::\d{2}(?::\d{2})?)?)?$"
                       r"|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?: \d{1,2})?$")
# Dates, times and grouped counts are never phone numbers ("the same day (2026-03-30)", "1,234,567 calls").
DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?"
    r"|(?<![\d.])\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?![/.]?\d)"
    r"|(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![:\d])"
)
THOUSANDS = re.compile(r"\d{1,3}([ ,.])\d{3}(?:\1\d{3})*")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 7, 15


def _mask_phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    bare = text.strip(" ()")
    if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS or DATE_LIKE.match(bare) or THOUSANDS.fullmatch(bare):
        return text
    return "•" * (len(digits) - 2) + digits[-2:]


def mask_text(text: object) -> object:
    """`text` with emails as `j•••@domain` and phone numbers as `•••••••42`; non-text passes through."""
    if not isinstance(text, str) or not text:
        return text
    text = EMAIL.sub(lambda m: f"{m.group(1)}•••@{m.group(2)}", text)
    parts, last = [], 0
    for m in DATE_TIME.finditer(text):  # dates and times stay as written; phones are looked for around them
        parts += [PHONE.sub(_mask_phone, text[last : m.start()]), m.group(0)]
        last = m.end()
    parts.append(PHONE.sub(_mask_phone, text[last:]))
    return "".join(parts)
