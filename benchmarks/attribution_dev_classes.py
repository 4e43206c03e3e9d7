"""Development cases for the failure classes of the outside hold-out (issue #13), on the development roster.

Part of the DEVELOPMENT set: the fixes for these classes are designed on these reviews (and the
rest of `attribution_data.py`), never on the evaluation set. Same names, templates and
conventions as the development generator; the classes are the ones the hold-out showed:
namesake account holders, place names and lists of names, another person with an agent's
first name, a named person who is not the history candidate, several agents named, titles.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from benchmarks.attribution_data import (
    BASE,
    EN_FIRST_F,
    EN_FIRST_M,
    EN_LAST,
    NO_NAME,
    PRAISE,
    Builder,
    Dataset,
    compose,
)

PLACES = ["Sydney", "Austin", "Jordan", "Dallas", "Savannah", "Phoenix", "Denver", "Chelsea", "Charlotte"]
PLACE_SENTENCES = [
    "I called the {p} branch and they sorted it.",
    "{p}, {q}, {r}: I have owed money in every one of them.",
    "We relocated to {p} and they were still easy to reach.",
    "Their people in {p} know what they are doing.",
    "I drove through {p} and {q} on the day I finally paid it off.",
    "Phoning from {p}, no problems at all.",
]
STRANGERS = ["Ezekiel", "Philippa", "Rupert", "Winifred", "Augustin", "Magdalena", "Cornelia", "Leopold"]
OTHER_SURNAMES = ["Hargreaves", "Stallworth", "Pemberton", "Quayle", "Ridgeway", "Oakes"]


def generate_classes(seed: int = 11, rounds: int = 24) -> Dataset:
    """`rounds` reviews of each hold-out failure class, on a development-style roster and population."""
    rng = random.Random(seed)
    b = Builder(rng, "D")
    firsts = rng.sample(EN_FIRST_F + EN_FIRST_M, 50)
    regular = [(b.agent(f"{f} {rng.choice(EN_LAST)}"), f) for f in firsts[:40]]
    places = [(b.agent(f"{p} {rng.choice(EN_LAST)}"), p) for p in PLACES]
    left = b.agent(f"{firsts[40]} {rng.choice(EN_LAST)}", end=date(2025, 6, 30))
    rows = {a["agent_id"]: a for a in b.ds.agents}
    n = 0

    def customer(name: str | None = None) -> tuple[str, str]:
        nonlocal n
        n += 1
        name = name or f"{rng.choice(EN_FIRST_F + EN_FIRST_M)} {rng.choice(EN_LAST)}x{n}"
        return b.customer(name), name

    def served(agent: str, at, name: str | None = None) -> tuple[str, str]:
        acc, name = customer(name)
        b.contact(acc, agent, at - timedelta(days=rng.uniform(0.5, 12)))
        return acc, name

    for i in range(rounds):
        at = BASE + timedelta(days=i * 5, hours=rng.randint(0, 8))
        # namesakes: two to three holders of one name, served by different agents (or the same)
        name = f"{rng.choice(EN_FIRST_F)} {rng.choice(EN_LAST)}"
        accs = [customer(name)[0] for _ in range(rng.randint(2, 3))]
        (a, f), other = rng.choice(regular), rng.choice(regular)[0]
        mode = i % 3
        for k, acc in enumerate(accs):
            b.contact(acc, a if k == 0 or mode == 2 else other, at - timedelta(days=rng.uniform(0.5, 10)))
        if mode == 0 and other != a:
            b.review("dev_namesakes", name, compose(rng, rng.choice(NO_NAME) or "Good."), at, [], True)
        elif mode == 1:
            b.review("dev_namesakes", name, compose(rng, rng.choice(PRAISE).format(n=f)), at, [a])
        else:
            b.review("dev_namesakes", name, compose(rng, rng.choice(NO_NAME) or "Good."), at, [a])
        # place names and lists of places
        a, _ = rng.choice(regular)
        p, q, r = rng.sample(PLACES, 3)
        text = compose(rng, rng.choice(PLACE_SENTENCES).format(p=p, q=q, r=r))
        b.review("dev_place_names", served(a, at)[1], text, at, [a])
        # a person with an agent's first name and another surname; a stranger named; a typo of someone else
        a, _ = rng.choice(regular)
        _, of = rng.choice(regular)
        text = rng.choice(
            [
                f"{of} {rng.choice(OTHER_SURNAMES)} runs a decent company.",
                f"Shout out to {of} {rng.choice(OTHER_SURNAMES)} for starting this place.",
                f"My neighbour {of} told me they were fair.",
            ]
        )
        b.review("dev_other_person", served(a, at)[1], compose(rng, text + " " + rng.choice(NO_NAME)), at, [a])
        if i % 2 == 0:
            a, _ = rng.choice(regular)
            stranger = rng.choice(STRANGERS)
            text = rng.choice(["{n} was a gem.", "Thank you {n}!", "I talked with {n} for an hour."]).format(n=stranger)
            b.review("dev_named_not_history", served(a, at)[1], compose(rng, text), at, [], True)
        # several agents: the second without a contact in the window
        (a1, n1), (a2, n2) = rng.sample(regular, 2)
        text = rng.choice(["{a} and {b} both helped.", "Thanks {a} and {b}.", "{a} then {b} sorted it out."])
        b.review("dev_several_agents", served(a1, at)[1], compose(rng, text.format(a=n1, b=n2)), at, [a1, a2])
        # title and surname, full names, a departed agent's name
        a, _ = rng.choice(regular)
        last = rows[a]["full_name"].split()[-1]
        shared = sum(r["full_name"].endswith(" " + last) for r in b.ds.agents) > 1
        text = rng.choice(PRAISE).format(n=rng.choice(["Mr.", "Ms."]) + " " + last)
        acc, who = served(a, at) if shared else (None, customer()[1])
        b.review("dev_title_surname", who, compose(rng, text), at, [a])
        if i % 4 == 0:
            f = rows[left]["full_name"].split()[0]
            b.review("dev_departed", customer()[1], compose(rng, rng.choice(PRAISE).format(n=f)), at, [], True)
        # place-named agents used as people
        a, p = rng.choice(places)
        b.review("dev_place_as_person", customer()[1], compose(rng, rng.choice(PRAISE).format(n=p)), at, [a])
    return b.ds
