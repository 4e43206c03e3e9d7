"""The `python -m notify` command line: send a digest (or preview it with --dry-run), list what was sent."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from metrics.database import open_engine
from notify import sendlog
from notify.config import EXAMPLE_FILE, ConfigError, config_path, load_config
from notify.periods import PeriodError, today_local
from notify.send import dry_run, plan, resolve_period, send

app = typer.Typer(help="Starboard digests to Slack, Microsoft Teams and email.", no_args_is_help=True,
                  add_completion=False)
DIGESTS = ("wall", "wheel", "coaching", "agents", "compliance")


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@app.command("send")
def send_command(
    digest: Annotated[str, typer.Argument(help="|".join(DIGESTS))],
    period: Annotated[str | None, typer.Option(
        "--period", help="wall/agents/coaching: ISO week 2026-W48; wheel: month 2026-11; compliance: day "
                         "2026-12-01. Default: the last complete week (wall, agents), this week (coaching), the "
                         "latest draw (wheel), yesterday (compliance)")] = None,
    dry_run_: Annotated[bool, typer.Option("--dry-run", help="Print exactly what would be sent; send nothing")] = False,
    config: Annotated[Path | None, typer.Option("--config", help="Default: $STARBOARD_NOTIFICATIONS or "
                                                                  "config/notifications.toml")] = None,
    today: Annotated[str | None, typer.Option("--today", help="Pretend today is YYYY-MM-DD (for defaults)")] = None,
) -> None:
    """Send one digest to its recipients, once per period (a failed send is retried on the next run)."""
    if digest not in DIGESTS:
        _fail(f"unknown digest {digest!r}: expected one of {', '.join(DIGESTS)}")
    path = config or config_path()
    if dry_run_ and config is None and not path.exists():
        typer.echo(f"note: {path} does not exist; previewing with {EXAMPLE_FILE}", err=True)
        path = EXAMPLE_FILE
    try:
        day = date.fromisoformat(today) if today else today_local()
        cfg = load_config(path)
        engine = open_engine()
        label = resolve_period(engine, digest, period, day)
        messages, notes = plan(engine, cfg, digest, label)
    except (ConfigError, PeriodError, LookupError) as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(f"--today {today!r}: {exc}")
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    if dry_run_:
        dry_run(engine, messages, sys.stdout)
        typer.echo(f"dry run: {len(messages)} message(s) for {digest} {label}; nothing sent", err=True)
        return
    report = send(engine, digest, label, messages, out=sys.stderr)
    typer.echo(f"{digest} {label}: {len(report.sent)} sent, {len(report.skipped)} already sent, "
               f"{len(report.failed)} failed")
    for recipient, error in report.failed:
        typer.echo(f"  failed {recipient}: {error}", err=True)
    if report.failed:
        raise typer.Exit(1)


@app.command("history")
def history_command(
    digest: Annotated[str | None, typer.Option("--digest", help="Only this digest")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows")] = 50,
) -> None:
    """What was sent (or failed), newest first: time, digest, period, recipient, destination, status, tries."""
    rows = sendlog.history(open_engine(), digest, limit)
    if not rows:
        typer.echo("nothing sent yet")
        return
    for r in rows:
        error = f"  {r['error']}" if r["error"] else ""
        typer.echo(f"{r['sent_at']:%Y-%m-%d %H:%M:%S}  {r['digest']:<10} {r['period']:<10}  {r['recipient']:<36} "
                   f"{r['destination']:<14} {r['status']:<7} {r['attempts']} tr{'y' if r['attempts'] == 1 else 'ies'}"
                   f"{error}")
