"""OAuth for the Business Profile APIs: one-time owner consent, a stored token refreshed automatically.

The token never lives in the repo: `--token`, else `STARBOARD_GOOGLE_TOKEN`, else
`~/.config/starboard/google-token.json`, written with mode 600.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

from google.auth.exceptions import RefreshError, TransportError
from google.auth.transport.requests import Request
from google.oauth2.credentials import Credentials

SCOPES = ["https://www.googleapis.com/auth/business.manage"]
TOKEN_ENV = "STARBOARD_GOOGLE_TOKEN"
CLIENT_SECRETS_ENV = "GOOGLE_CLIENT_SECRETS"
DEFAULT_TOKEN = Path("~/.config/starboard/google-token.json")
REAUTH_HINT = "re-run: python -m ingest google-auth --client-secrets FILE"


class AuthError(RuntimeError):
    """Credentials are missing, revoked, refused or cannot be refreshed now; the message says what to do."""


def token_path(option: Path | None = None) -> Path:
    """Where the token lives: the option, else $STARBOARD_GOOGLE_TOKEN, else the default under ~/.config."""
    raw = option or os.environ.get(TOKEN_ENV, "").strip() or DEFAULT_TOKEN
    return Path(raw).expanduser()


def client_secrets_path(option: Path | None = None) -> Path:
    """The OAuth client file: the option, else $GOOGLE_CLIENT_SECRETS."""
    raw = option or os.environ.get(CLIENT_SECRETS_ENV, "").strip()
    if not raw:
        raise AuthError(f"no OAuth client file: pass --client-secrets FILE or set {CLIENT_SECRETS_ENV}")
    path = Path(raw).expanduser()
    if not path.is_file():
        raise AuthError(f"{path}: OAuth client file not found (download it from Google Cloud console > Credentials)")
    return path


def save_token(credentials: Credentials, path: Path) -> None:
    """Write the token atomically, readable by its owner only (mode 600, folder 700)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(credentials.to_json())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def consent(
    client_secrets: Path,
    token: Path,
    *,
    port: int = 0,
    open_browser: bool = True,
    run_flow: Callable[..., Credentials] | None = None,
) -> Credentials:
    """Run the installed-app consent flow as the business owner and store the token."""
    from google_auth_oauthlib.flow import InstalledAppFlow

    flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), scopes=SCOPES)
    runner = run_flow or flow.run_local_server
    credentials = runner(port=port, open_browser=open_browser, access_type="offline", prompt="consent")
    if not credentials.refresh_token:
        raise AuthError("Google returned no refresh token; revoke the app's access in the Google account and "
                        + REAUTH_HINT)
    save_token(credentials, token)
    return credentials


class TokenStore:
    """The stored token: loads it, refreshes it when expired, writes it back when it changed."""

    def __init__(self, path: Path, request_factory: Callable[[], Request] = Request):
        self.path = path
        self._request_factory = request_factory
        self._saved: str | None = None

    def load(self) -> Credentials:
        """Credentials ready to use; raises AuthError with what to do when they are not."""
        if not self.path.is_file():
            raise AuthError(f"no Google token at {self.path}; {REAUTH_HINT}")
        try:
            info = json.loads(self.path.read_text(encoding="utf-8"))
            credentials = Credentials.from_authorized_user_info(info, SCOPES)
        except (ValueError, KeyError) as exc:
            raise AuthError(f"{self.path}: not a usable Google token ({exc}); {REAUTH_HINT}") from None
        if stat.S_IMODE(self.path.stat().st_mode) & 0o077:
            os.chmod(self.path, 0o600)
        if not credentials.valid:
            try:
                credentials.refresh(self._request_factory())
            except RefreshError as exc:
                raise AuthError(f"Google refused to refresh the token ({exc}); {REAUTH_HINT}") from None
            except TransportError as exc:
                raise AuthError(f"could not reach Google to refresh the token ({exc}); try again later") from None
        if info.get("token") != credentials.token:
            self.save(credentials)
        else:
            self._saved = self._fingerprint(credentials)
        return credentials

    def save(self, credentials: Credentials) -> None:
        """Write the credentials back (e.g. after a refresh during a sync)."""
        save_token(credentials, self.path)
        self._saved = self._fingerprint(credentials)

    def save_if_refreshed(self, credentials: Credentials) -> bool:
        """Write the credentials back if a request refreshed them since they were loaded or saved."""
        if self._fingerprint(credentials) == self._saved:
            return False
        self.save(credentials)
        return True

    @staticmethod
    def _fingerprint(credentials: Credentials) -> str:
        return f"{credentials.token}|{credentials.expiry}"
