"""`python -m ingest demo`: generate the demo set, load it as the CLI does (`pipeline.load`), attribute reviews."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from attribution import attribute_pending
from demo import COACHING_FILE, SIZES, generate
from pipeline.load import load_paths

LOAD_ORDER = ("agents", "accounts", "pauses", "consents", "calls", "digital", "qa", "reviews")
DEMO_IMPORTER = "demo.loader@beaconrecovery.example"


def _check_size(size: str) -> str:
    if size not in SIZES:
        raise typer.BadParameter(f"expected one of: {', '.join(SIZES)}")
    return size


def load_demo(engine: Engine, paths: dict[str, Path], *, progress: bool = True) -> dict[str, tuple[int, int]]:
    """Load the generated files in dependency order; kind -> (rows stored, rows rejected)."""
    counts: dict[str, tuple[int, int]] = {}
    for kind in LOAD_ORDER:
        results = load_paths(engine, kind, [paths[kind]], progress=progress)
        stored = sum(r.inserted + r.updated + r.unchanged for r in results)
        counts[kind] = (stored, sum(r.rejected for r in results))
    sessions = paths[LOAD_ORDER[0]].parent / COACHING_FILE
    if sessions.exists():
        load_coaching(engine, sessions)
    return counts


def load_coaching(engine: Engine, path: Path) -> int:
    """Import the demo's past coaching sessions (as leadership, audited); the number stored.

    The generator's own rows must all load: a reject here is a bug, so it raises.
    """
    from metrics.actors import Actor
    from metrics.coaching_import import import_sessions
    from metrics.scope import Viewer

    result = import_sessions(engine, Actor(DEMO_IMPORTER, Viewer.leadership()), path)
    if result.rejected or result.status == "failed":
        first = result.rejects[0] if result.rejects else None
        raise ValueError(f"demo coaching sessions rejected: {result.summary()}"
                         + (f"; line {first.line}, column {first.column}: {first.reason}" if first else ""))
    return result.inserted + result.updated + result.unchanged


def attribute(engine: Engine) -> str:
    """Run review attribution on what was loaded; a line saying what happened."""
    return f"attribution: {attribute_pending(engine).text()}"


def demo(
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files, byte for byte")] = 7,
    size: Annotated[str, typer.Option(
        help="small (8k accounts, ~40k interactions), full (60k, ~600k) or tiny (1k, for tests)",
        callback=_check_size)] = "small",
    out: Annotated[Path, typer.Option(help="Folder to write the demo files into")] = Path("data/demo"),
    load: Annotated[bool, typer.Option(help="Load the files into the database after writing them")] = True,
) -> None:
    """Generate a realistic demo data set (a year of a 100-person CX team) and load it."""
    from metrics.coaching import session_count
    from metrics.database import open_engine

    started = time.perf_counter()
    paths = generate(out, seed=seed, size=size)
    typer.echo(f"wrote {len(paths)} files to {out} in {time.perf_counter() - started:.1f}s (seed {seed}, {size})")
    if not load:
        return
    engine = open_engine()
    loading = time.perf_counter()
    counts = load_demo(engine, paths)
    for kind, (stored, rejected) in counts.items():
        typer.echo(f"  {kind:<9} {stored:>9,} rows" + (f"  ({rejected:,} rejected)" if rejected else ""))
    typer.echo(f"loaded in {time.perf_counter() - loading:.1f}s into "
               f"{engine.url.render_as_string(hide_password=True)}")
    typer.echo(f"  {'coaching':<9} {session_count(engine):>9,} sessions (with double-scored interactions in qa)")
    typer.echo(attribute(engine))
    if any(rejected for _, rejected in counts.values()):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the `demo` command to the ingest CLI."""
    app.command("demo")(demo)
