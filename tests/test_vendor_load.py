"""Vendor exports load through their mappings: counts, outcomes, agents, unmatched rows, reloads, bad records.

The fixtures come from tests/data/vendors/generate.py (240 records each); its docstring says which records
are answered, unmatched or broken, so every number below follows from it (e.g. 5 broken + 8 unknown phones
= 13 rejected of 240; 141 answered calls remain).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from ingest import quality
from pipeline.load import load_paths, load_vendor_paths
from sql.schema import calls, digital, ingest_rejects

VENDORS = Path(__file__).parent / "data" / "vendors"
GENESYS = str(VENDORS / "genesys-org.toml")  # the shipped genesys mapping plus an org's wrap-up codes

# kind, mapping, file -> (read, inserted, rejected, unmatched-agent rows, {disposition or channel: n},
#                         {outcome: n}, {reject reason start: n})
CASES = {
    "twilio": ("calls", "twilio", "twilio_calls.json", (240, 227, 13, 8),
               {"answered": 128, "voicemail": 13, "busy": 47, "no_answer": 39}, {},
               {"no account has this customer phone": 8, "status value not in": 5}),
    "twilio-csv": ("calls", "twilio-csv", "twilio_calls.csv", (240, 227, 13, 8),
                   {"answered": 128, "voicemail": 13, "busy": 47, "no_answer": 39}, {},
                   {"no account has this customer phone": 8, "Status value not in": 5}),
    "five9": ("calls", "five9", "five9_call_log.csv", (240, 227, 13, 8),
              {"answered": 123, "wrong_number": 18, "busy": 47, "no_answer": 39},
              {"payment_plan_created": 18, "dispute_raised": 18},
              {"no account has this customer phone": 8, "CALL TYPE value not in": 5}),
    "connect-calls": ("calls", "connect", "connect_ctr.jsonl", (185, 176, 9, 4),
                      {"answered": 108, "no_answer": 68},
                      {"payment_plan_created": 17, "dispute_raised": 18, "paid_in_full": 1},
                      {"no account has this customer phone": 4, "InitiationMethod value not in": 5}),
    "connect-digital": ("digital", "connect", "connect_ctr.jsonl", (45, 42, 3, 3), {"chat": 28, "email": 14}, {},
                        {"no account id attribute": 3}),
    "genesys-calls": ("calls", GENESYS, "genesys_conversations.json", (174, 170, 4, 4),
                      {"answered": 90, "wrong_number": 18, "no_answer": 62},
                      {"payment_plan_created": 18, "dispute_raised": 18},
                      {"no account has this customer phone": 4}),
    "genesys-digital": ("digital", GENESYS, "genesys_conversations.json", (60, 53, 7, 4), {"email": 30, "sms": 23},
                        {}, {"started_at is required": 5, "no account has this customer phone": 2}),
    "zendesk": ("digital", "zendesk", "zendesk_tickets.json", (225, 212, 13, 16),
                {"email": 92, "chat": 80, "sms": 40}, {"payment_plan_created": 18, "dispute_raised": 18},
                {"no account has this customer phone": 8, "via.channel is not a known kind": 5}),
}


def roster(engine: Engine) -> None:
    load_paths(engine, "agents", [VENDORS / "agents.csv"], progress=False)
    load_paths(engine, "accounts", [VENDORS / "accounts.csv"], progress=False)


def load(engine: Engine, kind: str, mapping: str, name: str):
    [result] = load_vendor_paths(engine, kind, [VENDORS / name], mapping, agent_ids=VENDORS / "agent_ids.toml",
                                 progress=False)
    return result


def grouped(engine: Engine, column) -> dict:
    with engine.connect() as conn:
        return dict(conn.execute(select(column, func.count()).where(column.is_not(None)).group_by(column)).all())


@pytest.mark.parametrize("case", list(CASES))
def test_vendor_export_loads_with_expected_counts(engine: Engine, case: str) -> None:
    kind, mapping, name, (read, inserted, rejected, unmatched), split, outcomes, reasons = CASES[case]
    roster(engine)
    result = load(engine, kind, mapping, name)
    assert (result.rows_read, result.inserted, result.rejected) == (read, inserted, rejected), result.summary()
    assert result.status == "partial"
    table = calls if kind == "calls" else digital
    assert grouped(engine, table.c.disposition if kind == "calls" else table.c.channel) == split
    assert grouped(engine, table.c.outcome) == outcomes
    agents = grouped(engine, table.c.agent_id)
    assert sum(n for a, n in agents.items() if not a.startswith("AG")) == unmatched
    assert {a for a in agents if a.startswith("AG")} <= {f"AG{n:02d}" for n in range(9)}
    found = Counter()
    for r in result.rejects:
        found[next(k for k in reasons if r.reason.startswith(k))] += 1
        assert r.line is not None and r.reason
    assert found == reasons
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ingest_rejects)).scalar_one() == rejected
    again = load(engine, kind, mapping, name)
    assert (again.inserted, again.updated, again.unchanged, again.rejected) == (0, 0, inserted, rejected)


def test_unmatched_agents_are_kept_and_counted_in_the_quality_report(engine: Engine) -> None:
    roster(engine)
    load(engine, "calls", "twilio", "twilio_calls.json")
    lines = quality.report_lines(engine, only="calls")
    assert "data quality: 8 calls row(s) name 1 agent_id value(s) not in agents" in lines[0]
    assert grouped(engine, calls.c.agent_id)["client:agent9"] == 8


def test_bad_records_say_which_line_field_and_why(engine: Engine) -> None:
    roster(engine)
    result = load(engine, "calls", "five9", "five9_call_log.csv")
    by_line = {r.line: r for r in result.rejects}
    internal = by_line[49]  # record i = 47, the header is line 1
    assert (internal.column, internal.value) == ("direction", "Internal")
    assert "CALL TYPE value not in the mapping's [values.call_type] table" in internal.reason
    unknown = by_line[15]  # record i = 13: a phone no account has
    assert (unknown.column, unknown.value) == ("account_id", "+13125559999")


def test_calls_carry_the_mapped_fields(engine: Engine) -> None:
    roster(engine)
    load(engine, "calls", "twilio", "twilio_calls.json")
    with engine.connect() as conn:
        first = conn.execute(select(calls).where(calls.c.call_id == f"CA{0:032x}")).one()
        outbound = conn.execute(select(calls).where(calls.c.call_id == f"CA{1:032x}")).one()
    assert (first.account_id, first.direction, first.disposition, first.handled_by, first.agent_id) == (
        "A0000", "inbound", "answered", "agent", "AG00")
    assert (first.talk_seconds, first.started_at.isoformat()) == (60, "2026-10-05T13:00:00")
    assert (outbound.direction, outbound.dialled_number, outbound.account_id) == ("outbound", "+13125550001", "A0001")


def test_genesys_bot_flow_hands_off_to_the_agent(engine: Engine) -> None:
    roster(engine)
    load(engine, "calls", GENESYS, "genesys_conversations.json")
    with engine.connect() as conn:
        bot = conn.execute(select(calls).where(calls.c.call_id == "9c0a0000-0000-4000-8000-000000000000")).one()
    assert (bot.handled_by, bot.agent_id, bot.handoff_agent_id, bot.talk_seconds) == ("voice_ai", None, "AG00", 60)


def test_connect_keeps_the_latest_copy_of_a_redelivered_record(engine: Engine) -> None:
    roster(engine)
    result = load(engine, "calls", "connect", "connect_ctr.jsonl")
    assert "1 earlier cop(y/ies) of re-delivered records superseded" in result.message
    with engine.connect() as conn:
        outcome = conn.execute(select(calls.c.outcome).where(
            calls.c.call_id == "c0ffee00-0000-4000-8000-000000000000")).scalar_one()
    assert outcome == "paid_in_full"


def test_a_file_of_the_other_kind_is_refused_before_loading(engine: Engine) -> None:
    from ingest.vendor.spec import MappingError

    with pytest.raises(MappingError, match="Five9 Call Log report exports hold calls, not digital"):
        load_vendor_paths(engine, "digital", [VENDORS / "five9_call_log.csv"], "five9")
