"""`python -m metrics`."""

from metrics.cli import app

app()
