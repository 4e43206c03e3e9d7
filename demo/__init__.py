"""A realistic, seeded demo data set: a year of a 100-person CX team, in the data contract's files.

Fully deterministic for a seed (own `random.Random` streams, no wall clock: the year ends on
2026-10-31). `generate` writes the files; `build` returns the data with its metadata (planted
Regulation F breaches, review naming styles and true agents) for tests and sanity checks.
"""

from __future__ import annotations

from pathlib import Path

from demo.dataset import SIZES, DemoData, Size, build
from demo.writer import COACHING_FILE, FILES, TRUTH_FILE, write

__all__ = ["COACHING_FILE", "FILES", "SIZES", "TRUTH_FILE", "DemoData", "Size", "build", "generate"]


def generate(out_dir: Path, seed: int = 7, size: str = "small") -> dict[str, Path]:
    """Write the demo set into `out_dir`; kind -> file path, in load order (agents ... reviews)."""
    return write(build(seed, size), Path(out_dir))
