"""Finding agent-name mentions in review text and deciding whether each is used as a person.

A name that is also an ordinary word, a place or a month ("Will", "Grace", "Sydney", "June")
needs positive evidence of person use (a verb after it, a title, "thanks", "spoke with" ...)
and no contrary evidence ("the", "in", "of" before it). Any name is dropped when the text
says it belongs to someone else: the reviewer's family, the reviewer, a founder, a company,
or a person with a different surname.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz.distance import OSA

from attribution.names import (
    fold,
    is_calendar_word,
    is_ordinary_word,
    is_place,
    known_given_names,
    name_tokens,
    pos_tags,
)
from attribution.roster import KIND_RANK, Roster

_TOKEN = re.compile(r"[^\W\d_]+")
_SENTENCE_BREAK = re.compile(r"[.!?;:\n]")
_UPPER = re.compile(r"[^\W\d_a-zß-ÿ]")
_LOWER = re.compile(r"[a-zß-ÿ]")
_CLAUSE_END = re.compile(r"[.!?;:\n,)]")


def _words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


TITLES = _words("mr mrs ms miss mx dr sr sra srta don dona senor senora senorita mme mlle madame monsieur m sir")
ROLE_NOUNS = _words(
    "agent agents rep reps representative representatives specialist advisor adviser consultant associate "
    "collector officer counselor counsellor negotiator supervisor manager lady gentleman guy gal woman man "
    "girl person named agente asesor asesora ejecutivo ejecutiva operador operadora conseiller conseillere "
    "interlocuteur team member staff employee"
)
THANKS = _words(
    "thanks thank thx ty kudos stars hats shoutout shout props gracias merci grateful appreciate appreciated "
    "bravo congrats congratulations recommend ask"
)
CONTACT_VERBS = _words(
    "spoke speak speaking talked talk talking chatted chat worked work working dealt dealing helped assisted "
    "served handled called asked ask request requested hable atendio atendida atendido parle contacted "
    "transferred connected"
)
RELATIONS = _words(
    "husband wife son daughter mom mum mother dad father brother sister boyfriend girlfriend partner fiance "
    "fiancee friend friends uncle aunt auntie cousin grandson granddaughter grandma grandpa grandmother "
    "grandfather niece nephew kid kids child baby neighbor neighbour boss coworker colleague lawyer attorney "
    "landlord doctor pastor dog cat spouse hubby bestie roommate stepson stepdaughter stepdad stepmom esposo "
    "esposa marido hijo hija madre padre hermano hermana mari femme fils fille frere soeur"
)
FOUNDER_ROLES = _words("founder cofounder co ceo owner president chairman founded chairwoman proprietor")
DETERMINERS = _words("the a an this that these those some any no such of our your their its his her every each")
SERVICE_NOUNS = _words(
    "service help support call calls email emails assistance response attention care call chat text atencion "
    "ayuda accueil aide"
)
CALENDAR_PREPOSITIONS = _words(
    "in on since until till by before after of from during last next this early late mid every since"
)
PLACE_PREPOSITIONS = _words(
    "in from at near to into visit visiting visited around across outside inside toward towards via through "
    "until since before after on by live lives lived living born moved trip flew downtown"
)
COMPANY_WORDS = _words(
    "inc llc ltd corp corporation co company bank group motors capital financial associates partners law "
    "insurance credit mortgage lending services solutions international brothers bros sons foods auto realty "
    "dental medical pharmacy store stores airlines energy card cards"
)
APPOSITION = _words("who is was named called name s whose goes by")
SIGN_OFFS = frozenset(["regards", "sincerely", "cheers", "best", "signed"])
SELF_INTRO = (
    ("my", "name", "is"),
    ("my", "name's"),
    ("i", "am"),
    ("i", "m"),
    ("this", "is"),
    ("me", "llamo"),
    ("je", "m", "appelle"),
    ("soy",),
)
NAME_IS = (("name", "is"), ("name", "was"), ("named",), ("nombre", "es"), ("s", "appelle"), ("se", "llama"))
NOT_A_SURNAME_TAGS = _words("VB VBD VBZ VBP VBG VBN RB RBR RBS JJ JJR JJS DT IN PRP PRP$ CC MD UH WP WRB CD")
PERSON_VERB_TAGS = frozenset({"VBD", "VBZ", "VBN"})
VERBS_AFTER_FOREIGN = _words("fue es estuvo era est etait fut")


class Token(NamedTuple):
    """A word of the review with what surrounds it."""

    raw: str
    folded: str
    start: int
    end: int
    sentence_start: bool
    gap_before: str
    possessive: bool = False


@dataclass(frozen=True)
class Mention:
    """A name in the text used as a person, with the agents it may mean."""

    surface: str
    agents: dict[str, str]
    cue: str
    source: str
    initial: str | None = None


def tokenize(text: str) -> list[Token]:
    """Word tokens with sentence starts, the text before each, and possessive "'s" folded in."""
    out: list[Token] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        gap = text[prev_end : m.start()]
        word = m.group(0)
        if word.lower() == "s" and out and gap in ("'", "’"):
            out[-1] = out[-1]._replace(possessive=True)
            prev_end = m.end()
            continue
        sentence_start = not out or bool(_SENTENCE_BREAK.search(gap))
        if sentence_start and out and gap.strip() == "." and _abbreviation(out[-1]):
            sentence_start = False  # "Mrs. Okafor", "Maria G. was"
        out.append(Token(word, fold(word), m.start(), m.end(), sentence_start, gap))
        prev_end = m.end()
    return out


def _abbreviation(tok: Token) -> bool:
    """A title or an initial, whose full stop does not end the sentence."""
    return tok.folded in TITLES or (len(tok.raw) == 1 and tok.raw.isupper())


def case_informative(text: str) -> bool:
    """Whether capitals carry meaning: mixed case, not shouted."""
    upper = len(_UPPER.findall(text))
    lower = len(_LOWER.findall(text))
    return 0 < upper < lower


class _Context:
    """Words around a candidate name, within its sentence."""

    def __init__(self, toks: list[Token], i: int, j: int, text: str, informative: bool) -> None:
        self.toks, self.i, self.j, self.text, self.informative = toks, i, j, text, informative
        k = i
        while k > 0 and not toks[k].sentence_start:
            k -= 1
        self.before = [t.folded for t in toks[k:i]][::-1]
        end = j
        while end < len(toks) and not toks[end].sentence_start:
            end += 1
        self.after = [t.folded for t in toks[j:end]]
        self.first = toks[i]
        self.last = toks[j - 1]
        self.gap_after = text[self.last.end : toks[j].start] if j < len(toks) else text[self.last.end :]

    def prev(self, n: int) -> str:
        return self.before[n] if n < len(self.before) else ""

    def nxt(self, n: int) -> str:
        return self.after[n] if n < len(self.after) else ""

    def preceded_by(self, seq: tuple[str, ...]) -> bool:
        return tuple(reversed(self.before[: len(seq)])) == seq

    @property
    def tight_before(self) -> bool:
        """Nothing but spaces between the previous word and the name."""
        return self.first.gap_before.strip() == ""

    @property
    def tight_after(self) -> bool:
        return self.gap_after.strip() == ""


def _other_owner(ctx: _Context, roster: Roster) -> str | None:
    """Why the name belongs to someone other than an agent, if the text says so."""
    near = ctx.before[:3]
    for k, w in enumerate(near):
        if w in ROLE_NOUNS or w in THANKS or w in CONTACT_VERBS:
            break
        if w in RELATIONS:
            owner = ctx.i - k - 2  # the word before the relation: "Jennifer's colleague Bob", "her colleague Bob"
            if owner >= 0 and (ctx.toks[owner].possessive or ctx.toks[owner].folded in ("her", "his", "their")):
                break
            return f"the reviewer's {w}"
        if w in FOUNDER_ROLES:
            return "the company's founder/owner"
    for k, w in enumerate(ctx.before[3:8], start=3):
        if w not in RELATIONS and w not in FOUNDER_ROLES:
            continue
        if all(x in APPOSITION for x in ctx.before[:k]) and ctx.prev(k + 1) in ("my", "our", "the"):
            return f"the reviewer's {w}"  # "my husband, who is named John"
        break
    if ctx.nxt(0) in ("at", "from") and ctx.nxt(1) in ("my", "our"):
        return "someone the reviewer knows"  # "John at my bank", "Sarah from my church"
    if ctx.gap_after.strip()[:1] in (",", "(", "-") and ctx.nxt(0) in ("my", "our", "the"):
        for w in ctx.after[1:4]:
            if w in RELATIONS or w in FOUNDER_ROLES:
                return f"the reviewer's {w}"
    for seq in SELF_INTRO:
        if ctx.preceded_by(seq) and (ctx.first.sentence_start or len(ctx.before) == len(seq)):
            return "the reviewer's own name"
    if ctx.preceded_by(("my", "name", "is")) or (ctx.preceded_by(("name", "is")) and ctx.prev(2) == "my"):
        return "the reviewer's own name"
    if ctx.nxt(0) in COMPANY_WORDS or "&" in ctx.gap_after:
        return "a company name"
    trailing = len(ctx.toks) - ctx.j
    sign_off = ctx.prev(0) in SIGN_OFFS and len(ctx.before) == 1
    if trailing == 0 and (re.search(r"[-—–~]\s*$", ctx.first.gap_before) or sign_off):
        return "the reviewer's signature"
    return None


def _strong_cue(ctx: _Context) -> str | None:
    """Evidence of a person that holds whatever the name's case: title, role, "named", "thanks to"."""
    p0 = ctx.prev(0)
    if p0 in TITLES and ctx.tight_before:
        return "title"
    for seq in NAME_IS:
        if ctx.preceded_by(seq):
            return "named"
    for w in ctx.before[:2]:
        if w in ROLE_NOUNS:
            return "role"
    if p0 in ("to", "a") and (ctx.prev(1) in THANKS or ctx.prev(2) in THANKS):  # "thanks to", "shout out to"
        return "thanks"
    if p0 in ("from", "by", "de", "con", "avec") and ctx.prev(1) in SERVICE_NOUNS:
        return "service"
    for n, w in enumerate(ctx.before[:3]):
        if w in CONTACT_VERBS and all(x in ("to", "with", "by", "for", "con", "avec", "a") for x in ctx.before[:n]):
            return "contact"
    return None


