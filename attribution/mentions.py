"""Finding agent-name mentions in review text: roster names, near spellings, and unresolved people.

Whether a name reads as a person is `context.py`'s business; this module matches the words
against the roster (full names first), resolves near spellings with rapidfuzz, drops names of
company people who are not agents (`config/company_people.toml`), and reports a person named
in the text who is not on the roster, so the rules never hand such a review to whoever the
contact history shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from attribution.context import (
    COMPANY_WORDS,
    CUE_WORDS,
    NOT_A_SURNAME_TAGS,
    PLACE_PREPOSITIONS,
    TITLES,
    TOKEN,
    VERBS_AFTER_FOREIGN,
    Context,
    Token,
    ambiguity,
    case_informative,
    list_reads_as_people,
    list_span,
    other_owner,
    person_cue,
    strong_cue,
    tokenize,
    weak_cue,
)
from attribution.names import (
    fold,
    is_given_name,
    is_ordinary_word,
    is_place,
    known_given_names,
    name_tokens,
    pos_tags,
)
from attribution.roster import KIND_RANK, Roster
from attribution.signals import STOPWORDS

# Words of the review languages that open a sentence ("Excelente", "Gracias"): never a person.
FOREIGN_WORDS = frozenset().union(*STOPWORDS.values()) | frozenset(
    {"excelente", "muy", "gracias", "buen", "buena", "bueno", "super", "genial", "bien", "hola", "merci"}
    | {"tres", "excellent", "parfait", "bonjour"}
)


@dataclass(frozen=True)
class Mention:
    """A name in the text used as a person, with the agents it may mean.

    `agents` is empty for a person the roster does not know ("Huge thanks to Bartholomew!").
    `needs_history` marks a near spelling that is itself a real name or place ("Aden", "Nora"):
    it stands for an agent only when the contact history confirms one of them.
    """

    surface: str
    agents: dict[str, str]
    cue: str
    source: str
    initial: str | None = None
    needs_history: bool = False


MAX_FUZZY_CANDIDATES = 6


def _fuzzy(roster: Roster, tok: Token, informative: bool) -> tuple[dict[str, str], bool] | None:
    """Agents whose name is a near spelling of an unknown word ("Jenifer", "Emly"), and whether history must confirm.

    One edit (optimal string alignment: a dropped, added, changed or swapped letter) for names up to
    eight letters, two for longer ones. A word that is itself a given name or a place may still be
    a slip ("Aden" for Aiden), but only the contact history can tell: `needs_history`.
    """
    w = tok.folded
    if len(w) < 4 or (informative and not tok.raw[:1].isupper()) or is_ordinary_word(w):
        return None
    needs_history = w in known_given_names() or is_place(w)
    limit = 2 if len(w) >= 9 else 1
    found: dict[str, str] = {}
    for key in roster.fuzzy_keys.get(w[0], ()):
        if abs(len(key) - len(w)) <= limit and key != w and OSA.distance(w, key, score_cutoff=limit) <= limit:
            for agent_id, kind in roster.lookup((key,)).items():
                if agent_id not in found or KIND_RANK[kind] < KIND_RANK[found[agent_id]]:
                    found[agent_id] = kind
    if not found or len(found) > MAX_FUZZY_CANDIDATES:
        return None
    return found, needs_history


def _initial_after(ctx: Context) -> str | None:
    """ "Maria G." -> "g"."""
    if ctx.j < len(ctx.toks):
        t = ctx.toks[ctx.j]
        after = ctx.text[t.end : t.end + 1]
        if len(t.raw) == 1 and t.raw.isupper() and ctx.tight_after and (t.raw != "I" or after == "."):
            return t.folded  # "I" without a full stop is the pronoun: "After talking to Mark I felt better"
    return None


def _is_person_key(roster: Roster, token: str) -> bool:
    """The token is an agent's given, preferred or alias name (not only a surname)."""
    return any(k != "surname" for k in roster.lookup((token,)).values())


def _surname_clash(ctx: Context, roster: Roster, agent_ids: dict[str, str]) -> set[str]:
    """Agents ruled out because the name is part of another person's name ("John Deere", "Mary Kay")."""
    if ctx.i > 0 and ctx.tight_before and not ctx.first.sentence_start:
        prev = ctx.toks[ctx.i - 1]
        written_as_name = prev.raw[:1].isupper() or not ctx.informative
        if (
            written_as_name
            and prev.folded in known_given_names()
            and not is_ordinary_word(prev.folded)
            and not _is_person_key(roster, prev.folded)
        ):
            return {a for a in agent_ids if prev.folded not in roster.agents[a].tokens}
    if ctx.j >= len(ctx.toks) or not ctx.tight_after:
        return set()
    nxt = ctx.toks[ctx.j]
    if not ctx.informative:  # "SHOUT OUT TO JASON HARGREAVES": a surname is a word no dictionary has
        if len(nxt.folded) < 3 or is_ordinary_word(nxt.folded) or nxt.folded in FOREIGN_WORDS | CUE_WORDS:
            return set()
        if _is_person_key(roster, nxt.folded) or nxt.folded in known_given_names():
            return set()
        return {a for a in agent_ids if nxt.folded not in roster.agents[a].tokens}
    if len(nxt.raw) < 2 or not nxt.raw[0].isupper() or nxt.raw.isupper():
        return set()
    if nxt.folded in TITLES or _is_person_key(roster, nxt.folded):
        return set()
    if is_ordinary_word(nxt.folded) and (pos_tags(nxt.folded) & NOT_A_SURNAME_TAGS or nxt.folded in CUE_WORDS):
        return set()  # "Josh Foreman" is someone else, "Josh Thanks" / "Josh Great job" is not
    if nxt.folded in VERBS_AFTER_FOREIGN or nxt.folded in COMPANY_WORDS:
        return set()
    return {a for a in agent_ids if nxt.folded not in roster.agents[a].tokens}


