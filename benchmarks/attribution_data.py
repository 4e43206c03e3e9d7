"""Labelled attribution data: a generator of varied realistic reviews plus the hand-written set.

Each case builds a roster, account holders, their contact history and a review, and labels
the review with the agents that must be credited automatically (or that it must be queued).
"""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from attribution.names import canonicals_of, fold, nicknames_of

HANDWRITTEN = Path(__file__).resolve().parent / "attribution_handwritten.json"
BASE = datetime(2026, 3, 1, 9, 0)


def _names(text: str) -> list[str]:
    """A list of names written as one string."""
    return text.split()


EN_FIRST_F = _names(
    "Mary Patricia Linda Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret Sandra Ashley "
    "Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Laura Sharon Cynthia "
    "Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Samantha Katherine Christine Rachel "
    "Jennifer Elizabeth Megan Heather Tiffany Vanessa Monica Denise"
)
EN_FIRST_M = _names(
    "James Michael David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony Donald Steven "
    "Paul Andrew Joshua Kenneth Kevin Brian George Edward Ronald Timothy Jason Jeffrey Ryan Jacob Gary "
    "Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Patrick "
    "Dennis Tyler Aaron Henry Douglas Peter Walter Harold Carl Arthur Roger Keith Jeremy Terry Lawrence "
    "Robert William John"
)
EN_LAST = _names(
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Moore Jackson Martin Lee "
    "Thompson White Harris Clark Lewis Robinson Walker Allen Wright Scott Hill Green Adams Baker Nelson "
    "Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy "
    "Cook Rogers Morgan Cooper Peterson Reed Bailey Kelly Howard Cox Ward Richardson Watson Brooks "
    "Bennett Gray Hughes Price Sanders Myers Ross Foster Powell Jenkins Perry Russell Sullivan Bell "
    "Coleman Butler Henderson Barnes Fisher Vasquez Simmons Patterson Jordan Reynolds Hamilton Graham "
    "Wallace"
)
ES_FIRST = _names(
    "José Francisco Manuel Antonio María Dolores Guadalupe Ignacio Enrique Jesús Alejandro Eduardo "
    "Guillermo Rafael Fernando Teresa Rosario Mercedes Isabel Concepción Lucía Carmen Javier Sofía"
)
ES_LAST = _names(
    "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores Rivera Gómez "
    "Díaz Cruz Morales Reyes Gutiérrez Ortiz Ruiz Jiménez Álvarez Castillo Romero Vargas Mendoza"
)
FR_FIRST = _names(
    "Amélie François Nicolas Stéphane Frédéric Sébastien Hélène Céline Élodie Guillaume Mathieu Camille "
    "Chloé Théo Benoît Geneviève Véronique Valérie Jérôme Isabelle Catherine Christophe"
)
FR_LAST = _names(
    "Dubois Lefèvre Moreau Laurent Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Faure Mercier "
    "Blanc Guérin Boyer Garnier Chevalier"
)
WORD_NAMES = _names(
    "Will Grace Hope Sunny Sydney Jordan Faith Joy Dawn Summer April June Max Hunter Chase Austin Crystal "
    "Amber Rose Ray Mark Frank Bill Pat Sue Art Penny Jade Destiny Miles Drew Dean"
)
VN_AGENTS = (("Nguyen Thi Lan", "Lily"), ("Tran Van Minh", "Mike"), ("Pham Thi Hoa", "Flora"), ("Le Van Hung", "Henry"))

