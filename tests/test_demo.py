"""The demo data set: deterministic, exactly the contract's files, realistic, and loadable with zero rejects."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import phonenumbers
import pytest
from phonenumbers import timezone as phone_timezone
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from demo import DemoData, build, generate
from demo.clock import DAY
from demo.review_kinds import NAMING_STYLES
from demo.writer import write
from pipeline.demo_command import LOAD_ORDER, load_demo
from sql.schema import calls, digital, ingest_runs, qa_evaluations, reviews

CONTRACT_COLUMNS = {
    "agents": ["agent_id", "full_name", "preferred_name", "aliases", "email", "team", "site", "country", "languages",
               "start_date", "end_date", "manager_id"],
    "accounts": ["account_id", "customer_name", "phone", "email", "timezone", "client"],
    "pauses": ["account_id", "paused_from", "paused_until", "reason"],
    "consents": ["account_id", "kind", "given_at", "until", "revoked_at", "note"],
    "calls": ["call_id", "account_id", "direction", "started_at", "ended_at", "talk_seconds", "disposition",
              "handled_by", "agent_id", "handoff_agent_id", "outcome", "language", "dialled_number"],
    "digital": ["interaction_id", "account_id", "channel", "direction", "started_at", "ended_at", "agent_id",
                "outcome", "language"],
    "qa": ["evaluation_id", "interaction_id", "agent_id", "evaluator", "evaluated_at", "criterion", "score",
           "max_score", "critical"],
}
FILE_NAMES = {"agents": "agents.csv", "accounts": "accounts.csv", "pauses": "pauses.csv",
              "consents": "consents.csv", "calls": "calls.csv",
              "digital": "digital.csv", "qa": "qa_evaluations.csv", "reviews": "reviews.json"}
OUTCOMES = {"", "payment_plan_created", "plan_restarted", "paid_in_full", "payment_made", "hardship_support",
            "dispute_raised", "callback_requested", "no_resolution"}
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
E164 = re.compile(r"^\+[1-9]\d{1,14}$")


@pytest.fixture(scope="module")
def data() -> DemoData:
    """The small demo set for seed 7 in memory, with its metadata."""
    return build(seed=7, size="small")


@pytest.fixture(scope="module")
def demo_dir(data: DemoData, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """The same set written once for the module."""
    out = tmp_path_factory.mktemp("demo")
    return out, write(data, out)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The tiny set for seed 7 (same code paths, a tenth of the rows) for end-to-end loads."""
    return generate(tmp_path_factory.mktemp("tiny"), seed=7, size="tiny")


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tiny_dir, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", seed=7, size="tiny")
    for kind, path in tiny_dir.items():
        assert path.read_bytes() == again[kind].read_bytes(), kind
    truth = "reviews_truth.csv"
    assert (tiny_dir["calls"].parent / truth).read_bytes() == (tmp_path / "again" / truth).read_bytes()
    other = generate(tmp_path / "other", seed=8, size="tiny")
    assert other["calls"].read_bytes() != tiny_dir["calls"].read_bytes()
    assert other["reviews"].read_bytes() != tiny_dir["reviews"].read_bytes()


