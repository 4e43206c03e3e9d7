"""The one write the dashboard makes: a person's decision on a review's attribution, within their scope."""

from __future__ import annotations

from sqlalchemy import Engine, select

from attribution.store import apply_decision
from metrics.scope import ScopeError, Viewer, require_reviewer
from sql.database import write_transaction
from sql.schema import agents


def decide_review(
    engine: Engine, viewer: Viewer, review_id: str, action: str, agent_id: str, by: str, note: str | None = None
) -> str:
    """Confirm, reject or reassign (`assign`) one agent on a review, with the audit row; a line saying what changed.

    A manager may only decide on agents of their own teams.
    """
    require_reviewer(viewer)
    with write_transaction(engine) as conn:
        if not viewer.is_leadership:
            team = conn.execute(select(agents.c.team).where(agents.c.agent_id == agent_id)).scalar()
            if team not in viewer.teams:
                raise ScopeError(f"agent {agent_id} is not in your teams")
        done = apply_decision(conn, review_id, action, agent_id, by, note)
    return f"{done.action} {done.agent_id} on review {done.review_id}: {done.status_before or 'none'} → " \
           f"{done.status_after}"
