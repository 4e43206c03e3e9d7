"""Company people who are not agents (founders, executives, other teams), from `config/company_people.toml`."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path

from attribution.names import name_tokens

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "config" / "company_people.toml"
ENV = "STARBOARD_COMPANY_PEOPLE"


class CompanyPeopleError(ValueError):
    """The company-people file cannot be used, with the file and the reason."""


def people_path() -> Path:
    """The file in use: `$STARBOARD_COMPANY_PEOPLE`, else the project's `config/company_people.toml`."""
    return Path(os.environ.get(ENV) or DEFAULT_PATH)


def company_people(path: Path | None = None) -> tuple[tuple[str, ...], ...]:
    """Folded name tokens of every company person who is not an agent; none when the file is absent."""
    path = path or people_path()
    if not path.exists():
        return ()
    stamp = path.stat().st_mtime_ns
    return _read(str(path), stamp)


@lru_cache(maxsize=4)
def _read(path: str, stamp: int) -> tuple[tuple[str, ...], ...]:
    del stamp  # part of the cache key: an edited file is read again
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CompanyPeopleError(f"{path}: not valid TOML: {exc}") from None
    people = data.get("people", [])
    if not isinstance(people, list):
        raise CompanyPeopleError(f"{path}: `people` must be an array of tables ([[people]])")
    out = []
    for n, person in enumerate(people, start=1):
        name = person.get("name") if isinstance(person, dict) else None
        toks = tuple(name_tokens(name)) if isinstance(name, str) else ()
        if len(toks) < 2:
            raise CompanyPeopleError(f"{path}: person {n}: `name` must be a full name (first and last), got {name!r}")
        out.append(toks)
    return tuple(sorted(set(out)))
