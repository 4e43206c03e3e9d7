"""Who picks up: agents employed on the day, speaking the customer's language, weighted by channel."""

from __future__ import annotations

import random
from itertools import accumulate

from demo.clock import DAY, WINDOW_END, WINDOW_START, to_date
from demo.roster import Agent

LANGUAGES = ("en", "es", "fr")
KINDS = ("voice", "digital")


class AgentPicker:
    """Weighted choice of a handling agent per (day, language, channel kind), precomputed for the year."""

    def __init__(self, agents: list[Agent]):
        self._first_day = WINDOW_START // DAY - 200
        self._pools: list[dict[tuple[str, str], tuple[list[Agent], list[float]]]] = []
        for day in range(self._first_day, WINDOW_END // DAY + 1):
            today = to_date(day)
            working = [a for a in agents if a.employed_on(today)]
            pools = {}
            for lang in LANGUAGES:
                for kind in KINDS:
                    people, weights = [], []
                    for a in working:
                        if lang not in a.languages:
                            continue
                        w = a.voice_weight if kind == "voice" else a.digital_weight
                        if lang == "en" and a.languages[0] != "en":
                            w *= 0.5
                        if w > 0:
                            people.append(a)
                            weights.append(w)
                    pools[(lang, kind)] = (people, list(accumulate(weights)))
            self._pools.append(pools)

    def pick(self, rng: random.Random, ts: int, language: str, kind: str) -> Agent | None:
        """An agent for an interaction at `ts`, or None when nobody suitable works that day."""
        index = min(max(ts // DAY - self._first_day, 0), len(self._pools) - 1)
        people, cum = self._pools[index].get((language, kind), ((), ()))
        if not people:
            return None
        return rng.choices(people, cum_weights=cum)[0]
