"""The CX team: about 100 people in four countries, ten teams, with the names customers will mangle."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from demo.names import strip_accents

DOMAIN = "beaconrecovery.example"

# team, site, country, function; members "full name|preferred|aliases|given|gender|languages", lead first.
TEAMS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("Tempe Voice", "Tempe", "US", "voice", (
        "Marcus Johnson||||m|en",
        "Robert Diaz||Bob;Bobby||m|en;es",
        "Robert Kowalski|Rob|||m|en",
        "William Carter|Will|Billy||m|en",
        "Jennifer Walsh|Jen|||f|en",
        "Maria Gonzalez||||f|en;es",
        "Juan Perez||Johnny||m|en;es",
        "Jordan Brooks||||f|en",
        "Michael O'Brien|Mike|||m|en",
        "Tiffany Nguyen||||f|en;vi",
        "DeShawn Williams|Shawn|||m|en",
    )),
    ("Tempe Digital", "Tempe", "US", "digital", (
        "Karen Liu||||f|en;zh",
        "Nguyen Thi Lan|Lily|Lan|Lan|f|en;vi",
        "Grace Okafor||||f|en",
        "Hope Martin||||f|en",
        "Sun-hee Park|Sunny|||f|en;ko",
        "Elizabeth Moore|Liz|Beth||f|en",
        "Christopher Lee|Chris|||m|en",
        "Ashley Thompson||||f|en",
        "Tran Van Minh|Minh|Mike|Minh|m|en;vi",
        "Brittany Hall||||f|en",
        "Kevin Ramos||||m|en;es",
    )),
    ("Tempe Care", "Tempe", "US", "care", (
        "Patricia Alvarez|Patty|||f|en;es",
        "Destiny Harris||||f|en",
        "Daniel Kim|Danny|||m|en;ko",
        "Katherine Russo|Kate|Katie||f|en",
        "Samantha Reed|Sam|||f|en",
        "Anthony Bianchi|Tony|||m|en;it",
        "Guadalupe Torres|Lupe|||f|en;es",
        "Jessica Brown|Jess|||f|en",
        "Ernesto Salinas|Neto|||m|en;es",
        "Amanda Foster|Mandy|||f|en",
        "Tyler Jackson||||m|en",
    )),
    ("Monterrey Voz", "Monterrey", "MX", "voice", (
        "Alejandro Garza|Alex|||m|es;en",
        "Francisco Javier Ruiz|Francisco|||m|es;en",
        "José Luis Martínez|José Luis|Pepe||m|es;en",
        "Juan Carlos Herrera|Juan Carlos|||m|es;en",
        "María Fernanda López|Fernanda|Mafer||f|es;en",
        "Guadalupe Hernández|Lupita|Lupe||f|es;en",
        "Jesús Cantú|Chuy|||m|es;en",
        "Ricardo Villarreal|Richie|||m|es;en",
        "Verónica Treviño|Vero|||f|es;en",
        "Luis Ángel Cavazos|Luis|||m|es;en",
        "Ana Sofía Elizondo|Sofi|||f|es;en",
        "Roberto Salazar|Beto|||m|es;en",
    )),
    ("Monterrey Digital", "Monterrey", "MX", "digital", (
        "Claudia Rodríguez||||f|es;en",
        "Dulce María Flores|Dulce|||f|es;en",
        "Alejandra Garza|Ale|||f|es;en",
        "Eduardo Sánchez|Lalo|||m|es;en",
        "Mariana Castillo||||f|es;en",
        "Jorge Moreno||George||m|es;en",
        "Paola Leal|Pao|||f|es;en",
        "Rodrigo Garza||||m|es;en",
        "Fernando Ibarra|Fer|||m|es;en",
        "Karla Medina||||f|es;en",
        "Óscar Guerra||||m|es;en",
        "Gabriela Ríos|Gaby|||f|es;en",
    )),
    ("Montréal Bilingue", "Montréal", "CA", "care", (
        "Isabelle Lavoie||||f|fr;en",
        "Amélie Tremblay||||f|fr;en",
        "Jean-François Gagnon||JF||m|fr;en",
        "Marie-Ève Bouchard||||f|fr;en",
        "François Côté||||m|fr;en",
        "Mathieu Roy|Math|||m|fr;en",
        "Geneviève Gauthier|Gen|||f|fr;en",
        "Sébastien Morin|Seb|||m|fr;en",
        "Chloé Pelletier||||f|fr;en",
        "Maxime Bélanger|Max|||m|fr;en",
    )),
    ("Toronto Care", "Toronto", "CA", "care", (
        "Priya Sharma||||f|en;hi",
        "Emily Wong||||f|en;zh",
        "Ryan O'Neill||||m|en",
        "Olivia Singh|Liv|||f|en;pa",
        "Nathalie Leblanc||||f|en;fr",
        "Kwame Mensah||||m|en",
    )),
    ("Manila Digital A", "Manila", "PH", "digital", (
        "Maria Cristina Dela Cruz|Tina|Cris||f|en;tl",
        "Joy Mendoza||||f|en;tl",
        "Ma. Angelica Reyes|Angel||Angelica|f|en;tl",
        "Jerome Villanueva||Jerry||m|en;tl",
        "Rodel Santos||Ryan||m|en;tl",
        "Princess Aquino||||f|en;tl",
        "John Paul Bautista|JP||John Paul|m|en;tl",
        "Kristine Garcia|Tin|||f|en;tl",
        "Mark Anthony Pascual|Mark|||m|en;tl",
    )),
    ("Manila Digital B", "Manila", "PH", "digital", (
        "Arnel Castillo||||m|en;tl",
        "Charmaine Dizon|Charm|||f|en;tl",
        "Jose Miguel Ocampo|Migs|||m|en;tl",
        "Lovely Ramos||||f|en;tl",
        "Beatriz Santiago|Bea|||f|en;tl",
        "Carlo Mercado||||m|en;tl",
        "Patricia Lim|Trish|||f|en;tl",
        "Kenneth Tan|Ken|||m|en;tl",
        "Sunshine Flores||Sunny||f|en;tl",
    )),
    ("Manila Voice", "Manila", "PH", "voice", (
        "Ramon Aquino|Mon|||m|en;tl",
        "Christian Navarro||||m|en;tl",
        "Paolo Reyes||||m|en;tl",
        "Marites Gonzales|Tess|||f|en;tl",
        "Leonardo Diaz|Leo|||m|en;tl",
        "Nicole Fernandez|Nikki|||f|en;tl",
        "Jennelyn Cruz|Jen|||f|en;tl",
        "Aldrin Ramos||||m|en;tl",
    )),
)
HEAD = "Rachel Goldberg||||f|en"
# How much of each channel a team's people handle.
CHANNEL_WEIGHTS = {"voice": (1.0, 0.25), "digital": (0.15, 1.0), "care": (0.7, 0.7)}
QA_EVALUATORS = ("Karen Liu", "Dana Whitfield (QA)", "Luis Ortega (QA)", "Mylene Santos (QA)")


@dataclass
class Agent:
    """One person on the roster, with what the generator needs to know about them."""

    agent_id: str
    full_name: str
    preferred_name: str
    aliases: tuple[str, ...]
    given: str
    gender: str
    email: str
    team: str
    site: str
    country: str
    languages: tuple[str, ...]
    start_date: date
    end_date: date | None
    manager_id: str
    role: str
    voice_weight: float
    digital_weight: float
    skill: float
    charm: float = 1.0

    def employed_on(self, day: date) -> bool:
        """Whether the agent works here on `day`."""
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    @property
    def first_name(self) -> str:
        """The first word of the given names (`Juan Carlos` -> `Juan`)."""
        return self.given.split()[0]

    @property
    def called(self) -> str:
        """The name the agent introduces themself with."""
        return self.preferred_name or self.given


def _given(full: str, explicit: str) -> str:
    if explicit:
        return explicit
    parts = full.split()
    return parts[1] if parts[0] == "Ma." else parts[0]


def _email(agent_name: str, full: str, taken: set[str]) -> str:
    last = strip_accents(full.split()[-1]).lower().replace("'", "")
    first = strip_accents(agent_name.split()[0]).lower().replace("'", "")
    base = f"{first}.{last}"
    email, n = f"{base}@{DOMAIN}", 2
    while email in taken:
        email, n = f"{base}{n}@{DOMAIN}", n + 1
    taken.add(email)
    return email


def build_roster(rng: random.Random) -> list[Agent]:
    """The roster: a head of CX, ten team leads and their agents, with seeded ids, dates and leavers."""
    numbers = rng.sample(range(1000, 9999), 1 + sum(len(t[4]) for t in TEAMS))
    ids = iter(f"{n:06d}" for n in numbers)
    emails: set[str] = set()
    agents: list[Agent] = []

    def make(spec: str, team: str, site: str, country: str, function: str, role: str, manager: str) -> Agent:
        full, preferred, aliases, given, gender, langs = spec.split("|")
        given = _given(full, given)
        voice, digital = CHANNEL_WEIGHTS[function]
        if role == "lead":
            voice, digital = voice * 0.2, digital * 0.2
        elif role == "head":
            voice = digital = 0.0
        if role == "agent":
            start = date(2019, 1, 7) + timedelta(days=rng.randrange(0, 2480))
            if rng.random() < 0.14:
                start = date(2025, 11, 3) + timedelta(days=rng.randrange(0, 280))
        else:
            start = date(2016 if role == "head" else 2018, 2, 5) + timedelta(days=rng.randrange(0, 1400))
        skill = min(0.99, max(0.7, rng.gauss(0.955, 0.025)))
        if role == "agent" and rng.random() < 0.12:
            skill = rng.uniform(0.8, 0.88)
        return Agent(
            agent_id=next(ids),
            full_name=full,
            preferred_name=preferred,
            aliases=tuple(a for a in aliases.split(";") if a),
            given=given,
            gender=gender,
            email=_email(preferred or given, full, emails),
            team=team,
            site=site,
            country=country,
            languages=tuple(langs.split(";")),
            start_date=start,
            end_date=None,
            manager_id=manager,
            role=role,
            voice_weight=voice,
            digital_weight=digital,
            skill=skill,
            charm=rng.lognormvariate(0, 0.35),
        )

    head = make(HEAD, "CX Leadership", "Tempe", "US", "care", "head", "")
    agents.append(head)
    for team, site, country, function, members in TEAMS:
        lead = make(members[0], team, site, country, function, "lead", head.agent_id)
        agents.append(lead)
        agents.extend(make(m, team, site, country, function, "agent", lead.agent_id) for m in members[1:])
    veterans = [a for a in agents if a.role == "agent" and a.start_date < date(2025, 6, 1)]
    for leaver in rng.sample(veterans, 5):
        leaver.end_date = date(2026, 1, 9) + timedelta(days=rng.randrange(0, 250))
    return agents
