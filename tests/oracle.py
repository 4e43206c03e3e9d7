"""An independent, plain-pandas reading of METRICS.md over the canonical files.

It shares no code with `metrics/`: it reads the CSV/JSON files as a person with a
spreadsheet would, so agreement with `python -m metrics export` is evidence that
both read the definitions the same way.
"""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

CONVERTED = {"payment_plan_created", "plan_restarted", "paid_in_full", "payment_made"}
RESOLVED = CONVERTED | {"hardship_support"}
STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}


def _csv(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False).replace("", None)


def _utc(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, utc=True, format="ISO8601")


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


def load(folder: Path) -> dict[str, pd.DataFrame]:
    """The demo/hold-out files as typed frames."""
    calls = _csv(folder, "calls.csv")
    calls["started_at"] = _utc(calls["started_at"])
    calls["talk_seconds"] = calls["talk_seconds"].astype(int)
    digital = _csv(folder, "digital.csv")
    digital["started_at"] = _utc(digital["started_at"])
    qa = _csv(folder, "qa_evaluations.csv")
    qa["evaluated_at"] = _utc(qa["evaluated_at"])
    qa["score"] = qa["score"].astype(float)
    qa["max_score"] = qa["max_score"].astype(float)
    qa["critical"] = qa["critical"].fillna("false").str.lower().isin(["true", "1", "yes"])
    pauses = _csv(folder, "pauses.csv")
    pauses["paused_from"] = _utc(pauses["paused_from"])
    pauses["paused_until"] = _utc(pauses["paused_until"])
    raw = json.loads((folder / "reviews.json").read_text(encoding="utf-8"))
    items = raw["reviews"] if isinstance(raw, dict) else raw
    reviews = pd.DataFrame(
        {
            "review_id": [r["reviewId"] for r in items],
            "stars": [STARS.get(r.get("starRating")) for r in items],
            "has_comment": [bool(r.get("comment")) for r in items],
            "created": _utc(pd.Series([r["createTime"] for r in items])),
        }
    )
    return {
        "agents": _csv(folder, "agents.csv"),
        "accounts": _csv(folder, "accounts.csv"),
        "calls": calls,
        "digital": digital,
        "qa": qa,
        "pauses": pauses,
        "reviews": reviews,
    }