def _weak_cue(ctx: _Context, roster: Roster) -> str | None:
    """Grammar that reads as a person when the name is written as one: a verb after it, "thanks X!"."""
    if ctx.first.possessive or ctx.last.possessive:
        return "possessive"
    n0 = ctx.nxt(0)
    if ctx.tight_after and n0:
        tags = pos_tags(ctx.toks[ctx.j].raw)
        if tags & PERSON_VERB_TAGS or n0 in VERBS_AFTER_FOREIGN:
            return "verb"
        if "RB" in tags and ctx.nxt(1) and pos_tags(ctx.toks[ctx.j + 1].raw) & PERSON_VERB_TAGS:
            return "verb"
        if n0 in ("and", "y", "et") and ctx.nxt(1) and (ctx.nxt(1) == "i" or roster.lookup((ctx.nxt(1),))):
            return "coordination"
    clause_end = ctx.j == len(ctx.toks) or bool(_CLAUSE_END.search(ctx.gap_after)) or n0 in ("for", "por", "pour")
    if clause_end and any(w in THANKS for w in ctx.before[:4]):
        return "thanks"
    if ctx.prev(0) in THANKS and "VBG" in pos_tags(n0):
        return "thanks"  # "appreciate Lily helping me"
    if ctx.first.sentence_start and ctx.gap_after.strip().startswith(",") and n0 in ("you", "your", "thank", "thanks"):
        return "address"
    if ctx.first.raw[:1].isupper() and (
        (ctx.first.sentence_start and ctx.gap_after.strip()[:1] in ("-", "–", "—", ":", "!"))
        or ("," in ctx.first.gap_before and clause_end and ctx.before)
    ):
        return "address"  # "Grace - amazing!", "Grace: 10/10", "Best agent ever, Grace."
    return None