def _same_standing(rank: int, best: int, length: int) -> bool:
    """Whether a match of `rank` competes with the best one for the same words.

    One word that is an agent's alias, preferred or given name may equally be another agent's
    usual diminutive ("Bob": Robert Diaz's phone alias, and Robert Kowalski's nickname); both stay
    candidates, so history decides or a person does.
    """
    person = (KIND_RANK["preferred"], KIND_RANK["given"], KIND_RANK["nickname"])
    if length == 1 and best in person[:2]:
        return person[0] <= rank <= person[2]
    return rank == best


def _places_list(toks: list[Token], first: int, text: str, informative: bool) -> bool:
    """The list opens with a place after a place preposition ("in Paris and ..."): a list of places."""
    head = Context(toks, first, first + 1, text, informative)
    return is_place(head.first.folded) and head.prev(0) in PLACE_PREPOSITIONS


def _worth_a_look(text: str, roster: Roster) -> bool:
    """Cheap screen: does any word start a roster name, look like a misspelt one, or like a name at all?"""
    for word in TOKEN.findall(text):
        w = fold(word)
        if (w,) in roster.index or w in roster.phrase_starts:
            return True
        if len(w) >= 4 and (word[:1].isupper() or w[0] in roster.fuzzy_keys) and not is_ordinary_word(w):
            return True
        if is_given_name(w):
            return True
    return False


def _company_person(folded: list[str], i: int, roster: Roster) -> int:
    """Length of the company person's name (not an agent) starting at word `i`, else 0."""
    for name in roster.company:
        if tuple(folded[i : i + len(name)]) == name:
            return len(name)
    return 0


def _unknown_person(toks: list[Token], i: int, text: str, informative: bool, roster: Roster) -> Mention | None:
    """A person the roster does not know, named alone and used as a person ("Bartholomew calmed me down").

    A known given name needs grammar that reads as a person; any other unknown capitalised word needs
    strong evidence (a title, a role, "thanks to", "spoke with") or thanks ("Thank you Zoltan!"). Part of a full name
    ("Josh Foreman"), a list of names, someone else's name ("my son Eli") or the reviewer's own do not count.
    """
    tok = toks[i]
    w = tok.folded
    if len(w) < 3 or is_ordinary_word(w) or w in FOREIGN_WORDS:
        return None
    if informative and (not tok.raw[:1].isupper() or tok.raw.isupper()):
        return None
    given = is_given_name(w)
    if not given and (len(w) < 4 or is_place(w)):
        return None
    if informative and (
        (i + 1 < len(toks) and toks[i + 1].raw[:1].isupper() and not toks[i + 1].sentence_start)
        or (i > 0 and toks[i - 1].raw[:1].isupper() and not tok.sentence_start)
    ):
        return None  # part of a longer name: someone named in full is not an agent named by first name
    prev = toks[i - 1].folded if i > 0 else ""
    if not informative and not tok.sentence_start and (is_given_name(prev) or _is_person_key(roster, prev)):
        return None  # "SHOUT OUT TO JASON HARGREAVES"
    ctx = Context(toks, i, i + 1, text, informative)
    if other_owner(ctx, roster):
        return None
    if list_span(toks, i, i + 1)[2] > 1:
        return None
    amb = ambiguity((w,))
    if amb and amb != "place":
        return None
    cue = person_cue(ctx, roster, amb) if given else None
    if cue == "name":
        cue = None  # a bare name with nothing around it says too little
    if not given:  # a word no dictionary knows: a person when thanked or titled
        weak = weak_cue(ctx, roster)
        allowed = ("thanks",)  # "Thank you Zoltan!"; a brand does things too ("Experian was not involved")
        slang = any(ch * 3 in w for ch in set(w))  # "sooo", "thxxx"
        cue = strong_cue(ctx) or (weak if weak in allowed and not slang else None)
    if cue is None:
        return None
    return Mention(text[tok.start : tok.end], {}, cue, "text")