def test_files_are_exactly_the_contracts(demo_dir) -> None:
    out, paths = demo_dir
    assert list(paths) == list(LOAD_ORDER)
    assert {k: p.name for k, p in paths.items()} == FILE_NAMES
    for kind, columns in CONTRACT_COLUMNS.items():
        with paths[kind].open(encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == columns, kind
    assert (out / "reviews_truth.csv").read_text(encoding="utf-8").splitlines()[0] == "review_id,agent_id"


def test_values_respect_the_contract(demo_dir) -> None:
    _, paths = demo_dir
    agents = _read(paths["agents"])
    agent_ids = {a["agent_id"] for a in agents}
    assert len(agent_ids) == len(agents)
    assert all(a["manager_id"] in agent_ids for a in agents if a["manager_id"])
    assert all(re.fullmatch(r"[a-z]{2}(;[a-z]{2})*", a["languages"]) for a in agents)

    accounts = _read(paths["accounts"])
    account_ids = {a["account_id"] for a in accounts}
    assert len(account_ids) == len(accounts) and any(i.startswith("0") for i in account_ids)
    zones = available_timezones()
    assert all(E164.match(a["phone"]) and a["timezone"] in zones for a in accounts)
    assert all(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", a["email"]) for a in accounts if a["email"])

    call_rows = _read(paths["calls"])
    assert len({c["call_id"] for c in call_rows}) == len(call_rows)
    for c in call_rows:
        assert c["account_id"] in account_ids and c["direction"] in ("inbound", "outbound")
        assert c["disposition"] in ("answered", "no_answer", "busy", "voicemail", "failed", "wrong_number")
        assert not c["dialled_number"] or E164.match(c["dialled_number"])
        assert c["handled_by"] in ("agent", "voice_ai", "none") and c["outcome"] in OUTCOMES
        assert STAMP.match(c["started_at"]) and STAMP.match(c["ended_at"]) and c["ended_at"] >= c["started_at"]
        talk = int(c["talk_seconds"])
        assert talk >= 0 and (talk == 0 or c["disposition"] in ("answered", "wrong_number"))
        if c["handled_by"] == "agent":
            assert c["agent_id"] in agent_ids and not c["handoff_agent_id"]
        else:
            assert not c["agent_id"]
        if c["handoff_agent_id"]:
            assert c["handled_by"] == "voice_ai" and c["handoff_agent_id"] in agent_ids

    messages = _read(paths["digital"])
    assert len({m["interaction_id"] for m in messages}) == len(messages)
    for m in messages:
        assert m["channel"] in ("email", "sms", "chat") and m["direction"] in ("inbound", "outbound")
        assert STAMP.match(m["started_at"]) and (not m["ended_at"] or STAMP.match(m["ended_at"]))
        assert m["outcome"] in OUTCOMES and (not m["agent_id"] or m["agent_id"] in agent_ids)

    interactions = {c["call_id"] for c in call_rows} | {m["interaction_id"] for m in messages}
    scores = _read(paths["qa"])
    assert len({(s["evaluation_id"], s["criterion"]) for s in scores}) == len(scores)
    for s in scores:
        assert 0 <= float(s["score"]) <= float(s["max_score"]) and float(s["max_score"]) > 0
        assert s["critical"] in ("true", "false") and s["interaction_id"] in interactions
        assert s["agent_id"] in agent_ids and STAMP.match(s["evaluated_at"])
    per_eval = Counter(s["evaluation_id"] for s in scores)
    assert set(per_eval.values()) <= set(range(6, 9))

    for p in _read(paths["pauses"]):
        assert p["account_id"] in account_ids and STAMP.match(p["paused_from"])
        assert not p["paused_until"] or p["paused_until"] > p["paused_from"]

    consents = _read(paths["consents"])
    assert {k["kind"] for k in consents} == {"calls", "calling_hours"}
    for k in consents:
        assert k["account_id"] in account_ids and STAMP.match(k["given_at"])
        assert not k["until"] or k["until"] > k["given_at"]
    dispositions = Counter(c["disposition"] for c in call_rows)
    assert dispositions["wrong_number"] >= 1 and dispositions["busy"] >= 10


def test_roster_has_the_names_that_make_attribution_hard(data: DemoData) -> None:
    agents = data.agents
    assert 95 <= len(agents) <= 105
    assert {a.country for a in agents} == {"US", "MX", "CA", "PH"}
    firsts = Counter(a.full_name.split()[0] for a in agents)
    assert firsts["Maria"] >= 2 and firsts["Juan"] >= 2
    lily = next(a for a in agents if a.full_name == "Nguyen Thi Lan")
    assert lily.preferred_name == "Lily"
    assert {"Will", "Grace", "Hope", "Sunny", "Jordan"} <= {a.called for a in agents}
    assert 3 <= sum(a.end_date is not None for a in agents) <= 8
    assert {"es", "fr", "en"} <= {lang for a in agents for lang in a.languages}


def test_channel_mix_is_about_24_digital_to_1_call(data: DemoData) -> None:
    digital_accounts = {m.account for m in data.activity.messages if m.direction == "inbound"}
    calling_accounts = {c.account for c in data.activity.calls if c.direction == "inbound"}
    assert 16 <= len(digital_accounts) / len(calling_accounts) <= 34
    total = len(data.activity.messages) + len(data.activity.calls)
    assert 30_000 <= total <= 55_000


def test_voice_ai_handoffs_mostly_restart_plans(data: DemoData) -> None:
    handed = [c for c in data.activity.calls if c.handoff_agent_id and c.outcome in ("plan_restarted", "paid_in_full")]
    restarted = sum(c.outcome == "plan_restarted" for c in handed) / len(handed)
    assert 0.85 <= restarted <= 0.97


PLACED = {"answered", "no_answer", "voicemail"}


def _phone_zones(phone: str) -> set[str]:
    """The zones of a US/Canadian phone's area code (libphonenumber), none for numbers abroad."""
    if not phone.startswith("+1"):
        return set()
    zones = set(phone_timezone.time_zones_for_geographical_number(phonenumbers.parse(phone)))
    return zones if len(zones) < 5 else set()


def _violations(data: DemoData) -> set[int]:
    """Ids (python object ids) of outbound rows breaking Reg F, by the revised METRICS.md rules."""
    ids = range(len(data.accounts))
    zones = {i: {data.customers[data.accounts[i].customer].timezone} for i in ids}
    phones = {i: data.customers[data.accounts[i].customer].phone for i in ids}
    pauses, consents = defaultdict(list), defaultdict(list)
    for p in data.activity.pauses:
        pauses[p.account].append((p.start, p.until or 10**12))
    for k in data.activity.consents:
        consents[k.account].append(k)
    by_account = defaultdict(list)
    for c in data.activity.calls:
        by_account[c.account].append(c)

    def late(account: int, ts: int, dialled: str) -> bool:
        here = zones[account] | _phone_zones(phones[account]) | _phone_zones(dialled or phones[account])
        hours = [datetime.fromtimestamp(ts, UTC).astimezone(ZoneInfo(z)).hour for z in here]
        allowed = any(k.kind == "calling_hours" and k.given <= ts and (k.until is None or ts < k.until)
                      for k in consents[account])
        return not allowed and any(not 8 <= h < 21 for h in hours)

    bad: set[int] = set()
    for account, rows in by_account.items():
        tz = ZoneInfo(data.customers[data.accounts[account].customer].timezone)
        rows = sorted(rows, key=lambda c: c.ts)
        day = [datetime.fromtimestamp(c.ts, UTC).astimezone(tz).date().toordinal() for c in rows]
        num = [c.dialled or phones[account] for c in rows]
        wrong = [any(r.disposition == "wrong_number" and num[j] == num[i] for j, r in enumerate(rows) if j >= i)
                 for i in range(len(rows))]
        talk = [c.talk > 0 and c.disposition not in ("wrong_number", "voicemail") and not wrong[i]
                for i, c in enumerate(rows)]

        def consented(i: int, rows: list = rows, day: list = day, talk: list = talk, tz: ZoneInfo = tz,
                      mine: list = consents[account]) -> bool:
            return any(k.kind == "calls" and k.given <= rows[i].ts and (k.until is None or rows[i].ts < k.until)
                       and day[i] - datetime.fromtimestamp(k.given, UTC).astimezone(tz).date().toordinal() <= 6
                       and not any(talk[j] and rows[j].ts > k.given for j in range(i)) for k in mine)

        counted = [c.direction == "outbound" and c.disposition in PLACED and not wrong[i] and not consented(i)
                   for i, c in enumerate(rows)]
        for i, c in enumerate(rows):
            if c.direction != "outbound":
                continue
            if counted[i] and (sum(counted[j] and day[i] - day[j] < 7 for j in range(i + 1)) >= 8
                               or any(talk[j] and day[i] - day[j] <= 6 for j in range(i))):
                bad.add(id(c))
            if late(account, c.ts, c.dialled) or any(s <= c.ts < u for s, u in pauses[account]):
                bad.add(id(c))
    for m in data.activity.messages:
        if m.direction == "outbound" and (late(m.account, m.ts, "")
                                          or any(s <= m.ts < u for s, u in pauses[m.account])):
            bad.add(id(m))
    return bad


def test_only_the_planted_reg_f_breaches_break_the_rules(data: DemoData) -> None:
    planted = {id(b.row) for b in data.breaches}
    assert {b.kind for b in data.breaches} == {"frequency", "post_conversation", "inconvenient_time", "pause"}
    assert _violations(data) == planted


def test_reviews_show_every_naming_habit_and_follow_real_contacts(data: DemoData) -> None:
    assert 280 <= len(data.reviews) <= 300
    seen = Counter(style for r in data.reviews for style in r.styles)
    assert {s for s in NAMING_STYLES if not seen[s]} == set()
    contacts = defaultdict(list)
    for c in data.activity.calls:
        if c.talk > 0 and c.person:
            contacts[(c.account, c.person)].append(c.end)
    for m in data.activity.messages:
        if m.direction == "inbound" and m.agent_id:
            contacts[(m.account, m.agent_id)].append(m.end or m.ts)
    for r in data.reviews:
        if "unattributable" in r.styles:
            assert r.agents == []
            continue
        for agent_id in r.agents:
            assert any(0 <= r.created - t <= 14 * DAY for t in contacts[(r.account, agent_id)]), r.review_id


def test_review_json_is_a_business_profile_page(demo_dir) -> None:
    out, paths = demo_dir
    page = json.loads(paths["reviews"].read_text(encoding="utf-8"))
    assert set(page) == {"reviews", "averageRating", "totalReviewCount"}
    assert page["totalReviewCount"] == len(page["reviews"]) and 4.0 <= page["averageRating"] <= 5.0
    ids = set()
    for r in page["reviews"]:
        ids.add(r["reviewId"])
        assert r["name"].endswith("/reviews/" + r["reviewId"])
        assert r["starRating"] in ("ONE", "TWO", "THREE", "FOUR", "FIVE")
        assert STAMP.match(r["createTime"]) and r["updateTime"] >= r["createTime"]
        assert r["reviewer"]["isAnonymous"] == (r["reviewer"]["displayName"] == "A Google User")
    comments = [r.get("comment", "") for r in page["reviews"]]
    assert any("(Translated by Google)" in c and "(Original)" in c for c in comments)
    assert any("comment" not in r for r in page["reviews"])
    assert any(r["updateTime"] > r["createTime"] for r in page["reviews"])
    truth = _read(out / "reviews_truth.csv")
    assert {t["review_id"] for t in truth} < ids


def test_reviewers_are_usually_the_account_holders(data: DemoData) -> None:
    attributable = [r for r in data.reviews if r.account is not None]
    holders = sum(r.reviewer == data.customers[data.accounts[r.account].customer].name for r in attributable)
    assert 0.45 <= holders / len(attributable) <= 0.8


def test_generate_and_load_with_zero_rejects(tiny_dir, engine: Engine) -> None:
    paths = tiny_dir
    counts = load_demo(engine, paths, progress=False)
    assert {kind: rejected for kind, (_, rejected) in counts.items()} == dict.fromkeys(LOAD_ORDER, 0)
    with engine.connect() as conn:
        assert conn.execute(select(func.sum(ingest_runs.c.rejected))).scalar() == 0
        assert conn.execute(select(func.count()).select_from(calls)).scalar() == len(_read(paths["calls"]))
        assert conn.execute(select(func.count()).select_from(digital)).scalar() == len(_read(paths["digital"]))
        assert conn.execute(select(func.count()).select_from(qa_evaluations)).scalar() == len(_read(paths["qa"]))
        assert conn.execute(select(func.count()).select_from(reviews)).scalar() == 80


def test_cli_writes_files_without_loading(data: DemoData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import demo_command as command
    from pipeline import ingest_cli as cli

    asked = {}

    def fake_generate(out: Path, seed: int, size: str) -> dict[str, Path]:
        asked.update(seed=seed, size=size)
        return write(data, out)

    monkeypatch.setattr(command, "generate", fake_generate)
    result = CliRunner().invoke(cli.app, ["demo", "--out", str(tmp_path), "--no-load", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert asked == {"seed": 3, "size": "small"}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*FILE_NAMES.values(), "reviews_truth.csv",
                                                                "coaching_sessions.csv"])
    bad = CliRunner().invoke(cli.app, ["demo", "--size", "huge", "--no-load"])
    assert bad.exit_code != 0
