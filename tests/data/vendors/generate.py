"""Write the vendor fixtures: 240 records per export in each vendor's documented shape, plus the roster.

    python tests/data/vendors/generate.py

Deterministic (record i decides everything), so tests/test_vendor_load.py can state the counts:
- account: i % 40 (phone +1312555NNNN, email custNN@example.net); records with i % 30 == 13 carry a
  phone no account has (rejected: no account);
- agent: (i // 3) % 10; agents 0-8 are on the roster (agentN@example.com) and in agent_ids.toml,
  agent 9 is in neither (kept, counted as unmatched);
- i % 5 in 0..2: answered (talk 60 + i seconds); 3: no answer; 4: busy (calls) / unassigned (digital);
- outcome: i % 8 == 0 -> plan (payment_plan_created), i % 8 == 4 -> dispute (dispute_raised), answered only;
- Five9 and Genesys: i % 8 == 6 (answered) is a wrong number (disposition / wrap-up code);
- broken: i % 48 == 47 (a status, type or channel the mapping does not know).
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).parent
N = 240
START = datetime(2026, 10, 5, 13, 0, tzinfo=UTC)


def account(i: int) -> int:
    return i % 40


def phone(i: int) -> str:
    return "+13125559999" if i % 30 == 13 else f"+1312555{account(i):04d}"


def agent(i: int) -> int:
    return (i // 3) % 10


def answered(i: int) -> bool:
    return i % 5 <= 2


def outcome(i: int) -> str | None:
    if not answered(i):
        return None
    return {0: "plan", 4: "dispute"}.get(i % 8)


def broken(i: int) -> bool:
    return i % 48 == 47


def when(i: int) -> tuple[datetime, datetime, int]:
    start = START + timedelta(minutes=37 * i)
    talk = 60 + i if answered(i) else 0
    return start, start + timedelta(seconds=talk + 20), talk


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def genesys_user(n: int) -> str:
    return f"5e1f0c2a-0000-4000-8000-{n:012d}"


def roster() -> None:
    with (HERE / "agents.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["agent_id", "full_name", "email"])
        for n in range(9):
            w.writerow([f"AG{n:02d}", f"Agent Number {n}", f"agent{n}@example.com"])
    with (HERE / "accounts.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["account_id", "customer_name", "phone", "email", "timezone"])
        for k in range(40):
            w.writerow([f"A{k:04d}", f"Customer {k}", f"+1312555{k:04d}", f"cust{k}@example.net", "America/Chicago"])
    lines = ["# vendor user id -> agent_id, per mapping (see docs/vendors.md)"]
    for section, key in (("twilio", lambda n: f'"client:agent{n}"'), ("genesys", lambda n: f'"{genesys_user(n)}"'),
                         ("zendesk", lambda n: f'"{9000 + n}"')):
        lines.append(f"\n[{section}]")
        lines += [f'{key(n)} = "AG{n:02d}"' for n in range(9)]
    (HERE / "agent_ids.toml").write_text("\n".join(lines) + "\n")


def page(key: str, items: list[dict], **rest) -> str:
    """An API response page with one record per line (readable diffs, no indentation bulk)."""
    body = ",\n".join(json.dumps(item) for item in items)
    tail = json.dumps(rest)[1:-1]
    return f'{{"{key}": [\n{body}\n], {tail}}}\n'


def twilio_call(i: int) -> dict:
    start, end, talk = when(i)
    inbound = i % 3 == 0
    status = "in-progress" if broken(i) else ("completed" if answered(i) else "no-answer" if i % 5 == 3 else "busy")
    us = "+13125550000"
    client = f"client:agent{agent(i)}" if answered(i) else us
    return {
        "account_sid": "AC" + "0" * 32, "sid": f"CA{i:032x}", "parent_call_sid": None,
        "date_created": format_datetime(start, usegmt=False), "date_updated": format_datetime(end, usegmt=False),
        "to": client if inbound else phone(i), "to_formatted": "", "from": phone(i) if inbound else client,
        "from_formatted": "", "phone_number_sid": "PN" + "0" * 32, "status": status,
        "start_time": format_datetime(start, usegmt=False), "end_time": format_datetime(end, usegmt=False),
        "duration": str(talk) if answered(i) else None, "price": None, "price_unit": "USD",
        "direction": "inbound" if inbound else ("outbound-api" if i % 2 else "outbound-dial"),
        "answered_by": ("machine_start" if i % 7 == 0 and answered(i) and not inbound else None),
        "api_version": "2010-04-01", "forwarded_from": None, "caller_name": None, "group_sid": None,
        "queue_time": "0", "trunk_sid": None, "uri": f"/2010-04-01/Accounts/AC{'0' * 32}/Calls/CA{i:032x}.json",
    }


def twilio() -> None:
    calls = [twilio_call(i) for i in range(N)]
    (HERE / "twilio_calls.json").write_text(page(
        "calls", calls, end=N - 1, first_page_uri="", next_page_uri=None, page=0, page_size=N, previous_page_uri=None,
        start=0, uri="/2010-04-01/Accounts/AC/Calls.json?PageSize=240"))
    with (HERE / "twilio_calls.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Call SID", "Parent Call SID", "From", "To", "Status", "Direction", "Answered By",
                    "Start Time", "End Time", "Duration", "Price"])
        for c in calls:
            w.writerow([c["sid"], "", c["from"], c["to"], c["status"], c["direction"], c["answered_by"] or "",
                        c["start_time"], c["end_time"], c["duration"] or "", ""])


def five9() -> None:
    with (HERE / "five9_call_log.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["CALL ID", "TIMESTAMP", "CAMPAIGN", "CALL TYPE", "AGENT", "AGENT NAME", "DISPOSITION", "ANI",
                    "DNIS", "SESSION ID", "TALK TIME", "HOLD TIME"])
        for i in range(N):
            start, _, talk = when(i)
            local = start - timedelta(hours=7)  # the domain's zone, America/Los_Angeles (PDT in October)
            inbound = i % 3 == 0
            kind = "Internal" if broken(i) else "Inbound" if inbound else ("Manual" if i % 2 else "Outbound")
            disp = {0: "Promise To Pay", 4: "Dispute", 6: "Wrong Number"}.get(i % 8, "Resolved") if answered(i) else (
                "No Answer" if i % 5 == 3 else "Busy")
            number = phone(i).removeprefix("+1")
            w.writerow([f"{300000 + i}", local.strftime("%Y-%m-%d %H:%M:%S"), "Collections Q4", kind,
                        f"agent{agent(i)}@example.com" if answered(i) else "", f"Agent {agent(i)}", disp,
                        number if inbound else "3125550000", "3125550000" if inbound else number, f"S{i:06d}",
                        f"{talk // 3600:02d}:{talk // 60 % 60:02d}:{talk % 60:02d}", "00:00:00"])


def connect_record(i: int) -> dict:
    start, end, talk = when(i)
    channel = "TASK" if i % 16 == 15 else ("CHAT" if i % 8 == 3 else "EMAIL") if i % 4 == 3 else "VOICE"
    if broken(i):
        channel = "VOICE"
    method = "MONITOR" if broken(i) else ("INBOUND" if i % 3 == 0 else "OUTBOUND")
    agent_info = None
    if answered(i) or (channel != "VOICE" and i % 5 != 4):
        agent_info = {"ARN": f"arn:aws:connect:us-east-1:111122223333:instance/x/agent/{agent(i)}",
                      "Username": f"agent{agent(i)}@example.com", "ConnectedToAgentTimestamp": iso(start),
                      "AgentInteractionDuration": talk, "AfterContactWorkDuration": 15}
    attrs = {"outcome": {"plan": "promise_to_pay", "dispute": "dispute_raised"}[outcome(i)]} if outcome(i) else {}
    if i % 6 == 1 and i % 30 != 13:
        attrs["account_id"] = f"A{account(i):04d}"
    return {
        "AWSAccountId": "111122223333", "AWSContactTraceRecordFormatVersion": "2017-03-10", "Agent": agent_info,
        "Attributes": attrs, "Channel": channel, "ContactId": f"c0ffee00-0000-4000-8000-{i:012d}",
        "CustomerEndpoint": {"Address": phone(i), "Type": "TELEPHONE_NUMBER"} if channel == "VOICE" or i % 6 != 1
        else None,
        "DisconnectTimestamp": iso(end), "InitiationMethod": method, "InitiationTimestamp": iso(start),
        "InstanceARN": "arn:aws:connect:us-east-1:111122223333:instance/x", "LastUpdateTimestamp": iso(end),
        "Queue": {"Name": "Collections"}, "DisconnectReason": "CUSTOMER_DISCONNECT",
    }


def connect() -> None:
    lines = [json.dumps(connect_record(i)) for i in range(N)]
    again = connect_record(0)  # delivered again after an update: the later copy wins
    again["LastUpdateTimestamp"] = iso(START + timedelta(days=1))
    again["Attributes"] = {"outcome": "paid_in_full"}
    lines.append(json.dumps(again))
    (HERE / "connect_ctr.jsonl").write_text("\n".join(lines) + "\n")


def genesys_conversation(i: int) -> dict:
    start, end, talk = when(i)
    media = ("email" if i % 8 == 3 else "message") if i % 4 == 3 else "voice"
    customer_session = {"mediaType": media, "direction": "inbound"}
    if media == "voice":
        customer_session |= {"ani": f"tel:{phone(i)}", "dnis": "tel:+13125550000"} if i % 3 == 0 else {
            "ani": "tel:+13125550000", "dnis": f"tel:{phone(i)}"}
    elif media == "message":
        customer_session["messageType"] = "sms" if i % 2 else "webmessaging"
        customer_session["addressFrom"] = phone(i)
    else:
        customer_session["addressOther"] = f"cust{account(i)}@example.net"
    participants = [{"participantId": f"p-c-{i}", "purpose": "customer", "sessions": [customer_session]}]
    if i % 10 == 0 and media == "voice":
        participants.append({"participantId": f"p-i-{i}", "purpose": "ivr", "sessions": [
            {"mediaType": "voice", "flow": {"flowType": "bot", "flowName": "Payments bot"}}]})
    if answered(i) or (media != "voice" and i % 5 != 4):
        segments = [{"segmentStart": iso(start), "segmentEnd": iso(end), "segmentType": "interact"}]
        code = {"plan": "0a1b-plan", "dispute": "0a1b-dispute"}.get(outcome(i) or "")
        if i % 8 == 6 and media == "voice":
            code = "0a1b-wrong-number"
        if code:
            segments.append({"segmentStart": iso(end), "segmentEnd": iso(end), "segmentType": "wrapup",
                             "wrapUpCode": code})
        metrics = [{"name": "tTalk", "value": talk * 1000, "emitDate": iso(end)}] if media == "voice" else []
        participants.append({"participantId": f"p-a-{i}", "purpose": "agent", "userId": genesys_user(agent(i)),
                             "sessions": [{"mediaType": media, "segments": segments, "metrics": metrics}]})
    if i % 6 == 1 and i % 30 != 13:
        participants[0]["attributes"] = {"account_id": f"A{account(i):04d}"}
    if i % 40 == 38:  # a co-browse conversation: skipped, not a conversation with the customer
        participants = [{"participantId": f"p-c-{i}", "purpose": "customer", "sessions": [{"mediaType": "cobrowse"}]}]
    begun = None if broken(i) else iso(start)  # broken: no conversationStart
    return {"conversationId": f"9c0a0000-0000-4000-8000-{i:012d}", "conversationStart": begun,
            "conversationEnd": iso(end), "originatingDirection": "inbound" if i % 3 == 0 else "outbound",
            "divisionIds": ["d0000000-0000-4000-8000-000000000000"], "participants": participants}


def genesys() -> None:
    (HERE / "genesys_conversations.json").write_text(
        page("conversations", [genesys_conversation(i) for i in range(N)], totalHits=N))


def zendesk_ticket(i: int) -> dict:
    start, end, _ = when(i)
    channel = "voice" if i % 12 == 11 else ["email", "web", "sms", "chat", "messaging", "email"][i % 6]
    if broken(i):
        channel = "twitter"
    tags = ["collections", *{"plan": ["promise_to_pay"], "dispute": ["dispute"]}.get(outcome(i) or "", [])]
    address = "nobody@example.org" if i % 30 == 13 else f"cust{account(i)}@example.net"
    source_from = {"address": address, "name": f"Customer {account(i)}"} if channel in ("email", "web") else {}
    return {
        "id": 50000 + i, "url": f"https://example.zendesk.com/api/v2/tickets/{50000 + i}.json",
        "external_id": f"A{account(i):04d}" if channel not in ("email", "web") and i % 30 != 13 else None,
        "via": {"channel": channel, "source": {"from": source_from, "to": {}, "rel": None}},
        "created_at": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "updated_at": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "subject": "Question about my balance", "status": "solved", "requester_id": 700000 + account(i),
        "submitter_id": 700000 + account(i), "assignee_id": 9000 + agent(i) if i % 5 != 4 else None,
        "group_id": 360000000001, "tags": tags, "custom_fields": [], "generated_timestamp": int(end.timestamp()),
    }


def zendesk() -> None:
    (HERE / "zendesk_tickets.json").write_text(page(
        "tickets", [zendesk_ticket(i) for i in range(N)], after_cursor="MTU4MDc1Mzc5OC4wfHw0MzJ8", after_url=None,
        before_cursor=None, before_url=None, end_of_stream=True))


if __name__ == "__main__":
    roster()
    twilio()
    five9()
    connect()
    genesys()
    zendesk()
