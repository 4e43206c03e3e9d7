"""Review JSON files in the contract's three shapes (an API response page, an array, JSON Lines), read leniently.

Each review object keeps the line it starts on; a damaged tail or line is rejected
and what came before it still loads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ingest.csv_file import FileError
from ingest.runs import Reject

PAGE_KEYS = frozenset({"reviews", "averageRating", "totalReviewCount", "nextPageToken"})


@dataclass
class Located:
    """A parsed JSON value and the line it starts on."""

    line: int
    value: object


def read_review_json(path: Path, text: str) -> tuple[list[Located], list[Reject]]:
    """Review objects with their line numbers, from a page, an array or JSON Lines."""
    try:
        return _read_review_json(path, text)
    except RecursionError:
        raise FileError(path, "JSON nested too deeply to be a review file", line=1) from None


def _read_review_json(path: Path, text: str) -> tuple[list[Located], list[Reject]]:
    stripped = text.lstrip()
    if not stripped:
        raise FileError(path, "file is empty (expected reviews JSON)", line=1)
    offset = len(text) - len(stripped)
    decoder = json.JSONDecoder()
    if stripped[0] == "[":
        return _scan_array(path, text, offset + 1, decoder)
    if stripped[0] == "{":
        try:
            first, end = decoder.raw_decode(text, offset)
        except json.JSONDecodeError as exc:
            if _first_line_is_json(stripped):
                return _scan_lines(text)
            return _scan_broken_page(path, text, offset, exc)
        if text[end:].strip() or not isinstance(first, dict):
            return _scan_lines(text)
        if "reviews" in first:
            if not isinstance(first["reviews"], list):
                raise FileError(path, '"reviews" must be an array of Review objects', line=_line(text, offset))
            start = text.index("[", _key_position(text, offset, "reviews"))
            return _scan_array(path, text, start + 1, decoder)
        if "reviewId" in first or "name" in first:
            return [Located(_line(text, offset), first)], []
        if first and not first.keys() & PAGE_KEYS:
            raise FileError(
                path,
                "expected a reviews page ({\"reviews\": [...]}), a Review object, an array or JSON Lines; "
                f"found an object with keys: {', '.join(sorted(map(str, first))[:10])}",
                line=_line(text, offset),
            )
        return [], []  # a response page with no reviews
    raise FileError(path, "expected a JSON object, an array of reviews, or JSON Lines", line=_line(text, offset))


def _first_line_is_json(text: str) -> bool:
    try:
        json.loads(text.split("\n", 1)[0])
    except json.JSONDecodeError:
        return False
    return True


def _scan_broken_page(path: Path, text: str, offset: int, exc: json.JSONDecodeError) -> tuple[list, list]:
    """A page that does not parse (e.g. truncated): keep the reviews before the damage."""
    try:
        start = text.index("[", _key_position(text, offset, "reviews"))
    except (json.JSONDecodeError, ValueError):
        raise FileError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno) from None
    return _scan_array(path, text, start + 1, json.JSONDecoder())


def _key_position(text: str, start: int, key: str) -> int:
    """Offset just after the top-level `"key":` of the object starting at `start`."""
    decoder = json.JSONDecoder()
    pos = start + 1
    while True:
        pos = _skip(text, pos, ",")
        name, pos = decoder.raw_decode(text, pos)
        pos = _skip(text, pos, ":")
        if name == key:
            return pos
        _, pos = decoder.raw_decode(text, pos)


def _skip(text: str, pos: int, chars: str) -> int:
    while pos < len(text) and (text[pos].isspace() or text[pos] in chars):
        pos += 1
    return pos


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _scan_array(path: Path, text: str, pos: int, decoder: json.JSONDecoder) -> tuple[list[Located], list[Reject]]:
    """Each element of the array at `pos`; a truncated tail is rejected, what came before loads."""
    items: list[Located] = []
    rejects: list[Reject] = []
    line, last = 1, 0
    while True:
        pos = _skip(text, pos, ",")
        if pos >= len(text):
            rejects.append(Reject(_line(text, pos), "json", None, "file ends before the array is closed (truncated)"))
            break
        if text[pos] == "]":
            break
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            reason = f"invalid JSON ({exc.msg}, line {exc.lineno} column {exc.colno}); the rest of the file is unread"
            rejects.append(Reject(_line(text, pos), "json", text[pos : pos + 80], reason))
            break
        line += text.count("\n", last, pos)
        last = pos
        items.append(Located(line, value))
        pos = end
    return items, rejects


def _scan_lines(text: str) -> tuple[list[Located], list[Reject]]:
    """JSON Lines: one review per line; a bad line is rejected, the others load."""
    items, rejects = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(Located(number, json.loads(line)))
        except json.JSONDecodeError as exc:
            rejects.append(Reject(number, "json", line[:80], f"invalid JSON ({exc.msg}, column {exc.colno})"))
    return items, rejects
