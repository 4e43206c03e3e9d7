"""The Business Profile API behind a small interface: a live client (googleapiclient) and a snapshot.

Locations come from the bundled `mybusinessaccountmanagement` v1 and
`mybusinessbusinessinformation` v1 discovery documents; reviews from My Business
API v4, whose discovery document googleapiclient does not bundle: it is read from
a local file or fetched from a URL (`--discovery`, else `STARBOARD_GBP_DISCOVERY`,
else Google's published v4.9 document).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import httplib2
from googleapiclient.discovery import build, build_from_document
from googleapiclient.errors import HttpError, InvalidJsonError, UnknownApiNameOrVersion

from ingest.google.retry import Backoff, GoogleApiError, execute

DISCOVERY_ENV = "STARBOARD_GBP_DISCOVERY"
DEFAULT_DISCOVERY_URL = "https://developers.google.com/static/my-business/samples/mybusiness_google_rest_v4p9.json"
PAGE_SIZE = 50
ORDER_BY = "updateTime desc"


@dataclass(frozen=True)
class Location:
    """A Business Profile location, named the way API v4 wants it: `accounts/A/locations/L`."""

    name: str
    title: str = ""

    @property
    def location_id(self) -> str:
        """The bare location id (`L`), the same under every account that manages it."""
        return self.name.rsplit("/", 1)[-1]


@dataclass
class ReviewPage:
    """One page of `accounts.locations.reviews.list`."""

    reviews: list[dict]
    next_page_token: str | None = None


class ReviewsClient(Protocol):
    """What the sync needs from Google."""

    def accounts(self) -> list[str]:
        """Account resource names (`accounts/A`) the signed-in user can manage."""
        ...

    def locations(self, account: str) -> list[Location]:
        """The locations of one account."""
        ...

    def reviews(self, location: str, page_token: str | None) -> ReviewPage:
        """One page of a location's reviews, newest `updateTime` first."""
        ...


def account_name(value: str) -> str:
    """`123` or `accounts/123` as `accounts/123`."""
    return value if value.startswith("accounts/") else f"accounts/{value}"


def discovery_source(option: str | None = None) -> str:
    """The v4 discovery document to use: the option, else $STARBOARD_GBP_DISCOVERY, else Google's URL."""
    return (option or os.environ.get(DISCOVERY_ENV, "").strip() or DEFAULT_DISCOVERY_URL).strip()


def build_reviews_service(http: Any, discovery: str) -> Any:
    """The My Business v4 service, from a discovery file or from a URL (never the bundled cache)."""
    if discovery.startswith(("http://", "https://")):
        try:
            return build("mybusiness", "v4", http=http, discoveryServiceUrl=discovery, static_discovery=False,
                         cache_discovery=False)
        except (HttpError, UnknownApiNameOrVersion, InvalidJsonError, httplib2.HttpLib2Error, OSError) as exc:
            reason = f"HTTP {exc.resp.status}" if isinstance(exc, HttpError) else f"{type(exc).__name__}: {exc}"
            raise GoogleApiError(
                f"cannot fetch the My Business v4 discovery document from {discovery} ({reason}); "
                f"download it and pass --discovery FILE or set {DISCOVERY_ENV}"
            ) from None
    path = Path(discovery).expanduser()
    try:
        return build_from_document(path.read_text(encoding="utf-8"), http=http)
    except OSError as exc:
        raise GoogleApiError(f"{path}: cannot read the v4 discovery document ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise GoogleApiError(f"{path}: not a valid discovery document ({exc})") from None


class LiveReviewsClient:
    """The real API over an (authorized) httplib2-style `http`; tests pass an HttpMockSequence."""

    def __init__(self, http: Any, *, discovery: str | None = None, backoff: Backoff | None = None):
        self.http = http
        self._discovery = discovery_source(discovery)
        self.backoff = backoff or Backoff()
        self._services: dict[str, Any] = {}

    def _service(self, key: str) -> Any:
        if key not in self._services:
            if key == "v4":
                self._services[key] = build_reviews_service(self.http, self._discovery)
            else:
                self._services[key] = build(key, "v1", http=self.http, static_discovery=True,
                                            cache_discovery=False)
        return self._services[key]

    def accounts(self) -> list[str]:
        """Account resource names, all pages."""
        api = self._service("mybusinessaccountmanagement").accounts()
        names: list[str] = []
        token: str | None = None
        while True:
            page = execute(api.list(pageSize=20, pageToken=token), self.backoff, "listing accounts")
            names += [a["name"] for a in page.get("accounts", [])]
            token = page.get("nextPageToken")
            if not token:
                return names

    def locations(self, account: str) -> list[Location]:
        """The locations of `account`, all pages, as `accounts/A/locations/L`."""
        account = account_name(account)
        api = self._service("mybusinessbusinessinformation").accounts().locations()
        found: list[Location] = []
        token: str | None = None
        while True:
            request = api.list(parent=account, pageSize=100, readMask="name,title", pageToken=token)
            page = execute(request, self.backoff, f"listing locations of {account}")
            for loc in page.get("locations", []):
                found.append(Location(f"{account}/{loc['name']}", loc.get("title", "")))
            token = page.get("nextPageToken")
            if not token:
                return found

    def reviews(self, location: str, page_token: str | None) -> ReviewPage:
        """One page of 50 reviews, newest `updateTime` first."""
        api = self._service("v4").accounts().locations().reviews()
        request = api.list(parent=location, pageSize=PAGE_SIZE, orderBy=ORDER_BY, pageToken=page_token)
        page = execute(request, self.backoff, f"listing reviews of {location}")
        return ReviewPage(list(page.get("reviews", [])), page.get("nextPageToken") or None)


class SnapshotReviewsClient:
    """Recorded reviews served like the API (pages of 50, newest first), for demos and tests."""

    def __init__(self, reviews_by_location: dict[str, list[dict]], titles: dict[str, str] | None = None,
                 page_size: int = PAGE_SIZE):
        self._reviews = reviews_by_location
        self._titles = titles or {}
        self._page_size = page_size
        self.requests: list[tuple[str, str | None]] = []

    def accounts(self) -> list[str]:
        """Accounts that have a recorded location."""
        return sorted({name.split("/locations/")[0] for name in self._reviews})

    def locations(self, account: str) -> list[Location]:
        """Recorded locations of `account`."""
        prefix = account_name(account) + "/locations/"
        return [Location(n, self._titles.get(n, "")) for n in sorted(self._reviews) if n.startswith(prefix)]

    def reviews(self, location: str, page_token: str | None) -> ReviewPage:
        """A page of the recorded reviews; the page token is the offset."""
        self.requests.append((location, page_token))
        ordered = sorted(self._reviews.get(location, []), key=_update_time, reverse=True)
        start = int(page_token or 0)
        end = start + self._page_size
        return ReviewPage(ordered[start:end], str(end) if end < len(ordered) else None)


def _update_time(review: dict) -> datetime:
    value = review.get("updateTime") or review.get("createTime") or ""
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=UTC)
