"""Who a vendor record is about and who handled it: account by id attribute, phone or email; agent by
roster email or `config/agent_ids.toml`. Whole columns at a time; the roster and accounts are read once.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import phonenumbers
from sqlalchemy import Connection, select

from ingest.fields import Problem
from sql.schema import accounts, agents

AGENT_IDS_ENV = "STARBOARD_AGENT_IDS"
DEFAULT_AGENT_IDS = Path("config/agent_ids.toml")
_E164 = r"^\+[1-9]\d{1,14}$"


def agent_id_table(path: Path | None, section: str) -> dict[str, str]:
    """Vendor user id -> agent_id from the agent-ids file (its `[section]`); empty when there is no file."""
    path = path or Path(os.environ.get(AGENT_IDS_ENV) or DEFAULT_AGENT_IDS)
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from None
    table = data.get(section, {})
    if not isinstance(table, dict):
        raise ValueError(f"{path}: [{section}] must be a table of vendor user id = agent_id")
    return {str(k): str(v) for k, v in table.items()}


def e164(values: pd.Series, region: str | None) -> pd.Series:
    """Phone numbers in E.164 (blank when not a possible number). Numbers already in E.164 skip the parser."""
    done = values.str.match(_E164)  # most exports already give E.164: no clean-up, no parser
    cleaned = values.where(done, values.str.replace(r"^(?:tel|sip):", "", regex=True)
                           .str.replace(r"[\s().\-]", "", regex=True))
    done = cleaned.str.match(_E164)
    out = cleaned.where(done, "")
    todo = (cleaned != "") & ~done
    if todo.any():
        uniques = pd.unique(cleaned[todo])
        parsed = {u: _parse_phone(u, region) for u in uniques}
        out = out.mask(todo, cleaned[todo].map(parsed))
    return out


def _parse_phone(text: str, region: str | None) -> str:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass
class Directory:
    """Accounts by phone and email, agents by email: what matching needs from the database."""

    phone_to_account: dict[str, str]
    shared_phones: set[str]
    email_to_account: dict[str, str]
    shared_emails: set[str]
    email_to_agent: dict[str, str]
    agent_ids: set[str]

    @classmethod
    def read(cls, conn: Connection, region: str | None, need_accounts: bool) -> Directory:
        """Read the roster, and (when records carry no account id) the accounts' phones and emails."""
        roster = pd.DataFrame(conn.execute(select(agents.c.agent_id, agents.c.email)).all(),
                              columns=["agent_id", "email"])
        emails = roster.dropna(subset=["email"])
        email_to_agent = dict(zip(emails["email"].str.lower(), emails["agent_id"], strict=True))
        phone_map, shared_phones, email_map, shared_emails = {}, set(), {}, set()
        if need_accounts:
            frame = pd.DataFrame(conn.execute(select(accounts.c.account_id, accounts.c.phone, accounts.c.email)).all(),
                                 columns=["account_id", "phone", "email"]).fillna("")
            frame["phone"] = e164(frame["phone"].astype(str), region)
            frame["email"] = frame["email"].str.strip().str.lower()
            phone_map, shared_phones = _unique_index(frame, "phone")
            email_map, shared_emails = _unique_index(frame, "email")
        return cls(phone_map, shared_phones, email_map, shared_emails, email_to_agent, set(roster["agent_id"]))


def _unique_index(frame: pd.DataFrame, column: str) -> tuple[dict[str, str], set[str]]:
    rows = frame[frame[column] != ""]
    counts = rows[column].value_counts()
    shared = set(counts[counts > 1].index)
    single = rows[~rows[column].isin(shared)]
    return dict(zip(single[column], single["account_id"], strict=True)), shared


def resolve_accounts(ref: pd.Series, phone: pd.Series, email: pd.Series, directory: Directory,
                     region: str | None) -> tuple[pd.Series, list[Problem], pd.Series]:
    """account_id per record (id attribute, else phone, else email), the problems, and what was tried."""
    lookup = ref == ""
    phones = pd.Series("", index=ref.index, dtype="str")
    emails = phones.copy()
    if lookup.any():  # phone and email are only needed where the record carries no account id
        phones[lookup] = e164(phone[lookup], region)
        emails[lookup] = email[lookup].str.strip().str.lower()
    phone = phone.where(lookup, "")
    by_phone = _lookup(phones, directory.phone_to_account)
    by_email = _lookup(emails, directory.email_to_account)
    account = ref.where(ref != "", by_phone.where(by_phone != "", by_email))
    tried = phones.where(phones != "", emails).where(ref == "", ref)
    problems = []
    missing = account == ""
    nothing = missing & (phones == "") & (emails == "") & (phone.str.strip() == "")
    if nothing.any():
        problems.append(Problem("account_id", np.flatnonzero(nothing),
                                "no account id attribute, customer phone number or email in this record"))
    bad_phone = missing & (phones == "") & (phone.str.strip() != "") & (emails == "")
    if bad_phone.any():
        problems.append(Problem("account_id", np.flatnonzero(bad_phone), "customer phone number is not a valid number",
                                phone[bad_phone].to_numpy()))
    shared = missing & (phones.isin(directory.shared_phones) | emails.isin(directory.shared_emails))
    if shared.any():
        problems.append(Problem("account_id", np.flatnonzero(shared),
                                "customer phone number or email belongs to more than one account; "
                                "add the account id to the record"))
    unknown = missing & ~nothing & ~bad_phone & ~shared
    if unknown.any():
        problems.append(Problem("account_id", np.flatnonzero(unknown),
                                "no account has this customer phone number or email (load accounts.csv first, "
                                "or add the account id to the record)"))
    return account, problems, tried


def _lookup(keys: pd.Series, table: dict[str, str]) -> pd.Series:
    """`table[key]` per row, blank where the key is not in it."""
    out = pd.Series("", index=keys.index, dtype="str")
    asked = keys != ""
    if table and asked.any():
        found = keys[asked].map(table)
        out[asked] = np.where(found.notna(), found, "")
    return out


def resolve_agents(ref: pd.Series, directory: Directory, table: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """agent_id per record: roster email, else the agent-ids table, else an agent_id as given, else the vendor's
    value kept (the data-quality report counts it until the roster or table knows it). Also: which were matched."""
    lowered = ref.str.strip().str.lower()
    by_email = lowered.map(directory.email_to_agent)
    by_table = ref.map(table)
    out = by_email.where(by_email.notna(), by_table)
    out = out.where(out.notna(), ref)
    matched = (ref == "") | by_email.notna() | by_table.notna() | ref.isin(directory.agent_ids)
    return out.astype("str"), matched
