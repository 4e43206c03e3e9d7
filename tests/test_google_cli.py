"""The `google-auth` and `google-reviews` commands, end to end on a snapshot (no network)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from googleapiclient.http import HttpMockSequence
from typer.testing import CliRunner

from ingest.google.client import LiveReviewsClient
from pipeline import google_commands as commands
from pipeline.ingest_cli import app
from tests.google_support import DISCOVERY, TAKEOUT, bookmark, forbid_network, recorded, status, stored

runner = CliRunner()


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, db_url: str, tmp_path: Path) -> Iterator[None]:
    forbid_network(monkeypatch)
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("STARBOARD_GOOGLE_TOKEN", str(tmp_path / "no-token.json"))
    monkeypatch.delenv("GOOGLE_CLIENT_SECRETS", raising=False)
    monkeypatch.delenv("STARBOARD_GBP_SNAPSHOT", raising=False)
    yield


def test_google_reviews_syncs_every_location_and_attributes_what_changed(engine, monkeypatch):
    calls = []

    def attribute_pending(engine: object, **options: object) -> SimpleNamespace:
        calls.append(options)
        return SimpleNamespace(text=lambda: "6 reviews attributed")

    monkeypatch.setattr("pipeline.load.attribute_pending", attribute_pending)
    monkeypatch.setenv("STARBOARD_GBP_SNAPSHOT", str(TAKEOUT))
    result = runner.invoke(app, ["google-reviews", "--all-locations"])
    assert result.exit_code == 0, result.output
    assert "google_reviews accounts/111/locations/900: ok; read 3, inserted 3" in result.output
    assert "google_reviews accounts/111/locations/901: ok; read 3, inserted 3" in result.output
    assert "attribution: 6 reviews attributed" in result.output and calls == [{}]
    assert len(stored(engine)) == 6 and bookmark(engine) == "2026-10-03T14:00:00.000000Z"
    again = runner.invoke(app, ["google-reviews", "--all-locations"])
    assert again.exit_code == 0 and "inserted 0, updated 0, unchanged 1" in again.output
    assert len(calls) == 1


def test_location_and_all_locations_together_are_refused(engine):
    result = runner.invoke(app, ["google-reviews", "--location", "900", "--all-locations"])
    assert result.exit_code == 2 and "not both" in result.output


def test_no_token_says_to_run_google_auth(engine):
    result = runner.invoke(app, ["google-reviews", "--all-locations"])
    assert result.exit_code == 1 and "python -m ingest google-auth" in result.output


def test_api_access_not_granted_is_one_clear_message(engine, monkeypatch):
    http = HttpMockSequence([status(403, recorded("quota_zero_403.json"))])
    monkeypatch.setattr(commands, "open_client",
                        lambda token, discovery: (LiveReviewsClient(http, discovery=DISCOVERY), lambda: None))
    result = runner.invoke(app, ["google-reviews", "--account", "111", "--location", "900"])
    assert result.exit_code == 1
    assert "access is not granted yet" in result.output and "Traceback" not in result.output


def test_google_auth_without_client_file_says_where_to_get_one(engine):
    result = runner.invoke(app, ["google-auth"])
    assert result.exit_code == 1 and "--client-secrets" in result.output


def test_load_reviews_accepts_a_takeout_folder(engine):
    result = runner.invoke(app, ["load", "reviews", str(TAKEOUT), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "account-222" not in result.output and len(stored(engine)) == 6
