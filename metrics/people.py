"""The roster as the viewer may see it: people, names for ids, a person by email, and the filters offered."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Engine, func, select

from metrics.dimensions import ROSTER_DIMS
from metrics.frames import read_frame
from metrics.scope import Viewer, row_filter
from metrics.settings import CHANNELS
from sql.schema import agents, metrics_contacts_monthly

PEOPLE_COLUMNS = ["agent_id", "full_name", "preferred_name", "email", "team", "site", "country", "languages",
                  "start_date", "end_date", "manager_id"]


def people(engine: Engine, viewer: Viewer) -> pd.DataFrame:
    """The roster within the viewer's scope (an agent sees only themself)."""
    q = (
        select(*[agents.c[c] for c in PEOPLE_COLUMNS])
        .where(row_filter(viewer, agents.c.agent_id, agents.c.team))
        .order_by(agents.c.team, agents.c.full_name, agents.c.agent_id)
    )
    return read_frame(engine, q, PEOPLE_COLUMNS)


def agent_names(engine: Engine, agent_ids: Iterable[str]) -> dict[str, str]:
    """Display names for the given agent ids (for rows the viewer already may see)."""
    ids = sorted({a for a in agent_ids if a})
    if not ids:
        return {}
    q = select(agents.c.agent_id, agents.c.full_name).where(agents.c.agent_id.in_(ids))
    with engine.connect() as conn:
        return dict(conn.execute(q).all())


def agent_by_email(engine: Engine, email: str) -> dict | None:
    """The roster record with this work email (case-insensitive), or None."""
    if not email:
        return None
    q = select(*[agents.c[c] for c in PEOPLE_COLUMNS]).where(func.lower(agents.c.email) == email.strip().lower())
    with engine.connect() as conn:
        row = conn.execute(q.order_by(agents.c.agent_id)).mappings().first()
    return dict(row) if row else None


def filter_options(engine: Engine, viewer: Viewer) -> dict[str, list[str]]:
    """Values offered by the shared filters: teams, sites and countries in scope, and languages."""
    scope = row_filter(viewer, agents.c.agent_id, agents.c.team)
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for dim in ROSTER_DIMS:
            col = agents.c[dim]
            out[dim] = [v for v in conn.execute(select(col).where(scope, col.is_not(None)).distinct()
                                                .order_by(col)).scalars() if v]
        # the month rollup holds the day rows' languages (sums of them per month), in a thirtieth of the rows
        lang = metrics_contacts_monthly.c.language
        langs = conn.execute(select(lang).distinct().order_by(lang)).scalars().all()
    out["language"] = [x for x in langs if x]
    out["channel"] = list(CHANNELS)
    return out
