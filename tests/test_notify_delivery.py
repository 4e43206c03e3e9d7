"""Digests sent end to end to a real local SMTP server (STARTTLS, login) and local Slack/Teams webhooks.

Every test runs on SQLite and PostgreSQL: the send log makes a send happen once per
(digest, period, recipient), a failed send is retried on the next run, retries honour 429's
Retry-After, 5xx and timeouts are retried, a dead destination is reported once.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from metrics.scope import Viewer
from metrics.wheel import draw
from notify import sendlog
from notify.config import load_config
from notify.send import plan, send
from notify.transport import RetryPolicy
from tests.notify_support import HOSTILE, SMTP_PASSWORD, SMTP_USER, SmtpServer, WebhookServer, free_port, seed_notify

FAST = RetryPolicy(attempts=3, base=1.0, cap=4.0)


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[SmtpServer]:
    with SmtpServer(tmp_path) as server:
        yield server


@pytest.fixture
def hooks() -> Iterator[WebhookServer]:
    with WebhookServer() as server:
        yield server


@pytest.fixture
def seeded(engine: Engine, tmp_path: Path) -> Engine:
    seed_notify(engine, tmp_path)
    return engine


def write_config(tmp_path: Path, smtp: SmtpServer, hooks: WebhookServer, monkeypatch: pytest.MonkeyPatch,
                 smtp_port: int | None = None) -> Path:
    """A config whose destinations are the local servers; secrets in the environment."""
    monkeypatch.setenv("T_SLACK_URL", f"{hooks.url}/slack")
    monkeypatch.setenv("T_SLACK2_URL", f"{hooks.url}/slack2")
    monkeypatch.setenv("T_TEAMS_URL", f"{hooks.url}/teams")
    monkeypatch.setenv("T_SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.setenv("STARBOARD_SECRETS", str(tmp_path / "no-secrets.toml"))
    roles = tmp_path / "roles.toml"
    roles.write_text('[[managers]]\nemail = "mona@north.example"\nteams = ["North"]\n\n'
                     '[[managers]]\nemail = "sam@south.example"\nteams = ["South"]\n', encoding="utf-8")
    path = tmp_path / "notifications.toml"
    path.write_text(f"""
