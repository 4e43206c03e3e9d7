"""Access control: an agent gets nothing of another agent's through any read the dashboard uses, whatever the
arguments; decisions on the review queue need a manager or leadership and leave an audit row.

The seed plants canaries: every row that belongs to someone else carries a token (`ZED`, `YU`) that must
never come back to the agent `ag-mine`, in any cell of any result.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from attribution import attribute_pending
from ingest.calls import SOURCE as CALLS
from metrics.dimensions import DIMENSIONS
from metrics.periods import Period
from metrics.scope import ScopeError, Viewer
from pipeline.load import load_paths
from sql.schema import attribution_decisions, attributions
from tests.conftest import _truncate

SEED = {
    "agents": """agent_id,full_name,preferred_name,email,team,site,country,languages,manager_id
ag-mine,Mina Ownwood,,mina@corp.example,Alpha,Tempe,US,en,mgr-1
ag-zed,Zebulon ZEDsecret,,zed@corp.example,Alpha,ZEDsite,CA,fr,mgr-1
ag-yu,Yusuf YUhidden,,yu@corp.example,Beta,Tempe,US,en,mgr-2
mgr-1,Marta Lead,,marta@corp.example,Leads,Tempe,US,en,
mgr-2,Boris Lead,,boris@corp.example,Leads,Tempe,US,en,
""",
    "accounts": """account_id,customer_name,phone,email,timezone,client
acc-mine,Carla Minecase,+13125550101,carla@home.example,America/Chicago,Acme
acc-ZED,Cyrus ZEDcustomer,+13125550199,cyrus.zed@home.example,America/Chicago,Acme
acc-YU,Cora YUcustomer,+13125550188,cora.yu@home.example,America/New_York,Acme
""",
    "pauses": """account_id,paused_from,paused_until,reason
acc-ZED,2026-03-01T00:00:00Z,2026-03-20T00:00:00Z,ZED asked for a pause
""",
    "calls": ",".join(CALLS.columns) + """
call-mine-1,acc-mine,outbound,2026-03-02T15:00:00Z,2026-03-02T15:06:00Z,360,answered,agent,ag-mine,,payment_plan_created,en
call-mine-2,acc-mine,inbound,2026-03-09T16:00:00Z,2026-03-09T16:02:00Z,120,answered,agent,ag-mine,,no_resolution,en
call-ZED-1,acc-ZED,outbound,2026-03-05T15:00:00Z,2026-03-05T15:09:00Z,540,answered,agent,ag-zed,,paid_in_full,fr
call-ZED-2,acc-ZED,outbound,2026-03-06T03:00:00Z,,0,no_answer,agent,ag-zed,,,fr
call-ZED-3,acc-ZED,outbound,2026-03-07T15:00:00Z,2026-03-07T15:04:00Z,240,answered,voice_ai,,ag-zed,plan_restarted,fr
call-YU-1,acc-YU,outbound,2026-03-08T15:00:00Z,2026-03-08T15:03:00Z,180,answered,agent,ag-yu,,hardship_support,en
""",
    "digital": """interaction_id,account_id,channel,direction,started_at,ended_at,agent_id,outcome,language
dig-mine-1,acc-mine,sms,inbound,2026-03-03T12:00:00Z,2026-03-03T12:10:00Z,ag-mine,payment_made,en
dig-ZED-1,acc-ZED,email,inbound,2026-03-04T12:00:00Z,,ag-zed,dispute_raised,fr
dig-YU-1,acc-YU,chat,inbound,2026-03-04T13:00:00Z,2026-03-04T13:30:00Z,ag-yu,callback_requested,en
""",
    "qa": """evaluation_id,interaction_id,agent_id,evaluator,evaluated_at,criterion,score,max_score,critical
