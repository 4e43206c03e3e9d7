"""`pull twilio`: Call resources through the official `twilio` package, a day at a time, by start time.

Twilio filters calls by the UTC date they started (StartTime=YYYY-MM-DD). Each day from the bookmark
to today is listed page by page and stored as one batch; the bookmark (a date) then moves to the next day,
or stays on the day of the earliest call still queued, ringing or in progress, so that call is pulled again
once it has ended. Today's batch leaves the bookmark on today: the next pull re-reads it (unchanged calls
upsert unchanged). Credentials: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from ingest.google.retry import Backoff
from ingest.pull.common import PullError, PullResult, default_backoff, read_bookmark, store_batch, with_retries
from ingest.runs import AfterLoad
from ingest.vendor.spec import load_mapping

SOURCE = "twilio_calls"
API = "https://api.twilio.com"
UNFINISHED = frozenset({"queued", "ringing", "in-progress"})


class RetryingHttpClient(TwilioHttpClient):
    """The twilio package's HTTP client with 429/5xx retries (Retry-After honoured), optionally aimed at
    another base URL (a local test server)."""

    def __init__(self, backoff: Backoff, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.backoff, self.base_url = backoff, base_url

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        if self.base_url and url.startswith(API):
            url = self.base_url.rstrip("/") + url[len(API):]

        def call():
            response = super(RetryingHttpClient, self).request(method, url, *args, **kwargs)
            return response.status_code, dict(response.headers or {}), response

        return with_retries(call, self.backoff, f"{method} {url}")[1]


def client_from_env(backoff: Backoff | None = None) -> Client:
    """A Twilio client from TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN (STARBOARD_TWILIO_BASE_URL: another API host)."""
    sid, token = os.environ.get("TWILIO_ACCOUNT_SID"), os.environ.get("TWILIO_AUTH_TOKEN")
    if not sid or not token:
        raise PullError("set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN in the environment (see .env.example)")
    http = RetryingHttpClient(backoff or default_backoff(), os.environ.get("STARBOARD_TWILIO_BASE_URL"))
    return Client(sid, token, http_client=http)


def pull_twilio(engine: Engine, client: Client, store: Path, *, since: date, today: date, page_size: int = 1000,
                agent_table: dict[str, str] | None = None, after_load: AfterLoad | None = None) -> PullResult:
    """Pull every day from the bookmark (or `since`) to `today`, one transaction per day."""
    mapping = load_mapping("twilio")
    partition = client.account_sid
    result = PullResult(SOURCE, partition)
    with engine.connect() as conn:
        result.bookmark_before = result.bookmark_after = read_bookmark(conn, SOURCE, partition)
    day = date.fromisoformat(result.bookmark_before) if result.bookmark_before else since
    hold: date | None = None  # the earliest day with a call not yet ended: the bookmark stays there
    while day <= today:
        calls = _list_day(client, day, page_size)
        if hold is None and any(c.get("status") in UNFINISHED for c in calls):
            hold = day
        following = hold or (day if day == today else day + timedelta(days=1))
        if calls:
            store_batch(engine, result, mapping, store / f"twilio-{partition}-{day.isoformat()}.json",
                        {"calls": calls}, following.isoformat(), agent_table=agent_table or {}, after_load=after_load)
        day += timedelta(days=1)
    return result


def _list_day(client: Client, day: date, page_size: int) -> list[dict]:
    """Every Call resource that started on `day` (UTC), all pages, as the API's JSON objects."""
    out: list[dict] = []
    try:
        page = client.api.v2010.account.calls.page(start_time=day, page_size=page_size)
        while page is not None:
            out.extend(page._payload.get("calls", []))  # the API's own JSON, not the library's typed copy
            page = page.next_page()
    except TwilioRestException as exc:
        if exc.status in (401, 403):
            raise PullError(f"Twilio refused the credentials ({exc.status}): check TWILIO_ACCOUNT_SID and "
                            "TWILIO_AUTH_TOKEN") from None
        raise PullError(f"listing Twilio calls of {day}: HTTP {exc.status}: {exc.msg}") from None
    return out
