"""The attribution rules: mentions and contact history in, links with confidence and evidence out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from attribution.history import Contact, History
from attribution.mentions import Mention
from attribution.roster import KIND_LABEL, KIND_RANK, Roster


@dataclass(frozen=True)
class AttributionConfig:
    """Window and confidence settings; every threshold the rules use lives here."""

    window_days: int = 14
    max_matched_accounts: int = 25
    max_queued_candidates: int = 12
    auto_threshold: float = 0.6
    mention_and_history: float = 0.97
    mention_resolved_by_history: float = 0.93
    mention_confidence: dict[str, float] = field(
        default_factory=lambda: {
            "full": 0.92,
            "preferred": 0.88,
            "alias": 0.88,
            "given": 0.85,
            "surname": 0.8,
            "nickname": 0.78,
            "fuzzy": 0.72,
        }
    )
    credit_named_beside: bool = True
    named_beside_confirmed: float = 0.86
    history_single_agent: float = 0.75
    history_most_recent: float = 0.62
    needs_review: float = 0.5
    insider: float = 0.3


@dataclass(frozen=True)
class Link:
    """One (review, agent) result of the engine."""

    agent_id: str
    status: str
    confidence: float
    method: str
    evidence: str


@dataclass
class Outcome:
    """All links for one review plus the insider flag detail, if raised."""

    links: list[Link]
    insider: str | None = None


def _ago(created_at: datetime, c: Contact) -> str:
    days = (created_at - c.started_at).days
    when = "the same day" if days < 1 else ("1 day before" if days == 1 else f"{days} days before")
    return f"{when} ({c.started_at:%Y-%m-%d})"


def _contact_text(roster: Roster, created_at: datetime, c: Contact) -> str:
    name = roster.agents[c.agent_id].label if c.agent_id in roster.agents else c.agent_id
    return f"customer's {c.channel} with {name} {_ago(created_at, c)}"


def _mention_text(roster: Roster, m: Mention, agent_id: str) -> str:
    kind = m.agents.get(agent_id, "given")
    agent = roster.agents[agent_id]
    where = " in the original" if m.source == "original" else ""
    if kind == "full":
        return f'mentions "{m.surface}"{where} ({agent.label})'
    return f'mentions "{m.surface}"{where} ({KIND_LABEL[kind]} of {agent.label})'


def _eligible(roster: Roster, agent_ids: list[str], created_at: datetime, cfg: AttributionConfig) -> list[str]:
    """Agents who could have served the reviewer: started before the review, not gone before the window."""
    if roster.dated.isdisjoint(agent_ids):
        return agent_ids
    day = created_at.date()
    out = []
    for a in agent_ids:
        agent = roster.agents[a]
        if agent.start_date and agent.start_date > day:
            continue
        if agent.end_date and (day - agent.end_date).days > cfg.window_days:
            continue
        out.append(a)
    return out or agent_ids


def _valid_contacts(roster: Roster, history: History) -> list[Contact]:
    """Contacts by known agents, dropping those after an agent's end date."""
    out = []
    for c in history.contacts:
        agent = roster.agents.get(c.agent_id)
        if agent is None:
            continue
        if agent.end_date and c.started_at.date() > agent.end_date:
            continue
        out.append(c)
    return out


def _weaker_than_dropped(m: Mention, eligible: list[str]) -> bool:
    """The name's strongest reading is an agent who was not employed then: the weaker ones are no answer."""
    if len(eligible) == len(m.agents):
        return False
    best_all = min(KIND_RANK[k] for k in m.agents.values())
    return min(KIND_RANK[m.agents[a]] for a in eligible) > best_all


