"""`pull zendesk`: tickets from Zendesk's cursor-based incremental ticket export, the cursor as the bookmark.

GET /api/v2/incremental/tickets/cursor.json?start_time=T the first time, then ?cursor=C; each page
({"tickets": [...], "after_cursor": ..., "end_of_stream": ...}) is one batch, stored with its
after_cursor as the new bookmark. Credentials: ZENDESK_SUBDOMAIN (or ZENDESK_URL), ZENDESK_EMAIL,
ZENDESK_API_TOKEN (API token authentication, `email/token:TOKEN`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import requests
from sqlalchemy import Engine

from ingest.google.retry import Backoff
from ingest.pull.common import PullError, PullResult, default_backoff, read_bookmark, store_batch, with_retries
from ingest.runs import AfterLoad
from ingest.vendor.spec import load_mapping

SOURCE = "zendesk_tickets"
PATH = "/api/v2/incremental/tickets/cursor.json"


@dataclass
class ZendeskConfig:
    """Where and as whom to call Zendesk."""

    base_url: str
    email: str
    token: str

    @classmethod
    def from_env(cls) -> ZendeskConfig:
        """From ZENDESK_URL or ZENDESK_SUBDOMAIN, ZENDESK_EMAIL and ZENDESK_API_TOKEN (see .env.example)."""
        sub = os.environ.get("ZENDESK_SUBDOMAIN")
        base = os.environ.get("ZENDESK_URL") or (f"https://{sub}.zendesk.com" if sub else "")
        email, token = os.environ.get("ZENDESK_EMAIL", ""), os.environ.get("ZENDESK_API_TOKEN", "")
        missing = [n for n, v in (("ZENDESK_SUBDOMAIN", base), ("ZENDESK_EMAIL", email), ("ZENDESK_API_TOKEN", token))
                   if not v]
        if missing:
            raise PullError(f"set {', '.join(missing)} in the environment (see .env.example)")
        return cls(base.rstrip("/"), email, token)


def pull_zendesk(engine: Engine, config: ZendeskConfig, store: Path, *, start: datetime, per_page: int = 1000,
                 agent_table: dict[str, str] | None = None, backoff: Backoff | None = None,
                 session: requests.Session | None = None, after_load: AfterLoad | None = None) -> PullResult:
    """Pull tickets changed since the bookmark (or `start` on the first pull), one page per transaction."""
    mapping = load_mapping("zendesk")
    http = session or requests.Session()
    http.auth = (f"{config.email}/token", config.token)
    backoff = backoff or default_backoff()
    result = PullResult(SOURCE, config.base_url)
    with engine.connect() as conn:
        result.bookmark_before = result.bookmark_after = read_bookmark(conn, SOURCE, config.base_url)
    cursor = result.bookmark_before
    while True:
        params = {"cursor": cursor} if cursor else {"start_time": int(start.timestamp())}
        params["per_page"] = per_page
        page = _get(http, config.base_url + PATH, params, backoff)
        after = page.get("after_cursor") or cursor
        if page.get("tickets"):
            name = f"zendesk-{len(result.loads) + 1:04d}-{(after or 'start')[:40]}.json"
            store_batch(engine, result, mapping, store / name, page, after, agent_table=agent_table or {},
                        after_load=after_load)
        if page.get("end_of_stream") or not page.get("after_cursor") or after == cursor:
            return result
        cursor = after


def _get(http: requests.Session, url: str, params: dict, backoff: Backoff) -> dict:
    def call():
        response = http.get(url, params=params, timeout=60)
        return response.status_code, dict(response.headers), response

    status, response = with_retries(call, backoff, f"GET {url}")
    if status in (401, 403):
        raise PullError(f"Zendesk refused the credentials ({status}): check ZENDESK_EMAIL and ZENDESK_API_TOKEN")
    if status != 200:
        raise PullError(f"GET {url}: HTTP {status}: {response.text[:200]}")
    try:
        return response.json()
    except ValueError:
        raise PullError(f"GET {url}: the answer is not JSON") from None
