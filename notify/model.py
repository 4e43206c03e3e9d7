"""A digest as data: title, summary, sections of items. Renderers turn it into Slack, Teams or email.

Every string here is plain text; the renderers escape all of it for their format, and mask
contact details in the user-written parts (`Item.quote`, `Item.translation`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """One entry: a title line, optional user-written text (with its translation) and facts."""

    title: str
    quote: str | None = None
    language: str | None = None
    translation: str | None = None
    facts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Section:
    """A heading and its items; `more` counts the items left out for length."""

    heading: str
    items: tuple[Item, ...] = ()
    empty: str = "Nothing this time."
    more: int = 0


@dataclass(frozen=True)
class Digest:
    """What one recipient is sent."""

    digest: str
    period: str
    title: str
    summary: str
    sections: tuple[Section, ...]
    footer: str = "Sent by Starboard."


MAX_ITEMS = 40


def section(heading: str, items: list[Item], empty: str = "Nothing this time.") -> Section:
    """A section keeping the first `MAX_ITEMS` items (chat messages have size limits)."""
    return Section(heading, tuple(items[:MAX_ITEMS]), empty, max(0, len(items) - MAX_ITEMS))
