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
import phonenumbers
from phonenumbers import timezone as phone_timezone

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
    consents = _csv(folder, "consents.csv") if (folder / "consents.csv").exists() else pd.DataFrame(
        columns=["account_id", "kind", "given_at", "until", "revoked_at"])
    for column in ("given_at", "until", "revoked_at"):
        consents[column] = _utc(consents[column])
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
        "consents": consents,
        "reviews": reviews,
    }


PLACED = {"answered", "no_answer", "voicemail"}


def _zone_name(name: object) -> str | None:
    try:
        ZoneInfo(str(name))
    except Exception:
        return None
    return str(name) if name else None


def _area_zones(number: object) -> list[str]:
    """Zones of a number's area code; none for toll-free, invalid or country-level-only numbers."""
    if not isinstance(number, str) or not number:
        return []
    try:
        n = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return []
    kind = phonenumbers.number_type(n)
    if not phonenumbers.is_valid_number(n) or kind not in (phonenumbers.PhoneNumberType.FIXED_LINE,
                                                           phonenumbers.PhoneNumberType.MOBILE,
                                                           phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        return []
    zones = list(phone_timezone.time_zones_for_geographical_number(n))
    if zones == list(phone_timezone._country_level_time_zones_for_number(n)) or zones == ["Etc/Unknown"]:
        return []
    return zones


def _late(ts: pd.Timestamp, zones: list[str]) -> bool:
    hours = [ts.tz_convert(ZoneInfo(z)).hour for z in zones]
    return any(h < 8 or h >= 21 for h in hours)


def _consented(i: int, rows: list, day: list, talk: list[bool], mine: pd.DataFrame, tz: ZoneInfo) -> bool:
    """Call i was placed under a `calls` consent: given before it, day 1..7, not ended by until,
    revocation or a telephone conversation since."""
    t = rows[i].started_at
    for k in mine.itertuples(index=False):
        if not k.given_at <= t:
            continue
        within_week = (day[i] - k.given_at.tz_convert(tz).date()).days <= 6
        open_ = (pd.isna(k.until) or t < k.until) and (pd.isna(k.revoked_at) or t < k.revoked_at)
        talked_since = any(talk[j] and rows[j].started_at > k.given_at for j in range(i))
        if within_week and open_ and not talked_since:
            return True
    return False


def violations(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per (interaction, rule) breaking Regulation F as METRICS.md states it.

    Deliberately brute force: every call looks back over all earlier calls of its account.
    """
    accounts, pauses, consents = data["accounts"], data["pauses"], data["consents"]
    tz_of = {a: _zone_name(z) for a, z in zip(accounts["account_id"], accounts["timezone"], strict=True)}
    phone_of = dict(zip(accounts["account_id"], accounts["phone"], strict=True)) if "phone" in accounts else {}
    calls = data["calls"]
    if "dialled_number" not in calls:
        calls = calls.assign(dialled_number=None)
    out: list[tuple[str, str]] = []

    def paused(acc: str, ts: pd.Timestamp) -> bool:
        p = pauses[pauses["account_id"] == acc]
        return bool(((p["paused_from"] <= ts) & (p["paused_until"].isna() | (ts < p["paused_until"]))).any())

    def hours_consent(acc: str, ts: pd.Timestamp) -> bool:
        k = consents[(consents["account_id"] == acc) & (consents["kind"] == "calling_hours")]
        return bool(((k["given_at"] <= ts) & (k["until"].isna() | (ts < k["until"]))
                     & (k["revoked_at"].isna() | (ts < k["revoked_at"]))).any())

    def zones_for(acc: str, dialled: object) -> list[str]:
        phone = phone_of.get(acc)
        found = ([tz_of[acc]] if tz_of.get(acc) else []) + _area_zones(phone) + _area_zones(dialled or phone)
        return list(dict.fromkeys(found)) or ["UTC"]

    for acc, g in calls.sort_values(["started_at", "call_id"]).groupby("account_id", sort=False):
        tz = ZoneInfo(tz_of.get(acc) or "UTC")
        rows = list(g.itertuples(index=False))
        day = [r.started_at.tz_convert(tz).date() for r in rows]
        num = [r.dialled_number or phone_of.get(acc) or "" for r in rows]
        wrong = [any(rows[j].disposition == "wrong_number" and num[j] == num[i] for j in range(i, len(rows)))
                 for i in range(len(rows))]
        talk = [rows[i].talk_seconds > 0 and rows[i].disposition not in ("wrong_number", "voicemail")
                and not wrong[i] for i in range(len(rows))]
        mine = consents[(consents["account_id"] == acc) & (consents["kind"] == "calls")]

        counted = [r.direction == "outbound" and r.disposition in PLACED and not wrong[i]
                   and not _consented(i, rows, day, talk, mine, tz)
                   for i, r in enumerate(rows)]
        for i, r in enumerate(rows):
            if r.direction != "outbound":
                continue
            if counted[i]:
                same_week = [j for j in range(i + 1) if counted[j] and (day[i] - day[j]).days <= 6]
                if len(same_week) >= 8:
                    out.append((r.call_id, "frequency"))
                if any(talk[j] and (day[i] - day[j]).days <= 6 for j in range(i)):
                    out.append((r.call_id, "post_conversation"))
            if _late(r.started_at, zones_for(acc, r.dialled_number)) and not hours_consent(acc, r.started_at):
                out.append((r.call_id, "inconvenient_time"))
            if paused(acc, r.started_at):
                out.append((r.call_id, "pause"))
    digital = data["digital"]
    for m in digital[digital["direction"] == "outbound"].itertuples(index=False):
        if _late(m.started_at, zones_for(m.account_id, None)) and not hours_consent(m.account_id, m.started_at):
            out.append((m.interaction_id, "inconvenient_time"))
        if paused(m.account_id, m.started_at):
            out.append((m.interaction_id, "pause"))
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
    placed = calls[(calls["direction"] == "outbound") & calls["disposition"].isin(PLACED)]
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