def _credit_named_beside(
    roster: Roster,
    links: dict[str, Link],
    named: dict[str, Mention],
    confirmed: set[str],
    created_at: datetime,
    cfg: AttributionConfig,
) -> None:
    """Credit an agent named beside one the history confirms ("Both Mason and Liam were wonderful").

    Only an agent the name points at alone, by full, preferred, alias or first name (not a
    diminutive or a near spelling), who was employed on the review's day: the customer's contact
    may have been with the team, or before the window. Everyone else named stays in the queue.
    """
    day = created_at.date()
    helper = ", ".join(sorted(roster.agents[a].label for a in confirmed))
    for agent_id, m in named.items():
        agent = roster.agents[agent_id]
        if agent_id in confirmed or m.agents[agent_id] not in BESIDE_KINDS or not agent.active_on(day):
            continue
        ev = f"{_mention_text(roster, m, agent_id)}, named beside {helper}, who served the customer"
        links[agent_id] = Link(agent_id, "auto", cfg.named_beside_confirmed, "mention", ev)
        for other in m.agents:  # weaker readings of the same name ("Carl" as Charles's diminutive)
            weaker = links.get(other)
            if other != agent_id and other not in confirmed and weaker and weaker.status == "needs_review":
                del links[other]


BESIDE_KINDS = frozenset({"full", "preferred", "alias", "given"})


