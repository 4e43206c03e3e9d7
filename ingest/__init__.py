"""Ingest: canonical files and Google reviews into the database, one small module per source.

parse -> validate -> upsert, one transaction per file (`loader`, `reviews`, `google/sync`), with
rejects kept with file, line, column and reason (`runs`). Callers pass the work a load does
before it commits (`after_load`); `pipeline.load` supplies rollups and the name index.
Imports only `sql` and `common`.
"""
