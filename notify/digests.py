"""The five digests, built from metrics readers with the scope of whoever receives them.

- wall: company-wide, the week's new credited five-star reviews (leadership scope: the wall is shared).
- wheel: the month's draw: winner, entrants, draw id and the command that replays it.
- coaching: one per manager, their teams only (`Viewer.manager`): agents below target, weakest
  criterion, weekly trend over the 4 complete weeks before the week's Monday.
- agents: one per agent (`Viewer.agent`): their own new five-star reviews and their QA change.
- compliance: the day's new Regulation F findings and the accounts near a limit at the day's end
  (`metrics.guard.near_limit`, the preventive guard's own rules) (leadership scope).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from metrics.five_stars import five_star_credits
from metrics.guard import near_limit
from metrics.people import agent_names, people
from metrics.periods import Period
from metrics.qa import coaching_flags, coaching_period, criterion_pass_rates, qa_scores
from metrics.scope import Viewer
from metrics.settings import company_timezone, qa_target
from metrics.violations import finding_records
from metrics.wheel import history
from notify.model import Digest, Item, Section, section
from notify.periods import day_period, week_monday, week_period

LEAD = Viewer.leadership()
NO_TEXT = "(a five-star rating without text)"
RULE_LABELS = {
    "frequency": "More than 7 call attempts in 7 days",
    "post_conversation": "Call within 7 days after a conversation",
    "inconvenient_time": "Contact outside 8 am – 9 pm local time",
    "pause": "Contact while the account was paused",
}
BLOCKED_BY = {"frequency": "7 calls in 7 days", "post_conversation": "week after a conversation",
              "inconvenient_time": "outside calling hours", "pause": "account paused"}


def _local(ts: datetime) -> datetime:
    return ts.replace(tzinfo=UTC).astimezone(company_timezone())


def _week_span(label: str) -> str:
    monday = week_monday(label)
    return f"{monday:%d %b} – {monday + timedelta(days=6):%d %b %Y}"


def _stars(n: int | None) -> str:
    return "★" * int(n or 0)


def _review_item(credit: dict, show_names: bool = True) -> Item:
    names = ", ".join(name for _, name in credit["agents"])
    when = f"{_local(credit['created_at']):%a %d %b %Y}"
    title = " · ".join(([names] if show_names else []) + [_stars(credit["star_rating"]), when])
    text = (credit["comment"] or "").strip() or None
    translation = (credit["comment_translation"] or "").strip() or None
    if text is None:
        return Item(title, NO_TEXT)
    return Item(title, text, credit["language"], translation if translation != text else None)


def wall(engine: Engine, period: str) -> Digest:
    """The week's credited five-star reviews, company-wide (insider-flagged and undecided left out)."""
    credits = five_star_credits(engine, LEAD, week_period(period))
    people_n = len({a for c in credits for a, _ in c["agents"]})
    summary = (f"{len(credits)} new five-star review{'s' * (len(credits) != 1)} for {people_n} "
               f"{'person' if people_n == 1 else 'people'}, {_week_span(period)}. Thank you!")
    items = [_review_item(c) for c in credits]
    return Digest("wall", period, f"Five-star wall · week {period}", summary,
                  (section("New five-star reviews", items, "No new five-star reviews this week."),))


def latest_draw_month(engine: Engine) -> str:
    """The month of the most recent draw (the wheel digest's default period)."""
    draws = history(engine, LEAD)
    if not draws:
        raise LookupError("no prize draw is recorded yet: draw with `python -m metrics wheel --month YYYY-MM`")
    return draws[0].month


