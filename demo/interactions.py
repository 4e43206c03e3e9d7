"""A year of contact: each account's journey of messages, calls, voice-AI calls and pauses.

Customers act first (inbound chats, texts, emails, calls); then the agency's outbound calls are
placed in time order under Regulation F (at most 3 placed calls a week, none within 7 days of a
conversation, 09:00-20:00 local, none during a pause); then automated reminders fill the gaps.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field

from demo.accounts import Account, Customer
from demo.clock import DAY, WINDOW_END, WINDOW_START, local_day, local_seconds, local_to_utc
from demo.staffing import AgentPicker

HOUR = 3600
PLAN = ("payment_plan_created", "plan_restarted")
STOP_DIALLING = {"payment_plan_created", "plan_restarted", "paid_in_full", "hardship_support", "dispute_raised"}
AGENT_OUTCOMES = {
    "payment_plan_created": 0.24,
    "payment_made": 0.13,
    "paid_in_full": 0.05,
    "hardship_support": 0.08,
    "dispute_raised": 0.05,
    "callback_requested": 0.07,
    "no_resolution": 0.22,
    "": 0.16,
}
CALL_OUTCOMES = {
    "payment_plan_created": 0.22,
    "payment_made": 0.12,
    "paid_in_full": 0.04,
    "hardship_support": 0.09,
    "dispute_raised": 0.06,
    "callback_requested": 0.13,
    "no_resolution": 0.24,
    "": 0.10,
}
SELF_SERVICE_OUTCOMES = {"payment_made": 0.25, "payment_plan_created": 0.2, "": 0.55}
AI_ALONE_OUTCOMES = {"plan_restarted": 0.35, "payment_made": 0.15, "callback_requested": 0.2, "no_resolution": 0.3}
DIAL = {"answered": 0.2, "no_answer": 0.43, "voicemail": 0.24, "busy": 0.07, "failed": 0.06}
AI_DIAL = {"answered": 0.45, "no_answer": 0.3, "voicemail": 0.2, "busy": 0.03, "failed": 0.02}
PAUSE_REASONS = {
    "hardship_support": ("hardship: lost job", "hardship: medical", "hardship: bereavement", "hardship"),
    "dispute_raised": ("dispute under review", "debt validation requested"),
    "": ("customer asked to stop contact", "cease communication request"),
}


@dataclass(slots=True)
class Call:
    """One call attempt (a calls.csv row before its id is assigned)."""

    ts: int
    end: int
    account: int
    direction: str
    talk: int
    disposition: str
    handled_by: str
    agent_id: str
    handoff_agent_id: str
    outcome: str
    language: str
    call_id: str = ""
    dialled: str = ""  # blank: the account's phone

    @property
    def person(self) -> str:
        """The person who spoke with the customer ('' when none)."""
        return self.agent_id or self.handoff_agent_id


@dataclass(slots=True)
class Message:
    """One email, SMS or chat conversation (a digital.csv row before its id is assigned)."""

    ts: int
    end: int | None
    account: int
    channel: str
    direction: str
    agent_id: str
    outcome: str
    language: str
    interaction_id: str = ""


@dataclass(slots=True)
class Pause:
    """A communication pause the customer asked for."""

    account: int
    start: int
    until: int | None
    reason: str


@dataclass
class Activity:
    """Everything that happened in the year."""

    calls: list[Call] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)


@dataclass(slots=True)
class Consent:
    """A prior consent the customer gave directly (Regulation F): `calls` or `calling_hours`."""

    account: int
    kind: str
    given: int
    until: int | None
    note: str


@dataclass(frozen=True)
class Volume:
    """Knobs that set how busy a size is."""

    p_digital: float = 0.56
    p_call: float = 0.024
    reminders: float = 2.2
    p_dial: float = 0.3
    attempts: int = 6


def _weighted(rng: random.Random, table: dict[str, float]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def at_local(rng: random.Random, tz: str, ts: int, lo: float, hi: float) -> int:
    """A random instant between local hours `lo` and `hi` on the local day of `ts`."""
    return local_to_utc(tz, local_day(tz, ts), int(rng.uniform(lo, hi) * HOUR))


class Journey:
    """One account's year, built event by event."""

    def __init__(self, rng: random.Random, index: int, account: Account, customer: Customer,
                 picker: AgentPicker, volume: Volume, activity: Activity):
        self.rng, self.index, self.account, self.customer = rng, index, account, customer
        self.picker, self.volume, self.activity = picker, volume, activity
        self.tz, self.lang = customer.timezone, customer.language
        self.conversations: list[tuple[int, int]] = []
        self.placed_days: list[int] = []
        self.pause: Pause | None = None
        self.resolved_at = WINDOW_END * 2
        self.plans: list[int] = []
        self.calls: list[Call] = []
        self.messages: list[Message] = []

    def run(self) -> None:
        """Customer first, then outbound calls, then reminders; keep what falls in the year."""
        self._customer_side()
        self._dial()
        self._remind()
        self.activity.calls.extend(c for c in self.calls if WINDOW_START <= c.ts < WINDOW_END)
        self.activity.messages.extend(m for m in self.messages if WINDOW_START <= m.ts < WINDOW_END)
        if self.pause and self.pause.start < WINDOW_END and (self.pause.until or WINDOW_END) > WINDOW_START:
            self.activity.pauses.append(self.pause)

    def _agent(self, ts: int, kind: str) -> str:
        agent = self.picker.pick(self.rng, ts, self.lang, kind)
        return agent.agent_id if agent else ""

    def _after(self, outcome: str, ts: int) -> None:
        """Consequences of an outcome: plans may fail later, paid accounts go quiet, hardship may pause."""
        rng = self.rng
        if outcome in PLAN:
            self.plans.append(ts)
        if outcome == "paid_in_full":
            self.resolved_at = min(self.resolved_at, ts)
        if self.pause is None and (
            (outcome in ("hardship_support", "dispute_raised") and rng.random() < 0.3) or rng.random() < 0.003
        ):
            key = outcome if outcome in PAUSE_REASONS else ""
            until = None if rng.random() < 0.25 else ts + rng.choice((30, 60, 90)) * DAY
            self.pause = Pause(self.index, ts + 60, until, rng.choice(PAUSE_REASONS[key]))

    def _customer_side(self) -> None:
        rng, v = self.rng, self.volume
        t = self.account.placed_at + int(rng.uniform(0.3, 35) * DAY)
        if rng.random() < v.p_digital:
            count = 1 + (rng.random() < 0.45) + (rng.random() < 0.2) + (rng.random() < 0.08)
            for _ in range(count):
                if t >= self.resolved_at:
                    break
                self._inbound_message(at_local(rng, self.tz, t, 7.5, 23))
                t += int(rng.uniform(2, 50) * DAY)
        if rng.random() < v.p_call:
            t = self.account.placed_at + int(rng.uniform(1, 80) * DAY)
            for _ in range(1 + (rng.random() < 0.25)):
                self._inbound_call(at_local(rng, self.tz, t, 8, 20.5))
                t += int(rng.uniform(3, 40) * DAY)

    def _inbound_message(self, ts: int) -> None:
        rng = self.rng
        channel = rng.choices(("chat", "sms", "email"), weights=(0.45, 0.3, 0.25))[0]
        agent = self._agent(ts, "digital") if rng.random() < 0.68 else ""
        if agent:
            outcome = _weighted(rng, AGENT_OUTCOMES)
            span = {"chat": rng.uniform(240, 1500), "sms": rng.uniform(600, 6 * HOUR),
                    "email": rng.uniform(HOUR, 30 * HOUR)}[channel]
        else:
            outcome = _weighted(rng, SELF_SERVICE_OUTCOMES)
            span = rng.uniform(60, 300)
        self.messages.append(Message(ts, ts + int(span), self.index, channel, "inbound", agent, outcome, self.lang))
        self._after(outcome, ts)

    def _inbound_call(self, ts: int) -> None:
        rng = self.rng
        agent = self._agent(ts, "voice") if rng.random() < 0.93 else ""
        if agent:
            talk = int(min(3600, max(45, rng.lognormvariate(6.0, 0.55))))
            outcome = _weighted(rng, CALL_OUTCOMES)
            call = Call(ts, ts + talk + rng.randrange(20, 240), self.index, "inbound", talk, "answered", "agent",
                        agent, "", outcome, self.lang)
            self.conversations.append((ts, local_day(self.tz, ts)))
            self._after(outcome, ts)
        else:
            call = Call(ts, ts + rng.randrange(30, 400), self.index, "inbound", 0, "no_answer", "none", "", "", "",
                        self.lang)
        self.calls.append(call)

    def allowed(self, t: int) -> int | None:
        """The earliest instant at or after `t` an outbound call may be placed, or None."""
        rng, tz = self.rng, self.tz
        for _ in range(60):
            if t >= min(WINDOW_END, self.resolved_at):
                return None
            day, sec = local_day(tz, t), local_seconds(tz, t)
            if sec < 9 * HOUR:
                t = local_to_utc(tz, day, int(rng.uniform(9, 12) * HOUR))
                continue
            if sec >= 20 * HOUR:
                t = local_to_utc(tz, day + 1, int(rng.uniform(9, 12) * HOUR))
                continue
            blocker = next((d for ts, d in self.conversations if ts < t + DAY and d <= day <= d + 6), None)
            if blocker is not None:
                t = local_to_utc(tz, blocker + 7, int(rng.uniform(9.5, 17) * HOUR))
                continue
            week = [d for d in self.placed_days if day - 6 <= d <= day]
            if len(week) >= 3 or day in week:
                t = local_to_utc(tz, min(week) + 7 if len(week) >= 3 else day + 1, int(rng.uniform(9.5, 17) * HOUR))
                continue
            p = self.pause
            if p and p.start - DAY <= t and (p.until is None or t < p.until + DAY):
                if p.until is None:
                    return None
                t = p.until + DAY + int(rng.uniform(0, 2) * DAY)
                continue
            return t
        return None

    def _dial(self) -> None:
        """Place the agency's outbound calls (dialler campaign, voice AI after failed payments) in time order."""
        rng, v = self.rng, self.volume
        queue: list[tuple[int, int, str, int]] = []
        engaged = bool(self.messages) or bool(self.calls)
        if rng.random() < (v.p_dial if not engaged else v.p_dial / 4):
            t = self.account.placed_at + int(rng.uniform(3, 20) * DAY)
            heapq.heappush(queue, (t, 0, "dialler", rng.randint(2, v.attempts)))
        for n, plan in enumerate(self.plans):
            if rng.random() < 0.3:
                heapq.heappush(queue, (plan + int(rng.uniform(14, 45) * DAY), n + 1, "voice_ai", 3))
        seq = len(self.plans) + 1
        while queue:
            want, _, kind, left = heapq.heappop(queue)
            t = self.allowed(want)
            if t is None:
                continue
            if t > want:
                heapq.heappush(queue, (t, seq, kind, left))
                seq += 1
                continue
            call = self._place(t, kind)
            self.calls.append(call)
            if call.disposition != "failed":
                self.placed_days.append(local_day(self.tz, t))
            if call.talk > 0:
                self.conversations.append((t, local_day(self.tz, t)))
                self._after(call.outcome, t)
                if call.outcome in PLAN and rng.random() < 0.3:
                    heapq.heappush(queue, (t + int(rng.uniform(14, 45) * DAY), seq, "voice_ai", 3))
                    seq += 1
                if kind == "voice_ai" or call.outcome in STOP_DIALLING or rng.random() < 0.5:
                    continue
            if left > 1:
                gap = rng.uniform(1.5, 6) if kind == "dialler" else rng.uniform(1, 3)
                heapq.heappush(queue, (t + int(gap * DAY), seq, kind, left - 1))
                seq += 1

    def _place(self, t: int, kind: str) -> Call:
        rng = self.rng
        disposition = _weighted(rng, DIAL if kind == "dialler" else AI_DIAL)
        handled = "none" if kind == "dialler" else "voice_ai"
        agent = self._agent(t, "voice") if kind == "dialler" and disposition == "answered" else ""
        if kind == "dialler" and not agent:
            disposition = "no_answer" if disposition == "answered" else disposition
        if disposition != "answered":
            ring = rng.randrange(15, 45) + (rng.randrange(20, 50) if disposition == "voicemail" else 0)
            return Call(t, t + ring, self.index, "outbound", 0, disposition, handled, "", "", "", self.lang)
        if kind == "dialler":
            talk = int(min(3000, max(30, rng.lognormvariate(5.7, 0.6))))
            outcome = _weighted(rng, CALL_OUTCOMES)
            return Call(t, t + talk + rng.randrange(8, 30), self.index, "outbound", talk, "answered", "agent",
                        agent, "", outcome, self.lang)
        talk = rng.randrange(40, 150)
        handoff = self._agent(t, "voice") if rng.random() < 0.62 else ""
        if handoff:
            talk += int(min(1800, max(90, rng.lognormvariate(5.6, 0.5))))
            if rng.random() < 0.88:
                outcome = "plan_restarted" if rng.random() < 0.919 else "paid_in_full"
            else:
                outcome = rng.choice(("callback_requested", "no_resolution"))
        else:
            outcome = _weighted(rng, AI_ALONE_OUTCOMES)
        return Call(t, t + talk + rng.randrange(5, 20), self.index, "outbound", talk, "answered", "voice_ai", "",
                    handoff, outcome, self.lang)

    def _remind(self) -> None:
        """Automated (and some agent-sent) emails and texts between placement and resolution, never in a pause."""
        rng, c = self.rng, self.customer
        start = self.account.placed_at
        stop = min(self.resolved_at, start + 160 * DAY, WINDOW_END)
        count = 1 + int(rng.expovariate(1 / self.volume.reminders))
        p = self.pause
        for i in range(count):
            t = start + int(rng.uniform(0, 1.5) * DAY) if i == 0 else start + int(rng.uniform(2, 160) * DAY)
            t = at_local(rng, self.tz, t, 9, 20)
            if t >= stop or (p and p.start - DAY <= t and (p.until is None or t < p.until + DAY)):
                continue
            channel = "email" if c.email and rng.random() < 0.55 else "sms"
            agent = self._agent(t, "digital") if i and rng.random() < 0.07 else ""
            self.messages.append(Message(t, None, self.index, channel, "outbound", agent, "", self.lang))


def simulate(rng: random.Random, customers: list[Customer], accounts: list[Account], picker: AgentPicker,
             volume: Volume) -> Activity:
    """Every account's journey (ids are assigned later, by `number`)."""
    activity = Activity()
    for index, account in enumerate(accounts):
        Journey(rng, index, account, customers[account.customer], picker, volume, activity).run()
    return activity


def number(activity: Activity) -> None:
    """Sort by time and assign call and interaction ids in that order."""
    activity.calls.sort(key=lambda c: (c.ts, c.account))
    for n, call in enumerate(activity.calls, 1):
        call.call_id = f"CL{n:08d}"
    activity.messages.sort(key=lambda m: (m.ts, m.account))
    for n, m in enumerate(activity.messages, 1):
        m.interaction_id = f"{m.channel[:2].upper()}{n:08d}"
    activity.pauses.sort(key=lambda p: (p.start, p.account))
    activity.consents.sort(key=lambda c: (c.given, c.account))
