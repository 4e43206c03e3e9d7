"""The wall email as a person sees it: the HTML part received by the local SMTP server, opened in headless
Chromium (screenshot in tests/artifacts/); the hostile review shows as text, runs nothing, links nowhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from notify.config import load_config
from notify.send import plan, send
from notify.transport import RetryPolicy
from tests.notify_support import SmtpServer, WebhookServer, seed_notify
from tests.test_dashboard_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.test_notify_delivery import write_config

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed (scripts/browser.sh)"),
]


def test_wall_email_in_chromium(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import sync_playwright

    seed_notify(engine, tmp_path)
    with SmtpServer(tmp_path) as smtp, WebhookServer() as hooks:
        config = load_config(write_config(tmp_path, smtp, hooks, monkeypatch))
        messages, _ = plan(engine, config, "wall", "2026-W02")
        send(engine, "wall", "2026-W02", [m for m in messages if m.destination.type == "email"],
             policy=RetryPolicy(attempts=1))
    [(_, _, msg)] = smtp.inbox.messages
    page_file = tmp_path / "wall.html"
    page_file.write_text(msg.get_body(("html",)).get_content(), encoding="utf-8")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"notify-wall-email-{engine.dialect.name}.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 900, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(page_file.as_uri())
        text = page.inner_text("body")
        counts = page.evaluate("[document.scripts.length, document.links.length, "
                               "document.querySelectorAll('table.pair').length]")
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert dialogs == [] and counts == [0, 0, 1]
    assert "<script>alert(1)</script>" in text and "<!channel>" in text  # shown as typed, harmless
    assert "Sofía fue muy amable" in text and "Sofia was very kind" in text
    assert "Five-star wall · week 2026-W02" in text and shot.stat().st_size > 20_000
