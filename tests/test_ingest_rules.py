"""Every contract rule: a broken row is rejected with line, column and reason; good rows still load."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from pipeline.load import load_paths
from sql.schema import accounts, agents, calls, digital, ingest_rejects, pauses, qa_evaluations, reviews

CONTRACT = Path(__file__).parent / "data" / "contract"
TABLES = {"agents": agents, "accounts": accounts, "pauses": pauses, "calls": calls, "digital": digital,
          "qa": qa_evaluations}
NAMES = {"agents": "agents.csv", "accounts": "accounts.csv", "pauses": "pauses.csv", "calls": "calls.csv",
         "digital": "digital.csv", "qa": "qa_evaluations.csv"}

CALL = "X1,A0001,outbound,2026-03-02T15:00:00Z,2026-03-02T15:06:00Z,360,answered,agent,00100,,,en"

# (kind, bad row appended to the good file, column at fault, words of the reason)
CASES = [
    ("agents", "00200,,,,,,,,,,,", "full_name", "full_name is required"),
    ("agents", "00200,Ann Lee,,,not-an-email,,,,,,,", "email", "expected an email address"),
    ("agents", "00200,Ann Lee,,,,,,USA,,,,", "country", "ISO 3166-1 alpha-2"),
    ("agents", "00200,Ann Lee,,,,,,US,english,,,", "languages", "ISO 639-1"),
    ("agents", "00200,Ann Lee,,,,,,US,en,2024-02-30,,", "start_date", "expected a date YYYY-MM-DD"),
    ("agents", "00200,Ann Lee,,,,,,US,en,2024-02-01,2023-01-01,", "end_date", "end_date is before start_date"),
    ("accounts", "A9,Ann,5550100,,America/Chicago,", "phone", "E.164"),
    ("accounts", "A9,Ann,+13125550100,,Mars/Olympus,", "timezone", "IANA timezone"),
    ("accounts", ",Ann,+13125550100,,America/Chicago,", "account_id", "account_id is required"),
    ("pauses", "A0001,,,", "paused_from", "paused_from is required"),
    ("pauses", "A0001,2026-05-02T00:00:00Z,2026-05-01T00:00:00Z,", "paused_until", "before paused_from"),
    ("calls", CALL.replace("outbound", "sideways"), "direction", "expected one of: inbound, outbound"),
    ("calls", CALL.replace("2026-03-02T15:00:00Z", "2026-03-02T15:00:00"), "started_at", "no timezone"),
    ("calls", CALL.replace("2026-03-02T15:00:00Z", "2026-02-30T15:00:00Z"), "started_at", "not a valid ISO 8601"),
    ("calls", CALL.replace(",360,", ",-4,"), "talk_seconds", "must be 0 or more"),
    ("calls", CALL.replace(",360,", ",12.5,"), "talk_seconds", "whole number"),
    ("calls", CALL.replace(",360,", ",,"), "talk_seconds", "talk_seconds is required"),
    ("calls", CALL.replace("answered", "hung_up"), "disposition", "expected one of"),
    ("calls", CALL.replace(",agent,", ",robot,"), "handled_by", "expected one of"),
    ("calls", CALL.replace(",00100,", ",,"), "agent_id", "agent_id is required when handled_by is agent"),
    ("calls", CALL.replace(",agent,00100,", ",voice_ai,00100,"), "agent_id", "must be blank"),
    ("calls", CALL.replace(",00100,,", ",00100,00101,"), "handoff_agent_id", "only for voice_ai"),
    ("calls", CALL.replace(",,en", ",paid,en"), "outcome", "payment_plan_created"),
    ("calls", CALL.replace("2026-03-02T15:06:00Z", "2026-03-02T14:06:00Z"), "ended_at", "before started_at"),
    ("calls", CALL.replace("X1,", "C0001,"), "call_id", "duplicate id"),
    ("digital", "X1,A0001,fax,inbound,2026-03-01T12:00:00Z,,,,", "channel", "chat, email, sms"),
    ("digital", "X1,A0001,sms,incoming,2026-03-01T12:00:00Z,,,,", "direction", "inbound, outbound"),
    ("digital", "X1,,sms,inbound,2026-03-01T12:00:00Z,,,,", "account_id", "account_id is required"),
    ("qa", "E9,C1,00100,,2026-03-03T09:00:00Z,Tone,6,5,false", "score", "greater than max_score"),
    ("qa", "E9,C1,00100,,2026-03-03T09:00:00Z,Tone,1,0,false", "max_score", "greater than 0"),
    ("qa", "E9,C1,00100,,2026-03-03T09:00:00Z,Tone,-1,5,false", "score", "0 or more"),
    ("qa", "E9,C1,00100,,2026-03-03T09:00:00Z,Tone,abc,5,false", "score", "expected a number"),
    ("qa", "E9,C1,00100,,2026-03-03T09:00:00Z,Tone,1,5,maybe", "critical", "true/false"),
    ("qa", "E9,C1,00100,,2026-03-03T09:00:00Z,,1,5,false", "criterion", "criterion is required"),
]


@pytest.mark.parametrize(("kind", "row", "column", "reason"), CASES, ids=[f"{c[0]}-{c[2]}-{i}" for i, c in
                                                                           enumerate(CASES)])
def test_broken_row_is_rejected_and_good_rows_load(
    engine: Engine, tmp_path: Path, kind: str, row: str, column: str, reason: str
) -> None:
    good = (CONTRACT / NAMES[kind]).read_text(encoding="utf-8").rstrip("\n").split("\n")
    path = tmp_path / NAMES[kind]
    path.write_text("\n".join([*good, row]) + "\n", encoding="utf-8")
    [result] = load_paths(engine, kind, [path], progress=False)
    assert result.status == "partial" and result.rejected == 1
    assert result.inserted == len(good) - 1, "every good row still loads"
    bad_line = len(good) + 1
    with engine.connect() as conn:
        stored = conn.execute(select(ingest_rejects).where(ingest_rejects.c.run_id == result.run_id)).all()
    assert [(r.line, r.column_name) for r in stored if reason in r.reason] == [(bad_line, column)], stored
    assert all(r.file_path == str(path) for r in stored)


def test_naive_timestamps_load_with_a_source_timezone(engine: Engine, tmp_path: Path) -> None:
    header = (CONTRACT / "calls.csv").read_text().splitlines()[0]
    path = tmp_path / "calls.csv"
    path.write_text(header + "\n" + CALL.replace("2026-03-02T15:00:00Z", "2026-03-02 09:00:00") + "\n")
    [result] = load_paths(engine, "calls", [path], timezone="America/Chicago", progress=False)
    assert result.status == "ok"
    with engine.connect() as conn:
        started = conn.execute(select(calls.c.started_at)).scalar_one()
    assert started.isoformat() == "2026-03-02T15:00:00"


def test_non_utf8_file_names_the_byte_offset(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_bytes(b"account_id,customer_name\nA1,Jos" + b"\xe9 Diaz\n")
    [result] = load_paths(engine, "accounts", [path], progress=False)
    assert result.status == "failed"
    assert f"{path}" in result.message and "byte 0xe9 at byte offset 31" in result.message
    [ok] = load_paths(engine, "accounts", [path], encoding="cp1252", progress=False)
    assert ok.status == "ok"
    with engine.connect() as conn:
        assert conn.execute(select(accounts.c.customer_name)).scalar_one() == "José Diaz"


def test_missing_required_column_fails_the_file_with_a_clear_reason(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "digital.csv"
    path.write_text("interaction_id,account_id,channel,started_at\nX1,A1,sms,2026-03-01T12:00:00Z\n")
    [result] = load_paths(engine, "digital", [path], progress=False)
    assert result.status == "failed" and "missing required column(s): direction" in result.message
    with engine.connect() as conn:
        reject = conn.execute(select(ingest_rejects)).one()
    assert (reject.line, reject.column_name) == (1, "direction")


@pytest.mark.parametrize("text", ["", "\n\n", "\ufeff"])
def test_empty_file_is_a_clear_failure(engine: Engine, tmp_path: Path, text: str) -> None:
    path = tmp_path / "agents.csv"
    path.write_text(text, encoding="utf-8")
    [result] = load_paths(engine, "agents", [path], progress=False)
    assert result.status == "failed" and "file is empty" in result.message


def test_header_only_loads_nothing(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "agents.csv"
    path.write_text((CONTRACT / "agents.csv").read_text().splitlines()[0] + "\n")
    [result] = load_paths(engine, "agents", [path], progress=False)
    assert (result.status, result.rows_read, result.inserted) == ("ok", 0, 0)


def test_extra_columns_are_reported_once_and_ignored(engine: Engine, tmp_path: Path) -> None:
    lines = (CONTRACT / "accounts.csv").read_text().splitlines()
    path = tmp_path / "accounts.csv"
    path.write_text("\n".join([lines[0] + ",crm_score"] + [line + ",7" for line in lines[1:]]) + "\n")
    [result] = load_paths(engine, "accounts", [path], progress=False)
    assert result.status == "ok" and result.message == "ignored unknown column(s): crm_score"


def test_column_order_is_free_and_quoted_newlines_keep_line_numbers(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "pauses.csv"
    path.write_text(
        'reason,account_id,paused_from,paused_until\n'
        '"asked by letter,\nsecond line",A1,2026-01-01T00:00:00Z,\n'
        'bad,A2,yesterday,\n'
    )
    [result] = load_paths(engine, "pauses", [path], progress=False)
    assert result.inserted == 1 and [(r.line, r.column) for r in result.rejects] == [(4, "paused_from")]


def test_ragged_rows_are_rejected_with_their_line(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("account_id,customer_name,client\nA1,Ann,Acme\nA2,Bob,Acme,extra\nA3,Cy,Acme\n")
    [result] = load_paths(engine, "accounts", [path], progress=False)
    assert result.inserted == 2 and [(r.line, r.reason[:22]) for r in result.rejects] == [
        (3, "wrong number of fields")
    ]


def test_booleans_accept_every_contract_spelling(engine: Engine, tmp_path: Path) -> None:
    rows = [f"E{i},C1,00100,,2026-03-03T09:00:00Z,Tone,1,5,{v}" for i, v in
            enumerate(["true", "FALSE", "1", "0", "Yes", "no", ""])]
    path = tmp_path / "qa.csv"
    header = (CONTRACT / "qa_evaluations.csv").read_text().splitlines()[0]
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    [result] = load_paths(engine, "qa", [path], progress=False)
    assert result.status == "ok"
    with engine.connect() as conn:
        got = conn.execute(select(qa_evaluations.c.critical).order_by(qa_evaluations.c.evaluation_id)).scalars()
        assert [bool(v) for v in got] == [True, False, True, False, True, False, False]


REVIEW_CASES = [
    ('{"reviewId": "x", "starRating": "SIX", "createTime": "2026-01-01T00:00:00Z"}', "starRating", "ONE..FIVE"),
    ('{"reviewId": "x", "starRating": "FIVE"}', "createTime", "createTime is required"),
    ('{"reviewId": "x", "starRating": "FIVE", "createTime": "2026-01-01T00:00:00"}', "createTime", "no timezone"),
    ('{"starRating": "FIVE", "createTime": "2026-01-01T00:00:00Z"}', "reviewId", "reviewId is required"),
    ('{"reviewId": "x", "starRating": "FIVE", "createTime": "2026-01-01T00:00:00Z", "comment": 5}', "comment",
     "comment must be text"),
    ('"just a string"', "json", "expected a Review object"),
    ('{"reviewId": "x", "starRating": "FIVE", "createTime": ', "json", "invalid JSON"),
]


@pytest.mark.parametrize(("bad", "column", "reason"), REVIEW_CASES)
def test_broken_review_is_rejected_and_good_ones_load(engine: Engine, tmp_path: Path, bad: str, column: str,
                                                      reason: str) -> None:
    good = '{"reviewId": "ok", "starRating": "FIVE", "createTime": "2026-01-01T00:00:00Z"}'
    path = tmp_path / "reviews.jsonl"
    path.write_text(good + "\n" + bad + "\n" + good.replace('"ok"', '"ok2"') + "\n")
    [result] = load_paths(engine, "reviews", [path], progress=False)
    assert result.inserted == 2 and result.rejected == 1
    assert [(r.line, r.column) for r in result.rejects if reason in r.reason] == [(2, column)]
    with engine.connect() as conn:
        assert sorted(conn.execute(select(reviews.c.review_id)).scalars()) == ["ok", "ok2"]


def test_truncated_review_page_keeps_the_reviews_before_the_damage(engine: Engine, tmp_path: Path) -> None:
    text = (CONTRACT / "reviews.json").read_text()
    path = tmp_path / "page.json"
    path.write_text(text[: text.index('"rv-3"') + 30])
    [result] = load_paths(engine, "reviews", [path], progress=False)
    assert result.inserted == 2 and result.rejected == 1 and "invalid JSON" in result.rejects[0].reason
