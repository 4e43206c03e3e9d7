"""Shared pieces of the Google tests: recorded responses and a live client over HttpMockSequence."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from googleapiclient.http import HttpMockSequence
from sqlalchemy import Engine, select

from ingest.google.client import LiveReviewsClient, Location
from ingest.google.retry import Backoff
from sql.schema import ingest_runs, reviews, sync_bookmarks

GOOGLE_DATA = Path(__file__).parent / "data" / "google"
DISCOVERY = str(GOOGLE_DATA / "mybusiness_v4_discovery.json")
TAKEOUT = GOOGLE_DATA / "Takeout"
LOCATION = Location("accounts/111/locations/900", "Harbor Recovery – Austin")


def recorded(name: str) -> str:
    """The text of a recorded response under tests/data/google/."""
    return (GOOGLE_DATA / name).read_text(encoding="utf-8")


def ok(body: str | dict) -> tuple[dict, str]:
    """A 200 response."""
    return {"status": "200", "content-type": "application/json"}, body if isinstance(body, str) else json.dumps(body)


def status(code: int, body: str = "{}", **headers: str) -> tuple[dict, str]:
    """A response with `code` and extra headers."""
    return {"status": str(code), "content-type": "application/json", **headers}, body


def review(review_id: str, update: str, *, stars: str = "FIVE", comment: str | None = "Great help",
           create: str | None = None, location: str = LOCATION.name) -> dict:
    """A v4 Review object."""
    item = {
        "name": f"{location}/reviews/{review_id}",
        "reviewId": review_id,
        "reviewer": {"displayName": f"Reviewer {review_id}"},
        "starRating": stars,
        "createTime": create or update,
        "updateTime": update,
    }
    if comment is not None:
        item["comment"] = comment
    return item


def page(*items: dict, token: str | None = None) -> tuple[dict, str]:
    """A 200 ListReviewsResponse page."""
    body: dict = {"reviews": list(items), "totalReviewCount": len(items)}
    if token:
        body["nextPageToken"] = token
    return ok(body)


class Sleeps:
    """An injectable sleep that records instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def live_client(responses: list, *, attempts: int = 4, http: object | None = None) -> tuple[LiveReviewsClient, Sleeps]:
    """A live client over HttpMockSequence(responses) with the test discovery document and no real waiting."""
    sleeps = Sleeps()
    backoff = Backoff(attempts=attempts, base=1.0, sleep=sleeps, rand=lambda: 1.0)
    client = LiveReviewsClient(http or HttpMockSequence(responses), discovery=DISCOVERY, backoff=backoff)
    return client, sleeps


def stored(engine: Engine) -> dict[str, dict]:
    """The reviews table by review_id."""
    with engine.connect() as conn:
        return {r.review_id: r._asdict() for r in conn.execute(select(reviews)).all()}


def bookmark(engine: Engine, location: str = LOCATION.name) -> str | None:
    """The stored bookmark of `location`."""
    with engine.connect() as conn:
        return conn.execute(
            select(sync_bookmarks.c.bookmark).where(
                sync_bookmarks.c.source == "google_reviews", sync_bookmarks.c.partition_key == location
            )
        ).scalar()


def runs(engine: Engine) -> list[dict]:
    """Every ingest run, oldest first."""
    with engine.connect() as conn:
        return [r._asdict() for r in conn.execute(select(ingest_runs).order_by(ingest_runs.c.run_id)).all()]


def at(text: str) -> datetime:
    """A naive UTC datetime from ISO text."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)


LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", None}


def forbid_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any name lookup other than the local database fail loudly: these tests never touch the network."""
    import socket

    real = socket.getaddrinfo

    def guarded(host: object, *args: object, **kwargs: object) -> object:
        if host not in LOCAL_HOSTS:
            raise AssertionError(f"test tried to reach {host} over the network")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
