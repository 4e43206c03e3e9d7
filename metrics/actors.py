"""Who is acting (CLI `--as EMAIL`, dashboard sign-in): an email resolved to a role and a viewer.

The same rules as the dashboard's sign-in: leadership and managers come from the roles file
(`STARBOARD_ROLES`, else `config/roles.toml`), everyone else is matched by `agents.email`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, func, select

from metrics.scope import ScopeError, Viewer
from sql.schema import agents

ROLES_FILE = Path(__file__).resolve().parent.parent / "config" / "roles.toml"


@dataclass(frozen=True)
class Actor:
    """A person doing something that is audited: their email (lower case) and their viewer."""

    email: str
    viewer: Viewer

    @property
    def role(self) -> str:
        """leadership, manager or agent."""
        return self.viewer.role


@dataclass(frozen=True)
class RolesConfig:
    """Leadership emails and each manager's teams, from the roles file."""

    leadership: frozenset[str]
    managers: dict[str, frozenset[str]]


def roles_path() -> Path:
    """The roles file in force: `STARBOARD_ROLES`, else `config/roles.toml`."""
    return Path(os.environ.get("STARBOARD_ROLES") or ROLES_FILE)


@lru_cache(maxsize=4)
def _load_roles(path: str, mtime: float) -> RolesConfig:
    del mtime
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    leaders = frozenset(e.strip().lower() for e in raw.get("leadership", {}).get("emails", []))
    managers = {m["email"].strip().lower(): frozenset(m.get("teams", [])) for m in raw.get("managers", [])}
    return RolesConfig(leaders, managers)


def load_roles() -> RolesConfig:
    """The roles config (re-read when the file changes); empty when the file is missing."""
    path = roles_path()
    if not path.exists():
        return RolesConfig(frozenset(), {})
    return _load_roles(str(path), path.stat().st_mtime)


def resolve_actor(engine: Engine, email: str) -> Actor:
    """The actor for `email`; ScopeError for an email that is neither in the roles file nor on the roster."""
    key = (email or "").strip().lower()
    if not key:
        raise ScopeError("say who is acting (--as EMAIL)")
    roles = load_roles()
    leaders, managers = roles.leadership, roles.managers
    with engine.connect() as conn:
        agent_id = conn.execute(select(agents.c.agent_id).where(func.lower(agents.c.email) == key)
                                .order_by(agents.c.agent_id).limit(1)).scalar()
    if key in leaders:
        return Actor(key, Viewer.leadership())
    if key in managers:
        return Actor(key, Viewer.manager(managers[key], agent_id))
    if agent_id:
        return Actor(key, Viewer.agent(agent_id))
    raise ScopeError(f"{key} is not set up for Starboard (not in the roles file, not on the roster)")
