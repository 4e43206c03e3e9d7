"""The agent roster as a name index: every way a customer may write an agent's name, built once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from attribution.names import (
    FAMILY_FIRST_COUNTRIES,
    FAMILY_FIRST_SURNAMES,
    NAME_PARTICLES,
    canonicals_of,
    fold,
    is_function_word,
    name_tokens,
    nicknames_of,
    split_aliases,
)

# Strength order of the ways a name can match, strongest first.
KIND_RANK = {"full": 0, "preferred": 1, "alias": 1, "given": 2, "surname": 3, "nickname": 4, "fuzzy": 5}
KIND_LABEL = {
    "full": "full name",
    "preferred": "preferred name",
    "alias": "alias",
    "given": "first name",
    "surname": "surname",
    "nickname": "diminutive",
    "fuzzy": "near spelling",
}


@dataclass(frozen=True)
class Agent:
    """One roster row, with its name split into given name and surnames."""

    agent_id: str
    full_name: str
    preferred_name: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    email: str | None = None
    given: str = ""
    surnames: tuple[str, ...] = ()
    tokens: frozenset[str] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        """How evidence names the agent: "Bob (Robert Diaz)" or "Robert Diaz"."""
        if self.preferred_name and fold(self.preferred_name) != self.given:
            return f"{self.preferred_name} ({self.full_name})"
        return self.full_name

    def active_on(self, day: date) -> bool:
        """Employed on `day` (inclusive bounds; unknown bounds are open)."""
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or day <= self.end_date)


def make_agent(
    agent_id: str,
    full_name: str,
    preferred_name: str | None = None,
    aliases: str | None = None,
    country: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    email: str | None = None,
) -> Agent:
    """An `Agent` with its given name and surnames worked out (family-name-first aware)."""
    toks = [t for t in name_tokens(full_name) if t not in NAME_PARTICLES] or name_tokens(full_name)
    family_first = len(toks) >= 2 and (
        (country or "").upper() in FAMILY_FIRST_COUNTRIES
        or (not country and toks[0] in FAMILY_FIRST_SURNAMES and len(toks) >= 3)
    )
    if family_first:
        given, surnames = toks[-1], tuple(toks[:1])
    else:
        given, surnames = (toks[0] if toks else ""), tuple(toks[1:])
    return Agent(
        agent_id=agent_id,
        full_name=full_name,
        preferred_name=preferred_name or None,
        aliases=tuple(split_aliases(aliases)),
        country=country,
        start_date=start_date,
        end_date=end_date,
        email=email,
        given=given,
        surnames=surnames,
        tokens=frozenset(name_tokens(full_name)),
    )


@dataclass
class Roster:
    """Agents plus an index from folded name phrases to (agent_id, kind)."""

    agents: dict[str, Agent]
    index: dict[tuple[str, ...], dict[str, str]]
    max_len: int
    by_full_name: dict[str, list[str]]
    fuzzy_keys: dict[str, list[str]]
    phrase_starts: frozenset[str] = frozenset()
    dated: frozenset[str] = frozenset()  # agents with a start or end date (the others are always eligible)
    company: frozenset[tuple[str, ...]] = frozenset()  # folded full names of company people who are not agents

    def lookup(self, key: tuple[str, ...]) -> dict[str, str]:
        """agent_id -> match kind for a folded phrase."""
        return self.index.get(key, {})


def _add(index: dict, key: tuple[str, ...], agent_id: str, kind: str) -> None:
    if not key or not all(key):
        return
    current = index[key].get(agent_id)
    if current is None or KIND_RANK[kind] < KIND_RANK[current]:
        index[key][agent_id] = kind


def build_roster(agents: list[Agent], company: tuple[tuple[str, ...], ...] = ()) -> Roster:
    """Index every agent under full name, name pairs, given, preferred, aliases, surnames, diminutives.

    `company` holds the folded full names of company people who are not agents (founders, executives).
    """
    index: dict[tuple[str, ...], dict[str, str]] = defaultdict(dict)
    by_full: dict[str, list[str]] = defaultdict(list)
    for a in agents:
        toks = name_tokens(a.full_name)
        by_full[" ".join(toks)].append(a.agent_id)
        _add(index, tuple(toks), a.agent_id, "full")
        core = [t for t in toks if t not in NAME_PARTICLES]
        for i in range(len(core)):
            for j in range(i + 2, len(core) + 1):
                _add(index, tuple(core[i:j]), a.agent_id, "full")
        for s in a.surnames:
            _add(index, (a.given, s), a.agent_id, "full")
            _add(index, (s, a.given), a.agent_id, "full")
            _add(index, (s,), a.agent_id, "surname")
        _add(index, (a.given,), a.agent_id, "given")
        given_names = {a.given}
        if len(core) >= 3 and a.given == core[0]:
            given_names.add(" ".join(core[:2]))
        if a.preferred_name:
            ptoks = name_tokens(a.preferred_name)
            _add(index, tuple(ptoks), a.agent_id, "preferred")
            given_names.add(" ".join(ptoks))
            for s in a.surnames:
                _add(index, (*ptoks, s), a.agent_id, "full")
        for alias in a.aliases:
            atoks = name_tokens(alias)
            _add(index, tuple(atoks), a.agent_id, "alias")
            if len(atoks) == 1:
                given_names.add(atoks[0])
                for s in a.surnames:
                    _add(index, (atoks[0], s), a.agent_id, "full")
        for g in given_names:
            for nick in nicknames_of(g) | canonicals_of(g):
                if is_function_word(nick):
                    continue  # "Than" (Nathaniel), "Al": words before they are diminutives
                _add(index, tuple(nick.split()), a.agent_id, "nickname")
                for s in a.surnames:
                    _add(index, (*nick.split(), s), a.agent_id, "full")
        if a.preferred_name:
            by_full[" ".join(name_tokens(a.preferred_name) + list(a.surnames[-1:]))].append(a.agent_id)
    fuzzy: dict[str, list[str]] = defaultdict(list)
    for key, hits in index.items():
        if len(key) == 1 and len(key[0]) >= 4 and any(k != "nickname" for k in hits.values()):
            fuzzy[key[0][0]].append(key[0])
    return Roster(
        agents={a.agent_id: a for a in agents},
        index=dict(index),
        max_len=max((len(k) for k in index), default=1),
        by_full_name={k: sorted(set(v)) for k, v in by_full.items()},
        fuzzy_keys=dict(fuzzy),
        phrase_starts=frozenset(k[0] for k in index if len(k) > 1),
        dated=frozenset(a.agent_id for a in agents if a.start_date or a.end_date),
        company=frozenset(c for c in company if c not in index),
    )


def insider_matches(roster: Roster, reviewer_name: str | None) -> list[str]:
    """Agents whose full name (or preferred name + surname) equals the reviewer's display name."""
    if not reviewer_name:
        return []
    return roster.by_full_name.get(" ".join(name_tokens(reviewer_name)), [])
