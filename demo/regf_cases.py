"""Regulation F situations that are not breaches, so the Compliance page has consents, a wrong number and
busy calls to show — and one breach whose evidence lists the consent the conversation ended.

Each case uses its own quiet US account (no calls, no pause) and stays clear of every other rule:
- a `calls` consent covering nine calls in a day (comment 14(b)(3)(i)-2);
- a consent ended by the telephone conversation on the call back, then a call two days later: a planted
  `post_conversation` breach (comment 14(b)(3)(i)-2);
- calls to a number that turns out to be someone else's, then seven calls to the right one (14(b)(2)(i)-3);
- seven connected calls and three busy ones in a week (comment 14(b)(3)(ii)-1);
- a `calling_hours` consent and a call at 21:30 (§1006.6(b)(4)(i)).
"""

from __future__ import annotations

import random

from demo.accounts import Account, Customer
from demo.breaches import Breach
from demo.clock import DAY, WINDOW_END, WINDOW_START, local_day, local_to_utc
from demo.interactions import HOUR, Activity, Call, Consent

US_AREAS = ("212", "718", "312", "773", "213", "310", "303", "602")


def _call(account: int, ts: int, language: str, disposition: str = "no_answer", talk: int = 0,
          dialled: str = "") -> Call:
    handled = "voice_ai" if talk else "none"
    return Call(ts, ts + max(talk, 25), account, "outbound", talk, disposition, handled, "", "",
                "callback_requested" if talk and disposition == "answered" else "", language, dialled=dialled)


def add_cases(rng: random.Random, activity: Activity, customers: list[Customer], accounts: list[Account],
              each: int) -> list[Breach]:
    """Add `each` of every case; returns the planted breaches (one per consent-ended-by-conversation case)."""
    busy_accounts = {c.account for c in activity.calls} | {p.account for p in activity.pauses}
    order = list(range(len(accounts)))
    rng.shuffle(order)
    quiet = iter(i for i in order if i not in busy_accounts
                 and customers[accounts[i].customer].phone[2:5] in US_AREAS)
    lo, hi = WINDOW_START + 30 * DAY, WINDOW_END - 30 * DAY
    breaches: list[Breach] = []

    def at(tz: str, day: int, hour: float) -> int:
        return local_to_utc(tz, day, int(hour * HOUR) + rng.randrange(0, 600))

    for _ in range(each):
        i = next(quiet)
        c = customers[accounts[i].customer]
        tz, lang, day = c.timezone, c.language, local_day(c.timezone, rng.randrange(lo, hi))
        activity.consents.append(Consent(i, "calls", at(tz, day, 9), None, "asked for more calls today"))
        activity.calls.extend(_call(i, at(tz, day, 10 + h), lang) for h in range(9))

        i = next(quiet)
        c = customers[accounts[i].customer]
        tz, lang, day = c.timezone, c.language, local_day(c.timezone, rng.randrange(lo, hi))
        activity.consents.append(Consent(i, "calls", at(tz, day, 9), None, "call me back tomorrow"))
        activity.calls.append(_call(i, at(tz, day + 1, 11), lang, "answered", 180))
        late = _call(i, at(tz, day + 3, 12), lang, "voicemail")
        activity.calls.append(late)
        breaches.append(Breach("post_conversation", late))

        i = next(quiet)
        c = customers[accounts[i].customer]
        tz, lang, day = c.timezone, c.language, local_day(c.timezone, rng.randrange(lo, hi))
        wrong = c.phone[:-4] + f"{(int(c.phone[-4:]) + 1 + rng.randrange(9000)) % 10_000:04d}"
        activity.calls.extend(_call(i, at(tz, day + d, 11), lang, dialled=wrong) for d in range(3))
        activity.calls.append(_call(i, at(tz, day + 3, 11), lang, "wrong_number", 25, dialled=wrong))
        activity.calls.extend(_call(i, at(tz, day + 3 + d // 2, 13 + 3 * (d % 2)), lang) for d in range(7))

        i = next(quiet)
        c = customers[accounts[i].customer]
        tz, lang, day = c.timezone, c.language, local_day(c.timezone, rng.randrange(lo, hi))
        activity.calls.extend(_call(i, at(tz, day + d, 10), lang, rng.choice(("no_answer", "voicemail")))
                              for d in range(7))
        activity.calls.extend(_call(i, at(tz, day + 6, 12 + h), lang, "busy") for h in range(3))

        i = next(quiet)
        c = customers[accounts[i].customer]
        tz, lang, day = c.timezone, c.language, local_day(c.timezone, rng.randrange(lo, hi))
        activity.consents.append(Consent(i, "calling_hours", at(tz, day, 12), at(tz, day + 30, 12),
                                         "works days; call in the evening"))
        activity.calls.append(_call(i, local_to_utc(tz, day + 1, 21 * HOUR + 30 * 60), lang, "voicemail"))
    return breaches