EN_DIMINUTIVES = {
    "Robert": "Bob",
    "William": "Bill",
    "Elizabeth": "Liz",
    "Katherine": "Kate",
    "Richard": "Rick",
    "Margaret": "Peggy",
    "Michael": "Mike",
    "Jennifer": "Jenny",
    "Christopher": "Chris",
    "Anthony": "Tony",
    "Joseph": "Joe",
    "Patricia": "Trish",
    "Rebecca": "Becky",
    "Samuel": "Sam",
    "Daniel": "Danny",
    "Thomas": "Tommy",
    "Stephanie": "Steph",
    "Timothy": "Tim",
}
RO_DIMINUTIVES = {
    "Francisco": "Paco",
    "José": "Pepe",
    "Manuel": "Manolo",
    "Dolores": "Lola",
    "Guadalupe": "Lupe",
    "Ignacio": "Nacho",
    "Enrique": "Quique",
    "Jesús": "Chuy",
    "Eduardo": "Lalo",
    "Guillermo": "Memo",
    "Rafael": "Rafa",
    "Concepción": "Conchita",
    "Rosario": "Charo",
    "Mercedes": "Merche",
    "Nicolas": "Nico",
    "Sébastien": "Seb",
    "Frédéric": "Fred",
    "Christophe": "Totof",
    "Catherine": "Cathy",
    "Isabelle": "Isa",
    "Stéphane": "Steph",
}
TYPOS = {
    "Jennifer": "Jenifer",
    "Stephanie": "Stephenie",
    "Christopher": "Cristopher",
    "Katherine": "Katharine",
    "Michelle": "Michele",
    "Jonathan": "Johnathan",
    "Rebecca": "Rebbeca",
    "Vanessa": "Vanesa",
    "Melissa": "Melisa",
    "Samantha": "Samanta",
    "Brandon": "Brendon",
    "Gregory": "Gregroy",
    "Jessica": "Jesica",
    "Patrick": "Patrik",
    "Kimberly": "Kimberley",
    "Timothy": "Timothey",
}

OPENERS = [
    "I was dreading this call.",
    "Got a letter about an old medical bill and called in.",
    "I fell behind after losing my job.",
    "Honestly I expected the worst from a collection agency.",
    "Called about my account last week.",
    "I had a past due credit card balance.",
    "",
    "Second time dealing with this company.",
    "I was very stressed about my debt.",
    "",
]
PRAISE = [
    "{n} was amazing and set me up with a payment plan I can afford.",
    "{n} helped me so much.",
    "Thank you {n}!",
    "Spoke with {n} who was very patient with me.",
    "{n} explained everything clearly.",
    "Shout out to {n} for the help.",
    "Ask for {n}, the best in the business.",
    "My agent {n} went above and beyond.",
    "{n}'s patience made all the difference.",
    "I worked with {n} on a settlement and it was painless.",
    "Huge thanks to {n}.",
    "{n} really listened to me.",
    "Big thanks to {n} and the whole team.",
    "Had a great call with {n} today.",
    "{n} is a rock star.",
    "The rep, {n}, was kind and professional.",
    "{n} made the whole thing easy.",
    "Great job {n}!",
    "Kudos to {n} for being so understanding.",
    "{n}, thank you for your kindness.",
    "I chatted with {n} online and it was sorted in minutes.",
    "{n} took the time to answer all my questions.",
    "Thanks so much {n}, you made my week.",
    "{n} handled my dispute quickly.",
    "Really appreciate {n} helping me get back on track.",
    "Representative {n} was polite and fast.",
]
NEGATIVE = ["{n} was rude and hung up on me.", "{n} did not listen at all.", "{n} kept calling me at work."]
CLOSERS = [
    "Highly recommend.",
    "Five stars.",
    "Thanks again.",
    "Very professional company.",
    "Would recommend to anyone struggling with debt.",
    "",
    "",
    "Great experience overall.",
]
NO_NAME = [
    "Very helpful staff, payment plan set up in minutes.",
    "They were kind and patient.",
    "The lady on the phone was so nice.",
    "Quick and easy, the agent was respectful.",
    "Good experience, no pressure at all.",
    "The guy I talked to was great.",
    "Fast response by email, problem solved.",
    "Friendly chat support.",
    "",
    "Professional and courteous.",
]
WORD_TRAPS = {
    "will": ["Will definitely recommend!", "Will be using them again if needed.", "Will call back next month."],
    "hope": ["Hope this helps someone.", "I hope they keep it up.", "There is hope after debt."],
    "grace": ["By the grace of God I am debt free.", "They gave me a grace period."],
    "sunny": ["It was a sunny day and I finally felt free.", "Sunny side up after this call!"],
    "joy": ["What a joy to be done with this.", "Joy of joys, it is paid off."],
    "faith": ["Restored my faith in people.", "I had no faith this would work."],
    "dawn": ["Called at dawn and still got help.", "It finally dawned on me."],
    "summer": ["Paid it off by summer.", "Summer plans are back on."],
    "max": ["I paid the max I could.", "Max stress before the call."],
    "chase": ["I also have a Chase card to deal with.", "No need to chase anyone."],
    "rose": ["My stress rose before calling.", "Everything came up roses."],
    "ray": ["A ray of light in a hard year."],
    "mark": ["They hit the mark.", "Missed the mark on hold times."],
    "frank": ["To be frank, I was nervous.", "Frank and honest conversation."],
    "bill": ["The bill was finally sorted.", "Bill paid, stress gone."],
    "penny": ["Every penny counts.", "Not a penny more than agreed."],
    "miles": ["Miles better than the last agency."],
    "crystal": ["Crystal clear explanation of my options."],
    "amber": ["Amber alert went off during my call lol."],
    "april": ["In April I was behind on everything.", "Paid it off on April 3."],
    "june": ["Since June my payments are on track.", "By June 30 it will be paid."],
    "sydney": ["I live in Sydney and they still helped me.", "Calling from Sydney was easy."],
    "jordan": ["I was travelling in Jordan when they emailed.", "I moved from Jordan last year."],
    "austin": ["I live in Austin and they handled it remotely.", "Greetings from Austin!"],
    "hunter": ["Not a debt hunter, a helper."],
    "pat": ["Pat on the back for this team."],
    "art": ["They have made an art of kindness."],
    "sue": ["I was afraid they would sue me."],
    "jade": ["I was a bit jaded after other agencies."],
    "destiny": ["My financial destiny is back in my hands."],
    "drew": ["They drew up a plan for me."],
    "dean": ["Dean's list of collection agencies, honestly."],
}
ES_PRAISE = [
    "{n} fue muy amable y me ayudó con un plan de pagos.",
    "Gracias a {n} por su paciencia.",
    "Excelente atención de {n}.",
    "{n} me explicó todo muy bien.",
]
EN_OF_ES = [
    "{n} was very kind and helped me with a payment plan.",
    "Thanks to {n} for their patience.",
    "Excellent service from {n}.",
    "{n} explained everything to me very well.",
]
FR_PRAISE = [
    "{n} a été très gentille et m'a aidé.",
    "Merci à {n} pour sa patience.",
    "Excellent accueil de {n}.",
    "{n} m'a tout expliqué clairement.",
]
EN_OF_FR = [
    "{n} was very kind and helped me.",
    "Thanks to {n} for their patience.",
    "Excellent welcome from {n}.",
    "{n} explained everything clearly to me.",
]
RELATIONS = _names("husband wife son daughter brother sister dad mom friend boss")
COMPANIES = ["John Deere Financial", "Wells Fargo", "Ally Bank", "Capital One", "Mary Kay", "Ben & Jerry's"]


