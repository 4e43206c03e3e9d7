"""The independent evaluation set for review attribution (issue #13).

Written BEFORE any of the issue's fixes were tuned, and NEVER tuned on: the rules are designed
from the development set (`attribution_data.py`, the hand-written cases) and reasoning only; this
set is looked at only to measure. It shares no code with the development generator: its own
roster (other first names, surnames, countries; place names, shared names, formal names with
en/es/fr nicknames), its own customer population (drawn from a small name pool, so namesake
account holders occur as they do in a 12,000-account book), its own sentence templates in
English, Spanish and French (and Google's translation envelope), and one case per failure class
seen on the outside hold-out:

- namesake customers pointing at different agents;
- place names and lists of capitalised names; another person with an agent's first name and a
  different surname (founders, executives, friends);
- a named person who is not the history candidate (unknown name, typo, nickname of someone else);
- several agents named, one of them without a contact in the window;
- typos, nicknames, shared first names with history, full names.

Labels follow the development set's convention: `expected` holds the agents that can be credited
from the evidence the engine has; a review whose evidence cannot decide (the reviewer's name
matches account holders served by different agents, a first name shared by two agents and no
history, a conflict, an insider) has `expected == []` and `expect_queue`. `truth` holds the agent
who really earned the review, where there is one.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from benchmarks.attribution_data import Builder, Dataset, strip_accents

START = datetime(2026, 1, 12, 8, 0)
WINDOW = 14


def _w(text: str) -> list[str]:
    return text.split()


EN_FIRST = _w(
    "Mason Liam Noah Olivia Ava Harper Ethan Logan Chloe Madison Evelyn Grayson Caleb Owen Wyatt "
    "Hannah Zoe Natalie Leah Audrey Brooke Paige Trevor Dustin Marcus Derek Colin Gavin Spencer Tristan "
    "Bianca Miranda Renee Tamara Yolanda Darnell Malik Jamal Keisha Latoya Tanisha Imani Andre Terrell "
    "Bridget Colleen Delaney Fiona Gemma Harvey Ian Jasper Kendra Lucas Mitchell Nolan Oscar Quentin"
)
EN_LAST = _w(
    "Okafor Nakamura Kowalski Brennan Fitzgerald Huang Abernathy Whitfield Lindqvist Pruitt Ashworth "
    "Galloway Holloway Kincaid Mahoney Osei Petrov Rasmussen Thornton Underwood Weatherby Yilmaz Blackwood "
    "Carrington Donnelly Ellsworth Fairbanks Granger Hargrove Iverson Kessler Lockhart Merriweather "
    "Pennington Radcliffe Sutherland Tolliver Vance Winslow Yates"
)
ES_FIRST = _w("Ximena Valeria Mateo Diego Camila Renata Emiliano Paola Leonardo Marisol Rogelio Yesenia Arturo Araceli")
ES_LAST = _w(
    "Castellanos Delgado Quintero Sandoval Villalobos Zamora Jaramillo Navarro Olvera Barragán Cisneros Ibarra"
)
FR_FIRST = _w("Léa Manon Hugo Margaux Baptiste Aurélie Clément Océane Maëlle Thibault Gaëlle Romain Solène Yannick")
FR_LAST = _w("Lemaire Fournier Marchand Perrin Brunet Roussel Masson Barbier Renaud Leclerc Gautier Colin")
# Formal names customers shorten (the nickname the review uses, language).
NICKNAMED = [
    ("Katherine", "Katie", "en"),
    ("Katherine", "Kate", "en"),
    ("Nathaniel", "Nate", "en"),
    ("Theodore", "Teddy", "en"),
    ("Jacqueline", "Jackie", "en"),
    ("Zachary", "Zach", "en"),
    ("Abigail", "Abby", "en"),
    ("Alexandra", "Sasha", "en"),
    ("Margaret", "Maggie", "en"),
    ("Francisco", "Pancho", "es"),
    ("Guadalupe", "Lupita", "es"),
    ("Alejandra", "Ale", "es"),
    ("Enrique", "Kike", "es"),
    ("Graciela", "Chela", "es"),
    ("Adolfo", "Fito", "es"),
    ("Isabelle", "Isa", "fr"),
    ("Frédéric", "Fredo", "fr"),
    ("Guillaume", "Guigui", "fr"),
    ("Stéphanie", "Steph", "fr"),
]
PLACE_AGENTS = _w("Austin Georgia Jordan Paris Savannah Dallas Phoenix Brooklyn Dakota Florence Lincoln Houston")
PLACE_TEXTS = [
    "The {p} office is great, they picked up on the first ring.",
    "{p}, {q}, {r} — I have dealt with collectors everywhere and this was the best.",
    "I moved from {p} last spring and they still found a plan that works.",
    "Called from {p} on my lunch break.",
    "Their team in {p} is clearly well trained.",
    "I have lived in {p} and {q} and never had a collector this decent.",
    "Greetings from {p}! Smooth process.",
]
WORD_AGENTS = _w("Holly Robin Ginger Sterling Lane Justice Pearl Harmony")
WORD_TEXTS = {
    "holly": "We were putting up holly when I finally made the call.",
    "robin": "Saw a robin outside the window while I waited, lovely hold music too.",
    "ginger": "I had a ginger tea to calm my nerves before calling.",
    "sterling": "Sterling service from start to finish.",
    "lane": "They got me back in the right lane with my finances.",
    "justice": "Finally some justice for people in debt.",
    "pearl": "A pearl of a company in a rough industry.",
    "harmony": "Peace and harmony at home again now the debt is handled.",
}
UNKNOWN_PEOPLE = _w("Bartholomew Yusuf Ingrid Cornelius Svetlana Thaddeus Marguerite Horatio Ottilie Reginald")
OUTSIDERS = _w("Foreman Ashcombe Delacroix Brightwater Kingsley Oduya Prescott Vandermeer")

EN_TEMPLATES = [
    "{n} walked me through every option without judging me.",
    "Big shoutout to {n}, genuinely kind.",
    "{n} got my payments down to something I can manage.",
    "I was on the phone with {n} for twenty minutes and left feeling human again.",
    "Credit where it's due: {n} was patient and clear.",
    "Talked to {n} about my old phone bill and it's settled.",
    "Five stars for {n}.",
    "{n} answered my email the same afternoon.",
    "If you call, ask for {n}.",
    "{n} never once made me feel small.",
    "So grateful to {n} for the settlement offer.",
    "{n} set up the plan and followed up like promised.",
    "Props to {n} on the chat, quick and friendly.",
    "Could not have asked for a better rep than {n}.",
    "{n} deserves a raise honestly.",
]
EN_NEGATIVE = ["{n} talked over me the whole call.", "{n} was dismissive and I had to call back twice."]
EN_OPEN = [
    "",
    "",
    "Old credit card debt from 2019.",
    "I put off calling for months.",
    "Was nervous, no need to be.",
    "Medical collections are stressful.",
    "Had a question about a letter I got.",
]
EN_CLOSE = ["", "", "Recommended.", "Thank you!", "10/10.", "Much better than I expected from a collector."]
ES_TEMPLATES = [
    "{n} me atendió con mucha paciencia y me dio un plan de pagos.",
    "Muy agradecida con {n}, me resolvió todo por teléfono.",
    "La señorita {n} fue muy amable.",
    "{n} me explicó cada opción sin presionarme.",
    "Quiero agradecer a {n} por su ayuda.",
]
ES_EN = [
    "{n} assisted me with great patience and gave me a payment plan.",
    "Very grateful to {n}, she resolved everything over the phone.",
    "Miss {n} was very kind.",
    "{n} explained each option to me without pressuring me.",
    "I want to thank {n} for their help.",
]
FR_TEMPLATES = [
    "{n} a pris le temps de tout m'expliquer.",
    "Un grand merci à {n}, très professionnel.",
    "J'ai eu {n} au téléphone, super accueil.",
    "{n} m'a proposé un échéancier raisonnable.",
    "Merci {n} pour votre gentillesse.",
]
FR_EN = [
    "{n} took the time to explain everything to me.",
    "A big thank you to {n}, very professional.",
    "I had {n} on the phone, great welcome.",
    "{n} offered me a reasonable payment schedule.",
    "Thank you {n} for your kindness.",
]
ES_NONAME = ["Excelente servicio, me ayudaron mucho.", "Muy buena atención por teléfono."]
FR_NONAME = ["Service très correct, conseiller à l'écoute.", "Accueil agréable et solution rapide."]
EN_NONAME = [
    "Whoever answered was polite.",
    "Quick resolution on the chat.",
    "Fair settlement, no pressure.",
    "The woman I spoke with was lovely.",
    "",
    "Paid off, finally.",
]


def _typo(rng: random.Random, name: str) -> str:
    """One realistic slip: a dropped letter, a swap, a doubled or a changed vowel."""
    low = name.lower()
    for _ in range(20):
        k = rng.randrange(4)
        i = rng.randrange(1, len(low) - 1) if len(low) > 2 else 1
        if k == 0:
            out = low[:i] + low[i + 1 :]
        elif k == 1 and i + 1 < len(low):
            out = low[:i] + low[i + 1] + low[i] + low[i + 2 :]
        elif k == 2:
            out = low[:i] + low[i] + low[i:]
        else:
            vowels = [j for j, c in enumerate(low) if c in "aeiouy" and j > 0]
            if not vowels:
                continue
            j = rng.choice(vowels)
            out = low[:j] + rng.choice([v for v in "aeiy" if v != low[j]]) + low[j + 1 :]
        if out != low and len(out) >= 4:
            return out.capitalize()
    return name


class _Eval:
    """State of one generated evaluation set."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.b = Builder(self.rng, "E")
        self.taken: set[str] = set()
        self.agents: dict[str, dict] = {}
        self.unique: list[tuple[str, str]] = []  # (agent_id, first name no other agent answers to)
        self.shared: list[tuple[str, list[str]]] = []
        self.nick: list[tuple[str, str, str]] = []  # (agent_id, nickname, language)
        self.places: list[tuple[str, str]] = []
        self.words: list[tuple[str, str]] = []
        self.left: list[str] = []
        self.pool: dict[str, list[str]] = {}  # folded customer name -> accounts
        self.contacts: dict[str, list[tuple[datetime, str]]] = {}

    # ---- roster and population
    def agent(self, full: str, **kw) -> str:
        aid = self.b.agent(full, **kw)
        self.agents[aid] = self.b.ds.agents[-1]
        self.agents[aid]["start_date"] = date(2024, 6, 1)
        self.taken.add(strip_accents(full).lower())
        return aid

    def roster(self) -> None:
        rng = self.rng
        firsts = rng.sample(EN_FIRST, 44) + rng.sample(ES_FIRST, 10) + rng.sample(FR_FIRST, 10)
        shared = firsts[:6]
        for f in firsts[6:]:
            last = rng.choice(ES_LAST if f in ES_FIRST else FR_LAST if f in FR_FIRST else EN_LAST)
            country = "MX" if f in ES_FIRST else "FR" if f in FR_FIRST else "US"
            self.unique.append((self.agent(f"{f} {last}", country=country), f))
        for f in shared:
            pair = [self.agent(f"{f} {ln}") for ln in rng.sample(EN_LAST, 2)]
            self.shared.append((f, pair))
        seen: dict[str, str] = {}
        for formal, nick, lang in NICKNAMED:
            if formal not in seen:
                last = rng.choice(ES_LAST if lang == "es" else FR_LAST if lang == "fr" else EN_LAST)
                seen[formal] = self.agent(f"{formal} {last}", country={"es": "MX", "fr": "FR"}.get(lang, "US"))
            self.nick.append((seen[formal], nick, lang))
        for p in PLACE_AGENTS:
            self.places.append((self.agent(f"{p} {rng.choice(EN_LAST)}"), p))
        for w in WORD_AGENTS:
            self.words.append((self.agent(f"{w} {rng.choice(EN_LAST)}"), w))
        for f in ("Quinton", "Rosalind", "Everett"):
            self.left.append(self.agent(f"{f} {rng.choice(EN_LAST)}", end=date(2025, 10, 31)))
        # an agent named Josh (not "Joshua") for the "Josh Foreman founded the company" trap
        self.unique.append((self.agent("Josh Reed"), "Josh"))

    def population(self, n: int = 1400) -> None:
        """Background account holders from a small name pool (namesakes happen) and their contacts."""
        rng = self.rng
        firsts = _w("Patricia Susan Linda Robert James Maria Carlos Jose Ana Luis Mary Michael David Jennifer")
        lasts = _w("Sanchez Cabrera Smith Johnson Garcia Martinez Brown Lopez Davis Miller Wilson Moore")
        ids = [a for a in self.agents if self.agents[a]["end_date"] is None]
        for _ in range(n):
            name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
            acc = self.b.customer(name)
            self.pool.setdefault(name.lower(), []).append(acc)
            for _ in range(rng.randint(0, 3)):
                self.contact(acc, rng.choice(ids), START + timedelta(days=rng.uniform(0, 340)))

    def contact(self, acc: str, agent: str | None, at: datetime, **kw) -> None:
        """One interaction; person-handled engaged ones are remembered for labelling namesakes."""
        kind = kw.pop("kind", None) or self.rng.choice(["call", "call", "call", "email", "chat", "sms"])
        self.b.contact(acc, agent, at, kind, **kw)
        person = agent if kw.get("handled_by", "agent") == "agent" else kw.get("handoff")
        engaged = kw.get("talk", 300) > 0 if kind == "call" else kw.get("direction", "inbound") == "inbound"
        if person and engaged:
            self.contacts.setdefault(acc, []).append((at, person))

    def fresh_name(self) -> str:
        rng = self.rng
        while True:
            r = rng.random()
            if r < 0.6:
                first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
            elif r < 0.8:
                first, last = rng.choice(ES_FIRST), rng.choice(ES_LAST)
            else:
                first, last = rng.choice(FR_FIRST), rng.choice(FR_LAST)
            name = f"{first} {rng.choice(['', '', 'J. ', 'M. '])}{last}"
            key = strip_accents(name).lower()
            plain = strip_accents(f"{first} {last}").lower()
            if key not in self.taken and plain not in self.taken and plain not in self.pool:
                self.taken.update({key, plain})
                return name

    def display(self, name: str) -> str:
        r = self.rng.random()
        parts = name.split()
        if r < 0.55:
            return name
        if r < 0.7:
            return f"{parts[0]} {parts[-1][0]}."
        if r < 0.85:
            return name.lower()
        return strip_accents(name)

    def served(self, agent: str, at: datetime, name: str | None = None, noise: bool = True) -> str:
        """A customer served by `agent` within the window before `at`; their Google display name."""
        return self.served_account(agent, at, name, noise)[0]

    def served_account(self, agent: str, at: datetime, name: str | None = None, noise: bool = True) -> tuple[str, str]:
        """(display name, account) of a new customer served by `agent` in the window before `at`."""
        name = name or self.fresh_name()
        acc = self.b.customer(name)
        self.pool.setdefault(strip_accents(name).lower(), []).append(acc)
        self.contact(acc, agent, at - timedelta(days=self.rng.uniform(0.2, WINDOW - 1.5)))
        if noise and self.rng.random() < 0.5:
            other = self.rng.choice(self.unique)[0]
            self.contact(acc, other, at - timedelta(days=self.rng.uniform(25, 90)))
        if noise and self.rng.random() < 0.4:
            other = self.rng.choice(self.unique)[0]
            self.contact(
                acc, other, at - timedelta(hours=self.rng.uniform(1, 30)), kind="call", talk=0, direction="outbound"
            )
        return self.display(name), acc

    # ---- text
    def en(self, sentence: str, low_stars: bool = False) -> str:
        rng = self.rng
        parts = [rng.choice(EN_OPEN), sentence, "" if low_stars else rng.choice(EN_CLOSE)]
        text = " ".join(p for p in parts if p)
        r = rng.random()
        return text.lower() if r < 0.07 else text.upper() if r < 0.09 else text

    def named(self, n: str) -> tuple[str, str]:
        """A sentence naming `n` in a random language: (text, language)."""
        rng = self.rng
        r = rng.random()
        if r < 0.7:
            return self.en(rng.choice(EN_TEMPLATES).format(n=n)), "en"
        k = rng.randrange(5)
        orig, tr = (ES_TEMPLATES[k], ES_EN[k]) if r < 0.85 else (FR_TEMPLATES[k], FR_EN[k])
        orig, tr = orig.format(n=n), tr.format(n=n)
        if rng.random() < 0.5:
            return orig, "es" if r < 0.85 else "fr"
        return f"(Translated by Google) {tr}\n\n(Original)\n{orig}", "es" if r < 0.85 else "fr"

    def day(self, i: int) -> datetime:
        return START + timedelta(days=20 + (i * 11) % 320, hours=self.rng.uniform(0, 10))

    def review(
        self,
        case: str,
        who: str | None,
        text: str | None,
        at: datetime,
        expected: list[str],
        queue: bool = False,
        truth: list[str] | bool | None = True,
        stars: int = 5,
    ) -> None:
        """Add a labelled review; `truth` True means the expected agents, None that nobody can know."""
        rid = self.b.review(case, who, text, at, expected, queue, stars)
        known = expected if truth is True else truth
        self.b.ds.labels[rid]["truth"] = None if known is None else sorted(set(known))

    # ---- cases
    def case_round(self, i: int) -> None:
        """One labelled review of every class (the rarer ones every few rounds), all on one day."""
        rng = self.rng
        at = self.day(i)
        rare, rarer = i % 5 == 0, i % 8 == 0  # cases a person must decide are a minority
        # first name + history
        a, f = rng.choice(self.unique)
        text, _ = self.named(f)
        self.review("first_name+history", self.served(a, at), text, at, [a])
        # full names (and title + surname)
        a, f = rng.choice(self.unique)
        full = self.agents[a]["full_name"]
        last = full.split()[-1]
        form = rng.choice([full, full, f"Ms. {last}" if rng.random() < 0.5 else f"Mr. {last}"])
        text, _ = self.named(form)
        shared = form != full and sum(x["full_name"].endswith(" " + last) for x in self.agents.values()) > 1
        if shared:  # label fix after the first measurement: a title and a surname several agents share
            self.review("full_name", self.fresh_name(), text, at, [], True, [a])
        else:
            self.review("full_name", self.fresh_name(), text, at, [a])
        # nicknames (en/es/fr), half with history
        a, nick, lang = rng.choice(self.nick)
        if lang == "en":
            text = self.en(rng.choice(EN_TEMPLATES).format(n=nick))
        else:
            k = rng.randrange(5)
            text = (ES_TEMPLATES if lang == "es" else FR_TEMPLATES)[k].format(n=nick)
        who = self.served(a, at) if rng.random() < 0.5 else self.fresh_name()
        self.review("nickname", who, text, at, [a])
        # typos of the history agent's name; a third without any history
        a, f = rng.choice([u for u in self.unique if len(u[1]) >= 5])
        bad = _typo(rng, strip_accents(f))
        who = self.served(a, at) if rng.random() < 0.67 else self.fresh_name()
        self.review("typo", who, self.en(rng.choice(EN_TEMPLATES).format(n=bad)), at, [a])
        # place names that are also agents' first names, history points elsewhere
        a, _ = rng.choice(self.unique)
        p, q, r = rng.sample([x[1] for x in self.places], 3)
        trap = rng.choice(PLACE_TEXTS).format(p=p, q=q, r=r)
        self.review("place_names", self.served(a, at), self.en(trap + " " + rng.choice(EN_NONAME)), at, [a])
        # another person with an agent's first name and a different surname; or the company's people
        a, _ = rng.choice(self.unique)
        _, of = rng.choice(self.unique)
        sur = rng.choice(OUTSIDERS)
        trap = rng.choice(
            [
                f"Thanks to {of} {sur} for building a company that treats people with respect.",
                f"I read that {of} {sur} started this firm after his own debt trouble.",
                f"My coworker {of} recommended them.",
                f"{of} {sur}, the CEO, answered my complaint letter personally.",
                f"My lawyer, {of} {sur}, said they were legit.",
            ]
        )
        self.review("other_person", self.served(a, at), self.en(trap + " " + rng.choice(EN_NONAME)), at, [a])
        if i % 3 == 0:
            self.named_not_history(at)
        # several agents named; the second one may have no contact in the window
        (a1, n1), (a2, n2) = rng.sample(self.unique, 2)
        sentence = rng.choice(
            [
                "Both {a} and {b} were wonderful.",
                "{a} and {b} sorted it out between them.",
                "Thank you {a} and {b}!",
                "{a} took my first call, {b} finished the paperwork.",
            ]
        )
        mode = rng.randrange(3)
        if mode == 0:
            who = self.served(a1, at)
        elif mode == 1:
            who, acc = self.served_account(a1, at, noise=False)
            self.contact(acc, a2, at - timedelta(days=rng.uniform(0.5, 5)))
        else:
            who = self.fresh_name()
        self.review("several_agents", who, self.en(sentence.format(a=n1, b=n2)), at, [a1, a2])
        # shared first name resolved by history
        f, pair = rng.choice(self.shared)
        a = rng.choice(pair)
        text, _ = self.named(f)
        self.review("shared_first_name+history", self.served(a, at), text, at, [a])
        if rare:
            f, pair = rng.choice(self.shared)
            text, _ = self.named(f)
            self.review("shared_first_name_no_history", self.fresh_name(), text, at, [], True, [rng.choice(pair)])
        # namesake customers
        self.namesakes(at)
        # history only (calls, digital, voice-AI hand-off)
        a, _ = rng.choice(self.unique)
        if rng.random() < 0.3:
            name = self.fresh_name()
            acc = self.b.customer(name)
            self.contact(
                acc, None, at - timedelta(days=rng.uniform(1, 9)), kind="call", handled_by="voice_ai", handoff=a
            )
            who = self.display(name)
        else:
            who = self.served(a, at)
        self.review("history_only", who, self.en(rng.choice(EN_NONAME)) or None, at, [a])
        # Spanish and French reviews (some through Google's translation)
        a, f = rng.choice([u for u in self.unique if u[1] in ES_FIRST + FR_FIRST] or self.unique)
        r = rng.random()
        k = rng.randrange(5)
        temps = (ES_TEMPLATES, ES_EN) if r < 0.5 else (FR_TEMPLATES, FR_EN)
        orig, tr = temps[0][k].format(n=f), temps[1][k].format(n=f)
        text = orig if rng.random() < 0.5 else f"(Translated by Google) {tr}\n\n(Original)\n{orig}"
        who = self.served(a, at) if rng.random() < 0.5 else self.fresh_name()
        self.review("spanish_french", who, text, at, [a])
        # word names as words (history decides) and as people
        a, _ = rng.choice(self.unique)
        w_aid, w = rng.choice(self.words)
        self.review("word_names", self.served(a, at), self.en(WORD_TEXTS[w.lower()]), at, [a])
        text, _ = self.named(w)
        self.review(
            "word_names", self.served(w_aid, at) if rng.random() < 0.5 else self.fresh_name(), text, at, [w_aid]
        )
        if rarer:
            # conflict: a unique agent named, history shows only another
            (a1, n1), (a2, _) = rng.sample(self.unique, 2)
            self.review(
                "conflict",
                self.served(a2, at, noise=False),
                self.en(rng.choice(EN_TEMPLATES).format(n=n1)),
                at,
                [],
                True,
                None,
            )
            # insider: the reviewer has an agent's full name
            a, f = rng.choice(self.unique)
            self.review(
                "insider", self.agents[a]["full_name"], self.en(rng.choice(EN_TEMPLATES).format(n=f)), at, [], True, []
            )
            # a departed agent's name long after they left
            a = rng.choice(self.left)
            f = self.agents[a]["full_name"].split()[0]
            self.review(
                "departed", self.fresh_name(), self.en(rng.choice(EN_TEMPLATES).format(n=f)), at, [], True, None
            )
        # nobody to credit
        text = rng.choice(EN_NONAME + ES_NONAME + FR_NONAME)
        stars = rng.choice([1, 2, 4, 5])
        self.review("no_candidate", rng.choice([self.fresh_name(), None]), text or None, at, [], False, [], stars)

    def named_not_history(self, at: datetime) -> None:
        """A named person who is not the history candidate: an unknown name, or another agent's typo/nickname."""
        rng = self.rng
        a, _ = rng.choice(self.unique)
        kind = rng.randrange(3)
        if kind == 0:
            n = rng.choice(UNKNOWN_PEOPLE)
            truth: list[str] | None = None
        elif kind == 1:
            o, of = rng.choice([u for u in self.unique if u[0] != a and len(u[1]) >= 5])
            n, truth = _typo(rng, strip_accents(of)), [o]
        else:
            o, n, _ = rng.choice(self.nick)
            truth = [o]
        text = self.en(
            rng.choice(
                ["Huge thanks to {n}!", "{n} calmed me down.", "{n} was amazing.", "I spoke to {n} and it went well."]
            ).format(n=n)
        )
        self.review("named_not_history", self.served(a, at, noise=False), text, at, [], True, truth)

    def namesakes(self, at: datetime) -> None:
        """The reviewer's name matches 2-4 account holders; each may have a contact with another agent."""
        rng = self.rng
        names = [n for n, accs in self.pool.items() if 2 <= len(accs) <= 4]
        name = rng.choice(names)
        accs = self.pool[name]
        mine = rng.choice(accs)
        a, f = rng.choice(self.unique)
        mode = rng.randrange(3)  # 0: no name, others served by others; 1: the agent named; 2: all by the same agent
        self.contact(mine, a, at - timedelta(days=rng.uniform(0.3, 6)))
        for other in accs:
            if other != mine:
                b = a if mode == 2 else rng.choice([u for u in self.unique if u[0] != a])[0]
                self.contact(other, b, at - timedelta(days=rng.uniform(0.3, 12)))
        lo = at - timedelta(days=WINDOW)
        latest = set()
        for acc in accs:
            inside = [(t, g) for t, g in self.contacts.get(acc, []) if lo <= t < at and g]
            if inside:
                latest.add(max(inside)[1])
        who = self.display(" ".join(w.capitalize() for w in name.split()))
        if mode == 1:
            text, _ = self.named(f)
            self.review("namesake_customers", who, text, at, [a])
        elif latest == {a}:
            self.review("namesake_customers", who, self.en(rng.choice(EN_NONAME)) or None, at, [a])
        else:
            self.review("namesake_customers", who, self.en(rng.choice(EN_NONAME)) or None, at, [], True, [a])


def generate_eval(seed: int = 2026, rounds: int = 44) -> Dataset:
    """The evaluation set: a ~110-agent roster, ~1,400 background accounts, `rounds` rounds of every class."""
    ev = _Eval(seed)
    ev.roster()
    ev.population()
    for i in range(rounds):
        ev.case_round(i)
    return ev.b.ds
