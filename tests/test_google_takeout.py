"""Google Takeout import: `load reviews FOLDER` reads each location once, whatever account exported it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingest.google.takeout import PROFILE_DIR, takeout_root, unique_locations
from ingest.reviews import expand_paths
from pipeline.load import load_paths
from tests.google_support import TAKEOUT, runs, stored

PROFILE = TAKEOUT / PROFILE_DIR


def test_takeout_folder_loads_each_location_once_and_only_review_files(engine):
    results = load_paths(engine, "reviews", [TAKEOUT], progress=False)
    loaded = [Path(r.path).relative_to(PROFILE).as_posix() for r in results]
    assert loaded == [
        "account-111/location-900/reviews.json",
        "account-111/location-901/reviews-001.json",
        "account-111/location-901/reviews-002.json",
    ]
    assert all(r.status == "ok" for r in results)
    rows = stored(engine)
    assert set(rows) == {"t1", "t2", "t3", "u0", "u1", "u2"}
    assert rows["t3"]["name"] == "accounts/111/locations/900/reviews/t3"
    assert (rows["t1"]["comment_original"], rows["t1"]["comment_translation"]) == (
        "Muy amables, me dieron opciones.", "Very kind, they gave me options.")
    assert rows["t2"]["reply_comment"].startswith("Tom, we have noted")


def test_loading_the_same_takeout_twice_changes_nothing(engine):
    load_paths(engine, "reviews", [TAKEOUT], progress=False)
    again = load_paths(engine, "reviews", [TAKEOUT], progress=False)
    assert sum(r.inserted + r.updated for r in again) == 0
    assert sum(r.unchanged for r in again) == 6 and len(runs(engine)) == 6


@pytest.mark.parametrize("given", [TAKEOUT.parent, TAKEOUT, PROFILE])
def test_takeout_is_found_from_the_export_folder_takeout_or_profile_folder(given):
    assert takeout_root(given) == PROFILE


def test_an_ordinary_folder_is_still_read_recursively(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.json").write_text("{}")
    (tmp_path / "b.jsonl").write_text("")
    assert takeout_root(tmp_path) is None
    assert list(expand_paths([tmp_path])) == [tmp_path / "b.jsonl", tmp_path / "sub" / "page.json"]


def test_the_most_complete_copy_of_a_shared_location_wins(tmp_path):
    root = tmp_path / "Takeout" / PROFILE_DIR
    shutil.copytree(PROFILE, root)
    bigger = json.loads((PROFILE / "account-111/location-900/reviews.json").read_text())
    for item in bigger["reviews"]:
        item["name"] = item["name"].replace("accounts/111", "accounts/222")
    (root / "account-222/location-900/reviews.json").write_text(json.dumps(bigger, indent=4))
    chosen = {c.location_id: c.account for c in unique_locations(root)}
    assert chosen == {"900": "222", "901": "111"}


def test_ties_go_to_the_first_account(tmp_path):
    root = tmp_path / PROFILE_DIR
    for account in ("333", "111"):
        folder = root / f"account-{account}" / "location-5"
        folder.mkdir(parents=True)
        (folder / "reviews.json").write_text('{"reviews": []}')
    assert [c.account for c in unique_locations(root)] == ["111"]
