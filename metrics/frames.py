"""Query results as pandas frames, with their columns even when no row matches."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, Executable


def read_frame(engine: Engine, query: Executable, columns: list[str]) -> pd.DataFrame:
    """Run `query` and return its rows as a frame with exactly `columns`."""
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    return pd.DataFrame(rows, columns=columns)