def violations(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per (interaction, rule) breaking Regulation F as METRICS.md states it."""
    calls, accounts, pauses = data["calls"].copy(), data["accounts"], data["pauses"]
    zones = dict(zip(accounts["account_id"], accounts["timezone"], strict=True))
    calls["zone"] = calls["account_id"].map(zones).fillna("UTC")
    calls["local"] = None
    for zone, idx in calls.groupby("zone").groups.items():
        calls.loc[idx, "local"] = calls.loc[idx, "started_at"].dt.tz_convert(ZoneInfo(zone)).dt.tz_localize(None)
    calls["day"] = pd.to_datetime(calls["local"]).dt.normalize()
    calls["hour"] = pd.to_datetime(calls["local"]).dt.hour
    calls["placed"] = (calls["direction"] == "outbound") & (calls["disposition"] != "failed")
    out = []
    for _, g in calls.sort_values(["started_at", "call_id"]).groupby("account_id", sort=False):
        rows = list(g.itertuples(index=False))
        for i, call in enumerate(rows):
            if not call.placed:
                continue
            week_start = call.day - pd.Timedelta(days=6)
            if 1 + sum(1 for r in rows[:i] if r.placed and r.day >= week_start) >= 8:
                out.append((call.call_id, "frequency"))
            if any(r.talk_seconds > 0 and r.day >= week_start for r in rows[:i]):
                out.append((call.call_id, "post_conversation"))
            if call.hour < 8 or call.hour >= 21:
                out.append((call.call_id, "inconvenient_time"))
    placed = calls[calls["placed"]][["call_id", "account_id", "started_at"]].rename(columns={"call_id": "id"})
    digital = data["digital"]
    messages = digital[digital["direction"] == "outbound"][["interaction_id", "account_id", "started_at"]]
    outbound = pd.concat([placed, messages.rename(columns={"interaction_id": "id"})])
    during = outbound.merge(pauses, on="account_id")
    during = during[(during["paused_from"] <= during["started_at"])
                    & (during["paused_until"].isna() | (during["started_at"] < during["paused_until"]))]
    out.extend((i, "pause") for i in during["id"].drop_duplicates())
    return pd.DataFrame(out, columns=["call_id", "rule"])


def company(
    data: dict[str, pd.DataFrame], attributions: pd.DataFrame, insider: set[str]
) -> dict[str, float | int | None]:
    """Every export column for the whole company and all time.

    `attributions` is the engine's output (the contract's export); `insider` the
    reviews flagged as possible insider reviews, which count nowhere.
    """
    calls, digital, qa, reviews = data["calls"], data["digital"], data["qa"], data["reviews"]
    reviews = reviews[~reviews["review_id"].isin(insider)]
    engaged_calls = calls[calls["talk_seconds"] > 0]
    engaged_digital = digital[digital["direction"] == "inbound"]
    outcomes = pd.concat([engaged_calls["outcome"], engaged_digital["outcome"]])
    contacts = len(outcomes)
    person = engaged_calls[
        (engaged_calls["handled_by"] == "agent")
        | ((engaged_calls["handled_by"] == "voice_ai") & engaged_calls["handoff_agent_id"].notna())
    ]["talk_seconds"]
    ai = calls[(calls["handled_by"] == "voice_ai") & (calls["talk_seconds"] > 0)]
    all_accounts = set(calls["account_id"]) | set(digital["account_id"])
    engaged_accounts = set(engaged_calls["account_id"]) | set(engaged_digital["account_id"])
    inbound_call_accounts = set(calls[calls["direction"] == "inbound"]["account_id"])
    qa = qa.assign(critical_zero=qa["critical"] & (qa["score"] == 0))
    ev = qa.groupby("evaluation_id").agg(
        agent_id=("agent_id", "first"), s=("score", "sum"), m=("max_score", "sum"), fail=("critical_zero", "any")
    )
    ev["score"] = np.where(ev["fail"], 0.0, 100 * ev["s"] / ev["m"])
    per_agent = ev.groupby("agent_id")["score"].mean()
    counted = attributions[attributions["status"].isin(["auto", "confirmed"])]
    five = reviews[reviews["stars"] == 5]
    credited = set(counted["review_id"])
    five_with_comment = five[five["has_comment"]]
    v = violations(data)
    placed = calls[(calls["direction"] == "outbound") & (calls["disposition"] != "failed")]
    return {
        "contacts": contacts,
        "contacts_voice": len(engaged_calls),
        "contacts_email": int((engaged_digital["channel"] == "email").sum()),
        "contacts_sms": int((engaged_digital["channel"] == "sms").sum()),
        "contacts_chat": int((engaged_digital["channel"] == "chat").sum()),
        "digital_voice_ratio": _ratio(engaged_digital["account_id"].nunique(), len(inbound_call_accounts)),
        "engagement_rate": _ratio(len(engaged_accounts), len(all_accounts)),
        "conversion_rate": _ratio(int(outcomes.isin(CONVERTED).sum()), contacts),
        "resolution_rate": _ratio(int(outcomes.isin(RESOLVED).sum()), contacts),
        "avg_talk_seconds": float(person.mean()) if len(person) else None,
        "median_talk_seconds": float(person.median()) if len(person) else None,
        "voice_ai_handoff_rate": _ratio(int(ai["handoff_agent_id"].notna().sum()), len(ai)),
        "qa_score": float(ev["score"].mean()) if len(ev) else None,
        "at_target_share": _ratio(int((per_agent >= 90).sum()), len(per_agent)),
        "reviews": len(reviews),
        "avg_rating": float(reviews["stars"].dropna().mean()),
        "five_star_reviews": int(five["review_id"].isin(credited).sum()),
        "attribution_coverage": _ratio(int(five_with_comment["review_id"].isin(credited).sum()),
                                       len(five_with_comment)),
        "compliance_rate": _ratio(len(placed) - int(placed["call_id"].isin(v["call_id"]).sum()), len(placed)),
        "violations_frequency": int((v["rule"] == "frequency").sum()),
        "violations_post_conversation": int((v["rule"] == "post_conversation").sum()),
        "violations_inconvenient_time": int((v["rule"] == "inconvenient_time").sum()),
        "violations_pause": int((v["rule"] == "pause").sum()),
    }
