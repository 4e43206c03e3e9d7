"""`python -m metrics coaching|evaluation|calibration|dispute`: the coaching loop on the command line.

Every command acts as a person (`--as EMAIL`, or STARBOARD_AS) and is scope-checked like the dashboard:
a manager for their teams, an agent for themselves, leadership for everyone.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from sqlalchemy import Engine

from metrics.actors import Actor, resolve_actor
from metrics.calibration import criterion_agreement, evaluator_drift
from metrics.coaching import SessionInput, log_session, sessions
from metrics.coaching_effect import improvement_shares, session_effects
from metrics.coaching_import import import_sessions
from metrics.database import open_engine
from metrics.disputes import decide_dispute, disputes, raise_dispute
from metrics.evaluations import open_evaluation
from metrics.export import render, write
from metrics.periods import Period
from metrics.scope import ScopeError

AsOpt = Annotated[str, typer.Option("--as", envvar="STARBOARD_AS", help="Who is acting: their work email")]
FormatOpt = Annotated[str, typer.Option("--format", help="csv or json")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Write here instead of standard output")]

coaching_app = typer.Typer(help="Coaching sessions: log, list, effect, import.", no_args_is_help=True)
dispute_app = typer.Typer(help="QA disputes: raise (agent), decide (manager), list.", no_args_is_help=True)


def _engine() -> Engine:
    return open_engine()


def _actor(email: str) -> tuple[Engine, Actor]:
    engine = _engine()
    try:
        return engine, resolve_actor(engine, email)
    except ScopeError as exc:
        raise typer.BadParameter(str(exc), param_hint="--as") from None


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2 if isinstance(exc, ScopeError) else 1)


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r}: expected YYYY-MM-DD", param_hint=option) from None


def _emit(frame: pd.DataFrame, fmt: str, out: Path | None) -> None:
    if fmt not in ("csv", "json"):
        raise typer.BadParameter("expected csv or json", param_hint="--format")
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    write(render(rows, list(frame.columns), fmt), out)


@coaching_app.command("log")
def coaching_log(
    who: AsOpt,
    agent: Annotated[str, typer.Option("--agent", help="agent_id of the coached agent")],
    day: Annotated[str, typer.Option("--date", help="Session date, YYYY-MM-DD")],
    criteria: Annotated[str, typer.Option("--criteria", help="Focused criteria, ';'-separated")],
    notes: Annotated[str | None, typer.Option("--notes")] = None,
    follow_up: Annotated[str | None, typer.Option("--follow-up", help="Follow-up date, YYYY-MM-DD")] = None,
    coach: Annotated[str | None, typer.Option("--coach", help="The coach's email (default: --as)")] = None,
) -> None:
    """Log one coaching session (managers for their teams, leadership for anyone)."""
    engine, actor = _actor(who)
    s = SessionInput(agent, _day(day, "--date"), tuple(c.strip() for c in criteria.split(";") if c.strip()),
                     notes, _day(follow_up, "--follow-up"), coach)
    try:
        session_id = log_session(engine, actor, s, source="cli")
    except (ValueError, LookupError, ScopeError) as exc:
        raise _fail(exc) from None
    typer.echo(f"coaching session {session_id} logged: {agent} on {s.session_date} ({'; '.join(s.criteria)})")


@coaching_app.command("list")
def coaching_list(who: AsOpt, agent: Annotated[str | None, typer.Option("--agent")] = None,
                  fmt: FormatOpt = "csv", out: OutOpt = None) -> None:
    """Sessions you may see, newest first."""
    engine, actor = _actor(who)
    _emit(sessions(engine, actor.viewer, agent_id=agent), fmt, out)


@coaching_app.command("effect")
def coaching_effect(
    who: AsOpt,
    by: Annotated[str, typer.Option("--by", help="session, coached_by (per manager) or criterion")] = "session",
    today: Annotated[str | None, typer.Option("--today", help="Judge as of this day (default: today)")] = None,
    fmt: FormatOpt = "csv", out: OutOpt = None,
) -> None:
    """Focused-criteria score 4 weeks before vs after each session, or the improved share per manager/criterion."""
    engine, actor = _actor(who)
    day = _day(today, "--today")
    if by == "session":
        frame = session_effects(engine, actor.viewer, today=day)
    elif by in ("coached_by", "criterion"):
        frame = improvement_shares(engine, actor.viewer, by, today=day)
    else:
        raise typer.BadParameter("expected session, coached_by or criterion", param_hint="--by")
    _emit(frame, fmt, out)


@coaching_app.command("import")
def coaching_import(file: Annotated[Path, typer.Argument(help="CSV of past sessions")], who: AsOpt) -> None:
    """Bulk import past sessions (agent_id, session_date, criteria, manager, notes, follow_up_on)."""
    engine, actor = _actor(who)
    result = import_sessions(engine, actor, file)
    typer.echo(result.summary())
    for r in result.rejects[:50]:
        where = f"{file}" + (f", line {r.line}" if r.line else "") + (f", column {r.column}" if r.column else "")
        typer.echo(f"  {where}: {r.reason}", err=True)
    if result.rejected > 50:
        typer.echo(f"  … and {result.rejected - 50} more (see Data health)", err=True)
    if result.status == "failed" or result.rejected:
        raise typer.Exit(1)


def evaluation(evaluation_id: Annotated[str, typer.Argument()], who: AsOpt) -> None:
    """Open one evaluation: every criterion, the evaluator, the interaction it scored, disputes and rescores."""
    engine, actor = _actor(who)
    try:
        ev = open_evaluation(engine, actor.viewer, evaluation_id)
    except (LookupError, ScopeError) as exc:
        raise _fail(exc) from None
    rescored = f" (originally {ev.original_score:.1f}, rescored)" if ev.is_rescored else ""
    typer.echo(f"evaluation {ev.evaluation_id}: {ev.score:.1f}{rescored}"
               f"{' — critical criterion failed' if ev.critical_failed else ''}")
    typer.echo(f"agent: {ev.full_name or ev.agent_id} ({ev.agent_id}, {ev.team or 'no team'})")
    typer.echo(f"evaluator: {ev.evaluator or 'unknown'} at {ev.evaluated_at:%Y-%m-%d %H:%M} UTC")
    it = ev.interaction
    typer.echo("interaction: " + ", ".join(f"{k}={v}" for k, v in it.items() if v is not None))
    for c in ev.criteria.to_dict("records"):
        flag = " [critical]" if c["critical"] else ""
        was = f" (was {c['original_score']:g})" if c["is_rescored"] else ""
        typer.echo(f"  {c['criterion']}: {c['score']:g}/{c['max_score']:g}{flag}{was}")
    for d in ev.disputes.to_dict("records"):
        typer.echo(f"dispute {d['dispute_id']} ({d['status']}) by {d['raised_by']}: {d['reason']}")


def calibration(
    who: AsOpt,
    start: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD (UTC), inclusive")] = None,
    end: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD (UTC), exclusive")] = None,
    evaluators: Annotated[bool, typer.Option("--evaluators", help="Evaluator drift instead of criteria")] = False,
    fmt: FormatOpt = "csv", out: OutOpt = None,
) -> None:
    """Krippendorff's alpha per criterion on double-scored interactions (--evaluators: who scores higher/lower)."""
    engine, actor = _actor(who)
    period = Period.days(_day(start, "--from"), _day(end, "--to"))
    try:
        frame = (evaluator_drift if evaluators else criterion_agreement)(engine, actor.viewer, period)
    except ScopeError as exc:
        raise _fail(exc) from None
    _emit(frame, fmt, out)


