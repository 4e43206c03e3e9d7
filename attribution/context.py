"""The grammar around a candidate name: tokens, sentence context, and whether it reads as a person.

A name that is also an ordinary word, a place or a month ("Will", "Grace", "Sydney", "June")
needs positive evidence of person use (a verb after it, a title, "thanks", "spoke with" ...)
and no contrary evidence ("the", "in", "of" before it). Any name is dropped when the text
says it belongs to someone else: the reviewer's family, the reviewer, a founder, a company,
or a person with a different surname. A name in a list of capitalised names ("Georgia,
Jordan, Paris") is a person only when the list as a whole reads as people.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from attribution.names import fold, is_calendar_word, is_given_name, is_ordinary_word, is_place, pos_tags
from attribution.roster import Roster

TOKEN = re.compile(r"[^\W\d_]+")
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
    "bravo congrats congratulations recommend ask job"
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


def tokenize(text: str) -> list[Token]:
    """Word tokens with sentence starts, the text before each, and possessive "'s" folded in."""
    out: list[Token] = []
    prev_end = 0
    for m in TOKEN.finditer(text):
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


class Context:
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


def other_owner(ctx: Context, roster: Roster) -> str | None:
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
    if ctx.nxt(1) in ("at", "from") and ctx.nxt(2) in ("my", "our") and ctx.tight_after and ctx.nxt(0) not in CUE_WORDS:
        return "someone the reviewer knows"  # "jacob kelly from my church"
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


def strong_cue(ctx: Context) -> str | None:
    """Evidence of a person that holds whatever the name's case: title, role, "named", "thanks to"."""
    p0 = ctx.prev(0)
    if p0 in TITLES and ctx.first.gap_before.strip() in ("", "."):
        return "title"  # "Mr Gray", "Mr. Gray"
    for seq in NAME_IS:
        if ctx.preceded_by(seq):
            return "named"
    if p0 in ROLE_NOUNS or (ctx.prev(1) in ROLE_NOUNS and p0 in APPOSITION):
        return "role"  # "my agent Mason", "the rep named Mason"; not "their team in Austin"
    if p0 in ("to", "a") and (ctx.prev(1) in THANKS or ctx.prev(2) in THANKS):  # "thanks to", "shout out to"
        return "thanks"
    if p0 in ("from", "by", "de", "con", "avec") and ctx.prev(1) in SERVICE_NOUNS:
        return "service"
    for n, w in enumerate(ctx.before[:3]):
        if w in CONTACT_VERBS and all(x in ("to", "with", "by", "for", "con", "avec", "a") for x in ctx.before[:n]):
            return "contact"
    return None


def weak_cue(ctx: Context, roster: Roster) -> str | None:
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


def person_cue(ctx: Context, roster: Roster, ambiguous: str | None) -> str | None:
    """Why the name reads as a person here; None when it does not.

    Plain names are people unless the text says otherwise. Places and months are people unless
    grammar makes them a place or a date. Ordinary words need positive evidence, and written in
    lower case in a text that uses capitals they need strong evidence.
    """
    strong = strong_cue(ctx)
    if strong:
        return strong
    if blocked(ctx, ambiguous):
        return None
    if ambiguous is None or ambiguous in ("place", "calendar"):
        return weak_cue(ctx, roster) or "name"
    if ctx.informative and not ctx.first.raw[:1].isupper():
        return None
    weak = weak_cue(ctx, roster)
    if weak:
        return weak
    if ctx.informative and not ctx.first.sentence_start:
        return "capitalised"
    return None


def blocked(ctx: Context, ambiguous: str | None) -> bool:
    """Grammar that makes an ambiguous name an ordinary word, place or date."""
    if ambiguous is None:
        return False
    p0 = ctx.prev(0)
    if p0 in DETERMINERS and ctx.tight_before:
        return True
    if ambiguous != "place" and is_place(ctx.first.folded) and len(ctx.toks[ctx.i : ctx.j]) == 1:
        ambiguous = "place"  # "Charlotte" is a dessert too, but "in Charlotte" is the city
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


CUE_WORDS = THANKS | ROLE_NOUNS | SERVICE_NOUNS | CONTACT_VERBS | RELATIONS | FOUNDER_ROLES
LIST_ADVERBS = _words("both all each really also always just so truly")
LIST_WORDS = _words("and or & y o e et ou")


def _capital(tok: Token, informative: bool = True) -> bool:
    """Written as a name: capitalised, or (where case says nothing) a place or a known given name."""
    if not informative:
        return len(tok.folded) > 1 and (is_place(tok.folded) or is_given_name(tok.folded))
    return len(tok.raw) > 1 and tok.raw[:1].isupper()


def list_span(toks: list[Token], i: int, j: int, informative: bool = True) -> tuple[int, int, int]:
    """(first, last, members) of the list of capitalised names the name at [i, j) stands in.

    Members are joined by commas or "and" ("Georgia, Jordan, Paris", "Mason and Liam"); a name
    that is in no list is its own list of one.
    """
    members, first = 1, i
    while True:
        tok = toks[first]
        if tok.sentence_start:
            break
        gap = tok.gap_before.strip()
        if gap == "," and first >= 1 and _capital(toks[first - 1], informative):
            first, members = first - 1, members + 1
        elif (
            not gap
            and first >= 2
            and toks[first - 1].folded in LIST_WORDS
            and toks[first - 1].gap_before.strip() in ("", ",")
            and not toks[first - 1].sentence_start
            and _capital(toks[first - 2], informative)
        ):
            first, members = first - 2, members + 1
        else:
            break
    last = j - 1
    while last + 1 < len(toks):
        nxt = toks[last + 1]
        if nxt.sentence_start:
            break
        gap = nxt.gap_before.strip()
        if gap == "," and _capital(nxt, informative):
            last, members = last + 1, members + 1
        elif (
            gap in ("", ",")
            and nxt.folded in LIST_WORDS
            and last + 2 < len(toks)
            and not toks[last + 2].sentence_start
            and not toks[last + 2].gap_before.strip()
            and _capital(toks[last + 2], informative)
        ):
            last, members = last + 2, members + 1
        else:
            break
    return first, last, members


def list_reads_as_people(
    toks: list[Token], first: int, last: int, text: str, informative: bool, roster: Roster
) -> bool:
    """A list of names is people when what surrounds the whole list says so: "thanks to ...", "... were"."""
    head = Context(toks, first, first + 1, text, informative)
    if strong_cue(head) or any(w in THANKS for w in head.before[:4]):
        return True
    tail = Context(toks, last, last + 1, text, informative)
    if weak_cue(tail, roster) in ("verb", "possessive", "thanks"):
        return True
    k = last + 1  # "Mason and Liam both helped", "... were all great"
    while k < len(toks) and not toks[k].sentence_start and toks[k].folded in LIST_ADVERBS:
        k += 1
    if k == last + 1 or k >= len(toks) or toks[k].sentence_start:
        return False
    return bool(pos_tags(toks[k].raw) & PERSON_VERB_TAGS)


def ambiguity(key: tuple[str, ...]) -> str | None:
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

