"""What a canonical CSV source is: its table, key, columns and row rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import Table

from ingest.fields import Field, Problem

RowRule = Callable[[pd.DataFrame], list[Problem]]


@dataclass(frozen=True)
class CsvSource:
    """A declarative description of one canonical file; `ingest.loader` does the work."""

    kind: str
    table: Table
    fields: tuple[Field, ...]
    rules: tuple[RowRule, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> list[str]:
        """Column names in file order."""
        return [f.name for f in self.fields]

    @property
    def required(self) -> list[str]:
        """Columns that must be in the header."""
        return [f.name for f in self.fields if f.required]

    @property
    def key(self) -> list[str]:
        """The row's id: the table's primary key."""
        return [c.name for c in self.table.primary_key.columns]


def rule(column: str, reason: str, bad: Callable[[pd.DataFrame], pd.Series]) -> RowRule:
    """A cross-column rule: rows where `bad(frame)` is true break it, reported on `column`."""

    def check(frame: pd.DataFrame) -> list[Problem]:
        mask = bad(frame).fillna(False).to_numpy(dtype=bool)
        return [Problem(column, np.flatnonzero(mask), reason)] if mask.any() else []

    return check


def before(later: str, earlier: str) -> RowRule:
    """`later` may not be before `earlier` (both optional)."""
    return rule(later, f"{later} is before {earlier}", lambda f: f[later].notna() & f[earlier].notna()
                & (f[later] < f[earlier]))
