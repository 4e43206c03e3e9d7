"""Write the demo set as the data contract's canonical files (plus the attribution truth sidecar)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from demo.clock import iso

if TYPE_CHECKING:
    from demo.dataset import DemoData

FILES = {
    "agents": "agents.csv",
    "accounts": "accounts.csv",
    "pauses": "pauses.csv",
    "consents": "consents.csv",
    "calls": "calls.csv",
    "digital": "digital.csv",
    "qa": "qa_evaluations.csv",
    "reviews": "reviews.json",
}
TRUTH_FILE = "reviews_truth.csv"
# Past coaching sessions, loaded after the contract files by `python -m metrics coaching import`'s code path.
COACHING_FILE = "coaching_sessions.csv"
COLUMNS = {
    "agents": ("agent_id", "full_name", "preferred_name", "aliases", "email", "team", "site", "country",
               "languages", "start_date", "end_date", "manager_id"),
    "accounts": ("account_id", "customer_name", "phone", "email", "timezone", "client"),
    "pauses": ("account_id", "paused_from", "paused_until", "reason"),
    "consents": ("account_id", "kind", "given_at", "until", "revoked_at", "note"),
    "calls": ("call_id", "account_id", "direction", "started_at", "ended_at", "talk_seconds", "disposition",
              "handled_by", "agent_id", "handoff_agent_id", "outcome", "language", "dialled_number"),
    "digital": ("interaction_id", "account_id", "channel", "direction", "started_at", "ended_at", "agent_id",
                "outcome", "language"),
    "qa": ("evaluation_id", "interaction_id", "agent_id", "evaluator", "evaluated_at", "criterion", "score",
           "max_score", "critical"),
}


def _csv(path: Path, header: Iterable[str], rows: Iterable[Iterable[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
    return path


def _rows(data: DemoData, kind: str) -> Iterable[tuple]:
    ids = [a.account_id for a in data.accounts]
    if kind == "agents":
        return ((a.agent_id, a.full_name, a.preferred_name, ";".join(a.aliases), a.email, a.team, a.site, a.country,
                 ";".join(a.languages), a.start_date.isoformat(), a.end_date.isoformat() if a.end_date else "",
                 a.manager_id) for a in data.agents)
    if kind == "accounts":
        return ((a.account_id, data.customers[a.customer].name, data.customers[a.customer].phone,
                 data.customers[a.customer].email, data.customers[a.customer].timezone, a.client)
                for a in data.accounts)
    if kind == "pauses":
        return ((ids[p.account], iso(p.start), iso(p.until) if p.until else "", p.reason)
                for p in data.activity.pauses)
    if kind == "consents":
        return ((ids[c.account], c.kind, iso(c.given), iso(c.until) if c.until else "", "", c.note)
                for c in data.activity.consents)
    if kind == "calls":
        return ((c.call_id, ids[c.account], c.direction, iso(c.ts), iso(c.end), c.talk, c.disposition, c.handled_by,
                 c.agent_id, c.handoff_agent_id, c.outcome, c.language, c.dialled) for c in data.activity.calls)
    if kind == "digital":
        return ((m.interaction_id, ids[m.account], m.channel, m.direction, iso(m.ts), iso(m.end) if m.end else "",
                 m.agent_id, m.outcome, m.language) for m in data.activity.messages)
    if kind == "qa":
        return ((s.evaluation_id, s.interaction_id, s.agent_id, s.evaluator, iso(s.evaluated_at), s.criterion,
                 s.score, s.max_score, "true" if s.critical else "false") for s in data.scores)
    raise ValueError(kind)


def write(data: DemoData, out_dir: Path) -> dict[str, Path]:
    """Write every file into `out_dir`; kind -> path, in load order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {kind: _csv(out_dir / FILES[kind], COLUMNS[kind], _rows(data, kind)) for kind in COLUMNS}
    reviews = [r.to_json() for r in data.reviews]
    stars = [r.stars for r in data.reviews]
    page = {
        "reviews": reviews,
        "averageRating": round(sum(stars) / len(stars), 1) if stars else 0,
        "totalReviewCount": len(reviews),
    }
    paths["reviews"] = out_dir / FILES["reviews"]
    paths["reviews"].write_text(json.dumps(page, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    truth = ((r.review_id, agent_id) for r in data.reviews for agent_id in r.agents)
    _csv(out_dir / TRUTH_FILE, ("review_id", "agent_id"), truth)
    _csv(out_dir / COACHING_FILE, ("agent_id", "session_date", "criteria", "manager", "notes", "follow_up_on"),
         ((s.agent_id, s.day.isoformat(), ";".join(s.criteria), s.coach_email, s.notes, s.follow_up.isoformat())
          for s in data.sessions))
    return paths
