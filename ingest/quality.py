"""Data-quality report: references to agents or accounts the roster does not (yet) hold."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Engine, Table, exists, func, select

from sql.schema import accounts, agents, calls, digital, pauses, qa_evaluations


@dataclass(frozen=True)
class Reference:
    """A column that names a row of another table."""

    source: str
    column: Column
    target: Column


REFERENCES = (
    Reference("calls", calls.c.agent_id, agents.c.agent_id),
    Reference("calls", calls.c.handoff_agent_id, agents.c.agent_id),
    Reference("calls", calls.c.account_id, accounts.c.account_id),
    Reference("digital", digital.c.agent_id, agents.c.agent_id),
    Reference("digital", digital.c.account_id, accounts.c.account_id),
    Reference("qa", qa_evaluations.c.agent_id, agents.c.agent_id),
    Reference("pauses", pauses.c.account_id, accounts.c.account_id),
    Reference("agents", agents.c.manager_id, agents.c.agent_id),
)


def unknown_references(engine: Engine, only: str | None = None) -> list[tuple[Reference, int, int]]:
    """(reference, rows, distinct ids) for every reference with unknown targets."""
    out = []
    with engine.connect() as conn:
        for ref in REFERENCES:
            if only and ref.source != only:
                continue
            table: Table = ref.column.table
            target = ref.target.table.alias("t")
            missing = ~exists().where(target.c[ref.target.name] == ref.column)
            rows, ids = conn.execute(
                select(func.count(), func.count(ref.column.distinct()))
                .select_from(table)
                .where(ref.column.is_not(None), missing)
            ).one()
            if rows:
                out.append((ref, rows, ids))
    return out


def report_lines(engine: Engine, only: str | None = None) -> list[str]:
    """Human-readable lines of the report (kept rows, counted here, never rejected)."""
    found = unknown_references(engine, only)
    if not found:
        return [] if only else ["data quality: every agent and account reference is known"]
    return [
        f"data quality: {rows} {ref.source} row(s) name {ids} {ref.column.name} value(s) not in "
        f"{ref.target.table.name} (kept; they resolve when the roster catches up)"
        for ref, rows, ids in found
    ]
