"""Composition: the one place where jobs of different layers run together.

After a load the rollups and Regulation F findings are refreshed and the reviewer-name
index is kept current (`pipeline.load`); after a Google sync, changed reviews are
attributed. The `python -m ingest` command line is assembled here (`pipeline.ingest_cli`)
from ingest's, attribution's and the demo's commands. Everything here imports downward;
nothing below imports `pipeline`.
"""