ev-mine,call-mine-1,ag-mine,marta@corp.example,2026-03-10T09:00:00Z,Greeting,4,5,false
ev-ZED,call-ZED-1,ag-zed,marta@corp.example,2026-03-10T09:00:00Z,ZEDcriterion,1,5,false
ev-YU,call-YU-1,ag-yu,boris@corp.example,2026-03-10T09:00:00Z,YUcriterion,0,10,true
""",
}
REVIEWS = "\n".join(
    json.dumps({"reviewId": rid, "reviewer": {"displayName": who}, "starRating": stars, "comment": text,
                "createTime": f"2026-03-{day:02d}T18:00:00Z"})
    for rid, who, stars, text, day in [
        ("rv-mine", "Carla Minecase", "FIVE", "Mina Ownwood was wonderful", 3),
        ("rv-ZED", "Cyrus ZEDcustomer", "ONE", "Zebulon ZEDsecret was rude", 6),
        ("rv-ZED2", "Cyrus ZEDcustomer", "FIVE", "Zebulon ZEDsecret was a star", 7),
        ("rv-YU", "Cora YUcustomer", "FIVE", "Yusuf YUhidden was great", 8),
    ]
)
SECRETS = ("ZED", "YU", "ag-zed", "ag-yu", "zed@", "yu@", "Yusuf", "Zebulon", "+1312555019", "+1312555018")
# Recognition reads name other agents on purpose (five-star wall, leaderboard, prize wheel): they may show
# colleagues' names and five-star reviews as Google shows them (reviewer display names are public there; the
# dashboard shortens them to "Cyrus Z."), never customers' accounts, contact details or interactions.
RECOGNITION = {"leaderboard", "wall", "wheel_history", "wheel_entrants"}
RECOGNITION_SECRETS = ("acc-", "call-", "dig-", "ev-", "+1312555", "@home.example")
MONTH = "2026-03"
FILTERS: list[dict] = [
    {}, {"agent": "ag-zed"}, {"agent": ["ag-mine", "ag-zed"]}, {"agent": "voice_ai"}, {"team": "Alpha"},
    {"team": "Beta"}, {"site": "ZEDsite"}, {"country": "CA"}, {"channel": "email"}, {"language": "fr"},
    {"month": MONTH},
]
PAIRS = [FILTERS[1] | f for f in FILTERS[4:]] + [FILTERS[2] | f for f in FILTERS[4::2]] + [
    {"team": "Alpha", "channel": "voice"}, {"team": "Beta", "language": "en"}, {"site": "ZEDsite", "month": MONTH}]


@pytest.fixture(scope="module")
def seeded(migrated_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The canary seed, loaded once through the real loader and attribution engine."""
    _truncate(migrated_engine)
    folder = tmp_path_factory.mktemp("seed")
    for kind, text in SEED.items():
        path = folder / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        [result] = load_paths(migrated_engine, kind, [path], progress=False)
        assert result.status == "ok", result.summary()
    bad = folder / "bad_accounts.csv"
    bad.write_text("account_id,customer_name,phone\nacc-ZED-9,Cyrus ZEDcustomer,not-a-phone\n", encoding="utf-8")
    load_paths(migrated_engine, "accounts", [bad], progress=False)
    reviews = folder / "reviews.jsonl"
    reviews.write_text(REVIEWS, encoding="utf-8")
    load_paths(migrated_engine, "reviews", [reviews], progress=False)
    attribute_pending(migrated_engine)
    yield migrated_engine


def reads() -> dict:
    """The metrics read behind every typed dashboard read that takes a viewer, by the wrapper's name.

    Read from the cached wrappers' source (the call whose first argument is the engine), so a read added to
    `dashboard/data.py` or `dashboard/coaching_data.py` is swept without a change here.
    """
    import ast

    from dashboard import coaching_data, data

    found: dict = {}
    for module in (data, coaching_data):
        tree = ast.parse(inspect.getsource(module))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_") or not node.decorator_list:
                continue  # reads are the cached wrappers; writes (a decision, a draw) are not cached
            if "viewer" not in [a.arg for a in node.args.args]:
                continue
            for call in ast.walk(node):
                if (isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Call)
                        and isinstance(call.args[0].func, ast.Name) and call.args[0].func.id in ("engine", "_engine")):
                    fn = eval(ast.unparse(call.func), vars(module))  # a name from our own module
                    params = list(inspect.signature(fn).parameters)
                    if len(params) > 1 and params[1] == "viewer":
                        found[node.name] = fn
                    break
    return found


def calls_for(fn: object) -> Iterator[tuple[tuple, dict]]:
    """Argument sets for a metrics read: every dimension and filter combination it accepts."""
    params = inspect.signature(fn).parameters
    base: dict = {}
    if "period" in params:
        base["period"] = Period.all()
    if "month" in params:
        base["month"] = MONTH
    if "draw_date" in params:
        base["draw_date"] = date(2026, 4, 1)
    if "review_id" in params:
        base["review_id"] = "rv-ZED"
    if "account_id" in params:
        base["account_id"] = "acc-ZED"
    if "around" in params:
        base["around"] = datetime(2026, 3, 6)
    if "today" in params:
        base["today"] = date(2026, 3, 20)
    if "review_ids" in params:
        yield (), base | {"review_ids": ["rv-ZED", "rv-YU", "rv-mine"]}
    if "by" not in params:
        combos = [(None, f) for f in ([*FILTERS, *PAIRS] if "filters" in params else [None])]
    else:
        combos = [(by, f) for by in ("company", "agent", "team") for f in FILTERS]
        combos += [(by, f) for by in DIMENSIONS[3:] for f in FILTERS[:2]]
        combos += [("agent", f) for f in PAIRS]
    for by, flt in combos:
        kw = dict(base)
        if by is not None:
            kw["by"] = by
        if flt is not None:
            kw["filters"] = flt
        yield (), kw


