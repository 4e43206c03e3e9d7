"""Google's translated-review envelope: "(Translated by Google) … (Original) …", either order."""

from __future__ import annotations

import re

_TRANSLATED = re.compile(r"\(Translated by Google\)", re.IGNORECASE)
_ORIGINAL = re.compile(r"\(Original\)", re.IGNORECASE)


def split_translation(comment: str | None) -> tuple[str | None, str | None]:
    """(original text, Google's translation or None) of a review comment."""
    if not comment:
        return comment, None
    t = _TRANSLATED.search(comment)
    if not t:
        return comment.strip(), None
    o = _ORIGINAL.search(comment)
    if o and o.start() > t.start():
        translation, original = comment[t.end() : o.start()], comment[o.end() :]
        before = comment[: t.start()].strip()
        if before:
            original = before + "\n" + original
    elif o:
        original, translation = comment[o.end() : t.start()], comment[t.end() :]
    else:
        original, translation = comment[: t.start()], comment[t.end() :]
    original, translation = original.strip(), translation.strip()
    return (original or None), (translation or None)
