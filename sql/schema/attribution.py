"""Attribution: the links from reviews to agents, people's decisions, insider flags, the reviewer-name index."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, Index, Integer, String, Table, Text

from sql.schema.base import ID, metadata

attributions = Table(
    "attributions",
    metadata,
    Column("review_id", String(200), primary_key=True),
    Column("agent_id", ID, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("method", String(32), nullable=False),
    Column("evidence", Text, nullable=False),
    Column("decided_by", String(254)),
    Column("decided_at", DateTime),
    Column("computed_at", DateTime, nullable=False),
    Index(None, "agent_id", "status"),
    Index(None, "status"),
)

attribution_decisions = Table(
    "attribution_decisions",
    metadata,
    Column("decision_id", Integer, primary_key=True, autoincrement=True),
    Column("review_id", String(200), nullable=False),
    Column("agent_id", ID),
    Column("action", String(32), nullable=False),
    Column("status_before", String(16)),
    Column("status_after", String(16)),
    Column("decided_by", String(254), nullable=False),
    Column("decided_at", DateTime, nullable=False),
    Column("note", Text),
    Index(None, "review_id"),
)

review_flags = Table(
    "review_flags",
    metadata,
    Column("review_id", String(200), primary_key=True),
    Column("flag", String(32), primary_key=True),
    Column("detail", Text),
    Column("raised_at", DateTime, nullable=False),
    Column("cleared_by", String(254)),
    Column("cleared_at", DateTime),
)

account_name_keys = Table(
    "account_name_keys",
    metadata,
    Column("name_key", String(200), primary_key=True),
    Column("account_id", ID, primary_key=True),
    Column("customer_name", String(200)),
)
"""Folded forms of `accounts.customer_name` ("maria gonzalez", "maria g") for matching reviewers."""
