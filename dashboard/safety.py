"""Output safety in one place: CSV formula neutralising and masking of phone numbers and emails in text."""

from __future__ import annotations

import re

import pandas as pd

from common.csv_safety import CSV_LINE_END, FORMULA_PREFIXES, neutralise_cell, neutralise_frame

__all__ = ["FORMULA_PREFIXES", "mask_frame", "mask_text", "neutralise_cell", "neutralise_frame", "to_csv"]

EMAIL = re.compile(r"(?<![\w.+-])([\w.+-])[\w.+-]*@([\w-]+(?:\.[\w-]+)+)")
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{5,}\d(?!\w)")
DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}(?::\d{2}(?::\d{2})?)?)?$"
                       r"|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?: \d{1,2})?$")
MIN_PHONE_DIGITS, MAX_PHONE_DIGITS = 7, 15


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheets read accents) of the neutralised frame."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator=CSV_LINE_END).encode("utf-8-sig")


def _mask_phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = re.sub(r"\D", "", text)
    if not MIN_PHONE_DIGITS <= len(digits) <= MAX_PHONE_DIGITS or DATE_LIKE.match(text.strip(" ()")):
        return text
    return "•" * (len(digits) - 2) + digits[-2:]


def mask_text(text: object) -> object:
    """`text` with emails as `j•••@domain` and phone numbers as `•••••••42`; non-text passes through."""
    if not isinstance(text, str) or not text:
        return text
    text = EMAIL.sub(lambda m: f"{m.group(1)}•••@{m.group(2)}", text)
    return PHONE.sub(_mask_phone, text)


def mask_frame(frame: pd.DataFrame, columns: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """A copy of `frame` with `columns` (those present) masked by `mask_text`."""
    out = frame.copy()
    for col in columns:
        if col in out.columns:
            out[col] = out[col].map(mask_text).astype(object)
    return out


def text_or(value: object, default: str = "(no text)") -> str:
    """User text masked for display, or `default` when there is none (None, NaN, blank)."""
    if not isinstance(value, str) or not value.strip():
        return default
    return str(mask_text(value))


def short_name(name: object) -> str:
    """A reviewer shown as first name and initial ("Maria G."), never in full."""
    if not isinstance(name, str) or not name.strip():
        return "(anonymous)"
    parts = name.split()
    return parts[0] if len(parts) == 1 else f"{parts[0]} {parts[-1][0]}."
