"""`python -m ingest demo`: generate the demo set, load it as the CLI does (`pipeline.load`), attribute reviews."""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import Engine

from demo import SIZES, generate
from pipeline.load import load_paths

LOAD_ORDER = ("agents", "accounts", "pauses", "calls", "digital", "qa", "reviews")


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
    return counts


def attribute(engine: Engine) -> str:
    """Run review attribution when that module is installed; a line saying what happened."""
    try:
        attribution = importlib.import_module("attribution")
    except ImportError:
        return "attribution: module not available, skipped"
    run = getattr(attribution, "attribute_pending", None)
    if run is None:
        return "attribution: attribute_pending not available, skipped"
    summary = run(engine)
    return f"attribution: {summary.text()}" if hasattr(summary, "text") else f"attribution: {summary}"


def demo(
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files, byte for byte")] = 7,
    size: Annotated[str, typer.Option(
        help="small (8k accounts, ~40k interactions), full (60k, ~600k) or tiny (1k, for tests)",
        callback=_check_size)] = "small",
    out: Annotated[Path, typer.Option(help="Folder to write the demo files into")] = Path("data/demo"),
    load: Annotated[bool, typer.Option(help="Load the files into the database after writing them")] = True,
) -> None:
    """Generate a realistic demo data set (a year of a 100-person CX team) and load it."""
    from sql.database import get_engine

    started = time.perf_counter()
    paths = generate(out, seed=seed, size=size)
    typer.echo(f"wrote {len(paths)} files to {out} in {time.perf_counter() - started:.1f}s (seed {seed}, {size})")
    if not load:
        return
    engine = get_engine()
    loading = time.perf_counter()
    counts = load_demo(engine, paths)
    for kind, (stored, rejected) in counts.items():
        typer.echo(f"  {kind:<9} {stored:>9,} rows" + (f"  ({rejected:,} rejected)" if rejected else ""))
    typer.echo(f"loaded in {time.perf_counter() - loading:.1f}s into "
               f"{engine.url.render_as_string(hide_password=True)}")
    typer.echo(attribute(engine))
    if any(rejected for _, rejected in counts.values()):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the `demo` command to the ingest CLI."""
    app.command("demo")(demo)
