"""Pulls against a local HTTP server: paging, retries, and a pull interrupted halfway that resumes from its
bookmark with nothing lost and nothing doubled (the fixture records of tests/data/vendors)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine, func, select
from twilio.rest import Client
from werkzeug import Request, Response

from ingest.google.retry import Backoff
from ingest.pull.common import PullError, read_bookmark
from ingest.pull.twilio import RetryingHttpClient, pull_twilio
from ingest.pull.zendesk import PATH, ZendeskConfig, pull_zendesk
from ingest.vendor.identity import agent_id_table
from pipeline.load import load_paths
from sql.schema import calls, digital

VENDORS = Path(__file__).parent / "data" / "vendors"
SID = "AC" + "0" * 32


def roster(engine: Engine) -> None:
    load_paths(engine, "agents", [VENDORS / "agents.csv"], progress=False)
    load_paths(engine, "accounts", [VENDORS / "accounts.csv"], progress=False)


def backoff(attempts: int = 2) -> Backoff:
    return Backoff(attempts=attempts, base=0.0, sleep=lambda s: None, rand=lambda: 0.0)


def count(engine: Engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def tickets() -> list[dict]:
    return json.loads((VENDORS / "zendesk_tickets.json").read_text())["tickets"]


def zendesk_page(items: list[dict], after: str, end: bool) -> dict:
    return {"tickets": items, "after_cursor": after, "after_url": None, "before_cursor": None, "before_url": None,
            "end_of_stream": end}


def test_zendesk_pull_interrupted_halfway_resumes_from_its_cursor(engine: Engine, httpserver: HTTPServer,
                                                                   tmp_path: Path) -> None:
    roster(engine)
    every = tickets()
    config = ZendeskConfig(httpserver.url_for("").rstrip("/"), "bot@example.com", "secret")
    table = agent_id_table(VENDORS / "agent_ids.toml", "zendesk")
    start = datetime(2026, 10, 1, tzinfo=UTC)
    first = {"start_time": str(int(start.timestamp())), "per_page": "80"}
    httpserver.expect_oneshot_request(PATH, query_string=first).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"})
    httpserver.expect_request(PATH, query_string=first).respond_with_json(zendesk_page(every[:80], "c1", False))
    httpserver.expect_request(PATH, query_string={"cursor": "c1", "per_page": "80"}).respond_with_json(
        zendesk_page(every[80:160], "c2", False))
    httpserver.expect_request(PATH, query_string={"cursor": "c2", "per_page": "80"}).respond_with_data(
        "down", status=503)
    waits = backoff(3)
    with pytest.raises(PullError, match="HTTP 503 after 3 attempts"):
        pull_zendesk(engine, config, tmp_path, start=start, per_page=80, agent_table=table, backoff=waits)
    assert waits.waits[0] == 7.0  # Retry-After honoured
    with engine.connect() as conn:
        assert read_bookmark(conn, "zendesk_tickets", config.base_url) == "c2"
    halfway = count(engine, digital)
    assert 0 < halfway < 212

    httpserver.clear()
    httpserver.expect_request(PATH, query_string={"cursor": "c2", "per_page": "80"}).respond_with_json(
        zendesk_page(every[160:], "c3", True))
    result = pull_zendesk(engine, config, tmp_path, start=start, per_page=80, agent_table=table, backoff=backoff())
    assert [r.url for r in [log[0] for log in httpserver.log]] == [httpserver.url_for(PATH) + "?cursor=c2&per_page=80"]
    assert (result.bookmark_before, result.bookmark_after) == ("c2", "c3")
    assert count(engine, digital) == 212  # exactly what loading the whole export gives
    assert sum(r.updated for r in result.loads) == 0
    httpserver.expect_request(PATH, query_string={"cursor": "c3", "per_page": "80"}).respond_with_json(
        zendesk_page([], "c3", True))
    again = pull_zendesk(engine, config, tmp_path, start=start, per_page=80, agent_table=table, backoff=backoff())
    assert count(engine, digital) == 212 and again.bookmark_after == "c3"


def twilio_handler(calls_by_day: dict[str, list[dict]], failing: set[str], page_size: int):
    def handle(request: Request) -> Response:
        day = request.args["StartTime"][:10]  # the twilio package sends the date as 2026-10-05T00:00:00Z
        if day in failing:
            return Response("unavailable", status=503)
        page = int(request.args.get("Page", 0))
        items = calls_by_day.get(day, [])[page * page_size:(page + 1) * page_size]
        more = (page + 1) * page_size < len(calls_by_day.get(day, []))
        base = f"/2010-04-01/Accounts/{SID}/Calls.json?StartTime={day}&PageSize={page_size}"
        body = {"calls": items, "page": page, "page_size": page_size, "start": page * page_size, "end": 0,
                "uri": base, "first_page_uri": base, "previous_page_uri": None,
                "next_page_uri": f"{base}&Page={page + 1}&PageToken=PA{page + 1}" if more else None}
        return Response(json.dumps(body), content_type="application/json")

    return handle


def test_twilio_pull_interrupted_halfway_resumes_from_its_bookmark(engine: Engine, httpserver: HTTPServer,
                                                                    tmp_path: Path) -> None:
    roster(engine)
    by_day: dict[str, list[dict]] = {}
    for call in json.loads((VENDORS / "twilio_calls.json").read_text())["calls"]:
        day = parsedate_to_datetime(call["start_time"]).date().isoformat()
        by_day.setdefault(day, []).append(call)
    days = sorted(by_day)
    failing = {days[3]}
    path = f"/2010-04-01/Accounts/{SID}/Calls.json"
    httpserver.expect_request(path).respond_with_handler(twilio_handler(by_day, failing, 10))
    client = Client(SID, "token", http_client=RetryingHttpClient(backoff(), httpserver.url_for("/")))
    table = agent_id_table(VENDORS / "agent_ids.toml", "twilio")
    since, today = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    with pytest.raises(PullError, match="HTTP 503 after 2 attempts"):
        pull_twilio(engine, client, tmp_path, since=since, today=today, page_size=10, agent_table=table)
    with engine.connect() as conn:
        held = read_bookmark(conn, "twilio_calls", SID)
    assert held == days[1]  # a call of that day was still in progress: the bookmark waits for it
    halfway = count(engine, calls)
    assert 0 < halfway < 227

    failing.clear()
    httpserver.clear_log()
    result = pull_twilio(engine, client, tmp_path, since=since, today=today, page_size=10, agent_table=table)
    asked = sorted({r.args["StartTime"][:10] for r, _ in httpserver.log})
    assert asked == days[1:]  # resumed at the bookmark, not from the beginning
    assert count(engine, calls) == 227  # the same as loading the whole export at once
    assert sum(r.inserted for r in result.loads) == 227 - halfway
    assert all(r.rejects == [] or all("status value" in x.reason or "no account" in x.reason for x in r.rejects)
               for r in result.loads)
    assert result.bookmark_after == days[1]


def test_pull_command_reads_credentials_from_the_environment(engine: Engine, db_url: str, httpserver: HTTPServer,
                                                             tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    roster(engine)
    httpserver.expect_request(PATH).respond_with_json(zendesk_page(tickets()[:30], "c1", True))
    env = {**os.environ, "DATABASE_URL": db_url, "ZENDESK_URL": httpserver.url_for("").rstrip("/"),
           "ZENDESK_EMAIL": "bot@example.com", "ZENDESK_API_TOKEN": "secret", "STARBOARD_PULL_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "ingest", "pull", "zendesk", "--since", "2026-10-01", "--agent-ids",
                          str(VENDORS / "agent_ids.toml")], cwd=Path(__file__).parent.parent, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "zendesk_tickets" in out.stdout and "(bookmark none -> c1)" in out.stdout
    request = httpserver.log[0][0]
    assert request.args["start_time"] == str(int(datetime(2026, 10, 1, tzinfo=UTC).timestamp()))
    assert request.authorization.username == "bot@example.com/token"
    assert (tmp_path / "zendesk").is_dir() and count(engine, digital) > 0
    missing = subprocess.run([sys.executable, "-m", "ingest", "pull", "twilio"], cwd=Path(__file__).parent.parent,
                             env={k: v for k, v in env.items() if not k.startswith("TWILIO")}, capture_output=True,
                             text=True, timeout=120)
    assert missing.returncode == 1 and "set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN" in missing.stderr
