"""`python -m ingest ...` (the command line is composed in `pipeline.ingest_cli`)."""

from pipeline.ingest_cli import main

main()