def as_text(value: object) -> str:
    """Every cell of a result, as text."""
    if isinstance(value, pd.DataFrame):
        return value.to_csv(index=False) + " ".join(map(str, value.columns))
    if isinstance(value, list | tuple):
        return "\n".join(as_text(v) for v in value)
    if is_dataclass(value):
        return repr(asdict(value))
    return repr(value)


def test_every_dashboard_read_is_covered() -> None:
    """A new read added to the dashboard is swept below without a change here (guards the sweep's reach)."""
    assert len(reads()) >= 20
    assert all("viewer" in inspect.signature(f).parameters for f in reads().values())


def test_an_agent_gets_no_other_agents_rows_from_any_read(seeded: Engine) -> None:
    me = Viewer.agent("ag-mine")
    refused, answered, leaks = [], 0, []
    for name, fn in reads().items():
        secrets = RECOGNITION_SECRETS if name in RECOGNITION else SECRETS
        for args, kw in calls_for(fn):
            try:
                result = fn(seeded, me, *args, **kw)
            except (ScopeError, ValueError) as exc:
                assert str(exc), "a refusal says why"
                refused.append(name)
                continue
            answered += 1
            text = as_text(result)
            found = [s for s in secrets if s in text]
            if found:
                leaks.append((name, kw.get("by"), kw.get("filters"), found))
    assert not leaks, leaks[:10]
    assert answered > 300, "the sweep really called the reads"
    assert {"runs", "reject_rows", "reject_reasons"} <= set(refused), "data health is for leadership"


def test_the_agent_still_sees_their_own_rows(seeded: Engine) -> None:
    """The sweep above is not passing because reads return nothing."""
    from metrics.drilldown import interactions
    from metrics.kpis import kpi_records

    rows = interactions(seeded, Viewer.agent("ag-mine"), Period.all())
    assert set(rows["interaction_id"]) == {"call-mine-1", "call-mine-2", "dig-mine-1"}
    [own] = kpi_records(seeded, Viewer.agent("ag-mine"), Period.all(), "agent")
    assert own["agent"] == "ag-mine" and own["contacts"] >= 2
    everyone = as_text(interactions(seeded, Viewer.leadership(), Period.all()))
    assert "call-ZED-1" in everyone and "call-YU-1" in everyone


def test_a_manager_sees_only_their_teams(seeded: Engine) -> None:
    from metrics.drilldown import interactions

    marta = Viewer.manager_of(seeded, "mgr-1")
    for flt in FILTERS:
        text = as_text(interactions(seeded, marta, Period.all(), flt))
        assert "YU" not in text, flt
    assert "call-ZED-1" in as_text(interactions(seeded, marta, Period.all()))


def test_no_role_means_no_viewer() -> None:
    for bad in (dict(role=""), dict(role="admin"), dict(role="agent"), dict(role="agent", agent_id="")):
        with pytest.raises(ScopeError):
            Viewer(**bad)


def test_review_decisions_need_a_manager_or_leadership_and_are_audited(seeded: Engine) -> None:
    from metrics.decisions import decide_review

    with seeded.connect() as conn:
        pairs = conn.execute(select(attributions.c.review_id, attributions.c.agent_id)).all()
    assert pairs, "the seed produced attributions to decide on"
    review_id, agent_id = next((r, a) for r, a in pairs if a == "ag-zed") if any(
        a == "ag-zed" for _, a in pairs) else pairs[0]
    for viewer in (Viewer.agent("ag-mine"), Viewer.agent(agent_id), Viewer.manager({"Beta"})):
        with pytest.raises(ScopeError):
            decide_review(seeded, viewer, review_id, "confirm", agent_id, "someone@corp.example")
    with seeded.connect() as conn:
        assert conn.execute(select(attribution_decisions)).all() == [], "refused decisions change nothing"
    team = "Alpha" if agent_id in ("ag-mine", "ag-zed") else "Beta"
    msg = decide_review(seeded, Viewer.manager({team}), review_id, "reject", agent_id, "marta@corp.example",
                        "not them")
    assert "reject" in msg
    with seeded.connect() as conn:
        audit = conn.execute(select(attribution_decisions)).one()
        link = conn.execute(select(attributions).where(attributions.c.review_id == review_id,
                                                       attributions.c.agent_id == agent_id)).one()
    assert (audit.review_id, audit.agent_id, audit.action, audit.decided_by, audit.note) == (
        review_id, agent_id, "reject", "marta@corp.example", "not them")
    assert audit.status_after == "rejected" and audit.decided_at is not None
    assert (link.status, link.decided_by) == ("rejected", "marta@corp.example")


def test_seed_files_are_what_the_contract_accepts(tmp_path: Path, engine: Engine) -> None:
    """The canary seed itself loads clean, so a leak check never passes on an empty table."""
    for kind, text in SEED.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        [result] = load_paths(engine, kind, [path], progress=False)
        assert (result.status, result.rejected) == ("ok", 0), result.summary()