[destinations.slack]
type = "slack"
url_env = "T_SLACK_URL"
timeout = 0.5
[destinations.slack2]
type = "slack"
url_env = "T_SLACK2_URL"
timeout = 0.5
[destinations.teams]
type = "teams"
url_env = "T_TEAMS_URL"
timeout = 0.5
[destinations.mail]
type = "email"
host = "127.0.0.1"
port = {smtp_port or smtp.port}
sender = "Starboard <starboard@test.example>"
username = "{SMTP_USER}"
password_env = "T_SMTP_PASSWORD"
ca_file = "{smtp.cert}"
timeout = 2
[digests.wall]
to = ["slack", "teams", "mail:cx-all@test.example"]
[digests.wheel]
to = ["slack"]
[digests.compliance]
to = ["slack2", "mail:compliance@test.example"]
[digests.coaching]
via = "mail"
roles = "{roles}"
[digests.agents]
via = "mail"
""", encoding="utf-8")
    return path


def run(engine: Engine, config: Path, digest: str, period: str, sleeps: list[float] | None = None,
        out: io.StringIO | None = None):
    messages, _ = plan(engine, load_config(config), digest, period)
    return send(engine, digest, period, messages, policy=FAST, sleep=(sleeps if sleeps is not None else []).append,
                out=out)


def _parts(msg) -> tuple[str, ...]:
    return tuple(msg.get_body((kind,)).get_content().replace("\r\n", "\n") for kind in ("plain", "html"))


def test_wall_goes_to_slack_teams_and_email_once(seeded: Engine, smtp: SmtpServer, hooks: WebhookServer,
                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_config(tmp_path, smtp, hooks, monkeypatch)
    report = run(seeded, config, "wall", "2026-W02")
    assert sorted(report.sent) == ["cx-all@test.example", "slack", "teams"] and not report.failed

    [(sender, rcpts, msg)] = smtp.inbox.messages
    assert smtp.inbox.tls == [True]  # STARTTLS before anything was sent
    assert sender == "starboard@test.example" and rcpts == ["cx-all@test.example"]
    assert msg["Subject"] == "Five-star wall · week 2026-W02" and msg.get_content_type() == "multipart/alternative"
    plain, html = _parts(msg)
    assert "4 new five-star reviews for 3 people" in plain  # R1, R2, R20, R21; not R22 (undecided), R23 (insider)
    assert "Alice was great" in plain and "Thanks Bob and Alice" in plain
    assert "Undecided" not in plain and "cousin" not in plain
    assert "Original (es): Sofía fue muy amable" in plain and "English: Sofia was very kind" in plain
    assert "Bob Jones, Alice Smith" not in plain and "Alice Smith, Bob Jones · ★★★★★" in plain
    assert "<table class='pair'>" in html and "Sofía fue muy amable" in html

    [slack] = hooks.requests["/slack"]
    assert slack["blocks"][0]["type"] == "header" and "Five-star wall" in slack["text"]
    [teams] = hooks.requests["/teams"]
    card = teams["attachments"][0]["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"

    again = run(seeded, config, "wall", "2026-W02")
    assert again.sent == [] and sorted(again.skipped) == ["cx-all@test.example", "slack", "teams"]
    assert len(smtp.inbox.messages) == 1 and len(hooks.requests["/slack"]) == 1 and len(hooks.requests["/teams"]) == 1
    logged = sendlog.history(seeded, "wall")
    assert {(r["recipient"], r["status"], r["attempts"]) for r in logged} == {
        ("cx-all@test.example", "sent", 1), ("slack", "sent", 1), ("teams", "sent", 1)}


def test_hostile_review_text_cannot_mention_link_or_script(seeded: Engine, smtp: SmtpServer,
                                                           hooks: WebhookServer, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    run(seeded, write_config(tmp_path, smtp, hooks, monkeypatch), "wall", "2026-W02")
    [slack] = hooks.requests["/slack"]
    [review] = [b["text"]["text"] for b in slack["blocks"] if "look" in b.get("text", {}).get("text", "")]
    assert "&lt;!channel&gt;" in review and "<!channel>" not in review and "<https" not in review
    assert "@here" not in review and "@\u200bhere" in review
    assert "https[:]//evil[.]example" in review and "www.evil[.]example" in review
    assert "555" not in review and "•••••••••67" in review and "j•••@example[.]com" in review
    card = str(hooks.requests["/teams"][0])
    assert "[win](https" not in card and "\\\\[win\\\\]" in card and "@here" not in card
    plain, html = _parts(smtp.inbox.messages[0][2])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "href" not in html and "https://" not in html and "https://" not in plain
    assert "123-4567" not in plain + html and "jane.doe" not in plain + html
    assert "55 1234 5678" not in plain + html  # the phone in the translated review, both sides
    assert HOSTILE not in plain


def test_each_manager_gets_only_their_teams(seeded: Engine, smtp: SmtpServer, hooks: WebhookServer,
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = run(seeded, write_config(tmp_path, smtp, hooks, monkeypatch), "coaching", "2026-W06")
    assert sorted(report.sent) == ["mona@north.example", "sam@south.example"]
    got = {rcpts[0]: _parts(msg) for _, rcpts, msg in smtp.inbox.messages}
    north, north_html = got["mona@north.example"]
    south, _ = got["sam@south.example"]
    # Alice: E1 75 and E2 0 in 5 Jan - 1 Feb -> 37.5; weakest criterion accuracy (0 of 1 at full marks).
    assert "Alice Smith" in north and "37.5 (target 90, 2 evaluations)" in north
    assert "Weakest criterion: accuracy (0% full marks)" in north and "Trend (weekly): 37.5 · – · – · –" in north
    assert "Cara" not in north and "Bob Jones" not in north and "Cara" not in north_html
    assert "Cara Reyes" in south and "Weakest criterion: accuracy (0% full marks)" in south
    assert "Alice" not in south and "North" not in south


def test_agents_get_their_own_reviews_and_qa_only(seeded: Engine, smtp: SmtpServer, hooks: WebhookServer,
                                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = run(seeded, write_config(tmp_path, smtp, hooks, monkeypatch), "agents", "2026-W02")
    # Mona has no reviews or evaluations that week: nothing to send her.
    assert sorted(report.sent) == ["alice@north.example", "bob@north.example", "cara@south.example"]
    got = {rcpts[0]: _parts(msg)[0] for _, rcpts, msg in smtp.inbox.messages}
    alice, bob, cara = got["alice@north.example"], got["bob@north.example"], got["cara@south.example"]
    assert "Alice was great" in alice and "Thanks Bob and Alice" in alice and "This week: 37.5 (2 evaluations)" in alice
    assert "look" not in alice and "Sofía" not in alice and "Bob Jones" not in alice and "cousin" not in alice
    assert "Thanks Bob and Alice" in bob and "look" in bob and "Alice was great" not in bob
    assert "This week: 100.0 (1 evaluation)" in bob and "Alice Smith" not in bob
    assert "Sofía fue muy amable" in cara and "Alice" not in cara


def test_wheel_and_compliance_digests(seeded: Engine, smtp: SmtpServer, hooks: WebhookServer, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_config(tmp_path, smtp, hooks, monkeypatch)
    d = draw(seeded, Viewer.leadership(), "2026-01", seed=42, draw_date=date(2026, 2, 1))
    assert run(seeded, config, "wheel", "2026-01").sent == ["slack"]
    [wheel] = hooks.requests["/slack"]
    facts = {f["text"].split("\n")[0].strip("*"): f["text"].split("\n")[1]
             for b in wheel["blocks"] for f in b.get("fields", [])}
    names = {"A1": "Alice Smith", "A2": "Bob Jones", "A3": "Cara Reyes"}
    assert facts["Winner"] == names[d.winner_agent_id] and facts["Entrants"] == str(len(d.entrants))
    assert facts["Draw id"] == str(d.draw_id) and facts["Replay"] == f"python -m metrics wheel --replay {d.draw_id}"

    assert sorted(run(seeded, config, "compliance", "2026-01-07").sent) == ["compliance@test.example", "slack2"]
    [(_, _, msg)] = smtp.inbox.messages
    plain, _ = _parts(msg)
    # c2: Alice called AC1 on 7 Jan, two days after their conversation (c1).
    assert "1 new Regulation F finding on Wed 07 Jan 2026; 3 accounts near a limit as the day ends." in plain
    assert "Call within 7 days after a conversation" in plain and "Interaction: c2" in plain
    assert "Placed by: Alice Smith" in plain
    # The guard as the day ends (Thu 00:00 Chicago): AC1, AC2 and AC3 each had a conversation on
    # 5 Jan (AC3's at 23:00 local), so the next call waits a week (c1 at 08:00 -> Mon 12 Jan 07:00 ...).
    near = plain.split("Near a limit at Thu 08 Jan 00:00 (America/Chicago)", 1)[1]
    assert [line.split()[-1] for line in near.splitlines() if line.startswith("* Account")] == ["AC1", "AC2", "AC3"]
    assert "Conversation: Mon 05 Jan 08:00\n  Next call allowed: Mon 12 Jan 07:00 (week after a conversation)" in near
    assert "Conversation: Mon 05 Jan 23:00\n  Next call allowed: Mon 12 Jan 10:00 (week after a conversation)" in near


def test_the_send_log_claims_once(engine: Engine) -> None:
    key = sendlog.SendKey("wall", "2026-W02", "slack")
    t0 = datetime(2026, 1, 12, 8)
    assert sendlog.claim(engine, key, "slack", t0)
    assert not sendlog.claim(engine, key, "slack", t0 + timedelta(minutes=5))  # another run holds it
    assert sendlog.claim(engine, key, "slack", t0 + timedelta(minutes=16))  # that run died: taken over
    sendlog.record(engine, key, False, 3, "HTTP 500", t0 + timedelta(minutes=17))
    assert sendlog.status_of(engine, key) == "failed"
    assert sendlog.claim(engine, key, "slack", t0 + timedelta(minutes=18))  # failed: the next run retries
    sendlog.record(engine, key, True, 1, None, t0 + timedelta(minutes=19))
    assert not sendlog.claim(engine, key, "slack", t0 + timedelta(days=9))  # sent: never again
    [row] = sendlog.history(engine)
    assert (row["status"], row["attempts"], row["error"], row["sent_at"]) == ("sent", 4, None,
                                                                             t0 + timedelta(minutes=19))


def test_429_and_500_are_retried_with_retry_after_and_backoff(seeded: Engine, smtp: SmtpServer,
                                                             hooks: WebhookServer, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_config(tmp_path, smtp, hooks, monkeypatch)
    hooks.script["/slack"] = [(429, {"Retry-After": "7"}, "rate_limited", 0.0), (500, {}, "oops", 0.0)]
    hooks.script["/teams"] = [(503, {}, "busy", 0.0)]
    sleeps: list[float] = []
    report = run(seeded, config, "wall", "2026-W02", sleeps)
    assert sorted(report.sent) == ["cx-all@test.example", "slack", "teams"]
    assert sleeps == [7.0, 2.0, 1.0]  # Retry-After, then backoff (2nd wait), then teams' first wait
    assert len(hooks.requests["/slack"]) == 3 and len(hooks.requests["/teams"]) == 2
    attempts = {r["recipient"]: r["attempts"] for r in sendlog.history(seeded)}
    assert attempts == {"slack": 3, "teams": 2, "cx-all@test.example": 1}


def test_a_timeout_is_retried(seeded: Engine, smtp: SmtpServer, hooks: WebhookServer, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_config(tmp_path, smtp, hooks, monkeypatch)
    hooks.script["/slack"] = [(200, {}, "ok", 1.5)]  # answers after the client's 0.5 s timeout
    hooks.script["/teams"] = [(200, {}, "1", 1.5), (200, {}, "1", 1.5), (200, {}, "1", 1.5)]
    report = run(seeded, config, "wall", "2026-W02")
    assert "slack" in report.sent
    [(recipient, error)] = report.failed
    assert recipient == "teams" and "timed out after 0.5 s (after 3 tries)" in error
    assert {r["recipient"]: r["attempts"] for r in sendlog.history(seeded)}["slack"] == 2


def test_a_dead_destination_is_reported_once_and_retried_next_run(seeded: Engine, smtp: SmtpServer,
                                                                  hooks: WebhookServer, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    dead = write_config(tmp_path, smtp, hooks, monkeypatch, smtp_port=free_port())  # nobody listens there
    out = io.StringIO()
    report = run(seeded, dead, "coaching", "2026-W06", out=out)
    assert report.sent == [] and len(report.failed) == 2 and list(report.dead) == ["mail"]
    assert out.getvalue().count("destination mail is down") == 1
    first, second = sorted(sendlog.history(seeded), key=lambda r: r["recipient"])
    assert first["status"] == "failed" and first["attempts"] == 3 and "cannot connect" in first["error"]
    assert second["attempts"] == 0 and second["error"].startswith("not tried: destination mail is down")

    report = run(seeded, dead, "wall", "2026-W02", out=out)  # other destinations are not held up
    assert sorted(report.sent) == ["slack", "teams"] and list(report.dead) == ["mail"]

    alive = write_config(tmp_path, smtp, hooks, monkeypatch)
    assert sorted(run(seeded, alive, "coaching", "2026-W06").sent) == ["mona@north.example", "sam@south.example"]
    assert run(seeded, alive, "wall", "2026-W02").sent == ["cx-all@test.example"]
    assert len(hooks.requests["/slack"]) == 1  # sent once, not again
    assert {r["status"] for r in sendlog.history(seeded)} == {"sent"}


def test_permanent_answers_are_not_retried(seeded: Engine, smtp: SmtpServer, hooks: WebhookServer, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_config(tmp_path, smtp, hooks, monkeypatch)
    hooks.script["/slack"] = [(404, {}, "no_service", 0.0)]
    smtp.inbox.fail_next = ["451 4.3.0 try again later"]
    sleeps: list[float] = []
    report = run(seeded, config, "wall", "2026-W02", sleeps)
    assert report.failed == [("slack", "HTTP 404: no_service")] and report.dead == {"slack": "HTTP 404: no_service"}
    assert sorted(report.sent) == ["cx-all@test.example", "teams"] and sleeps == [1.0]  # SMTP 451 retried once
    monkeypatch.setenv("T_SMTP_PASSWORD", "wrong")
    report = run(seeded, config, "compliance", "2026-01-07")
    assert report.sent == ["slack2"] and "login refused: 535" in report.failed[0][1]


def test_a_broken_destination_does_not_stop_the_others(seeded: Engine, smtp: SmtpServer, hooks: WebhookServer,
                                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_config(tmp_path, smtp, hooks, monkeypatch)
    monkeypatch.setenv("T_SLACK2_URL", "ftp://hooks.example/x")
    report = run(seeded, config, "compliance", "2026-01-07")
    assert report.sent == ["compliance@test.example"]
    assert report.failed == [("slack2", "not an http(s) URL: ftp://hooks.example/x")]
    assert list(report.dead) == ["slack2"]
