"""A few deliberate Regulation F breaches, so the compliance page has something true to show."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from demo.accounts import Account, Customer
from demo.clock import DAY, WINDOW_END, WINDOW_START, local_day, local_to_utc
from demo.interactions import HOUR, Activity, Call, Message

KINDS = ("frequency", "post_conversation", "inconvenient_time", "pause")


@dataclass
class Breach:
    """One planted violation: its kind and the row that breaks the rule."""

    kind: str
    row: Call | Message


def _miss(rng: random.Random, index: int, ts: int, language: str, placed: bool = True) -> Call:
    """An unanswered dialler attempt; `placed` ones connected (rang or voicemail), others may be busy."""
    disposition = rng.choice(("no_answer", "voicemail") if placed else ("no_answer", "voicemail", "busy"))
    return Call(ts, ts + rng.randrange(20, 60), index, "outbound", 0, disposition, "none", "", "", "", language)


def plant(rng: random.Random, activity: Activity, customers: list[Customer], accounts: list[Account],
          each: int) -> list[Breach]:
    """Add `each` breaches of every kind (the pause kind also gets one outbound text) to quiet accounts."""
    calls_of: dict[int, list[Call]] = defaultdict(list)
    for c in activity.calls:
        calls_of[c.account].append(c)
    paused = {p.account: p for p in activity.pauses}
    order = list(range(len(accounts)))
    rng.shuffle(order)
    quiet = iter(i for i in order if i not in calls_of and i not in paused)
    breaches: list[Breach] = []
    lo, hi = WINDOW_START + 20 * DAY, WINDOW_END - 20 * DAY

    def where(i: int) -> tuple[str, str, int]:
        c = customers[accounts[i].customer]
        return c.timezone, c.language, local_day(c.timezone, rng.randrange(lo, hi))

    for _ in range(each):
        i = next(quiet)
        tz, lang, day = where(i)
        days = [day, day + 1, day + 2, day + 3, day + 3, day + 4, day + 5, day + 6]
        burst = [_miss(rng, i, local_to_utc(tz, d, (10 + 3 * n % 8) * HOUR + rng.randrange(0, 3000)), lang)
                 for n, d in enumerate(days)]
        activity.calls.extend(burst)
        breaches.append(Breach("frequency", burst[-1]))

        i = next(quiet)
        tz, lang, day = where(i)
        late = _miss(rng, i, local_to_utc(tz, day, 21 * HOUR + 30 * 60 + rng.randrange(0, 600)), lang, placed=False)
        activity.calls.append(late)
        breaches.append(Breach("inconvenient_time", late))

    talked = [c for c in activity.calls if c.talk > 0 and lo < c.ts < hi and c.account not in paused]
    rng.shuffle(talked)
    for conv in talked:
        if sum(b.kind == "post_conversation" for b in breaches) == each:
            break
        c = customers[accounts[conv.account].customer]
        ts = local_to_utc(c.timezone, local_day(c.timezone, conv.ts) + 3, 11 * HOUR + rng.randrange(0, 5 * HOUR))
        if any(abs(o.ts - ts) < 12 * DAY for o in calls_of[conv.account] if o is not conv):
            continue
        call = _miss(rng, conv.account, ts, c.language)
        activity.calls.append(call)
        calls_of[conv.account].append(call)
        breaches.append(Breach("post_conversation", call))

    long_pauses = [p for p in activity.pauses
                   if lo < p.start < hi - 15 * DAY and (p.until is None or p.until - p.start >= 25 * DAY)]
    rng.shuffle(long_pauses)
    for n, p in enumerate(long_pauses[:each]):
        c = customers[accounts[p.account].customer]
        ts = local_to_utc(c.timezone, local_day(c.timezone, p.start) + 10, 11 * HOUR + rng.randrange(0, 4 * HOUR))
        if any(o.talk > 0 and ts - 9 * DAY < o.ts < ts for o in calls_of[p.account]):
            continue
        if n == 0:
            text = Message(ts, None, p.account, "sms", "outbound", "", "", c.language)
            activity.messages.append(text)
            breaches.append(Breach("pause", text))
            ts += 2 * DAY
        call = _miss(rng, p.account, ts, c.language, placed=False)
        activity.calls.append(call)
        breaches.append(Breach("pause", call))
    return breaches
