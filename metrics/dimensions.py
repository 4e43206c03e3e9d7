"""The cuts every metric supports, and how filters and the viewer's scope become SQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import ColumnElement, FromClause, and_, false

from metrics.scope import Viewer, row_filter
from sql.schema import agents

DIMENSIONS = ("company", "agent", "team", "site", "country", "channel", "language", "month", "day")
EXPORT_DIMENSIONS = DIMENSIONS[:-1]
ROSTER_DIMS = ("team", "site", "country")  # read from the agents roster
PERSON_DIMS = ("agent", *ROSTER_DIMS)  # cuts that name or group people
Filters = Mapping[str, str | Sequence[str]]
Key = str | date | None


def check_dimension(by: str) -> None:
    """Refuse an unknown cut with the list of known ones."""
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}; expected one of: {', '.join(DIMENSIONS)}")


def columns(
    agent: ColumnElement, channel: ColumnElement | None, language: ColumnElement | None,
    month: ColumnElement | None, day: ColumnElement | None,
) -> dict[str, ColumnElement | None]:
    """Map each dimension to its column for a source joined to `agents` on `agent`."""
    return {
        "company": None, "agent": agent, "team": agents.c.team, "site": agents.c.site,
        "country": agents.c.country, "channel": channel, "language": language, "month": month, "day": day,
    }


def where(cols: Mapping[str, ColumnElement | None], filters: Filters | None, viewer: Viewer) -> ColumnElement[bool]:
    """Filters (dimension -> value or values) ANDed with the viewer's scope.

    A filter on a dimension the source does not have matches nothing.
    """
    parts = [row_filter(viewer, cols["agent"], agents.c.team)]
    for dim, value in (filters or {}).items():
        check_dimension(dim)
        values = [value] if isinstance(value, str | date) else list(value)
        col = cols.get(dim)
        if dim == "company":
            continue
        if col is None:
            parts.append(false())
            continue
        parts.append(col.in_(values))
    return and_(*parts)


def key(value: object) -> Key:
    """A group key as returned to callers: '' (nobody / none recorded) becomes None."""
    return None if value == "" else value


def needs_roster(by: str, filters: Filters | None, viewer: Viewer) -> bool:
    """Whether a query must join `agents` (team/site/country cuts or filters, manager scope)."""
    return by in ROSTER_DIMS or any(d in ROSTER_DIMS for d in (filters or {})) or viewer.role == "manager"


def with_roster(
    src: FromClause, agent: ColumnElement, by: str, filters: Filters | None, viewer: Viewer
) -> FromClause:
    """`src` outer-joined to `agents` on `agent` when the query needs the roster, else `src` alone."""
    return src.outerjoin(agents, agents.c.agent_id == agent) if needs_roster(by, filters, viewer) else src
