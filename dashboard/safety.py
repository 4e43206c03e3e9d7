"""Output safety of the dashboard: CSV formula neutralising, and masking of phone numbers and emails in text.

The masking itself lives in `common.masking` (one function for the dashboard and the digests).
"""

from __future__ import annotations

import pandas as pd

from common.csv_safety import CSV_LINE_END, FORMULA_PREFIXES, neutralise_cell, neutralise_frame
from common.masking import mask_text

__all__ = ["FORMULA_PREFIXES", "mask_frame", "mask_text", "neutralise_cell", "neutralise_frame", "to_csv"]


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheets read accents) of the neutralised frame."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator=CSV_LINE_END).encode("utf-8-sig")


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
