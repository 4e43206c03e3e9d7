"""Work other layers attach to a load, run inside the load's own transaction.

A hook is called as `hook(conn, source, run_id)` after a file's rows are upserted
and before the transaction commits, so whatever it maintains (rollups, attribution
queues) commits or rolls back together with the rows. Rows this run inserted or
changed carry `run_id`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from sqlalchemy import Connection

AfterLoad = Callable[[Connection, str, int], None]
_after_load: list[AfterLoad] = []

# Modules that register hooks when imported; imported before the first hook runs.
PLUGINS: tuple[str, ...] = ("metrics.rollups", "ingest.attribution")


def after_load(hook: AfterLoad) -> AfterLoad:
    """Register `hook` to run after every file load (usable as a decorator)."""
    if hook not in _after_load:
        _after_load.append(hook)
    return hook


def run_after_load(conn: Connection, source: str, run_id: int) -> None:
    """Run every registered hook for one loaded file."""
    for module in PLUGINS:
        importlib.import_module(module)
    for hook in list(_after_load):
        hook(conn, source, run_id)