@dataclass
class Dataset:
    """Rows to insert and the label of every review."""

    agents: list[dict] = field(default_factory=list)
    accounts: list[dict] = field(default_factory=list)
    calls: list[dict] = field(default_factory=list)
    digital: list[dict] = field(default_factory=list)
    reviews: list[dict] = field(default_factory=list)
    labels: dict[str, dict] = field(default_factory=dict)


def strip_accents(s: str) -> str:
    """ "José" -> "Jose"."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


class Builder:
    """Adds agents, customers, contacts and reviews to a `Dataset`, keeping ids unique."""

    def __init__(self, rng: random.Random, prefix: str) -> None:
        self.rng, self.prefix, self.ds = rng, prefix, Dataset()
        self.n = 0
        self.full_names: set[str] = set()

    def _id(self, kind: str) -> str:
        self.n += 1
        return f"{self.prefix}{kind}{self.n:05d}"

    def agent(
        self,
        full_name: str,
        preferred: str | None = None,
        aliases: str | None = None,
        end: date | None = None,
        country: str | None = "US",
    ) -> str:
        aid = self._id("A")
        self.full_names.add(strip_accents(full_name).lower())
        self.ds.agents.append(
            {
                "agent_id": aid,
                "full_name": full_name,
                "preferred_name": preferred,
                "aliases": aliases,
                "email": f"{aid.lower()}@example.com",
                "country": country,
                "start_date": date(2020, 1, 1),
                "end_date": end,
            }
        )
        return aid

    def customer(self, name: str) -> str:
        acc = self._id("C")
        self.ds.accounts.append({"account_id": acc, "customer_name": name})
        return acc

    def contact(
        self,
        account_id: str,
        agent_id: str | None,
        at: datetime,
        kind: str = "call",
        handled_by: str = "agent",
        handoff: str | None = None,
        talk: int = 300,
        direction: str = "inbound",
    ) -> None:
        if kind == "call":
            self.ds.calls.append(
                {
                    "call_id": self._id("K"),
                    "account_id": account_id,
                    "direction": direction,
                    "started_at": at,
                    "talk_seconds": talk,
                    "disposition": "answered" if talk else "no_answer",
                    "handled_by": handled_by,
                    "agent_id": agent_id if handled_by == "agent" else None,
                    "handoff_agent_id": handoff,
                }
            )
        else:
            self.ds.digital.append(
                {
                    "interaction_id": self._id("D"),
                    "account_id": account_id,
                    "channel": kind,
                    "direction": direction,
                    "started_at": at,
                    "agent_id": agent_id,
                }
            )

    def review(
        self,
        case: str,
        reviewer: str | None,
        text: str | None,
        created: datetime,
        expected: list[str],
        expect_queue: bool = False,
        stars: int | None = 5,
        anonymous: bool = False,
    ) -> str:
        rid = self._id("R")
        self.ds.reviews.append(
            {
                "review_id": rid,
                "reviewer_name": reviewer,
                "reviewer_is_anonymous": anonymous,
                "star_rating": stars,
                "comment": text,
                "created_at": created,
                "updated_at": created,
                "is_deleted": False,
            }
        )
        self.ds.labels[rid] = {"case": case, "expected": sorted(set(expected)), "expect_queue": expect_queue}
        return rid


def _customer_name(rng: random.Random, taken: set[str]) -> str:
    while True:
        pool = rng.random()
        if pool < 0.6:
            first, last = rng.choice(EN_FIRST_F + EN_FIRST_M), rng.choice(EN_LAST)
        elif pool < 0.85:
            first, last = rng.choice(ES_FIRST), rng.choice(ES_LAST)
        else:
            first, last = rng.choice(FR_FIRST), rng.choice(FR_LAST)
        name = f"{first} {last}"
        if strip_accents(name).lower() not in taken:
            taken.add(strip_accents(name).lower())
            return name


def _display(rng: random.Random, name: str) -> str:
    """How Google shows the account holder: as written, re-cased, unaccented, or "First L."."""
    r = rng.random()
    first, last = name.split(" ", 1)
    if r < 0.6:
        return name
    if r < 0.72:
        return name.upper() if rng.random() < 0.5 else name.lower()
    if r < 0.82:
        return strip_accents(name)
    return f"{first} {last[0]}."


def compose(rng: random.Random, sentence: str, traps: list[str] | None = None) -> str:
    """Opener, the sentence (and maybe a trap sentence), closer; sometimes all lower or upper case."""
    parts = [rng.choice(OPENERS), sentence]
    if traps and rng.random() < 0.7:
        parts.insert(rng.randint(1, 2), rng.choice(traps))
    parts.append(rng.choice(CLOSERS))
    text = " ".join(p for p in parts if p)
    r = rng.random()
    if r < 0.08:
        text = text.lower()
    elif r < 0.11:
        text = text.upper()
    return text


def generate(seed: int = 7, per_case: int = 36) -> Dataset:
    """A labelled data set covering every attribution case: `per_case` reviews each, a third for queue cases."""
    rng = random.Random(seed)
    b = Builder(rng, "G")
    taken: set[str] = set()
    # roster: every name customers use must point at one agent, except the deliberately shared ones
    claimed: set[str] = set()

    def claim(*names: str) -> bool:
        keys = set()
        for n in names:
            k = fold(n)
            keys |= {k} | nicknames_of(k) | canonicals_of(k)
        if keys & claimed:
            return False
        claimed.update(keys)
        return True

    regular: list[tuple[str, str]] = []  # (agent_id, name customers use)
    for first in rng.sample(EN_FIRST_F + EN_FIRST_M, 60) + rng.sample(ES_FIRST, 10) + rng.sample(FR_FIRST, 8):
        if first in EN_DIMINUTIVES or first in TYPOS or first in RO_DIMINUTIVES or not claim(first):
            continue
        last = rng.choice(ES_LAST if first in ES_FIRST else FR_LAST if first in FR_FIRST else EN_LAST)
        country = "MX" if first in ES_FIRST else "FR" if first in FR_FIRST else "US"
        regular.append((b.agent(f"{first} {last}", country=country), first))
    dimin = [(b.agent(f"{f} {rng.choice(EN_LAST)}"), f, d) for f, d in EN_DIMINUTIVES.items() if claim(f, d)]
    ro_dimin = [
        (b.agent(f"{f} {rng.choice(ES_LAST + FR_LAST)}"), f, d) for f, d in RO_DIMINUTIVES.items() if claim(f, d)
    ]
    typo = [(b.agent(f"{f} {rng.choice(EN_LAST)}"), f, t) for f, t in TYPOS.items() if claim(f, t)]
    preferred = [(b.agent(full, preferred=p, country="VN"), p) for full, p in VN_AGENTS if claim(p)]
    aliases = []
    for alias in ["Danny", "Kelly", "Rob", "Vicky", "Tony", "Sam", "Alex", "Nick", "Andy", "Nina"]:
        first = rng.choice(ES_FIRST + FR_FIRST)
        if claim(first, alias):
            aliases.append(
                (b.agent(f"{first} {rng.choice(ES_LAST)}", aliases=f"{alias};{alias} {rng.choice('BCDFG')}."), alias)
            )
    words = [(b.agent(f"{w} {rng.choice(EN_LAST)}"), w) for w in WORD_NAMES if claim(w)]
    shared_first: list[str] = []
    for f in EN_FIRST_F + EN_FIRST_M:
        if len(shared_first) < 6 and claim(f):
            shared_first.append(f)
    shared = [(f, [b.agent(f"{f} {ln}") for ln in rng.sample(EN_LAST, 2)]) for f in shared_first]
    left_first = next(f for f in EN_FIRST_M if fold(f) not in claimed)
    claim(left_first)
    departed = b.agent(f"{left_first} {rng.choice(EN_LAST)}", end=(BASE + timedelta(days=5)).date())
    taken |= b.full_names
    agent_rows = {a["agent_id"]: a for a in b.ds.agents}

    def day(i: int) -> datetime:
        return BASE + timedelta(days=i % 200, hours=rng.randint(0, 9), minutes=rng.randint(0, 59))

    def with_history(
        agent_id: str, created: datetime, *, kind: str | None = None, extra_older: bool = True, name: str | None = None
    ) -> tuple[str, str]:
        cname = name or _customer_name(rng, taken)
        taken.add(strip_accents(cname).lower())
        acc = b.customer(cname)
        k = kind or rng.choice(["call", "call", "call", "email", "chat", "sms"])
        b.contact(acc, agent_id, created - timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 12)), k)
        if extra_older and rng.random() < 0.5:  # an older contact, outside the window
            other = rng.choice(regular)[0]
            b.contact(acc, other, created - timedelta(days=rng.randint(20, 60)))
        if rng.random() < 0.5:  # a more recent non-engaged contact by someone else: must not count
            other = rng.choice(regular)[0]
            b.contact(acc, other, created - timedelta(hours=rng.randint(1, 20)), "call", talk=0, direction="outbound")
        return acc, _display(rng, cname)

    for i in range(per_case):
        c = day(i * 7 + 1)
        # 1. first name, with history
        aid, first = rng.choice(regular)
        _, who = with_history(aid, c)
        b.review("first_name+history", who, compose(rng, rng.choice(PRAISE).format(n=first)), c, [aid])
        # 2. full name, no history
        aid, first = rng.choice(regular)
        b.review(
            "full_name",
            _customer_name(rng, taken),
            compose(rng, rng.choice(PRAISE).format(n=agent_rows[aid]["full_name"])),
            c,
            [aid],
        )
        # 3. diminutives (English data set and es/fr table)
        aid, _, nick = rng.choice(dimin)
        _, who = with_history(aid, c) if rng.random() < 0.5 else (None, _customer_name(rng, taken))
        b.review("diminutive_en", who, compose(rng, rng.choice(PRAISE).format(n=nick)), c, [aid])
        aid, _, nick = rng.choice(ro_dimin)
        _, who = with_history(aid, c) if rng.random() < 0.5 else (None, _customer_name(rng, taken))
        b.review("diminutive_es_fr", who, compose(rng, rng.choice(PRAISE).format(n=nick)), c, [aid])
        # 4. preferred names and aliases
        aid, pref = rng.choice(preferred + aliases)
        _, who = with_history(aid, c) if rng.random() < 0.5 else (None, _customer_name(rng, taken))
        b.review("preferred_or_alias", who, compose(rng, rng.choice(PRAISE).format(n=pref)), c, [aid])
        # 5. case, accents, possessive
        aid, first = rng.choice([r for r in regular if not r[1].isascii()] or regular)
        form = rng.choice([first.lower(), first.upper() + "!!", strip_accents(first).lower(), first + "'s"])
        sentence = (
            f"{form} help was great."
            if form.endswith("'s")
            else rng.choice(["{n} was great.", "thanks {n}", "{n} helped me a lot"]).format(n=form)
        )
        b.review("case_accent_possessive", _customer_name(rng, taken), compose(rng, sentence), c, [aid])
        # 6. typos
        aid, _, bad = rng.choice(typo)
        _, who = with_history(aid, c) if rng.random() < 0.5 else (None, _customer_name(rng, taken))
        b.review("typo", who, compose(rng, rng.choice(PRAISE).format(n=bad)), c, [aid])
        # 7. word names used as words (credit goes to the history person)
        _, w = rng.choice([x for x in words if x[1].lower() in WORD_TRAPS])
        aid, _ = rng.choice(regular)
        _, who = with_history(aid, c, extra_older=False)
        text = compose(rng, rng.choice(NO_NAME) or "Good service.", WORD_TRAPS[w.lower()])
        if w.lower() not in text.lower():
            text = rng.choice(WORD_TRAPS[w.lower()]) + " " + text
        b.review("word_name_as_word", who, text, c, [aid])
        # 8. word names used as a person
        aid, w = rng.choice(words)
        _, who = with_history(aid, c) if rng.random() < 0.6 else (None, _customer_name(rng, taken))
        sentence = rng.choice([p for p in PRAISE if not p.startswith("{n},")]).format(n=w)
        b.review("word_name_as_person", who, compose(rng, sentence), c, [aid])
        # 9. people who are not agents
        aid, _ = rng.choice(regular)
        o_aid, o_first = rng.choice(regular)
        _, who = with_history(aid, c, extra_older=False)
        other_last = rng.choice([ln for ln in EN_LAST if ln not in agent_rows[o_aid]["full_name"]])
        trap = rng.choice(
            [
                f"My {rng.choice(RELATIONS)} {o_first} told me to call.",
                f"{o_first} {other_last} from my church recommended them.",
                f"I also owe {rng.choice(COMPANIES)} but this was easier.",
                f"The founder {o_first} {other_last} should be proud.",
                f"My name is {o_first} and I was behind on payments.",
            ]
        )
        b.review("not_an_agent", who, compose(rng, trap + " " + (rng.choice(NO_NAME) or "Great help.")), c, [aid])
        # 10. Google-translated reviews
        aid, first = rng.choice(regular)
        k = rng.randrange(4)
        if rng.random() < 0.5:
            orig, tr = ES_PRAISE[k].format(n=first), EN_OF_ES[k].format(n=first)
        else:
            orig, tr = FR_PRAISE[k].format(n=first), EN_OF_FR[k].format(n=first)
        text = (
            f"(Translated by Google) {tr}\n\n(Original)\n{orig}"
            if rng.random() < 0.7
            else f"(Original) {orig} (Translated by Google) {tr}"
        )
        _, who = with_history(aid, c) if rng.random() < 0.5 else (None, _customer_name(rng, taken))
        b.review("translated", who, text, c, [aid])
        # 11. history only, including voice-AI hand-off
        aid, _ = rng.choice(regular)
        acc, who = with_history(aid, c, extra_older=True)
        b.review("history_only", who, compose(rng, rng.choice(NO_NAME)) or None, c, [aid])
        aid, _ = rng.choice(regular)
        cname = _customer_name(rng, taken)
        taken.add(strip_accents(cname).lower())
        acc = b.customer(cname)
        b.contact(acc, None, c - timedelta(days=rng.randint(1, 10)), "call", handled_by="voice_ai", handoff=aid)
        b.contact(acc, None, c - timedelta(hours=3), "call", handled_by="voice_ai", talk=120)
        b.review("voice_ai_handoff", _display(rng, cname), rng.choice(NO_NAME) or None, c, [aid])
        # 12. departed agent: their later "contacts" do not count
        aid, _ = rng.choice(regular)
        cname = _customer_name(rng, taken)
        taken.add(strip_accents(cname).lower())
        acc = b.customer(cname)
        cd = BASE + timedelta(days=10 + i % 20, hours=3)
        b.contact(acc, aid, cd - timedelta(days=6))
        b.contact(acc, departed, cd - timedelta(days=1))
        b.review("departed_agent", _display(rng, cname), rng.choice(NO_NAME) or None, cd, [aid])
        # 13. shared first name: resolved by history, or queued
        f, pair = rng.choice(shared)
        aid = rng.choice(pair)
        _, who = with_history(aid, c)
        b.review("shared_first_name+history", who, compose(rng, rng.choice(PRAISE).format(n=f)), c, [aid])
        rare = i % 3 == 0  # cases a person must decide are a minority of real reviews
        if rare:
            f, pair = rng.choice(shared)
            b.review(
                "shared_first_name_unresolved",
                _customer_name(rng, taken),
                compose(rng, rng.choice(PRAISE).format(n=f)),
                c,
                [],
                expect_queue=True,
            )
        # 14. several agents named
        (a1, n1), (a2, n2) = rng.sample(regular, 2)
        sentence = rng.choice(
            [
                "{a} and {b} were both fantastic.",
                "Thanks to {a} and {b}!",
                "{a} started my plan and {b} finished it, both great.",
            ]
        ).format(a=n1, b=n2)
        b.review("several_agents", _customer_name(rng, taken), compose(rng, sentence), c, [a1, a2])
        # 15. conflict: the text names one agent, history another
        if rare:
            (a1, n1), (a2, _) = rng.sample(regular, 2)
            _, who = with_history(a2, c, extra_older=False)
            b.review("conflict", who, compose(rng, rng.choice(PRAISE).format(n=n1)), c, [], expect_queue=True)
            # 16. insider: reviewer has an agent's full name
            aid, first = rng.choice(regular)
            b.review(
                "insider",
                agent_rows[aid]["full_name"],
                compose(rng, rng.choice(PRAISE).format(n=first)),
                c,
                [],
                expect_queue=True,
            )
        # 17. nobody to credit
        b.review(
            "no_candidate",
            rng.choice([_customer_name(rng, taken), None]),
            compose(rng, rng.choice(NO_NAME)) or None,
            c,
            [],
            anonymous=rng.random() < 0.3,
            stars=rng.choice([1, 3, 5]),
        )
    return b.ds


def load_handwritten(path: Path = HANDWRITTEN) -> Dataset:
    """The hand-written cases: a roster, and per case a reviewer, contacts and review text."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    b = Builder(random.Random(0), "H")
    ids = {}
    for a in spec["agents"]:
        end = date.fromisoformat(a["end_date"]) if a.get("end_date") else None
        ids[a["key"]] = b.agent(a["full_name"], a.get("preferred_name"), a.get("aliases"), end, a.get("country"))
    for n, case in enumerate(spec["reviews"]):
        created = BASE + timedelta(days=n)
        if case.get("customer"):
            acc = b.customer(case["customer"])
            for ct in case.get("contacts", []):
                agent = ids[ct["agent"]] if ct.get("agent") else None
                handoff = ids[ct["handoff"]] if ct.get("handoff") else None
                b.contact(
                    acc,
                    agent,
                    created - timedelta(days=ct["days_before"]),
                    ct.get("kind", "call"),
                    handled_by=ct.get("handled_by", "agent"),
                    handoff=handoff,
                    talk=ct.get("talk", 300),
                    direction=ct.get("direction", "inbound"),
                )
        b.review(
            case["case"],
            case.get("reviewer"),
            case.get("text"),
            created,
            [ids[k] for k in case.get("expected", [])],
            case.get("expect_queue", False),
            case.get("stars", 5),
            case.get("anonymous", False),
        )
    return b.ds
