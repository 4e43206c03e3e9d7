"""The `python -m metrics` command line (runs with leadership scope)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from metrics import coaching_cli, guard, wheel
from metrics.database import open_engine
from metrics.definitions import EXPORT_COLUMNS
from metrics.dimensions import EXPORT_DIMENSIONS
from metrics.export import compliance_rows, export_rows, render, utc_text, write
from metrics.periods import Period
from metrics.rollups.daily import refresh_all
from metrics.scope import Viewer
from metrics.violations import FINDING_COLUMNS

app = typer.Typer(help="Starboard KPIs, Regulation F audit, the prize wheel and the coaching loop.",
                  no_args_is_help=True, add_completion=False)

FromOpt = Annotated[str | None, typer.Option("--from", help="Start (inclusive): YYYY-MM-DD (UTC) or ISO timestamp")]
ToOpt = Annotated[str | None, typer.Option("--to", help="End (exclusive): YYYY-MM-DD (UTC) or ISO timestamp")]
FormatOpt = Annotated[str, typer.Option("--format", help="csv or json")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Write here instead of standard output")]


def _engine() -> Engine:
    """The engine for the current DATABASE_URL, upgraded on first use (cached per URL, not per process)."""
    return open_engine()


def parse_instant(text: str | None, option: str) -> datetime | None:
    """A CLI date (midnight UTC) or ISO timestamp with zone, as naive UTC."""
    if not text:
        return None
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time())
        ts = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(f"{text!r}: expected YYYY-MM-DD or an ISO 8601 timestamp", param_hint=option) from None
    if ts.tzinfo is None:
        raise typer.BadParameter(f"{text!r}: a timestamp needs Z or an offset", param_hint=option)
    return ts.astimezone(UTC).replace(tzinfo=None)


def _period(start: str | None, end: str | None) -> Period:
    return Period(parse_instant(start, "--from"), parse_instant(end, "--to"))


def _format(fmt: str) -> str:
    if fmt not in ("csv", "json"):
        raise typer.BadParameter("expected csv or json", param_hint="--format")
    return fmt


@app.command()
def export(
    start: FromOpt = None,
    end: ToOpt = None,
    by: Annotated[str, typer.Option("--by", help="|".join(EXPORT_DIMENSIONS))] = "company",
    fmt: FormatOpt = "csv",
    out: OutOpt = None,
) -> None:
    """KPIs, one row per group; without --from/--to: all data. Periods are [from, to) in UTC."""
    if by not in EXPORT_DIMENSIONS:
        raise typer.BadParameter(f"expected one of: {', '.join(EXPORT_DIMENSIONS)}", param_hint="--by")
    rows = export_rows(_engine(), _period(start, end), by)
    columns = ([by] if by != "company" else []) + list(EXPORT_COLUMNS)
    write(render(rows, columns, _format(fmt)), out)


@app.command()
def compliance(start: FromOpt = None, end: ToOpt = None, fmt: FormatOpt = "csv", out: OutOpt = None) -> None:
    """Regulation F violations, one row per (interaction, rule)."""
    rows = compliance_rows(_engine(), _period(start, end))
    write(render(rows, FINDING_COLUMNS, _format(fmt)), out)


@app.command("can-contact")
def can_contact_command(
    account: Annotated[str, typer.Argument(help="account_id")],
    channel: Annotated[str, typer.Option("--channel", help="call, email or sms")] = "call",
    at: Annotated[str | None, typer.Option("--at", help="ISO timestamp with zone (default: now)")] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """May we contact ACCOUNT now (Regulation F)? Exit 0 when allowed, 1 when not."""
    if channel not in guard.CHANNELS:
        raise typer.BadParameter(f"expected one of: {', '.join(guard.CHANNELS)}", param_hint="--channel")
    if fmt not in ("text", "json"):
        raise typer.BadParameter("expected text or json", param_hint="--format")
    when = parse_instant(at, "--at") if at else None
    decision = guard.can_contact(_engine(), account, channel, when)
    if fmt == "json":
        typer.echo(json.dumps(decision.as_dict(), indent=2))
    elif decision.allowed:
        typer.echo(f"allowed: {channel} to {account} at {utc_text(decision.at)}")
    else:
        after = (f"earliest allowed {utc_text(decision.earliest)}" if decision.earliest
                 else "no earliest time (open-ended pause)")
        broken = ", ".join(decision.rules)
        typer.echo(f"not allowed: {channel} to {account} at {utc_text(decision.at)} breaks {broken}; {after}")
    raise typer.Exit(0 if decision.allowed else 1)


@app.command("near-limit")
def near_limit_command(
    at: Annotated[str | None, typer.Option("--at", help="ISO timestamp with zone (default: now)")] = None,
    fmt: FormatOpt = "csv",
    out: OutOpt = None,
) -> None:
    """Accounts at 6 or more counted calls in the current seven-day window, or inside a post-conversation week."""
    rows = guard.near_limit(_engine(), parse_instant(at, "--at") if at else None)
    write(render(rows, guard.NEAR_LIMIT_COLUMNS, _format(fmt)), out)


@app.command("wheel")
def wheel_command(
    month: Annotated[str | None, typer.Option("--month", help="YYYY-MM (company timezone)")] = None,
    weighted: Annotated[bool, typer.Option("--weighted", help="One entry per five-star review")] = False,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed (default: a fresh random one)")] = None,
    replay: Annotated[int | None, typer.Option("--replay", help="Re-run a recorded draw by id")] = None,
    history: Annotated[bool, typer.Option("--history", help="List past draws")] = False,
) -> None:
    """Draw the month's prize winner, replay a draw, or list past draws."""
    engine = _engine()
    if history:
        for d in wheel.history(engine, Viewer.leadership(), month):
            typer.echo(f"#{d.draw_id} {d.month} {'weighted' if d.weighted else 'equal'} seed={d.seed} "
                       f"entrants={len(d.entrants)} winner={d.winner_agent_id} at {d.drawn_at} by {d.drawn_by}")
        return
    if replay is not None:
        try:
            recorded, winner = wheel.replay(engine, replay)
        except LookupError as exc:
            raise typer.BadParameter(str(exc), param_hint="--replay") from None
        _show(recorded)
        same = winner == recorded.winner_agent_id
        typer.echo(f"replayed winner: {winner} ({'matches the record' if same else 'DIFFERS from the record'})")
        raise typer.Exit(0 if same else 1)
    if not month:
        raise typer.BadParameter("give --month YYYY-MM (or --replay / --history)", param_hint="--month")
    try:
        date.fromisoformat(month + "-01")
    except ValueError:
        raise typer.BadParameter(f"{month!r}: expected YYYY-MM", param_hint="--month") from None
    try:
        result = wheel.draw(engine, Viewer.leadership(), month, weighted=weighted, seed=seed)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    _show(result)


def _show(d: wheel.Draw) -> None:
    typer.echo(f"draw #{d.draw_id} for {d.month} ({'weighted' if d.weighted else 'one entry each'}), seed {d.seed}")
    for e in d.entrants:
        typer.echo(f"  {e.agent_id}: {e.five_star_reviews} five-star review(s), {e.entries} entr"
                   f"{'y' if e.entries == 1 else 'ies'}")
    typer.echo(f"winner: {d.winner_agent_id}")


@app.command()
def refresh() -> None:
    """Rebuild every rollup and Regulation F finding from the raw tables."""
    refresh_all(_engine())
    typer.echo("rollups and compliance findings rebuilt")


coaching_cli.register(app)