def wheel(engine: Engine, period: str) -> Digest:
    """The month's prize draw (the latest one recorded for that month)."""
    draws = history(engine, LEAD, period)
    if not draws:
        raise LookupError(f"no prize draw is recorded for {period}: draw with "
                          f"`python -m metrics wheel --month {period}`")
    d = draws[0]
    names = agent_names(engine, [d.winner_agent_id] if d.winner_agent_id else [])
    winner = names.get(d.winner_agent_id, d.winner_agent_id) if d.winner_agent_id else "nobody"
    entries = sum(e.entries for e in d.entrants)
    facts = [("Winner", winner), ("Entrants", f"{len(d.entrants)}"),
             ("Entries", f"{entries} ({'one per five-star review' if d.weighted else 'one per person'})"),
             ("Draw id", str(d.draw_id)), ("Seed", str(d.seed)),
             ("Replay", f"python -m metrics wheel --replay {d.draw_id}")]
    summary = (f"{winner} wins the {period} prize wheel, drawn from {len(d.entrants)} "
               f"entrant{'s' * (len(d.entrants) != 1)} with a credited five-star review. Congratulations!")
    return Digest("wheel", period, f"Prize wheel · {period}", summary,
                  (Section("The draw", (Item(f"Draw {d.draw_id}", facts=tuple(facts)),)),),
                  "Anyone can replay the draw with the command above: same seed, same entrants, same winner.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _fmt(score: float | None) -> str:
    return "–" if score is None else f"{score:.1f}"


def _weekly_scores(engine: Engine, viewer: Viewer, window: Period) -> list[dict[str, float]]:
    first = window.first_day()
    out = []
    for i in range(4):
        week = Period.days(first + timedelta(weeks=i), first + timedelta(weeks=i + 1))
        frame = qa_scores(engine, viewer, week, by="agent")
        out.append(dict(zip(frame["agent"], frame["qa_score"], strict=True)) if not frame.empty else {})
    return out


def _trend(scores: list[float | None]) -> str:
    known = [s for s in scores if s is not None]
    direction = ""
    if len(known) >= 2:
        direction = " (rising)" if known[-1] > known[0] else " (falling)" if known[-1] < known[0] else " (flat)"
    return " · ".join(_fmt(s) for s in scores) + direction


def coaching(engine: Engine, teams: frozenset[str], period: str, agent_id: str | None = None) -> Digest:
    """One manager's coaching list for the week `period`: their teams only."""
    viewer = Viewer.manager(teams, agent_id)
    monday = week_monday(period)
    window = coaching_period(monday)
    target = qa_target()
    flags = coaching_flags(engine, viewer, today=monday, target=target)
    roster = people(engine, viewer)
    info = {r.agent_id: (r.full_name, r.team) for r in roster.itertuples()}
    weekly = _weekly_scores(engine, viewer, window) if not flags.empty else []
    by_team: dict[str, list[Item]] = {t: [] for t in sorted(teams)}
    for flag in flags.itertuples():
        name, team = info.get(flag.agent_id, (flag.agent_id, None))
        crit = criterion_pass_rates(engine, viewer, window, {"agent": (flag.agent_id,)})
        weakest = crit.sort_values(["pass_rate", "criterion"]).iloc[0] if not crit.empty else None
        facts = [("QA score", f"{flag.qa_score:.1f} (target {target:.0f}, {_count(flag.evaluations, 'evaluation')})"),
                 ("Weakest criterion", f"{weakest['criterion']} ({weakest['pass_rate']:.0%} full marks)"
                  if weakest is not None else "–"),
                 ("Trend (weekly)", _trend([w.get(flag.agent_id) for w in weekly]))]
        by_team.setdefault(team or "(no team)", []).append(Item(name, facts=tuple(facts)))
    span = f"{window.first_day():%d %b} – {window.end_day() - timedelta(days=1):%d %b %Y}"
    flagged = len(flags)
    summary = (f"{flagged} agent{'s' * (flagged != 1)} below the QA target of {target:.0f} over {span} "
               "(the last 4 complete weeks), with their weakest criterion and weekly trend.")
    sections = tuple(section(team, items, "Everyone is at or above target.") for team, items in by_team.items())
    return Digest("coaching", period, f"Coaching list · week {period}", summary, sections)


def _qa(engine: Engine, viewer: Viewer, period: Period) -> tuple[float | None, int]:
    frame = qa_scores(engine, viewer, period, by="agent")
    if frame.empty:
        return None, 0
    row = frame.iloc[0]
    return float(row["qa_score"]), int(row["evaluations"])


def agent(engine: Engine, agent_id: str, name: str, period: str) -> Digest | None:
    """One agent's week: their own new five-star reviews and QA change; None when there is nothing."""
    viewer = Viewer.agent(agent_id)
    week = week_period(period)
    credits = five_star_credits(engine, viewer, week)
    score, evaluations = _qa(engine, viewer, week)
    before, _ = _qa(engine, viewer, week.shifted(-7))
    if not credits and not evaluations:
        return None
    change = "–" if score is None or before is None else f"{score - before:+.1f}"
    qa_item = Item("Your QA score", facts=(("This week", f"{_fmt(score)} ({_count(evaluations, 'evaluation')})"),
                                           ("Week before", _fmt(before)), ("Change", change)))
    n = len(credits)
    summary = (f"Hi {name.split()[0] if name else ''}, your week {_week_span(period)}: "
               f"{n} new five-star review{'s' * (n != 1)}, QA {_fmt(score)} ({change}).")
    return Digest("agents", period, f"Your week · {period}", summary, (
        section("Your new five-star reviews", [_review_item(c, show_names=False) for c in credits],
                "No new five-star reviews this week."),
        Section("Quality", (qa_item,)),
    ))


def agent_roster(engine: Engine, period: str) -> list[tuple[str, str, str]]:
    """(agent_id, full_name, email) of agents employed during the week who have an email."""
    roster = people(engine, LEAD)
    monday = week_monday(period)
    out = []
    for r in roster.itertuples():
        if not isinstance(r.email, str) or "@" not in r.email:
            continue
        if (_day(r.end_date) or date.max) < monday or (_day(r.start_date) or date.min) > monday + timedelta(days=6):
            continue
        out.append((r.agent_id, r.full_name, r.email.strip()))
    return out


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _when(utc_text: str | None) -> str:
    if not utc_text:
        return "–"
    return f"{_local(datetime.fromisoformat(utc_text.replace('Z', '+00:00')).replace(tzinfo=None)):%a %d %b %H:%M}"


def _near_limit_items(engine: Engine, at: datetime) -> list[Item]:
    items = []
    for row in near_limit(engine, at):
        facts = [("Calls in 7 days", str(row["calls_in_window"]))]
        if row["conversation_at"]:
            facts.append(("Conversation", _when(row["conversation_at"])))
        facts.append(("Next call allowed", "now" if row["call_allowed_now"]
                      else f"{_when(row['next_call_at'])} ({BLOCKED_BY.get(row['rule'], row['rule'] or '')})"))
        items.append(Item(f"Account {row['account_id']}", facts=tuple(facts)))
    return items


def compliance(engine: Engine, period: str) -> Digest:
    """The day's new Regulation F findings by rule, and the accounts near a limit as the day ends."""
    day = day_period(period)
    findings = finding_records(engine, LEAD, day)
    names = agent_names(engine, [f["agent_id"] for f in findings if f["agent_id"]])
    by_rule: dict[str, list[Item]] = {}
    for f in findings:
        who = names.get(f["agent_id"], f["agent_id"]) if f["agent_id"] else "no agent (dialler or automated message)"
        facts = (("Interaction", f["interaction_id"]), ("Placed by", who),
                 ("Local time", f["local_time"] or "–"))
        by_rule.setdefault(f["rule"], []).append(Item(f"Account {f['account_id']}", facts=facts))
    sections = [section(RULE_LABELS.get(rule, rule), items) for rule, items in by_rule.items()]
    if not sections:
        sections = [Section("Findings", (), "No new findings. Well done.")]
    near = _near_limit_items(engine, day.end)
    sections.append(section(f"Near a limit at {_local(day.end):%a %d %b %H:%M} ({company_timezone().key})", near,
                            "No account is near a limit."))
    n = len(findings)
    summary = (f"{n} new Regulation F finding{'s' * (n != 1)} on {date.fromisoformat(period):%a %d %b %Y}; "
               f"{len(near)} account{'s' * (len(near) != 1)} near a limit as the day ends.")
    return Digest("compliance", period, f"Regulation F · {period}", summary, tuple(sections))