@dispute_app.command("raise")
def dispute_raise(who: AsOpt, evaluation_id: Annotated[str, typer.Option("--evaluation")],
                  reason: Annotated[str, typer.Option("--reason")]) -> None:
    """Dispute one of your evaluations (agents)."""
    engine, actor = _actor(who)
    try:
        dispute_id = raise_dispute(engine, actor, evaluation_id, reason)
    except (ValueError, LookupError, ScopeError) as exc:
        raise _fail(exc) from None
    typer.echo(f"dispute {dispute_id} raised on evaluation {evaluation_id}")


def _scores(pairs: list[str]) -> dict[str, str]:
    out = {}
    for p in pairs:
        criterion, sep, value = p.rpartition("=")
        if not sep or not criterion.strip():
            raise typer.BadParameter(f"{p!r}: expected CRITERION=SCORE", param_hint="--rescore")
        out[criterion.strip()] = value.strip()
    return out


@dispute_app.command("decide")
def dispute_decide(
    who: AsOpt,
    dispute_id: Annotated[int, typer.Option("--dispute")],
    uphold: Annotated[bool, typer.Option("--uphold", help="Keep the scores")] = False,
    rescore: Annotated[list[str] | None, typer.Option("--rescore", help="CRITERION=SCORE (repeat)")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
) -> None:
    """Uphold an evaluation or rescore criteria of it (managers for their teams, leadership)."""
    if uphold == bool(rescore):
        raise typer.BadParameter("give either --uphold or one or more --rescore CRITERION=SCORE")
    engine, actor = _actor(who)
    try:
        msg = decide_dispute(engine, actor, dispute_id, "uphold" if uphold else "rescore", note,
                             _scores(rescore or []) or None)
    except (ValueError, LookupError, ScopeError) as exc:
        raise _fail(exc) from None
    typer.echo(msg)


@dispute_app.command("list")
def dispute_list(who: AsOpt, status: Annotated[str | None, typer.Option("--status")] = None,
                 fmt: FormatOpt = "csv", out: OutOpt = None) -> None:
    """Disputes you may see, open ones first."""
    engine, actor = _actor(who)
    try:
        frame = disputes(engine, actor.viewer, status=status)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--status") from None
    _emit(frame, fmt, out)


def register(app: typer.Typer) -> None:
    """Add the coaching-loop commands to the `python -m metrics` app."""
    app.add_typer(coaching_app, name="coaching")
    app.add_typer(dispute_app, name="dispute")
    app.command("evaluation")(evaluation)
    app.command("calibration")(calibration)