def find_mentions(
    text: str | None, roster: Roster, *, source: str = "text", reviewer_first: str | None = None
) -> list[Mention]:
    """Every roster-name mention in `text` that reads as an agent, longest match first, and unknown people."""
    if not text or not _worth_a_look(text, roster):
        return []
    toks = tokenize(text)
    informative = case_informative(text)
    folded = [t.folded for t in toks]
    out: list[Mention] = []
    company_starts = {name[0] for name in roster.company}
    i = 0
    while i < len(toks):
        company = _company_person(folded, i, roster) if folded[i] in company_starts else 0
        if company:
            i += company
            continue  # a founder or executive who is not an agent
        hit, key, fuzzy, needs_history = None, None, False, False
        longest = min(roster.max_len, len(toks) - i) if folded[i] in roster.phrase_starts else 1
        for length in range(longest, 0, -1):
            if length > 1:
                span = toks[i : i + length]
                if any(t.sentence_start for t in span[1:]) or any(t.possessive for t in span[:-1]):
                    continue
            cand = tuple(folded[i : i + length])
            found = roster.index.get(cand)
            if found:
                hit, key = found, cand
                break
        if hit is None:
            tok = toks[i]
            if len(tok.folded) < 3 or (informative and not tok.raw[:1].isupper()) or is_ordinary_word(tok.folded):
                i += 1
                continue  # neither a misspelt agent nor anybody's name
            near = _fuzzy(roster, tok, informative)
            if near is None:
                if reviewer_first != folded[i]:
                    unknown = _unknown_person(toks, i, text, informative, roster)
                    if unknown:
                        out.append(Mention(unknown.surface, {}, unknown.cue, source))
                i += 1
                continue
            (hit, needs_history), key, fuzzy = near, (folded[i],), True
        assert key is not None
        j = i + len(key)
        best = min(KIND_RANK[k] for k in hit.values())
        if best == KIND_RANK["surname"] and (i == 0 or toks[i].sentence_start or folded[i - 1] not in TITLES):
            i = j
            continue  # a surname alone counts only after a title ("Mr. Diaz")
        ctx = Context(toks, i, j, text, informative)
        agents = {a: ("fuzzy" if fuzzy else k) for a, k in hit.items() if _same_standing(KIND_RANK[k], best, len(key))}
        initial = _initial_after(ctx) if len(key) == 1 else None
        if initial:
            j += 1
            ctx = Context(toks, i, j, text, informative)
        owner = other_owner(ctx, roster)
        if owner or (reviewer_first and j == len(toks) and folded[i] == reviewer_first):
            i = j
            continue  # someone else's name, or the reviewer signing off with their own first name
        if len(key) > 1:
            cue: str | None = "full name"
        elif initial:
            cue = "name with initial"
        else:
            amb = ambiguity(key) or ("place" if fuzzy and is_place(folded[i]) else None)
            cue = person_cue(ctx, roster, amb)
            if fuzzy and needs_history and cue == "name":
                cue = None  # a real name or place read as a slip needs grammar that makes it a person
            if cue is not None:
                first, last, members = list_span(toks, i, j, informative)
                no_context = members > 1 and not list_reads_as_people(toks, first, last, text, informative, roster)
                if no_context and (members > 2 or amb or fuzzy or _places_list(toks, first, text, informative)):
                    cue = None  # "Georgia, Jordan, Paris — ...", "lived in Paris and Dakota"
        if cue is None:
            i = j
            continue
        if initial:
            agents = {a: k for a, k in agents.items() if any(s.startswith(initial) for s in roster.agents[a].surnames)}
        elif len(key) == 1:
            clash = _surname_clash(ctx, roster, agents)
            agents = {a: k for a, k in agents.items() if a not in clash}
            if cue == "title" and "surname" in agents.values():
                agents = {a: k for a, k in agents.items() if k == "surname"}  # "Mr. Scott" is a surname
            elif cue != "title" and any(k != "surname" for k in agents.values()):
                agents = {a: k for a, k in agents.items() if k != "surname"}  # "Scott was kind": a first name
        if agents:
            surface = text[toks[i].start : toks[j - 1].end]
            out.append(Mention(surface, agents, cue, source, initial, needs_history))
        i = j
    return out


def mentions_in_review(
    original: str | None, translation: str | None, roster: Roster, *, reviewer: str | None = None
) -> list[Mention]:
    """Mentions in the original and in Google's translation, each agent counted once."""
    first = "original" if translation else "text"
    own = name_tokens(reviewer)[:1]
    me = own[0] if own else None
    found = find_mentions(original, roster, source=first, reviewer_first=me) + find_mentions(
        translation, roster, source="translation", reviewer_first=me
    )
    seen: dict[frozenset[str], Mention] = {}
    for m in found:
        key = frozenset(m.agents) if m.agents else frozenset(["?" + fold(m.surface)])
        if key not in seen:
            seen[key] = m
    merged = list(seen.values())
    # A mention whose candidates are a strict superset of another's adds nothing.
    return [
        m for m in merged if not any(o is not m and o.agents and set(o.agents) < set(m.agents) for o in merged)
    ]
