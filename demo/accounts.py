"""Customers and their accounts (one account per debt): names, phones, emails, timezones, clients."""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo import names
from demo.clock import DAY, WINDOW_END, WINDOW_START
from demo.names import strip_accents

# Population -> (weight, first-name pools by gender, last names).
POPULATIONS = {
    "us": (0.60, names.EN_FEMALE, names.EN_MALE, names.EN_LAST),
    "hispanic": (0.26, names.ES_FEMALE, names.ES_MALE, names.ES_LAST),
    "quebec": (0.05, names.FR_FEMALE, names.FR_MALE, names.FR_LAST),
    "canada": (0.03, names.EN_FEMALE, names.EN_MALE, names.EN_LAST),
    "vietnamese": (0.03, names.VI_GIVEN, names.VI_GIVEN, names.VI_FAMILY),
    "filipino": (0.03, names.PH_FIRST, names.PH_FIRST, names.PH_LAST),
}
US_ZONES = {
    "America/New_York": (0.44, ("212", "718", "305", "404", "617", "215", "313", "704")),
    "America/Chicago": (0.29, ("312", "773", "214", "713", "512", "615", "414")),
    "America/Denver": (0.05, ("303", "720", "505", "801")),
    "America/Phoenix": (0.04, ("602", "480", "520")),
    "America/Los_Angeles": (0.15, ("213", "310", "415", "206", "503", "702", "619")),
    "America/Anchorage": (0.01, ("907",)),
    "Pacific/Honolulu": (0.01, ("808",)),
    "America/Puerto_Rico": (0.01, ("787", "939")),
}
CANADA_ZONES = {
    "America/Toronto": (0.6, ("416", "647", "905", "613")),
    "America/Vancouver": (0.25, ("604", "778")),
    "America/Edmonton": (0.15, ("780", "403")),
}
QUEBEC_ZONES = {"America/Toronto": (1.0, ("514", "438", "450", "418"))}
ABROAD = (
    ("Europe/London", "+4420794600"),
    ("America/Mexico_City", "+525512"),
    ("Asia/Manila", "+63281"),
)
EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example.com")


@dataclass(slots=True)
class Customer:
    """A person who owes one or more debts."""

    first: str
    last: str
    gender: str
    population: str
    language: str
    timezone: str
    phone: str
    email: str

    @property
    def name(self) -> str:
        """The full name as the client sent it."""
        return f"{self.first} {self.last}" if self.population != "vietnamese" else f"{self.last} {self.first}"


@dataclass(slots=True)
class Account:
    """One debt placed with the agency."""

    account_id: str
    customer: int
    client: str
    placed_at: int


def _pick_zone(rng: random.Random, zones: dict[str, tuple[float, tuple[str, ...]]]) -> tuple[str, str]:
    names_ = list(zones)
    zone = rng.choices(names_, weights=[zones[z][0] for z in names_])[0]
    return zone, rng.choice(zones[zone][1])


def _customer(rng: random.Random) -> Customer:
    pops = list(POPULATIONS)
    pop = rng.choices(pops, weights=[POPULATIONS[p][0] for p in pops])[0]
    _, female, male, lasts = POPULATIONS[pop]
    gender = "f" if rng.random() < 0.53 else "m"
    first = rng.choice(female if gender == "f" else male)
    last = rng.choice(lasts)
    if pop == "hispanic" and rng.random() < 0.3:
        last = f"{last} {rng.choice(lasts)}"
    language = "en"
    if pop == "hispanic" and rng.random() < 0.55:
        language = "es"
    elif pop == "quebec" and rng.random() < 0.85:
        language = "fr"
    if pop == "quebec":
        zone, area = _pick_zone(rng, QUEBEC_ZONES)
    elif pop == "canada":
        zone, area = _pick_zone(rng, CANADA_ZONES)
    else:
        zone, area = _pick_zone(rng, US_ZONES)
    phone = f"+1{area}555{rng.randrange(0, 10_000):04d}"
    if rng.random() < 0.006:
        zone, prefix = rng.choice(ABROAD)
        phone = prefix + "".join(str(rng.randrange(10)) for _ in range(12 - len(prefix) + 1))
    email = ""
    if rng.random() < 0.72:
        f, lname = strip_accents(first).lower(), strip_accents(last.split()[0]).lower().replace("'", "")
        local = rng.choice((f"{f}.{lname}", f"{f}{lname}{rng.randrange(1, 99)}", f"{f[0]}{lname}", f"{f}_{lname[0]}"))
        email = f"{local}@{rng.choice(EMAIL_DOMAINS)}"
    return Customer(first, last, gender, pop, language, zone, phone, email)


def build_accounts(rng: random.Random, count: int) -> tuple[list[Customer], list[Account]]:
    """`count` accounts; about 1 in 25 belongs to a customer who already has another debt with us."""
    customers: list[Customer] = []
    accounts: list[Account] = []
    numbers = rng.sample(range(100_000, 100_000 + count * 4), count)
    numbers.sort()
    span = WINDOW_END - 14 * DAY - (WINDOW_START - 75 * DAY)
    for number in numbers:
        if customers and rng.random() < 0.04:
            who = rng.randrange(len(customers))
        else:
            customers.append(_customer(rng))
            who = len(customers) - 1
        canadian = customers[who].population in ("quebec", "canada")
        client = rng.choice(names.CLIENTS_CA if canadian else names.CLIENTS_US)
        placed = WINDOW_START - 75 * DAY + rng.randrange(span)
        accounts.append(Account(f"{number:08d}", who, client, placed))
    return customers, accounts
