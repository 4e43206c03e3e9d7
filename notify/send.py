"""Who gets what, and the run that sends it once per (digest, period, recipient).

`plan` builds the messages of one digest and period; `dry_run` prints exactly what would be
sent; `send` claims each message in the send log, delivers it with retries and records the
outcome. A destination that stays down is reported once and skipped for the rest of the run
(its messages are logged as failed, so the next run sends them); other destinations go on.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from typing import TextIO

from sqlalchemy import Engine

from notify import digests, render, sendlog
from notify.config import Config, ConfigError, Destination, secret
from notify.model import Digest
from notify.periods import check_period, default_period
from notify.transport import Outcome, RetryPolicy, deliver, send_email, send_slack, send_teams


@dataclass(frozen=True)
class Message:
    """One digest for one recipient on one destination."""

    recipient: str
    destination: Destination
    digest: Digest

    def payload(self) -> dict | EmailMessage:
        """The exact body sent: Block Kit or Adaptive Card JSON, or the email."""
        if self.destination.type == "slack":
            return render.slack_payload(self.digest)
        if self.destination.type == "teams":
            return render.teams_payload(self.digest)
        return render.email_message(self.digest, self.destination.sender or "", self.recipient)


@dataclass
class Report:
    """What a run did."""

    digest: str
    period: str
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    dead: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def resolve_period(engine: Engine, digest: str, period: str | None, today: date) -> str:
    """The period asked for (checked), else the digest's default for `today`."""
    if period:
        return check_period(digest, period)
    if digest == "wheel":
        return digests.latest_draw_month(engine)
    return default_period(digest, today) or ""


def plan(engine: Engine, config: Config, digest: str, period: str) -> tuple[list[Message], list[str]]:
    """The messages of `digest` for `period`, and notes about recipients left out."""
    notes: list[str] = []
    dests = config.destinations
    if digest in ("wall", "wheel", "compliance"):
        targets = config.targets.get(digest, ())
        if not targets:
            raise ConfigError(f"{config.path}: [digests.{digest}] has no `to` list")
        built = {"wall": digests.wall, "wheel": digests.wheel, "compliance": digests.compliance}[digest](
            engine, period)
        return [Message(t.recipient, dests[t.destination], built) for t in targets], notes
    via = config.via.get(digest)
    if via is None:
        raise ConfigError(f"{config.path}: [digests.{digest}] is not configured (needs `via`)")
    out = []
    if digest == "coaching":
        for email, teams in config.managers:
            out.append(Message(email, dests[via], digests.coaching(engine, teams, period)))
        return out, notes
    for agent_id, name, email in digests.agent_roster(engine, period):
        built = digests.agent(engine, agent_id, name, period)
        if built is None:
            notes.append(f"{email}: nothing new for {name} this week, not sent")
            continue
        out.append(Message(email.lower(), dests[via], built))
    return out, notes


def dry_run(engine: Engine, messages: list[Message], out: TextIO) -> None:
    """Print every message as it would be sent, and whether the send log would skip it."""
    for m in messages:
        status = sendlog.status_of(engine, sendlog.SendKey(m.digest.digest, m.digest.period, m.recipient))
        state = {"sent": "already sent: would be skipped", "failed": "failed before: would be retried",
                 "sending": "being sent by another run"}.get(status or "", "would be sent")
        print(f"=== {m.digest.digest} {m.digest.period} → {m.recipient} via {m.destination.name} "
              f"({m.destination.type}) · {state}", file=out)
        body = m.payload()
        if isinstance(body, EmailMessage):
            print(_readable(body), file=out)
        else:
            print(json.dumps(body, ensure_ascii=False, indent=2), file=out)
        print(file=out)


def _readable(msg: EmailMessage) -> str:
    """The email's headers and each part's text, decoded (the wire form is quoted-printable)."""
    lines = [f"{k}: {v}" for k, v in msg.items()]
    for part in msg.iter_parts():
        lines += ["", f"--- {part.get_content_type()} ---", part.get_content().rstrip("\n")]
    return "\n".join(lines)


def _transport(m: Message) -> Callable[[], None]:
    d = m.destination
    body = m.payload()
    if d.type == "slack":
        url = secret(d.url_env or "")
        return lambda: send_slack(url, body, d.timeout)  # type: ignore[arg-type]
    if d.type == "teams":
        url = secret(d.url_env or "")
        return lambda: send_teams(url, body, d.timeout)  # type: ignore[arg-type]
    password = secret(d.password_env) if d.password_env else None
    return lambda: send_email(d, password, body)  # type: ignore[arg-type]


def send(
    engine: Engine, digest: str, period: str, messages: list[Message], *, policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep, out: TextIO | None = None,
) -> Report:
    """Send each message not sent yet; log every outcome; report a dead destination once."""
    policy = policy or RetryPolicy()
    report = Report(digest, period)
    for m in messages:
        key = sendlog.SendKey(digest, period, m.recipient)
        name = m.destination.name
        if not sendlog.claim(engine, key, name):
            report.skipped.append(m.recipient)
            continue
        if name in report.dead:
            outcome = Outcome(False, 0, f"not tried: destination {name} is down ({report.dead[name]})")
        else:
            try:
                outcome = deliver(_transport(m), policy, sleep)
            except ConfigError as exc:
                outcome = Outcome(False, 0, str(exc), dead=True)
            except Exception as exc:  # one broken message must not stop the others; it is logged
                outcome = Outcome(False, 1, f"{type(exc).__name__}: {exc}")
        sendlog.record(engine, key, outcome.ok, outcome.attempts, outcome.error)
        if outcome.ok:
            report.sent.append(m.recipient)
            continue
        report.failed.append((m.recipient, outcome.error or ""))
        if outcome.dead and name not in report.dead:
            report.dead[name] = outcome.error or ""
            if out is not None:
                print(f"destination {name} is down: {outcome.error}; its messages wait for the next run",
                      file=out)
    return report
