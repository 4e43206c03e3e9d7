"""The retry loop on its own: what is retried, how long it waits, what is never retried."""

from __future__ import annotations

import httplib2
import pytest
from googleapiclient.errors import HttpError

from ingest.google.retry import Backoff, GoogleApiError, execute
from ingest.google.sync import sync_location
from tests.google_support import LOCATION, Sleeps, live_client, page, review


class Scripted:
    """A request whose `execute` raises or returns the scripted outcomes in turn."""

    def __init__(self, *outcomes: object):
        self.outcomes = list(outcomes)
        self.calls = 0

    def execute(self, num_retries: int = 0) -> dict:
        """The next outcome."""
        self.calls += 1
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


def http_error(code: int) -> HttpError:
    """An HttpError as googleapiclient raises it."""
    return HttpError(httplib2.Response({"status": str(code)}), b"{}", uri="https://example.invalid/")


def backoff(attempts: int = 5) -> tuple[Backoff, Sleeps]:
    """A backoff with fixed jitter and a recording sleep."""
    sleeps = Sleeps()
    return Backoff(attempts=attempts, base=1.0, cap=5.0, sleep=sleeps, rand=lambda: 1.0), sleeps


def test_network_errors_are_retried_with_growing_waits_capped():
    policy, sleeps = backoff()
    request = Scripted(ConnectionResetError("reset"), TimeoutError("slow"), http_error(502), http_error(500),
                       {"reviews": []})
    assert execute(request, policy, "listing reviews") == {"reviews": []}
    assert sleeps.calls == [1.0, 2.0, 4.0, 5.0] and request.calls == 5


def test_jitter_keeps_waits_between_half_and_full_step():
    policy = Backoff(base=2.0, rand=lambda: 0.0)
    assert policy.delay(0, None) == 1.0 and policy.delay(2, None) == 4.0
    assert policy.delay(3, 9.5) == 9.5


@pytest.mark.parametrize("code", [400, 404])
def test_client_errors_are_not_retried(code):
    policy, sleeps = backoff()
    request = Scripted(http_error(code))
    with pytest.raises(GoogleApiError, match=f"HTTP {code}"):
        execute(request, policy, "listing reviews")
    assert request.calls == 1 and sleeps.calls == []


def test_a_page_token_google_repeats_stops_the_walk(engine):
    looping = [page(review("r1", "2026-11-02T10:00:00Z"), token="same"),
               page(review("r0", "2026-11-01T10:00:00Z"), token="same")]
    client, _ = live_client(looping)
    result = sync_location(engine, client, LOCATION)
    assert result.status == "failed" and "repeated page token" in result.message
