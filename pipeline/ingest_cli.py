"""The `python -m ingest` command line: loading commands here, plus Google, attribution and demo commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from sqlalchemy import select

from attribution.commands import register as register_attribution
from ingest import quality
from ingest.loader import KINDS
from ingest.vendor.spec import MappingError, shipped
from metrics.database import open_engine
from pipeline.demo_command import register as register_demo
from pipeline.google_commands import register as register_google
from pipeline.load import load_paths, load_vendor_paths
from pipeline.pull_commands import register as register_pull
from sql.schema import ingest_rejects, ingest_runs

app = typer.Typer(help="Load contact-centre data and Google reviews into Starboard.", no_args_is_help=True,
                  add_completion=False)


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise typer.BadParameter(f"expected one of: {', '.join(KINDS)}")
    return kind


def _check_timezone(zone: str | None) -> str | None:
    if zone is None:
        return None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise typer.BadParameter(f"unknown IANA timezone {zone!r}, e.g. America/Chicago") from None
    return zone


@app.command()
def load(
    kind: Annotated[str, typer.Argument(help=f"One of: {', '.join(KINDS)}", callback=_check_kind)],
    paths: Annotated[list[Path], typer.Argument(help="Files to load (reviews: JSON page, array or JSON Lines)")],
    timezone: Annotated[
        str | None, typer.Option(help="Timezone of timestamps that carry none", callback=_check_timezone)
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding when not UTF-8, e.g. cp1252")] = None,
    quiet: Annotated[bool, typer.Option(help="No progress bar")] = False,
    vendor: Annotated[str | None, typer.Option(
        "--from", help=f"The files are a vendor's export (calls or digital): {', '.join(sorted(shipped()))}")] = None,
    mapping: Annotated[Path | None, typer.Option(help="The files are mapped by this mapping file (docs/vendors.md)")
                       ] = None,
    agent_ids: Annotated[Path | None, typer.Option(
        help="Vendor user id -> agent_id file (default $STARBOARD_AGENT_IDS, else config/agent_ids.toml)")] = None,
) -> None:
    """Validate and upsert files; bad rows go to the rejects store, good rows load."""
    engine = open_engine()
    failed = False
    if vendor and mapping:
        raise typer.BadParameter("give --from or --mapping, not both")
    if vendor or mapping:
        try:
            results = load_vendor_paths(engine, kind, paths, vendor or mapping, timezone=timezone, encoding=encoding,
                                        agent_ids=agent_ids, progress=not quiet)
        except (MappingError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
    else:
        results = load_paths(engine, kind, paths, timezone=timezone, encoding=encoding, progress=not quiet)
    for result in results:
        typer.echo(result.summary() + f" [run {result.run_id}]")
        for r in result.rejects[:5]:
            typer.echo(f"  line {r.line}, column {r.column or '-'}: {r.reason} (value: {r.value!r})")
        if result.rejected > 5:
            typer.echo(f"  … see all with: python -m ingest rejects --run {result.run_id}")
        failed |= result.status == "failed"
    if kind in ("calls", "digital", "qa"):
        for line in quality.report_lines(engine, only=kind):
            typer.echo(line)
    if failed:
        raise typer.Exit(1)


@app.command()
def rejects(
    run: Annotated[int | None, typer.Option(help="Only this run (default: the latest run with rejects)")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows")] = 200,
) -> None:
    """List rejected rows with file, line, column, value and reason."""
    engine = open_engine()
    with engine.connect() as conn:
        if run is None:
            run = conn.execute(
                select(ingest_rejects.c.run_id).order_by(ingest_rejects.c.run_id.desc()).limit(1)
            ).scalar()
        if run is None:
            typer.echo("no rejects recorded")
            return
        rows = conn.execute(
            select(ingest_rejects)
            .where(ingest_rejects.c.run_id == run)
            .order_by(ingest_rejects.c.line, ingest_rejects.c.reject_id)
            .limit(limit)
        ).all()
    typer.echo(f"run {run}: {len(rows)} reject(s)")
    for r in rows:
        typer.echo(f"{r.file_path}:{r.line} column {r.column_name or '-'}: {r.reason} (value: {r.value!r})")


@app.command()
def runs(limit: Annotated[int, typer.Option(help="At most this many runs")] = 20) -> None:
    """List recent ingest runs."""
    with open_engine().connect() as conn:
        rows = conn.execute(select(ingest_runs).order_by(ingest_runs.c.run_id.desc()).limit(limit)).all()
    for r in rows:
        typer.echo(
            f"{r.run_id:>5} {r.started_at:%Y-%m-%d %H:%M:%S} {r.source:<14} {r.status:<8} read {r.rows_read} "
            f"ins {r.inserted} upd {r.updated} same {r.unchanged} rej {r.rejected}  {r.file_path or ''}"
        )


@app.command("quality")
def quality_report() -> None:
    """Data-quality report: rows naming agents or accounts missing from the roster."""
    for line in quality.report_lines(open_engine()):
        typer.echo(line)


@app.command()
def migrate() -> None:
    """Create or upgrade the schema, with any rebuild a migration asks for (every command does on first use)."""
    engine = open_engine()
    typer.echo(f"schema up to date on {engine.url.render_as_string(hide_password=True)}")


register_google(app)
register_pull(app)
register_attribution(app)
register_demo(app)


def main() -> None:
    """Entry point."""
    app()