def _person_cue(ctx: _Context, roster: Roster, ambiguous: str | None) -> str | None:
    """Why the name reads as a person here; None when it does not.

    Plain names are people unless the text says otherwise. Places and months are people unless
    grammar makes them a place or a date. Ordinary words need positive evidence, and written in
    lower case in a text that uses capitals they need strong evidence.
    """
    strong = _strong_cue(ctx)
    if strong:
        return strong
    if _blocked(ctx, ambiguous):
        return None
    if ambiguous is None or ambiguous in ("place", "calendar"):
        return _weak_cue(ctx, roster) or "name"
    if ctx.informative and not ctx.first.raw[:1].isupper():
        return None
    weak = _weak_cue(ctx, roster)
    if weak:
        return weak
    if ctx.informative and not ctx.first.sentence_start:
        return "capitalised"
    return None


def _blocked(ctx: _Context, ambiguous: str | None) -> bool:
    """Grammar that makes an ambiguous name an ordinary word, place or date."""
    if ambiguous is None:
        return False
    p0 = ctx.prev(0)
    if p0 in DETERMINERS and ctx.tight_before:
        return True
    if ambiguous == "place" and p0 in PLACE_PREPOSITIONS:
        return True
    if ambiguous == "place" and ctx.gap_after.strip() == "," and ctx.j < len(ctx.toks):
        nxt = ctx.toks[ctx.j].raw
        if len(nxt) == 2 and nxt.isupper():
            return True  # "Austin, TX"
    if ambiguous == "place" and ctx.i > 0 and ctx.tight_before and not ctx.first.sentence_start:
        prev = ctx.toks[ctx.i - 1]
        if prev.raw[:1].isupper() and prev.folded not in TITLES and prev.folded not in THANKS:
            return True  # part of a longer place name: "North Dakota", "New Jersey"
    return ambiguous == "calendar" and (p0 in CALENDAR_PREPOSITIONS or bool(re.match(r"\s*\d", ctx.gap_after)))


