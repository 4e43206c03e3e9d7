"""CLI commands `google-auth` and `google-reviews`, registered on the ingest Typer app.

Google libraries are imported inside the commands so the rest of the CLI starts fast.
`STARBOARD_GBP_SNAPSHOT=<Takeout folder>` swaps the live API for a recorded snapshot.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ingest.google.client import ReviewsClient

SNAPSHOT_ENV = "STARBOARD_GBP_SNAPSHOT"
HTTP_TIMEOUT_SECONDS = 60


def register(app: typer.Typer) -> None:
    """Add the Google commands to `app`."""
    app.command("google-auth")(google_auth)
    app.command("google-reviews")(google_reviews)


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(1)


def google_auth(
    client_secrets: Annotated[
        Path | None, typer.Option(help="OAuth client file (Desktop app) from Google Cloud; env GOOGLE_CLIENT_SECRETS")
    ] = None,
    token: Annotated[
        Path | None,
        typer.Option(help="Where to store the token; env STARBOARD_GOOGLE_TOKEN, "
                     "default ~/.config/starboard/google-token.json"),
    ] = None,
    port: Annotated[int, typer.Option(help="Local port for Google's redirect (0 = any free port)")] = 0,
    browser: Annotated[bool, typer.Option(help="Open a browser; --no-browser prints the URL instead")] = True,
) -> None:
    """One-time consent of the business owner; stores a refreshable token outside the repo (mode 600)."""
    from ingest.google.auth import AuthError, client_secrets_path, consent, token_path

    try:
        secrets = client_secrets_path(client_secrets)
        path = token_path(token)
        consent(secrets, path, port=port, open_browser=browser)
    except AuthError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"token stored at {path} (mode 600); it refreshes itself. Next: python -m ingest google-reviews "
               "--all-locations")


def open_client(token: Path | None, discovery: str | None) -> tuple[ReviewsClient, Callable[[], object]]:
    """The client to use (snapshot if $STARBOARD_GBP_SNAPSHOT is set) and what to call when done."""
    snapshot = os.environ.get(SNAPSHOT_ENV, "").strip()
    if snapshot:
        from ingest.google.takeout import snapshot_client

        return snapshot_client(Path(snapshot)), lambda: None
    import httplib2
    from google_auth_httplib2 import AuthorizedHttp

    from ingest.google.auth import TokenStore, token_path
    from ingest.google.client import LiveReviewsClient

    store = TokenStore(token_path(token))
    credentials = store.load()
    http = AuthorizedHttp(credentials, http=httplib2.Http(timeout=HTTP_TIMEOUT_SECONDS))
    return LiveReviewsClient(http, discovery=discovery), lambda: store.save_if_refreshed(credentials)


def google_reviews(
    account: Annotated[str | None, typer.Option(help="Account ID or accounts/ID (default: every account)")] = None,
    location: Annotated[str | None, typer.Option(help="Location ID, locations/ID or accounts/A/locations/L")] = None,
    all_locations: Annotated[bool, typer.Option("--all-locations", help="Every location of the account(s)")] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Walk all reviews; mark the ones Google no longer returns as deleted")
    ] = False,
    token: Annotated[Path | None, typer.Option(help="Token file (env STARBOARD_GOOGLE_TOKEN)")] = None,
    discovery: Annotated[
        str | None, typer.Option(help="My Business v4 discovery document: file or URL (env STARBOARD_GBP_DISCOVERY)")
    ] = None,
    attribution: Annotated[bool, typer.Option(help="Attribute new and changed reviews after the sync")] = True,
) -> None:
    """Pull new and changed Google reviews (pages of 50, newest first, down to each location's bookmark)."""
    if location and all_locations:
        raise typer.BadParameter("give --location or --all-locations, not both")
    if not location and not all_locations:
        raise typer.BadParameter("give --location ID or --all-locations")
    from ingest.google.auth import AuthError
    from ingest.google.retry import AccessError, GoogleApiError
    from ingest.google.sync import resolve_locations
    from metrics.database import open_engine
    from pipeline.load import attribute_changed, sync_locations

    engine = open_engine()
    try:
        client, done = open_client(token, discovery)
        try:
            targets = resolve_locations(client, account=account, location=location, all_locations=all_locations)
            results = sync_locations(engine, client, targets, full=full, echo=typer.echo)
        finally:
            done()
    except (AuthError, AccessError, GoogleApiError, ValueError) as exc:
        raise _fail(str(exc)) from None
    if not targets:
        typer.echo("no locations to sync")
    if attribution:
        attribute_changed(engine, results, echo=typer.echo)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)
