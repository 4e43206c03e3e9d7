"""Who may see what: the viewer every metrics call takes, and the row filter it implies.

Rules (enforced here, never in the UI):
- an agent sees only rows that count for them (their own `agent_id`), plus
  company-wide totals that name nobody (`kpis.company_totals`);
- a manager sees rows of agents whose `agents.team` is one of the manager's teams.
  A manager's teams are the teams of the agents whose `manager_id` is the manager's
  `agent_id` (`Viewer.manager_of`), or are given explicitly (`Viewer.manager`);
- leadership sees everything, including the Voice AI row and unassigned rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import ColumnElement, Connection, Engine, false, select, true

from sql.schema import agents

Role = Literal["agent", "manager", "leadership"]


class ScopeError(PermissionError):
    """The viewer may not ask for this."""


@dataclass(frozen=True)
class Viewer:
    """A signed-in person: their role, their agent id, and (managers) their teams."""

    role: Role
    agent_id: str | None = None
    teams: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.role not in ("agent", "manager", "leadership"):
            raise ScopeError(f"unknown role {self.role!r}")
        if self.role == "agent" and not self.agent_id:
            raise ScopeError("an agent viewer needs an agent_id")

    @classmethod
    def agent(cls, agent_id: str) -> Viewer:
        """An agent: their own figures only."""
        return cls("agent", agent_id)

    @classmethod
    def manager(cls, teams: set[str] | frozenset[str], agent_id: str | None = None) -> Viewer:
        """A manager of the given teams."""
        return cls("manager", agent_id, frozenset(teams))

    @classmethod
    def manager_of(cls, bind: Engine | Connection, agent_id: str) -> Viewer:
        """A manager whose teams are those of the agents reporting to `agent_id`."""
        q = select(agents.c.team).where(agents.c.manager_id == agent_id, agents.c.team.is_not(None)).distinct()
        if isinstance(bind, Engine):
            with bind.connect() as conn:
                teams = conn.execute(q).scalars().all()
        else:
            teams = bind.execute(q).scalars().all()
        return cls("manager", agent_id, frozenset(teams))

    @classmethod
    def leadership(cls) -> Viewer:
        """Leadership: everything."""
        return cls("leadership")

    @property
    def is_leadership(self) -> bool:
        """True for full scope."""
        return self.role == "leadership"


def row_filter(viewer: Viewer, agent_col: ColumnElement, team_col: ColumnElement) -> ColumnElement[bool]:
    """The rows `viewer` may see, given the column naming who a row counts for and that person's team."""
    if viewer.role == "leadership":
        return true()
    if viewer.role == "agent":
        return agent_col == viewer.agent_id
    if not viewer.teams:
        return false()
    return team_col.in_(sorted(viewer.teams))


def require_leadership(viewer: Viewer, what: str) -> None:
    """Refuse `what` unless the viewer is leadership."""
    if not viewer.is_leadership:
        raise ScopeError(f"{what} is for leadership only")


def require_reviewer(viewer: Viewer) -> None:
    """Refuse unless the viewer may work the review queue (managers and leadership)."""
    if viewer.role not in ("manager", "leadership"):
        raise ScopeError("the review queue is for managers and leadership")