def _ambiguity(key: tuple[str, ...]) -> str | None:
    if len(key) != 1:
        return None
    k = key[0]
    if is_ordinary_word(k):
        return "word"
    if is_calendar_word(k):
        return "calendar"
    if is_place(k):
        return "place"
    return None


def _fuzzy(roster: Roster, tok: Token, informative: bool) -> tuple[str, ...] | None:
    """A roster name one edit away from an unknown capitalised word ("Jenifer" -> jennifer)."""
    w = tok.folded
    if len(w) < 5 or (informative and not tok.raw[:1].isupper()):
        return None
    if is_ordinary_word(w) or w in known_given_names() or is_place(w):
        return None
    best = None
    for key in roster.fuzzy_keys.get(w[0], ()):
        if abs(len(key) - len(w)) <= 1 and OSA.distance(w, key, score_cutoff=1) <= 1:
            if best is not None and best != key:
                return None
            best = key
    return (best,) if best else None


def _initial_after(ctx: _Context) -> str | None:
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


def _surname_clash(ctx: _Context, roster: Roster, agent_ids: dict[str, str]) -> set[str]:
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
    if not ctx.informative or ctx.j >= len(ctx.toks) or not ctx.tight_after:
        return set()
    nxt = ctx.toks[ctx.j]
    if len(nxt.raw) < 2 or not nxt.raw[0].isupper() or nxt.raw.isupper():
        return set()
    if nxt.folded in TITLES or _is_person_key(roster, nxt.folded):
        return set()
    lower_tags = pos_tags(nxt.folded)
    if is_ordinary_word(nxt.folded) and (lower_tags & NOT_A_SURNAME_TAGS or "NNP" not in pos_tags(nxt.raw)):
        return set()
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


def _worth_a_look(text: str, roster: Roster) -> bool:
    """Cheap screen: does any word start a roster name or look like a misspelt one?"""
    for word in _TOKEN.findall(text):
        w = fold(word)
        if (w,) in roster.index or w in roster.phrase_starts:
            return True
        if len(w) >= 5 and w[0] in roster.fuzzy_keys and not is_ordinary_word(w):
            return True
    return False


def find_mentions(
    text: str | None, roster: Roster, *, source: str = "text", reviewer_first: str | None = None
) -> list[Mention]:
    """Every roster-name mention in `text` that reads as an agent, longest match first."""
    if not text or not _worth_a_look(text, roster):
        return []
    toks = tokenize(text)
    informative = case_informative(text)
    folded = [t.folded for t in toks]
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        hit, key, kind_override = None, None, None
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
            key = _fuzzy(roster, toks[i], informative)
            if key is None:
                i += 1
                continue
            hit, kind_override = roster.lookup(key), "fuzzy"
        assert key is not None
        j = i + len(key)
        best = min(KIND_RANK[k] for k in hit.values())
        if best == KIND_RANK["surname"] and (i == 0 or toks[i].sentence_start or folded[i - 1] not in TITLES):
            i = j
            continue  # a surname alone counts only after a title ("Mr. Diaz")
        ctx = _Context(toks, i, j, text, informative)
        agents = {a: (kind_override or k) for a, k in hit.items() if _same_standing(KIND_RANK[k], best, len(key))}
        initial = _initial_after(ctx) if len(key) == 1 else None
        if initial:
            j += 1
            ctx = _Context(toks, i, j, text, informative)
        owner = _other_owner(ctx, roster)
        if owner or (reviewer_first and j == len(toks) and folded[i] == reviewer_first):
            i = j
            continue  # someone else's name, or the reviewer signing off with their own first name
        if len(key) > 1:
            cue: str | None = "full name"
        elif initial:
            cue = "name with initial"
        else:
            cue = _person_cue(ctx, roster, _ambiguity(key))
        if cue is None:
            i = j
            continue
        if initial:
            agents = {a: k for a, k in agents.items() if any(s.startswith(initial) for s in roster.agents[a].surnames)}
        elif len(key) == 1:
            clash = _surname_clash(ctx, roster, agents)
            agents = {a: k for a, k in agents.items() if a not in clash}
        if agents:
            surface = text[toks[i].start : toks[j - 1].end]
            out.append(Mention(surface, agents, cue, source, initial))
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
        key = frozenset(m.agents)
        if key not in seen:
            seen[key] = m
    merged = list(seen.values())
    # A mention whose candidates are a strict superset of another's adds nothing.
    return [m for m in merged if not any(o is not m and set(o.agents) < set(m.agents) for o in merged)]
