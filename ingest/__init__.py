"""Ingest jobs: canonical files and Google reviews into the database."""
