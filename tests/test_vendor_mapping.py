"""Mapping files: a user's own CSV through --mapping, `extends`, and mapping mistakes explained."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from ingest.vendor.spec import MappingError, load_mapping, shipped
from pipeline.load import load_paths, load_vendor_paths
from sql.schema import digital

ROOT = Path(__file__).parent.parent
VENDORS = Path(__file__).parent / "data" / "vendors"

OWN = """
label = "Acme dialler SMS log"
format = "csv"
timezone = "Europe/London"
timestamp_format = "%d/%m/%Y %H:%M"
phone_region = "GB"

[kind]
only = "digital"

[fields]
interaction_id = { path = "Msg Ref", prefix = "acme-" }
channel = { value = "sms" }
direction = { path = "Dir", map = "dir" }
started_at = "Sent"
customer_phone = "Mobile"
agent_ref = "Operator"
outcome = { path = "Result", map = "outcome", unmapped = "blank" }

[values.dir]
in = "inbound"
out = "outbound"

[values.outcome]
ptp = "payment_plan_created"
"""


def test_a_users_own_csv_loads_through_a_mapping_file(engine: Engine, tmp_path: Path) -> None:
    load_paths(engine, "agents", [VENDORS / "agents.csv"], progress=False)
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,phone\nUK1,+447700900123\n")
    load_paths(engine, "accounts", [accounts], progress=False)
    mapping = tmp_path / "acme.toml"
    mapping.write_text(OWN)
    data = tmp_path / "sms.csv"
    data.write_text("Msg Ref,Dir,Sent,Mobile,Operator,Result\n"
                    "1,out,05/10/2026 09:30,07700 900123,agent1@example.com,PTP\n"
                    "2,sideways,05/10/2026 09:31,07700 900123,,\n"
                    "3,in,31/02/2026 09:32,07700 900123,,\n")
    [result] = load_vendor_paths(engine, "digital", [data], mapping, progress=False)
    assert (result.inserted, result.rejected) == (1, 2), result.summary()
    reasons = {r.line: (r.column, r.value, r.reason) for r in result.rejects}
    assert reasons[3][:2] == ("direction", "sideways")
    assert reasons[4] == ("started_at", "31/02/2026 09:32", "expected a timestamp like '%d/%m/%Y %H:%M'")
    with engine.connect() as conn:
        row = conn.execute(select(digital)).one()
    assert (row.interaction_id, row.account_id, row.agent_id, row.outcome, row.channel) == (
        "acme-1", "UK1", "AG01", "payment_plan_created", "sms")
    assert row.started_at.isoformat() == "2026-10-05T08:30:00"  # 09:30 BST


def test_extends_overrides_only_what_it_names(tmp_path: Path) -> None:
    child = tmp_path / "mine.toml"
    child.write_text('extends = "five9"\ntimezone = "America/New_York"\n[values.outcome]\n"sold" = "paid_in_full"\n')
    mapping = load_mapping(child)
    base = load_mapping("five9")
    assert (mapping.name, mapping.agent_ids, mapping.timezone) == ("mine", "five9", "America/New_York")
    assert mapping.values["outcome"] == base.values["outcome"] | {"sold": "paid_in_full"}
    assert mapping.fields == base.fields


@pytest.mark.parametrize(("text", "message"), [
    ('format = "xml"', "format must be one of csv, json, jsonl"),
    ('format = "csv"\n[kind]\nonly = "calls"\n[fields]\ncall_id = { path = "a", mapp = "x" }', "unknown key(s) mapp"),
    ('format = "csv"\n[kind]\nonly = "calls"\n[fields]\ncall_id = { path = "a", value = "b" }', "exactly one of"),
    ('format = "csv"\n[kind]\nonly = "calls"\n[fields]\ndirection = { path = "a", map = "dir" }', "no [values.dir]"),
    ('format = "csv"\n[fields]\ncall_id = "a"', "[kind] needs"),
    ('format = "csv"\n[kind\n', "not valid TOML"),
])
def test_mapping_mistakes_are_explained(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(MappingError, match=None) as info:
        load_mapping(path)
    assert message in str(info.value) and str(path) in str(info.value)


def test_every_shipped_mapping_reads() -> None:
    assert set(shipped()) == {"twilio", "twilio-csv", "genesys", "five9", "connect", "zendesk"}
    for name in shipped():
        assert load_mapping(name).label


def test_cli_loads_a_vendor_export(engine: Engine, db_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": db_url}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)

    assert run("load", "agents", str(VENDORS / "agents.csv")).returncode == 0
    assert run("load", "accounts", str(VENDORS / "accounts.csv")).returncode == 0
    out = run("load", "digital", str(VENDORS / "zendesk_tickets.json"), "--from", "zendesk", "--agent-ids",
              str(VENDORS / "agent_ids.toml"))
    assert out.returncode == 0, out.stderr
    assert "read 225, inserted 212, updated 0, unchanged 0, rejected 13 — mapped from Zendesk tickets" in out.stdout
    assert "data quality: 16 digital row(s) name 1 agent_id value(s) not in agents" in out.stdout
    wrong = run("load", "digital", str(VENDORS / "five9_call_log.csv"), "--from", "five9")
    assert wrong.returncode == 2 and "exports hold calls, not digital" in wrong.stderr


def test_json_records_with_mixed_types_and_broken_lines(engine: Engine, tmp_path: Path) -> None:
    load_paths(engine, "agents", [VENDORS / "agents.csv"], progress=False)
    load_paths(engine, "accounts", [VENDORS / "accounts.csv"], progress=False)
    ticket = {"id": 1, "via": {"channel": "email", "source": {"from": {"address": "cust1@example.net"}}},
              "created_at": "2026-10-05T13:00:00Z", "assignee_id": None, "tags": [],
              "custom_fields": [{"id": 7, "value": True}]}
    other = ticket | {"id": "2", "custom_fields": [{"id": 7, "value": "text"}], "tags": ["promise_to_pay"]}
    mixed = tmp_path / "tickets.json"
    mixed.write_text(json.dumps([ticket, other]))
    [result] = load_vendor_paths(engine, "digital", [mixed], "zendesk", progress=False)
    assert (result.inserted, result.rejected) == (2, 0), result.summary()
    with engine.connect() as conn:
        rows = dict(conn.execute(select(digital.c.interaction_id, digital.c.outcome)).all())
    assert rows == {"zendesk-1": None, "zendesk-2": "payment_plan_created"}
    broken = tmp_path / "ctr.jsonl"
    broken.write_text('{"ContactId": "a", "Channel": "VOICE"}\n{"ContactId": "b", "Chan\n')
    [failed] = load_vendor_paths(engine, "calls", [broken], "connect", progress=False)
    assert failed.status == "failed" and failed.rejects[0].line == 2
    assert "not valid JSON" in failed.rejects[0].reason