def decide(
    roster: Roster,
    mentions: list[Mention],
    history: History,
    created_at: datetime,
    cfg: AttributionConfig,
    insider_agents: list[str] | None = None,
) -> Outcome:
    """Combine the mentions and the history of one review into links."""
    contacts = _valid_contacts(roster, history)
    hist = History(history.matched, history.accounts, tuple(contacts))
    hist_agents = hist.agents()
    links: dict[str, Link] = {}

    def put(link: Link) -> None:
        old = links.get(link.agent_id)
        if (
            old is None
            or (old.status != "auto" and link.status == "auto")
            or (old.status == link.status and link.confidence > old.confidence)
        ):
            links[link.agent_id] = link

    unknown = [m for m in mentions if not m.agents]
    resolved_any = False
    confirmed: set[str] = set()  # agents named and found in the history
    named_alone: dict[str, Mention] = {}  # agents named (the only reading of their name) without a contact
    for m in (m for m in mentions if m.agents):
        cands = _eligible(roster, sorted(m.agents), created_at, cfg)
        if m.needs_history and not any(a in hist_agents for a in cands):
            unknown.append(m)  # "Aden", a real name too: only the history could have made it Aiden
            for a in cands[: cfg.max_queued_candidates]:
                ev = f'mentions "{m.surface}" ({KIND_LABEL["fuzzy"]} of {roster.agents[a].label}); not in the history'
                put(Link(a, "needs_review", cfg.needs_review - 0.2, "mention", ev))
            continue
        if _weaker_than_dropped(m, cands):
            cands = cands + [a for a in sorted(m.agents) if a not in cands]  # a stronger reading left before
        # the first strongest kind among the candidates (dict.fromkeys keeps first-seen order, and is quick)
        best_kind = min(dict.fromkeys(map(m.agents.__getitem__, cands)), key=KIND_RANK.__getitem__)
        if len(cands) == 1:
            a = cands[0]
            contact = hist.latest([a])
            if contact:
                ev = f"{_mention_text(roster, m, a)}; {_contact_text(roster, created_at, contact)}"
                put(Link(a, "auto", cfg.mention_and_history, "mention+history", ev))
                confirmed.add(a)
                resolved_any = True
            elif not hist_agents:
                conf = cfg.mention_confidence[m.agents[a]]
                why = "no contact history found" if not hist.matched else "no person contact in the window"
                status = "auto" if conf >= cfg.auto_threshold else "needs_review"
                gone = roster.agents[a].end_date
                if gone and (created_at.date() - gone).days > cfg.window_days:
                    status, conf = "needs_review", cfg.needs_review
                    why += f"; left on {gone:%Y-%m-%d}, before the review"
                put(Link(a, status, conf, "mention", f"{_mention_text(roster, m, a)}; {why}"))
                resolved_any = True
            else:
                other = hist.latest()
                assert other is not None
                ev = (
                    f"{_mention_text(roster, m, a)}, but no contact with them in {cfg.window_days} days; "
                    f"{_contact_text(roster, created_at, other)}"
                )
                put(Link(a, "needs_review", cfg.needs_review, "mention", ev))
                if len(m.agents) == 1:
                    named_alone[a] = m
                put(
                    Link(
                        other.agent_id,
                        "needs_review",
                        cfg.needs_review - 0.1,
                        "history",
                        f"{_contact_text(roster, created_at, other)}, but the review names {m.surface}",
                    )
                )
                resolved_any = True
            continue
        in_hist = [a for a in cands if a in hist_agents]
        if len(in_hist) == 1:
            a = in_hist[0]
            contact = hist.latest([a])
            assert contact is not None
            ev = (
                f"{_mention_text(roster, m, a)}, one of {len(cands)} agents so named; "
                f"{_contact_text(roster, created_at, contact)}"
            )
            put(Link(a, "auto", cfg.mention_resolved_by_history, "mention+history", ev))
            confirmed.add(a)
            resolved_any = True
            continue
        why = (
            f"the customer dealt with {len(in_hist)} of them"
            if in_hist
            else ("no contact history found" if not hist.matched else "history names none of them")
        )
        share = max(cfg.needs_review - 0.1 * (len(cands) - 1), 0.1)
        if len(cands) > cfg.max_queued_candidates:
            names = f"{len(cands)} agents"
        else:
            names = ", ".join(roster.agents[a].label for a in cands)
        for a in (in_hist or cands)[: cfg.max_queued_candidates]:
            ev = f'mentions "{m.surface}" ({KIND_LABEL[best_kind]} shared by {names}); {why}'
            put(Link(a, "needs_review", round(share, 3), "mention", ev))
        ranks = sorted(KIND_RANK[m.agents[a]] for a in cands)
        top = [a for a in cands if KIND_RANK[m.agents[a]] == ranks[0]]
        if not in_hist and len(top) == 1 and ranks[1] > ranks[0]:
            named_alone[top[0]] = m  # "Carl": one agent's first name, another's diminutive
        resolved_any = True

    if confirmed and named_alone and cfg.credit_named_beside:
        _credit_named_beside(roster, links, named_alone, confirmed, created_at, cfg)
    if not resolved_any and contacts and unknown:
        names = ", ".join(sorted({f'"{m.surface}"' for m in unknown}))
        seen: set[str] = set()
        for c in sorted(contacts, key=lambda x: x.started_at, reverse=True):
            if c.agent_id not in seen and len(seen) < cfg.max_queued_candidates:
                seen.add(c.agent_id)
                ev = f"{_contact_text(roster, created_at, c)}, but the review names {names}, not them"
                put(Link(c.agent_id, "needs_review", cfg.needs_review - 0.1, "history", ev))
    elif not resolved_any and contacts:
        groups: dict[str, Contact] = {}
        for c in contacts:
            key = history.accounts.get(c.account_id, c.account_id)
            if key not in groups or c.started_at > groups[key].started_at:
                groups[key] = c
        latest_agents = {c.agent_id for c in groups.values()}
        if len(latest_agents) == 1:
            c = max(groups.values(), key=lambda x: x.started_at)
            single = len(hist_agents) == 1
            conf = cfg.history_single_agent if single else cfg.history_most_recent
            scope = "the only person" if single else "the most recent person"
            ev = f"no agent named; {_contact_text(roster, created_at, c)}, {scope} in {cfg.window_days} days"
            status = "auto" if conf >= cfg.auto_threshold else "needs_review"
            put(Link(c.agent_id, status, conf, "history", ev))
        else:
            for c in groups.values():
                ev = (
                    f"no agent named; reviewer name matches {len(groups)} customers; "
                    f"{_contact_text(roster, created_at, c)}"
                )
                put(Link(c.agent_id, "needs_review", cfg.needs_review - 0.1, "history", ev))

    insider = None
    if insider_agents:
        names = ", ".join(roster.agents[a].full_name for a in insider_agents if a in roster.agents)
        insider = f"reviewer has the same name as agent {names}: possible insider review (16 CFR 465)"
        held = {}
        for a, link in links.items():
            held[a] = Link(
                a, "needs_review", min(link.confidence, cfg.insider), link.method, f"{link.evidence}; held: {insider}"
            )
        links = held
    return Outcome(sorted(links.values(), key=lambda x: (-x.confidence, x.agent_id)), insider)
