"""Loads with their follow-up work: rollups, Reg F findings and the reviewer-name index, in the load's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from attribution import attribute_pending
from attribution.history import refresh_account_keys
from ingest import loader
from ingest.google.client import Location, ReviewsClient
from ingest.google.sync import SyncResult
from ingest.google.sync import sync_locations as _sync_locations
from ingest.runs import LoadResult
from ingest.vendor.engine import load_vendor_paths as _load_vendor_paths
from metrics.rollups.daily import maintain


def after_load(conn: Connection, source: str, run_id: int) -> None:
    """What every load does before it commits: rollups and Reg F findings, then the account-name index."""
    maintain(conn, source, run_id)
    if source == "accounts":
        refresh_account_keys(conn, run_id=run_id)


def load_paths(engine: Engine, kind: str, paths: Iterable[Path], **options: Any) -> list[LoadResult]:
    """`ingest.loader.load_paths` (options: timezone, encoding, progress) with `after_load`: what the CLI runs."""
    return loader.load_paths(engine, kind, paths, after_load=after_load, **options)


def load_vendor_paths(engine: Engine, kind: str, paths: Iterable[Path], mapping: str | Path, **options: Any
                      ) -> list[LoadResult]:
    """`ingest.vendor.engine.load_vendor_paths` (options: timezone, encoding, agent_ids, progress) with `after_load`."""
    return _load_vendor_paths(engine, kind, paths, mapping, after_load=after_load, **options)


def sync_locations(engine: Engine, client: ReviewsClient, locations: list[Location], **options: Any
                   ) -> list[SyncResult]:
    """`ingest.google.sync.sync_locations` (options: full, echo) with `after_load`."""
    return _sync_locations(engine, client, locations, after_load=after_load, **options)


def attribute_changed(engine: Engine, results: list[SyncResult], echo: Callable[[str], None] = print) -> bool:
    """Run attribution for new and changed reviews, if a sync stored anything."""
    if not any(r.inserted or r.updated or r.restored for r in results):
        return False
    echo("attribution: " + attribute_pending(engine).text())
    return True
