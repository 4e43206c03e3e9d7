"""Calling Google: 429 and 5xx retried with exponential backoff; auth and access refusals explained.

googleapiclient's own `num_retries` sleeps with `time.sleep` and would also retry a
quota of 0 (API access not granted), so the loop is ours, with an injectable sleep.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httplib2
from google.auth.exceptions import RefreshError, TransportError
from googleapiclient.errors import HttpError

from ingest.google.auth import REAUTH_HINT, AuthError

ACCESS_REQUEST_URL = "https://support.google.com/business/contact/api_default"
TRANSIENT_ERRORS = (TransportError, httplib2.HttpLib2Error, ConnectionError, TimeoutError)


class AccessError(RuntimeError):
    """Google refuses the project or the account (403, or a quota of 0); the message says what to do."""


class GoogleApiError(RuntimeError):
    """A call that still failed after its retries, or failed in a way retrying cannot help."""


class Executable(Protocol):
    """A googleapiclient request (anything with `execute(num_retries=...)`)."""

    def execute(self, num_retries: int = 0) -> Any: ...


@dataclass
class Backoff:
    """Exponential backoff with full jitter: wait up to base·2^attempt seconds, at most `cap`."""

    attempts: int = 6
    base: float = 1.0
    cap: float = 64.0
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = random.random
    waits: list[float] = field(default_factory=list)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before retry number `attempt` (0-based); honours Retry-After."""
        if retry_after is not None:
            return min(self.cap, retry_after)
        return min(self.cap, self.base * 2**attempt * (0.5 + self.rand() / 2))

    def wait(self, seconds: float) -> None:
        """Sleep, remembering how long (for the run message and tests)."""
        self.waits.append(seconds)
        self.sleep(seconds)


def execute(request: Executable, backoff: Backoff, what: str) -> dict:
    """Run one API request; retry 429/5xx and network errors; raise AuthError/AccessError/GoogleApiError."""
    for attempt in range(backoff.attempts):
        last = attempt == backoff.attempts - 1
        try:
            return request.execute(num_retries=0)
        except RefreshError as exc:
            raise AuthError(f"Google refused to refresh the token while {what} ({exc}); {REAUTH_HINT}") from None
        except HttpError as exc:
            status = exc.resp.status
            body = _error_body(exc)
            if status == 401:
                raise AuthError(f"Google rejected the credentials while {what} (401); {REAUTH_HINT}") from None
            if _quota_is_zero(body):
                raise AccessError(access_not_granted(what)) from None
            if status == 403:
                raise AccessError(forbidden(what, body)) from None
            if status != 429 and status < 500:
                raise GoogleApiError(f"{what}: HTTP {status}: {_message(body) or exc}") from None
            if last:
                raise GoogleApiError(
                    f"{what}: HTTP {status} after {backoff.attempts} attempts: {_message(body) or exc}"
                ) from None
            backoff.wait(backoff.delay(attempt, _retry_after(exc)))
        except TRANSIENT_ERRORS as exc:
            if last:
                raise GoogleApiError(f"{what}: network error after {backoff.attempts} attempts: {exc}") from None
            backoff.wait(backoff.delay(attempt, None))
    raise GoogleApiError(f"{what}: no attempts allowed")


def access_not_granted(what: str) -> str:
    """The message for a project whose Business Profile API quota is 0."""
    return (
        f"Google Business Profile API access is not granted yet for this Cloud project (quota is 0) while {what}. "
        f"Request access at {ACCESS_REQUEST_URL} (see docs/google-sync.md); once approved the quota becomes "
        "non-zero and this command works without changes."
    )


def forbidden(what: str, body: dict) -> str:
    """The message for a 403: API disabled, or the signed-in Google account may not manage this."""
    text = _message(body)
    if _reason(body) == "SERVICE_DISABLED" or "has not been used" in text or "is disabled" in text:
        return (
            f"{what}: the API is not enabled in the Cloud project ({text}). Enable My Business Account Management, "
            "Business Information and Google My Business APIs in Google Cloud console, then re-run."
        )
    return (
        f"{what}: permission denied (403: {text or 'no detail'}). The Google account that gave consent does not "
        f"manage this account/location; {REAUTH_HINT} signed in as the business owner or a manager."
    )


def _error_body(exc: HttpError) -> dict:
    try:
        data = json.loads(exc.content.decode("utf-8") if isinstance(exc.content, bytes) else exc.content)
    except (ValueError, AttributeError, UnicodeDecodeError):
        return {}
    return data.get("error", {}) if isinstance(data, dict) and isinstance(data.get("error"), dict) else {}


def _message(body: dict) -> str:
    return str(body.get("message") or "")


def _details(body: dict) -> list[dict]:
    return [d for d in body.get("details") or [] if isinstance(d, dict)]


def _reason(body: dict) -> str | None:
    return next((d.get("reason") for d in _details(body) if d.get("reason")), None)


def _quota_is_zero(body: dict) -> bool:
    """Google's answer to a project without Business Profile API access: a quota limit of 0."""
    return any(str((d.get("metadata") or {}).get("quota_limit_value")) == "0" for d in _details(body))


def _retry_after(exc: HttpError) -> float | None:
    value = exc.resp.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None
