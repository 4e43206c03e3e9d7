"""Digest formats without a database: Block Kit checked by slack_sdk's own models, the Adaptive Card's
shape, the email's parts, escaping per format; periods and config errors that say what is wrong."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from slack_sdk.models.blocks import Block

from notify import escape, render
from notify.config import ConfigError, load_config, secret
from notify.model import MAX_ITEMS, Digest, Item, section
from notify.periods import PeriodError, check_period, default_period, week_period
from notify.transport import Failed, RetryPolicy, Transient, check_http, retry_after

CARD_ELEMENTS = {"TextBlock", "Container", "ColumnSet", "Column", "FactSet"}


def digest(n: int = 3, quote: str = "Great help", translation: str | None = None) -> Digest:
    items = [Item(f"Agent {i} · ★★★★★ · Mon 05 Jan 2026", quote, "es" if translation else "en", translation,
                  (("Team", "North"),)) for i in range(n)]
    return Digest("wall", "2026-W02", "Five-star wall · week 2026-W02", f"{n} reviews",
                  (section("New five-star reviews", items),))


def slack_blocks_are_valid(payload: dict) -> None:
    blocks = payload["blocks"]
    assert isinstance(payload["text"], str) and 0 < len(blocks) <= 50
    for raw, parsed in zip(blocks, Block.parse_all(blocks), strict=True):
        parsed.validate_json()  # raises on Block Kit limits (text length, number of fields, ...)
        assert parsed.to_dict() == raw  # nothing the SDK does not know about
        assert raw["type"] in {"header", "section", "divider", "context"}


def card_elements(elements: list[dict]) -> None:
    for e in elements:
        assert e["type"] in CARD_ELEMENTS, e
        if e["type"] == "TextBlock":
            assert isinstance(e["text"], str) and e["wrap"] is True
        if e["type"] == "FactSet":
            assert all(set(f) == {"title", "value"} and all(isinstance(v, str) for v in f.values())
                       for f in e["facts"])
        card_elements(e.get("items", []) + e.get("columns", []))


def test_slack_payload_is_block_kit_within_limits() -> None:
    slack_blocks_are_valid(render.slack_payload(digest()))
    slack_blocks_are_valid(render.slack_payload(digest(3, "x" * 5000, "y" * 5000)))
    big = render.slack_payload(digest(120))
    slack_blocks_are_valid(big)
    assert big["blocks"][-1]["elements"][0]["text"] == "Sent by Starboard."
    more = [b for b in big["blocks"] if b["type"] == "context" and "more in the dashboard" in str(b)]
    shown = sum(1 for b in big["blocks"] if "Agent " in str(b.get("text", "")))
    assert len(more) == 1 and more[0]["elements"][0]["text"] == f"…and {120 - shown} more in the dashboard."
    assert shown == MAX_ITEMS


def test_translated_review_sits_beside_its_original() -> None:
    payload = render.slack_payload(digest(1, "Muy amable", "Very kind"))
    [item] = [b for b in payload["blocks"] if "fields" in b]
    assert [f["text"] for f in item["fields"][:2]] == ["*Original (es)*\nMuy amable", "*English*\nVery kind"]
    card = render.teams_payload(digest(1, "Muy amable", "Very kind"))["attachments"][0]["content"]
    columns = [e for c in card["body"] if c["type"] == "Container" for e in c["items"] if e["type"] == "ColumnSet"]
    assert [[b["text"] for b in col["items"]] for col in columns[0]["columns"]] == [
        ["Original (es)", "Muy amable"], ["English", "Very kind"]]


def test_teams_payload_is_an_adaptive_card_message() -> None:
    payload = render.teams_payload(digest(MAX_ITEMS + 5))
    assert payload["type"] == "message"
    [attachment] = payload["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    card_elements(card["body"])
    assert sum(1 for e in card["body"] if e["type"] == "Container") == MAX_ITEMS
    assert card["body"][-2]["text"] == "…and 5 more in the dashboard."


def test_email_is_multipart_plain_then_html() -> None:
    msg = render.email_message(digest(2, "Call me on 555-123-4567"), "Starboard <sb@x.example>", "team@x.example")
    parsed = message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert parsed["To"] == "team@x.example" and parsed["Subject"] == "Five-star wall · week 2026-W02"
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    plain = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    assert "Review: Call me on ••••••••67" in plain and "123-4567" not in html
    assert html.startswith("<!doctype html>") and "Agent 1 · ★★★★★" in html


@pytest.mark.parametrize(("text", "slack", "html"), [
    ("<!channel> hi", "&lt;!channel&gt; hi", "&lt;!channel&gt; hi"),
    ("<@U123> & <#C1>", "&lt;@U123&gt; &amp; &lt;#C1&gt;", "&lt;@U123&gt; &amp; &lt;#C1&gt;"),
    ("ping @here and @Channel", "ping @\u200bhere and @\u200bChannel", "ping @\u200bhere and @\u200bChannel"),
    ("<https://x.example|go>", "&lt;https[:]//x[.]example|go&gt;", "&lt;https[:]//x[.]example|go&gt;"),
    ("see evil.com/a", "see evil[.]com/a", "see evil[.]com/a"),
    ("4.5 stars, e.g. fine", "4.5 stars, e.g. fine", "4.5 stars, e.g. fine"),
    ('"quoted" <b>', "\"quoted\" &lt;b&gt;", "&quot;quoted&quot; &lt;b&gt;"),
])
def test_escaping_per_format(text: str, slack: str, html: str) -> None:
    assert escape.slack(text) == slack
    assert escape.html_text(text) == html


def test_teams_markdown_cannot_make_links_or_emphasis() -> None:
    assert escape.teams("[x](https://e.example) **b** _i_") == r"\[x\](https\[:\]//e\[.\]example) \*\*b\*\* \_i\_"


def test_masking_is_the_dashboards() -> None:
    from dashboard.safety import mask_text

    text = "call +1 (555) 123-4567 or jane.doe@example.com on 2026-01-05"
    assert escape.plain(text, mask=True) == str(mask_text(text)).replace("example.com", "example[.]com")


def test_periods() -> None:
    assert default_period("wall", date(2026, 1, 12)) == "2026-W02"  # the last complete week
    assert default_period("coaching", date(2026, 2, 2)) == "2026-W06"
    assert default_period("compliance", date(2026, 1, 1)) == "2025-12-31"
    assert default_period("wheel", date(2026, 1, 1)) is None
    p = week_period("2026-W02")  # Monday 5 Jan to Monday 12 Jan, Chicago (UTC-6)
    assert (p.start.isoformat(), p.end.isoformat()) == ("2026-01-05T06:00:00", "2026-01-12T06:00:00")
    for digest_name, bad, why in [("wall", "2026-02", "ISO week like 2026-W48"), ("wall", "2026-W54", "2026-W54"),
                                  ("wheel", "2026-13", "month like 2026-11"),
                                  ("compliance", "2026-W01", "day like 2026-12-01")]:
        with pytest.raises(PeriodError, match=why):
            check_period(digest_name, bad)


def test_retry_policy_and_http_answers() -> None:
    policy = RetryPolicy(attempts=5, base=1.0, cap=5.0, max_wait=60.0)
    assert [policy.wait(a, None) for a in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]
    assert policy.wait(1, 600.0) == 60.0
    assert retry_after({"retry-after": "12"}) == 12.0 and retry_after({}) is None
    check_http(202, {}, "")
    with pytest.raises(Transient):
        check_http(429, {"Retry-After": "3"}, "")
    with pytest.raises(Failed) as dead:
        check_http(410, {}, "channel_is_archived")
    assert dead.value.dead
    with pytest.raises(Failed) as bad:
        check_http(400, {}, "invalid_blocks")
    assert not bad.value.dead


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "n.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "message"), [
    ('[destinations.s]\ntype = "slack"\nurl = "https://hooks.slack.com/x"\n', "`url` must not be written here"),
    ('[destinations.s]\ntype = "pager"\n', "type must be one of slack, teams, email"),
    ('[destinations.s]\ntype = "slack"\n', "url_env"),
    ('[destinations.m]\ntype = "email"\nsender = "a@b.example"\n', "`host` is required"),
    ('[destinations.m]\ntype = "email"\nhost = "h"\nsender = "a@b.example"\n[digests.wall]\nto = ["m"]\n',
     "an email destination needs an address"),
    ('[digests.wall]\nto = ["nowhere"]\n', "no destination named 'nowhere'"),
    ('[digests.party]\nto = []\n', "unknown digest"),
    ('[destinations.s]\ntype = "slack"\nurl_env = "X"\n[digests.agents]\nvia = "s"\n', "name an email destination"),
    ("[destinations\n", "n.toml"),
])
def test_config_errors_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("[", r"\[")) as err:
        load_config(_config(tmp_path, text))
    assert str(tmp_path / "n.toml") in str(err.value)


def test_secrets_come_from_the_environment_then_secrets_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[notify]\nHOOK_A = "https://from-file.example"\n', encoding="utf-8")
    monkeypatch.setenv("STARBOARD_SECRETS", str(secrets))
    monkeypatch.delenv("HOOK_A", raising=False)
    assert secret("HOOK_A") == "https://from-file.example"
    monkeypatch.setenv("HOOK_A", "https://from-env.example")
    assert secret("HOOK_A") == "https://from-env.example"
    with pytest.raises(ConfigError, match="secret HOOK_B is not set"):
        secret("HOOK_B")


def test_the_shipped_example_config_loads() -> None:
    from notify.config import EXAMPLE_FILE

    config = load_config(EXAMPLE_FILE)
    assert set(config.targets) == {"wall", "wheel", "compliance"} and config.via == {"coaching": "mail",
                                                                                     "agents": "mail"}
    assert config.managers and all(teams for _, teams in config.managers)


def test_coaching_trend_reads_week_by_week() -> None:
    from notify.digests import _trend

    assert _trend([37.5, None, 60.0, 72.5]) == "37.5 · – · 60.0 · 72.5 (rising)"
    assert _trend([80.0, 70.0, None, None]) == "80.0 · 70.0 · – · – (falling)"
    assert _trend([None, 50.0, None, 50.0]) == "– · 50.0 · – · 50.0 (flat)"
    assert _trend([None, 50.0, None, None]) == "– · 50.0 · – · –"
