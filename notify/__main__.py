"""`python -m notify`."""

from notify.cli import app

app()
