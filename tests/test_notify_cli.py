"""`python -m notify`: --dry-run prints what would be sent and sends nothing; send, history, exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from notify import sendlog
from notify.cli import app
from tests.notify_support import SmtpServer, WebhookServer, seed_notify
from tests.test_notify_delivery import write_config


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[SmtpServer, WebhookServer]]:
    with SmtpServer(tmp_path) as smtp, WebhookServer() as hooks:
        yield smtp, hooks


def test_dry_run_send_and_history(engine: Engine, db_url: str, tmp_path: Path, servers,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    smtp, hooks = servers
    seed_notify(engine, tmp_path)
    config = str(write_config(tmp_path, smtp, hooks, monkeypatch))
    monkeypatch.setenv("DATABASE_URL", db_url)
    runner = CliRunner()

    preview = runner.invoke(app, ["send", "wall", "--period", "2026-W02", "--dry-run", "--config", config])
    assert preview.exit_code == 0, preview.output
    out = preview.stdout
    assert "=== wall 2026-W02 → slack via slack (slack) · would be sent" in out
    assert "=== wall 2026-W02 → cx-all@test.example via mail (email) · would be sent" in out
    slack_json = out.split("(slack) · would be sent\n", 1)[1].split("\n\n=== ", 1)[0]
    assert json.loads(slack_json)["blocks"][0]["text"]["text"] == "Five-star wall · week 2026-W02"
    assert "--- text/html ---" in out and "Subject: Five-star wall · week 2026-W02" in out
    assert smtp.inbox.messages == [] and not hooks.requests and sendlog.history(engine) == []

    sent = runner.invoke(app, ["send", "wall", "--period", "2026-W02", "--config", config])
    assert sent.exit_code == 0 and "wall 2026-W02: 3 sent, 0 already sent, 0 failed" in sent.stdout
    again = runner.invoke(app, ["send", "wall", "--period", "2026-W02", "--config", config])
    assert "0 sent, 3 already sent, 0 failed" in again.stdout and len(smtp.inbox.messages) == 1
    preview = runner.invoke(app, ["send", "wall", "--period", "2026-W02", "--dry-run", "--config", config])
    assert preview.stdout.count("already sent: would be skipped") == 3

    history = runner.invoke(app, ["history"])
    lines = history.stdout.strip().splitlines()
    assert len(lines) == 3 and all("wall" in line and "2026-W02" in line and " sent " in line for line in lines)


def test_failures_and_bad_input_exit_non_zero(engine: Engine, db_url: str, tmp_path: Path, servers,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    smtp, hooks = servers
    seed_notify(engine, tmp_path)
    config = str(write_config(tmp_path, smtp, hooks, monkeypatch))
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.delenv("T_TEAMS_URL")
    runner = CliRunner()
    result = runner.invoke(app, ["send", "wall", "--period", "2026-W02", "--config", config])
    assert result.exit_code == 1 and "failed teams: secret T_TEAMS_URL is not set" in result.output
    bad = runner.invoke(app, ["send", "wall", "--period", "2026-13", "--config", config])
    assert bad.exit_code == 2 and "expected an ISO week like 2026-W48" in bad.output
    nodraw = runner.invoke(app, ["send", "wheel", "--config", config])
    assert nodraw.exit_code == 2 and "no prize draw is recorded yet" in nodraw.output
    unknown = runner.invoke(app, ["send", "everything", "--config", config])
    assert unknown.exit_code == 2 and "unknown digest 'everything'" in unknown.output
