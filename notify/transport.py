"""Delivery: Slack (slack_sdk WebhookClient), Teams (webhook POST), email (SMTP + STARTTLS), with retries.

Each sender raises `Transient` (429, 5xx, timeouts, refused connections, SMTP 4xx: worth another
try, after `Retry-After` when the server says so) or `Failed` (no use retrying; `dead` when the
destination itself is wrong or gone: 401/403/404/410, bad SMTP login, no STARTTLS, bad
certificate). `deliver` retries transient errors with exponential backoff; when they outlast
the retries the destination counts as dead for the rest of the run.
"""

from __future__ import annotations

import json
import smtplib
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

from slack_sdk.webhook import WebhookClient

from notify.config import Destination

DEAD_HTTP = (401, 403, 404, 410)


class Transient(Exception):
    """Worth another try (after `retry_after` seconds when the server said so)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Failed(Exception):
    """No use retrying; `dead` when the destination itself is unusable."""

    def __init__(self, message: str, dead: bool = False) -> None:
        super().__init__(message)
        self.dead = dead


@dataclass(frozen=True)
class RetryPolicy:
    """Up to `attempts` tries; waits `base`, 2×base, 4×base… (at most `cap`), or Retry-After (at most `max_wait`)."""

    attempts: int = 5
    base: float = 1.0
    cap: float = 30.0
    max_wait: float = 120.0

    def wait(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait after failed try number `attempt`."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_wait)
        return min(self.base * 2 ** (attempt - 1), self.cap)


@dataclass(frozen=True)
class Outcome:
    """How a delivery ended."""

    ok: bool
    attempts: int
    error: str | None = None
    dead: bool = False


def deliver(send: Callable[[], None], policy: RetryPolicy, sleep: Callable[[float], None] = time.sleep) -> Outcome:
    """Call `send` until it succeeds, fails for good, or the tries run out."""
    for attempt in range(1, policy.attempts + 1):
        try:
            send()
            return Outcome(True, attempt)
        except Failed as exc:
            return Outcome(False, attempt, str(exc), exc.dead)
        except Transient as exc:
            if attempt == policy.attempts:
                return Outcome(False, attempt, f"{exc} (after {attempt} tries)", dead=True)
            sleep(policy.wait(attempt, exc.retry_after))
    raise AssertionError("unreachable")


def retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date), or None."""
    value = next((v for k, v in (headers or {}).items() if k.lower() == "retry-after"), None)
    if value is None:
        return None
    value = str(value[0] if isinstance(value, list) else value).strip()
    try:
        return float(value)
    except ValueError:
        try:
            return (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
        except (TypeError, ValueError):
            return None


def check_http(status: int, headers: Mapping[str, str] | None, body: str) -> None:
    """Raise for a webhook answer that is not a success."""
    if 200 <= status < 300:
        return
    detail = f"HTTP {status}: {(body or '').strip()[:200]}".rstrip(": ")
    if status == 429 or status >= 500:
        raise Transient(detail, retry_after(headers))
    raise Failed(detail, dead=status in DEAD_HTTP)


def _network(exc: BaseException, timeout: float) -> Transient:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
        return Transient(f"timed out after {timeout:g} s")
    return Transient(f"cannot connect: {reason}")


def send_slack(url: str, payload: dict, timeout: float) -> None:
    """Post a Block Kit message to a Slack incoming webhook (retries are `deliver`'s, not the SDK's)."""
    if not url.lower().startswith(("https://", "http://")):
        raise Failed(f"not an http(s) URL: {url[:40]}", dead=True)
    client = WebhookClient(url, timeout=timeout, retry_handlers=[])  # type: ignore[arg-type]
    try:
        resp = client.send_dict(payload)
    except (OSError, urllib.error.URLError) as exc:
        raise _network(exc, timeout) from None
    check_http(resp.status_code, resp.headers, resp.body)


def send_teams(url: str, payload: dict, timeout: float) -> None:
    """Post an Adaptive Card message to a Teams incoming webhook or workflow URL."""
    if not url.lower().startswith(("https://", "http://")):
        raise Failed(f"not an http(s) URL: {url[:40]}", dead=True)
    req = urllib.request.Request(url, data=json.dumps(payload).encode("utf-8"), method="POST",
                                 headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            check_http(resp.status, dict(resp.headers), resp.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        check_http(exc.code, dict(exc.headers or {}), exc.read().decode("utf-8", "replace"))
    except (OSError, urllib.error.URLError) as exc:
        raise _network(exc, timeout) from None


def send_email(dest: Destination, password: str | None, msg: EmailMessage) -> None:
    """Send over SMTP, upgrading to TLS with STARTTLS (refusing to go on in clear when `starttls`)."""
    context = ssl.create_default_context(cafile=dest.ca_file)
    try:
        with smtplib.SMTP(dest.host or "", dest.port, timeout=dest.timeout) as smtp:
            smtp.ehlo()
            if dest.starttls:
                if not smtp.has_extn("starttls"):
                    raise Failed(f"{dest.host}:{dest.port} offers no STARTTLS; not sending in clear", dead=True)
                smtp.starttls(context=context)
                smtp.ehlo()
            if dest.username:
                smtp.login(dest.username, password or "")
            refused = smtp.send_message(msg)
            if refused:
                raise Failed(f"recipients refused: {refused}")
    except ssl.SSLError as exc:
        raise Failed(f"TLS failed: {exc}", dead=True) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise Failed(f"login refused: {exc.smtp_code} {exc.smtp_error!r}", dead=True) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise Failed(f"recipients refused: {exc.recipients}") from None
    except smtplib.SMTPResponseException as exc:
        message = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"
        if 400 <= exc.smtp_code < 500:
            raise Transient(message) from None
        raise Failed(message) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise _network(exc, dest.timeout) from None
