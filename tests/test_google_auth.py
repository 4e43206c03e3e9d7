"""Token storage and refresh: where the token lives, mode 600, refresh on 401, clear message when refused."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from google.oauth2.credentials import Credentials
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.http import HttpMockSequence

from ingest.google import auth
from ingest.google.auth import AuthError, TokenStore, consent, save_token, token_path
from ingest.google.sync import sync_location
from tests.google_support import LOCATION, forbid_network, live_client, ok, recorded, status, stored

TOKEN_URI = "https://oauth2.googleapis.com/token"


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_network(monkeypatch)


def write_token(path: Path, token: str = "old-access", expiry: str = "2099-01-01T00:00:00Z") -> None:
    """A stored authorized-user token like the consent command writes (not expired unless told)."""
    info = {"token": token, "refresh_token": "refresh-1", "client_id": "cid.apps.googleusercontent.com",
            "client_secret": "not-a-secret", "token_uri": TOKEN_URI, "scopes": auth.SCOPES, "expiry": expiry}
    path.write_text(json.dumps(info), encoding="utf-8")


def mode(path: Path) -> int:
    """Permission bits of a file."""
    return stat.S_IMODE(path.stat().st_mode)


def test_token_path_prefers_option_then_env_then_default(monkeypatch, tmp_path):
    monkeypatch.delenv("STARBOARD_GOOGLE_TOKEN", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert token_path() == tmp_path / ".config/starboard/google-token.json"
    monkeypatch.setenv("STARBOARD_GOOGLE_TOKEN", str(tmp_path / "env.json"))
    assert token_path() == tmp_path / "env.json"
    assert token_path(tmp_path / "opt.json") == tmp_path / "opt.json"


def test_saved_token_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "new-dir" / "token.json"
    save_token(Credentials("tok", refresh_token="r", client_id="c", client_secret="s", token_uri=TOKEN_URI), path)
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    assert json.loads(path.read_text())["refresh_token"] == "r"


def test_consent_stores_the_token_from_the_installed_app_flow(tmp_path):
    secrets = tmp_path / "client.json"
    secrets.write_text(json.dumps({"installed": {
        "client_id": "cid.apps.googleusercontent.com", "client_secret": "not-a-secret",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": TOKEN_URI,
        "redirect_uris": ["http://localhost"]}}))
    seen: dict = {}

    def fake_flow(**kwargs: object) -> Credentials:
        seen.update(kwargs)
        return Credentials("tok", refresh_token="r", client_id="c", client_secret="s", token_uri=TOKEN_URI)

    token = tmp_path / "token.json"
    consent(secrets, token, open_browser=False, run_flow=fake_flow)
    assert seen["open_browser"] is False and seen["prompt"] == "consent"
    assert mode(token) == 0o600 and json.loads(token.read_text())["token"] == "tok"


def test_consent_without_refresh_token_is_refused(tmp_path):
    secrets = tmp_path / "client.json"
    secrets.write_text(json.dumps({"installed": {"client_id": "c", "client_secret": "s",
                                                 "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                                                 "token_uri": TOKEN_URI}}))
    with pytest.raises(AuthError, match="no refresh token"):
        consent(secrets, tmp_path / "t.json", run_flow=lambda **_: Credentials("tok"))
    assert not (tmp_path / "t.json").exists()


def test_missing_token_says_to_run_google_auth(tmp_path):
    with pytest.raises(AuthError, match=r"no Google token at .*python -m ingest google-auth"):
        TokenStore(tmp_path / "absent.json").load()


def test_401_refreshes_the_token_retries_and_the_new_token_is_saved(engine, tmp_path):
    path = tmp_path / "token.json"
    write_token(path)
    store = TokenStore(path)
    credentials = store.load()
    mock = HttpMockSequence([
        status(401, '{"error": {"code": 401, "status": "UNAUTHENTICATED"}}'),
        ok({"access_token": "new-access", "expires_in": 3600, "token_type": "Bearer"}),
        ok(recorded("page2.json")),
    ])
    client, _ = live_client([], http=AuthorizedHttp(credentials, http=mock))
    result = sync_location(engine, client, LOCATION)
    (_, _, _, h1), (refresh_uri, _, _, _), (_, _, _, h3) = mock.request_sequence
    assert h1["authorization"] == "Bearer old-access" and h3["authorization"] == "Bearer new-access"
    assert refresh_uri == TOKEN_URI
    assert result.inserted == 2 and set(stored(engine)) == {"r1", "r2"}
    assert store.save_if_refreshed(credentials) is True
    assert json.loads(path.read_text())["token"] == "new-access" and mode(path) == 0o600
    assert store.save_if_refreshed(credentials) is False


def test_401_after_a_failed_refresh_says_rerun_google_auth(engine, tmp_path):
    path = tmp_path / "token.json"
    write_token(path)
    credentials = TokenStore(path).load()
    mock = HttpMockSequence([
        status(401),
        status(400, '{"error": "invalid_grant", "error_description": "Token has been expired or revoked."}'),
    ])
    client, _ = live_client([], http=AuthorizedHttp(credentials, http=mock))
    with pytest.raises(AuthError, match=r"refused to refresh the token.*python -m ingest google-auth"):
        sync_location(engine, client, LOCATION)
    assert stored(engine) == {}


def test_expired_token_is_refreshed_on_load_and_written_back(tmp_path):
    path = tmp_path / "token.json"
    write_token(path, expiry="2020-01-01T00:00:00Z")
    mock = HttpMockSequence([ok({"access_token": "fresh", "expires_in": 3600})])
    from google_auth_httplib2 import Request

    credentials = TokenStore(path, request_factory=lambda: Request(mock)).load()
    assert credentials.token == "fresh" and json.loads(path.read_text())["token"] == "fresh"


def test_a_token_readable_by_others_is_locked_down_on_load(tmp_path):
    path = tmp_path / "token.json"
    write_token(path)
    path.chmod(0o644)
    TokenStore(path).load()
    assert mode(path) == 0o600


def test_expired_token_google_refuses_to_refresh(tmp_path):
    path = tmp_path / "token.json"
    write_token(path, expiry="2020-01-01T00:00:00Z")
    mock = HttpMockSequence([status(400, '{"error": "invalid_grant"}')])
    from google_auth_httplib2 import Request

    with pytest.raises(AuthError, match=r"refused to refresh.*google-auth"):
        TokenStore(path, request_factory=lambda: Request(mock)).load()
