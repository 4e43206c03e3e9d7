"""Google Takeout exports of Business Profile: `Google Business Profile/account-*/location-*/reviews*.json`.

A location managed by several accounts is exported once per account; it is loaded
from one copy only (the largest, i.e. the most complete; ties go to the first account
in name order) so its reviews are not read twice and keep one resource name.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.csv_file import FileError, decode, read_bytes
from ingest.review_json import read_review_json

if TYPE_CHECKING:
    from ingest.google.client import SnapshotReviewsClient

PROFILE_DIR = "Google Business Profile"
log = logging.getLogger(__name__)


@dataclass
class LocationCopy:
    """One account's export of one location."""

    account: str
    location_id: str
    files: list[Path]

    @property
    def size(self) -> int:
        """Total bytes of its review files."""
        return sum(f.stat().st_size for f in self.files)

    @property
    def name(self) -> str:
        """The location's v4 resource name, `accounts/A/locations/L`."""
        return f"accounts/{self.account}/locations/{self.location_id}"


def takeout_root(folder: Path) -> Path | None:
    """The `Google Business Profile` folder of a Takeout export given as the export, `Takeout/` or itself."""
    for candidate in (folder, folder / PROFILE_DIR, folder / "Takeout" / PROFILE_DIR):
        if candidate.name == PROFILE_DIR and candidate.is_dir() and any(candidate.glob("account-*")):
            return candidate
    return None


def location_copies(root: Path) -> list[LocationCopy]:
    """Every account's copy of every location that has review files, in path order."""
    copies = []
    for location_dir in sorted(root.glob("account-*/location-*")):
        files = sorted(f for f in location_dir.glob("reviews*.json") if f.is_file())
        if location_dir.is_dir() and files:
            account = location_dir.parent.name.removeprefix("account-")
            copies.append(LocationCopy(account, location_dir.name.removeprefix("location-"), files))
    return copies


def unique_locations(root: Path) -> list[LocationCopy]:
    """One copy per location: the largest, ties to the first account in name order."""
    chosen: dict[str, LocationCopy] = {}
    for copy in location_copies(root):
        best = chosen.get(copy.location_id)
        if best is None or copy.size > best.size:
            if best is not None:
                log.info("location %s: using account-%s, skipping account-%s", copy.location_id, copy.account,
                         best.account)
            chosen[copy.location_id] = copy
        else:
            log.info("location %s: already loaded from account-%s, skipping account-%s", copy.location_id,
                     best.account, copy.account)
    return sorted(chosen.values(), key=lambda c: (c.account, c.location_id))


def takeout_review_files(root: Path) -> list[Path]:
    """The review files to load from a Takeout export, each location once."""
    return [f for copy in unique_locations(root) for f in copy.files]


def snapshot_client(folder: Path) -> SnapshotReviewsClient:
    """A client serving a Takeout export as if it were the live API (demos, offline runs)."""
    from ingest.google.client import SnapshotReviewsClient

    root = takeout_root(folder)
    if root is None:
        raise ValueError(f"{folder}: not a Google Takeout export (expected '{PROFILE_DIR}/account-*/location-*')")
    recorded: dict[str, list[dict]] = {}
    for copy in unique_locations(root):
        items: list[dict] = []
        for path in copy.files:
            try:
                data, _ = read_bytes(path)
                located, _rejects = read_review_json(path, decode(path, data))
            except (FileError, OSError) as exc:
                raise ValueError(f"{path}: cannot read ({exc})") from None
            items += [i.value for i in located if isinstance(i.value, dict)]
        recorded[copy.name] = items
    return SnapshotReviewsClient(recorded)
