"""CLI commands: attribute, review-queue, decide, export attributions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from attribution.run import attribute_pending
from attribution.store import DecisionError, apply_decision, queue_rows
from sql.database import database_url, get_engine, write_transaction


def _attribute(
    all_: Annotated[bool, typer.Option("--all", help="Recompute every review no person has decided")] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar")] = False,
) -> None:
    """Attribute new and edited reviews to agents (incremental)."""
    summary = attribute_pending(get_engine(database_url()), recompute_all=all_, progress=not quiet)
    typer.echo(summary.text())


def _review_queue(
    limit: Annotated[int, typer.Option(help="At most this many reviews")] = 200,
) -> None:
    """Reviews waiting for a person, with every candidate agent and the evidence."""
    with get_engine(database_url()).connect() as conn:
        items = queue_rows(conn, limit=limit)
    if not items:
        typer.echo("review queue is empty")
        return
    for item in items:
        r = item["review"]
        stars = r["star_rating"] if r["star_rating"] is not None else "-"
        text = " ".join((r["comment"] or "").split())
        text = text[:157] + "..." if len(text) > 160 else text
        typer.echo(f"{r['review_id']}  {r['created_at']:%Y-%m-%d}  {stars}★  {r['reviewer_name'] or '(anonymous)'}")
        if text:
            typer.echo(f'  "{text}"')
        for f in item["flags"]:
            typer.echo(f"  FLAG {f['flag']}: {f['detail']}")
        for ln in item["links"]:
            typer.echo(
                f"  {ln['status']:<12} {ln['agent_id']:<12} {ln['full_name'] or '?':<24} "
                f"{ln['confidence']:.2f}  {ln['evidence']}"
            )
    typer.echo(
        f"{len(items)} reviews waiting; decide with: python -m ingest decide REVIEW_ID --confirm AGENT --by EMAIL"
    )


def _decide(
    review_id: Annotated[str, typer.Argument(help="The Google reviewId")],
    by: Annotated[str, typer.Option("--by", help="Email of the person deciding")],
    confirm: Annotated[str | None, typer.Option("--confirm", help="Agent (id or email) to credit")] = None,
    reject: Annotated[str | None, typer.Option("--reject", help="Candidate agent to reject")] = None,
    assign: Annotated[str | None, typer.Option("--assign", help="Agent to credit who was not a candidate")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why, for the audit log")] = None,
) -> None:
    """Confirm, reject or assign an agent on a review; recorded in the audit log."""
    chosen = [(a, v) for a, v in (("confirm", confirm), ("reject", reject), ("assign", assign)) if v]
    if len(chosen) != 1:
        raise typer.BadParameter("give exactly one of --confirm, --reject, --assign")
    action, agent = chosen[0]
    try:
        with write_transaction(get_engine(database_url())) as conn:
            d = apply_decision(conn, review_id, action, agent, by, note)
    except DecisionError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{d.review_id} / {d.agent_id}: {d.status_before or 'no link'} -> {d.status_after} by {by}")


def _export_attributions(
    out: Annotated[Path, typer.Option("--out", help="CSV file to write")],
) -> None:
    """Write the attribution export CSV in the data contract's shape."""
    from attribution.export import write_export

    with get_engine(database_url()).connect() as conn:
        n = write_export(conn, out)
    typer.echo(f"{n} rows written to {out}")


def register(app: typer.Typer) -> None:
    """Add the attribution commands (and the `export` sub-app) to the `python -m ingest` app."""
    app.command("attribute")(_attribute)
    app.command("review-queue")(_review_queue)
    app.command("decide")(_decide)
    export_app = typer.Typer(help="Export data in the data contract's shapes.", no_args_is_help=True)
    export_app.command("attributions")(_export_attributions)
    app.add_typer(export_app, name="export")
