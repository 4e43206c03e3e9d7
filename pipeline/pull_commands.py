"""`python -m ingest pull twilio|zendesk`: incremental pulls (ingest.pull) with the loads' after-load work."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from common.clock import utcnow
from ingest import quality
from ingest.pull.common import PullError
from ingest.pull.twilio import client_from_env, pull_twilio
from ingest.pull.zendesk import ZendeskConfig, pull_zendesk
from ingest.vendor.identity import agent_id_table
from metrics.database import open_engine
from pipeline.load import after_load

SOURCES = ("twilio", "zendesk")
STORE_ENV = "STARBOARD_PULL_DIR"


def register(app: typer.Typer) -> None:
    """Add the `pull` command to the ingest command line."""

    @app.command()
    def pull(
        source: Annotated[str, typer.Argument(help=f"One of: {', '.join(SOURCES)}")],
        since: Annotated[str | None, typer.Option(
            help="First pull only: start here (YYYY-MM-DD, UTC); default 30 days ago")] = None,
        store: Annotated[Path | None, typer.Option(
            help=f"Folder for the pulled batches (default ${STORE_ENV}, else data/pulls)")] = None,
        agent_ids: Annotated[Path | None, typer.Option(help="Vendor user id -> agent_id file")] = None,
    ) -> None:
        """Pull new and changed calls (Twilio) or tickets (Zendesk) since the bookmark, and load them."""
        if source not in SOURCES:
            raise typer.BadParameter(f"expected one of: {', '.join(SOURCES)}")
        try:
            start = date.fromisoformat(since) if since else (utcnow() - timedelta(days=30)).date()
        except ValueError:
            raise typer.BadParameter("--since: expected a date YYYY-MM-DD") from None
        folder = (store or Path(os.environ.get(STORE_ENV) or "data/pulls")) / source
        engine = open_engine()
        table = agent_id_table(agent_ids, source)
        try:
            if source == "twilio":
                result = pull_twilio(engine, client_from_env(), folder, since=start, today=utcnow().date(),
                                     agent_table=table, after_load=after_load)
            else:
                result = pull_zendesk(engine, ZendeskConfig.from_env(), folder,
                                      start=datetime.combine(start, datetime.min.time(), UTC), agent_table=table,
                                      after_load=after_load)
        except PullError as exc:
            typer.echo(f"error: {exc} (batches stored before this are kept; the next pull resumes after them)",
                       err=True)
            raise typer.Exit(1) from None
        for load in result.loads:
            typer.echo("  " + load.summary() + f" [run {load.run_id}]")
        typer.echo(result.summary())
        for line in quality.report_lines(engine, only="calls" if source == "twilio" else "digital"):
            typer.echo(line)
