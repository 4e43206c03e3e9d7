"""Reading stored Regulation F findings: the listing and per-group counts."""

from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, Engine, FromClause, String, case, func, select, type_coerce

from metrics import dimensions
from metrics.dimensions import Filters, Key
from metrics.facts import const
from metrics.periods import Period
from metrics.rollups.compliance import RULES
from metrics.scope import Viewer
from sql.dialect import day_of
from sql.schema import metrics_violations

FINDING_COLUMNS = ["interaction_id", "account_id", "rule", "started_at", "local_time", "agent_id", "evidence"]


def _cols() -> dict:
    v = metrics_violations.c
    return dimensions.columns(v.agent_key, v.channel, v.language, v.month, day_of(v.started_at))


def _from(by: str, filters: Filters | None, viewer: Viewer) -> FromClause:
    return dimensions.with_roster(metrics_violations, metrics_violations.c.agent_key, by, filters, viewer)


def violation_counts(
    conn: Connection, viewer: Viewer, period: Period, by: str = "company", filters: Filters | None = None
) -> dict[Key, dict[str, int]]:
    """Per group: placed calls with any violation (`violating_calls`) and violations per rule."""
    dimensions.check_dimension(by)
    v = metrics_violations.c
    cols = _cols()
    dim = cols[by]
    measures = [
        func.count(func.distinct(case(((v.source == const("call")) & v.placed, v.interaction_id)))).label(
            "violating_calls"),
        *[func.sum(case((v.rule == rule, 1), else_=0)).label(rule) for rule in RULES],
    ]
    q = (
        select(*([dim.label("key")] if dim is not None else []), *measures)
        .select_from(_from(by, filters, viewer))
        .where(period.on_timestamp(v.started_at), dimensions.where(cols, filters, viewer))
    )
    if dim is not None:
        q = q.group_by(dim)
    out: dict[Key, dict[str, int]] = {}
    for row in conn.execute(q).mappings():
        values = dict(row)
        k = dimensions.key(values.pop("key")) if dim is not None else None
        if dim is None and not values["violating_calls"] and not any(values[r] for r in RULES):
            continue
        out[k] = {n: int(x or 0) for n, x in values.items()}
    return out


def finding_records(
    engine: Engine, viewer: Viewer, period: Period | None = None, filters: Filters | None = None
) -> list[dict]:
    """One dict per violation: interaction_id, account_id, rule, started_at (naive UTC), local_time, agent_id,
    evidence (a dict: what the finding rests on, see `metrics.rollups.regf`).

    `agent_id` is who placed the interaction: the agent, `voice_ai`, or None (automated message).
    """
    period = period or Period.all()
    v = metrics_violations.c
    rule_order = case(*[(v.rule == r, i) for i, r in enumerate(RULES)], else_=len(RULES))
    # started_at as the driver returns it (text on SQLite): parsing it here is several times
    # cheaper than the generic result processor, and the listing can be long.
    q = (
        select(v.interaction_id, v.account_id, v.rule, type_coerce(v.started_at, String), v.local_time,
               v.placed_by, v.evidence)
        .select_from(_from("agent", filters, viewer))
        .where(period.on_timestamp(v.started_at), dimensions.where(_cols(), filters, viewer))
        .order_by(v.started_at, v.interaction_id, rule_order)
    )
    with engine.connect() as conn:
        rows = conn.execute(q).all()
    return [
        {"interaction_id": i, "account_id": a, "rule": rule,
         "started_at": t if isinstance(t, datetime) else datetime.fromisoformat(t), "local_time": local,
         "agent_id": placed or None, "evidence": json.loads(evidence) if evidence else {}}
        for i, a, rule, t, local, placed, evidence in rows
    ]


def compliance_findings(
    engine: Engine, viewer: Viewer, period: Period | None = None, filters: Filters | None = None
) -> pd.DataFrame:
    """The violations as a frame (see `finding_records`), in time order."""
    return pd.DataFrame(finding_records(engine, viewer, period, filters), columns=FINDING_COLUMNS)


def explain(rule: str, evidence: dict) -> tuple[str, pd.DataFrame]:
    """A finding's evidence for a person: one sentence, and the rows it rests on (calls, zones, consents)."""
    consents = pd.DataFrame(evidence.get("consents", []))
    if not evidence:
        return "No evidence stored (run `python -m metrics refresh`).", pd.DataFrame()
    if rule == "frequency":
        first, last = evidence["window"]
        calls = evidence["calls"]
        text = f"{len(calls)} counted calls in the 7 days {first} to {last} (local); the limit is 7."
        rows = pd.DataFrame(calls).assign(what="call in the window")
    elif rule == "post_conversation":
        conv = evidence["conversation"]
        text = (f"Placed on day {evidence['day_of_window']} of the 7 days that start with the telephone "
                f"conversation {conv['call_id']} ({conv['local_time']}).")
        rows = pd.DataFrame([conv]).assign(what="conversation")
    elif rule == "inconvenient_time":
        times = evidence["local_times"]
        text = "Before 08:00 or from 21:00 in at least one of the consumer's zones: " + ", ".join(
            f"{z} {t[11:16]}" for z, t in times.items()) + "."
        rows = pd.DataFrame({"what": "local time", "zone": list(times), "local_time": list(times.values())})
    elif rule == "pause":
        p = evidence["pause"]
        text = f"During the communication pause from {p['from']} to {p['until'] or '(open-ended)'}."
        rows = pd.DataFrame([{"what": "pause", "from": p["from"], "until": p["until"]}])
    else:
        return rule, pd.DataFrame()
    if not consents.empty:
        text += f" Consents considered: {len(consents)} (none covered this contact)."
        rows = pd.concat([rows, consents.assign(what="consent considered")], ignore_index=True)
    return text, rows[["what", *[c for c in rows.columns if c != "what"]]]
