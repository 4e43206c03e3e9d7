"""Live sync over HttpMockSequence: paging, bookmark, retries, auth and access errors, edits, deletions."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from googleapiclient.http import HttpMockSequence
from sqlalchemy import func, select

from ingest.google.auth import AuthError
from ingest.google.client import DEFAULT_DISCOVERY_URL, LiveReviewsClient, discovery_source
from ingest.google.retry import AccessError, GoogleApiError
from ingest.google.sync import resolve_locations, sync_location
from sql.schema import review_versions
from tests.google_support import (
    LOCATION,
    at,
    bookmark,
    forbid_network,
    live_client,
    ok,
    page,
    recorded,
    review,
    runs,
    status,
    stored,
)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_network(monkeypatch)


def query(uri: str) -> dict[str, list[str]]:
    """The query parameters of a request URI."""
    return parse_qs(urlparse(uri).query)


def test_two_pages_are_stored_in_one_run_and_bookmark_is_latest_update(engine):
    client, _ = live_client([ok(recorded("page1.json")), ok(recorded("page2.json"))])
    result = sync_location(engine, client, LOCATION)
    first, second = (uri for uri, *_ in client.http.request_sequence)
    assert urlparse(first).path == "/v4/accounts/111/locations/900/reviews"
    assert query(first)["pageSize"] == ["50"] and query(first)["orderBy"] == ["updateTime desc"]
    assert "pageToken" not in query(first) and query(second)["pageToken"] == ["CAESBggDEgJyMw"]
    assert (result.pages, result.inserted, result.status) == (2, 5, "ok")
    assert set(stored(engine)) == {"r1", "r2", "r3", "r4", "r5"}
    assert bookmark(engine) == "2026-11-20T15:04:05.120000Z"
    [run] = runs(engine)
    assert (run["source"], run["file_path"], run["status"], run["inserted"]) == (
        "google_reviews", "accounts/111/locations/900", "ok", 5)
    assert all(r["run_id"] == run["run_id"] for r in stored(engine).values())


def test_incremental_sync_stops_at_the_bookmark(engine):
    client, _ = live_client([ok(recorded("page1.json")), ok(recorded("page2.json"))])
    sync_location(engine, client, LOCATION)
    newest = review("r6", "2026-11-22T07:00:00Z", comment="Robert again, very helpful")
    old = review("r4", "2026-11-18T09:00:00Z", stars="FOUR", comment=None)
    older = review("r3", "2026-11-15T08:00:00Z", stars="TWO")
    client, _ = live_client([page(newest, old, older, token="more-pages-that-must-not-be-fetched")])
    result = sync_location(engine, client, LOCATION)
    assert len(client.http.request_sequence) == 1
    assert (result.inserted, result.updated, result.rows_read) == (1, 0, 1)
    assert stored(engine)["r3"]["comment"] == "Called three times before anyone picked up."
    assert bookmark(engine) == "2026-11-22T07:00:00.000000Z"


def test_review_at_the_bookmark_is_read_again_and_left_unchanged(engine):
    client, _ = live_client([page(review("r1", "2026-11-01T10:00:00Z"))])
    sync_location(engine, client, LOCATION)
    client, _ = live_client([page(review("r1", "2026-11-01T10:00:00Z"), token="next"),
                             page(review("r0", "2026-10-01T10:00:00Z"), token="never-fetched")])
    result = sync_location(engine, client, LOCATION)
    assert (result.inserted, result.updated, result.unchanged) == (0, 0, 1)
    assert len(client.http.request_sequence) == 2 and "r0" not in stored(engine)


def test_bookmark_does_not_move_when_a_later_page_fails(engine):
    client, _ = live_client([page(review("r1", "2026-11-01T10:00:00Z"))])
    sync_location(engine, client, LOCATION)
    failing = [page(review("r9", "2026-11-23T10:00:00Z"), token="p2"), status(500), status(503)]
    client, sleeps = live_client(failing, attempts=2)
    result = sync_location(engine, client, LOCATION)
    assert result.status == "failed" and "bookmark unchanged" in result.message
    assert "r9" not in stored(engine)
    assert bookmark(engine) == "2026-11-01T10:00:00.000000Z"
    assert runs(engine)[-1]["status"] == "failed" and len(sleeps.calls) == 1


def test_429_then_503_then_200_is_retried_with_backoff(engine):
    responses = [
        status(429, recorded("rate_limited_429.json"), **{"retry-after": "7"}),
        status(503, recorded("unavailable_503.json")),
        ok(recorded("page2.json")),
    ]
    client, sleeps = live_client(responses)
    result = sync_location(engine, client, LOCATION)
    assert sleeps.calls == [7.0, 2.0]
    assert (result.status, result.inserted) == ("ok", 2)
    assert bookmark(engine) == "2026-11-05T12:00:00.000000Z"


def test_retries_give_up_after_the_last_attempt(engine):
    client, sleeps = live_client([status(503)] * 3, attempts=3)
    result = sync_location(engine, client, LOCATION)
    assert result.status == "failed" and "HTTP 503 after 3 attempts" in result.message
    assert sleeps.calls == [1.0, 2.0]
    assert stored(engine) == {} and bookmark(engine) is None


@pytest.mark.parametrize("code", [403, 429])
def test_quota_of_zero_says_api_access_is_not_granted(engine, code):
    client, sleeps = live_client([status(code, recorded("quota_zero_403.json"))])
    with pytest.raises(AccessError, match="access is not granted yet") as err:
        sync_location(engine, client, LOCATION)
    assert "support.google.com/business/contact/api_default" in str(err.value)
    assert sleeps.calls == []
    assert runs(engine)[-1]["status"] == "failed"


def test_403_permission_denied_says_to_consent_as_the_owner(engine):
    client, _ = live_client([status(403, recorded("permission_denied_403.json"))])
    with pytest.raises(AccessError, match=r"permission denied.*google-auth"):
        sync_location(engine, client, LOCATION)


def test_401_without_refreshable_credentials_says_rerun_google_auth(engine):
    client, _ = live_client([status(401)])
    with pytest.raises(AuthError, match="python -m ingest google-auth"):
        sync_location(engine, client, LOCATION)
    assert stored(engine) == {}


def test_edited_review_replaces_the_stored_one_and_keeps_both_versions(engine):
    client, _ = live_client([ok(recorded("page1.json")), ok(recorded("page2.json"))])
    sync_location(engine, client, LOCATION)
    edited = review("r3", "2026-11-23T12:00:00Z", stars="FOUR", create="2026-11-10T18:30:00Z",
                    comment="Update: Robert called back and fixed it.")
    edited["reviewReply"] = {"comment": "Glad it is sorted!", "updateTime": "2026-11-23T13:00:00Z"}
    client, _ = live_client([page(edited, review("r5", "2026-11-20T15:04:05.120Z"), token="t"),
                             page(review("r4", "2026-11-18T09:00:00Z"))])
    result = sync_location(engine, client, LOCATION)
    row = stored(engine)["r3"]
    assert (result.inserted, result.updated) == (0, 1)
    assert (row["star_rating"], row["comment"], row["reply_comment"]) == (
        4, "Update: Robert called back and fixed it.", "Glad it is sorted!")
    assert row["updated_at"] == at("2026-11-23T12:00:00Z") and row["run_id"] == result.run_id
    with engine.connect() as conn:
        versions = conn.execute(
            select(func.count()).select_from(review_versions).where(review_versions.c.review_id == "r3")
        ).scalar_one()
    assert versions == 2
    assert bookmark(engine) == "2026-11-23T12:00:00.000000Z"


def test_full_sync_marks_a_review_gone_from_google_as_deleted_and_restores_it(engine):
    client, _ = live_client([ok(recorded("page1.json")), ok(recorded("page2.json"))])
    sync_location(engine, client, LOCATION)
    without_r2 = [ok(recorded("page1.json")), page(review("r1", "2026-11-01T10:00:00Z", stars="FOUR"))]
    client, _ = live_client(without_r2)
    result = sync_location(engine, client, LOCATION, full=True)
    rows = stored(engine)
    assert result.deleted == 1 and "1 marked deleted" in result.message
    assert rows["r2"]["is_deleted"] is True and rows["r2"]["run_id"] == result.run_id
    assert [k for k, r in rows.items() if r["is_deleted"]] == ["r2"]
    client, _ = live_client([ok(recorded("page1.json")), ok(recorded("page2.json"))])
    again = sync_location(engine, client, LOCATION, full=True)
    assert (again.deleted, again.restored) == (0, 1)
    assert stored(engine)["r2"]["is_deleted"] is False


def test_incremental_sync_never_marks_deletions(engine):
    client, _ = live_client([ok(recorded("page1.json")), ok(recorded("page2.json"))])
    sync_location(engine, client, LOCATION)
    client, _ = live_client([page()])
    result = sync_location(engine, client, LOCATION)
    assert result.deleted == 0 and not any(r["is_deleted"] for r in stored(engine).values())


def test_translated_comments_keep_original_and_translation_in_either_order(engine):
    client, _ = live_client([ok(recorded("page2.json"))])
    sync_location(engine, client, LOCATION)
    rows = stored(engine)
    assert (rows["r2"]["comment_original"], rows["r2"]["comment_translation"]) == (
        "Lily giải thích mọi thứ rất rõ ràng.", "Lily explained everything clearly.")
    assert (rows["r1"]["comment_original"], rows["r1"]["comment_translation"]) == (
        "Bob me ayudó con el plan de pagos.", "Bob helped me with the payment plan.")


def test_owner_reply_is_stored(engine):
    client, _ = live_client([ok(recorded("page1.json")), ok(recorded("page2.json"))])
    sync_location(engine, client, LOCATION)
    row = stored(engine)["r3"]
    assert row["reply_comment"].startswith("Sorry about the wait, Kevin.")
    assert row["reply_updated_at"] == at("2026-11-16T10:00:00Z")


def test_a_broken_review_is_rejected_and_the_rest_of_the_page_loads(engine):
    broken = review("r8", "2026-11-21T10:00:00Z", stars="SIX")
    client, _ = live_client([page(review("r9", "2026-11-22T10:00:00Z"), broken)])
    result = sync_location(engine, client, LOCATION)
    assert (result.status, result.inserted, result.rejected) == ("partial", 1, 1)
    assert result.rejects[0].column == "starRating" and "page 1" in result.rejects[0].reason
    assert bookmark(engine) == "2026-11-22T10:00:00.000000Z"


def test_all_locations_lists_accounts_and_locations_and_syncs_a_shared_location_once():
    responses = [ok(recorded("accounts.json")), ok(recorded("locations_111.json")), ok(recorded("locations_222.json"))]
    client, _ = live_client(responses)
    found = resolve_locations(client, account=None, location=None, all_locations=True)
    assert [loc.name for loc in found] == ["accounts/111/locations/900", "accounts/111/locations/901"]
    accounts_uri, locations_uri, _ = (uri for uri, *_ in client.http.request_sequence)
    assert urlparse(accounts_uri).netloc == "mybusinessaccountmanagement.googleapis.com"
    assert urlparse(locations_uri).path == "/v1/accounts/111/locations"
    assert query(locations_uri)["readMask"] == ["name,title"]


def test_one_location_by_id_under_a_given_account_needs_no_listing():
    client, _ = live_client([])
    found = resolve_locations(client, account="111", location="locations/900", all_locations=False)
    assert [loc.name for loc in found] == ["accounts/111/locations/900"]


def test_unknown_location_is_refused_with_the_accounts_searched():
    client, _ = live_client([ok(recorded("accounts.json")), ok(recorded("locations_111.json")),
                             ok(recorded("locations_222.json"))])
    with pytest.raises(ValueError, match="location 777 is not managed by accounts/111, accounts/222"):
        resolve_locations(client, account=None, location="777", all_locations=False)


def test_a_store_that_fails_is_recorded_and_leaves_bookmark_and_reviews_alone(engine, monkeypatch):
    client, _ = live_client([page(review("r1", "2026-11-01T10:00:00Z"))])
    sync_location(engine, client, LOCATION)

    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("ingest.google.sync.store_versions", broken)
    client, _ = live_client([page(review("r2", "2026-11-02T10:00:00Z"), review("r1", "2026-11-01T10:00:00Z"))])
    with pytest.raises(RuntimeError, match="disk full"):
        sync_location(engine, client, LOCATION)
    assert set(stored(engine)) == {"r1"} and bookmark(engine) == "2026-11-01T10:00:00.000000Z"
    assert runs(engine)[-1]["status"] == "failed" and "rolled back" in runs(engine)[-1]["message"]


def test_v4_discovery_document_can_come_from_a_url(engine):
    url = "https://example.invalid/mybusiness_google_rest_v4p9.json"
    http = HttpMockSequence([ok(recorded("mybusiness_v4_discovery.json")), ok(recorded("page2.json"))])
    client = LiveReviewsClient(http, discovery=url)
    result = sync_location(engine, client, LOCATION)
    assert http.request_sequence[0][0] == url and result.inserted == 2


def test_unreachable_discovery_url_says_to_use_a_local_file(engine):
    http = HttpMockSequence([status(404, "Not Found")])
    client = LiveReviewsClient(http, discovery="https://example.invalid/gone.json")
    with pytest.raises(GoogleApiError, match="pass --discovery FILE"):
        client.reviews(LOCATION.name, None)


def test_discovery_source_prefers_option_then_env_then_googles_url(monkeypatch):
    monkeypatch.delenv("STARBOARD_GBP_DISCOVERY", raising=False)
    assert discovery_source() == DEFAULT_DISCOVERY_URL
    monkeypatch.setenv("STARBOARD_GBP_DISCOVERY", "/etc/starboard/v4.json")
    assert discovery_source() == "/etc/starboard/v4.json"
    assert discovery_source("local.json") == "local.json"
