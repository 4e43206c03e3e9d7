"""Contact history: which people the reviewer (as an account holder) dealt with before the review."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select

from attribution.names import name_tokens
from sql.dialect import bulk_insert, driver_timestamp, fetch_raw, one_of
from sql.schema import account_name_keys, accounts, calls, digital, sync_bookmarks

BOOKMARK_SOURCE = "attribution"
BOOKMARK_KEY = "account_name_keys"


@dataclass(frozen=True)
class Contact:
    """One person-handled engaged interaction of an account."""

    agent_id: str
    started_at: datetime
    channel: str
    account_id: str


@dataclass
class History:
    """What the reviewer's accounts show in the window before the review.

    `accounts` maps each matched account to the person holding it (`person_key`): namesakes are
    different people, one customer's several debts the same one.
    """

    matched: bool = False
    accounts: dict[str, str] = field(default_factory=dict)
    contacts: tuple[Contact, ...] = ()

    def agents(self) -> set[str]:
        """Every agent with a contact in the window."""
        return {c.agent_id for c in self.contacts}

    def latest(self, agent_ids: Iterable[str] | None = None) -> Contact | None:
        """The most recent contact (optionally among `agent_ids`)."""
        wanted = None if agent_ids is None else set(agent_ids)
        pool = [c for c in self.contacts if wanted is None or c.agent_id in wanted]
        return max(pool, key=lambda c: c.started_at) if pool else None


@lru_cache(maxsize=100_000)
def identity(customer_name: str | None) -> str:
    """The folded name that tells one customer from another ("MARÍA  García" -> maria garcia)."""
    return " ".join(name_tokens(customer_name))


def person_key(account_id: str, customer_name: str | None, email: str | None, phone: str | None) -> str:
    """Who holds an account: the folded name plus the email (else the phone, else the account itself).

    Two accounts with the same holder name are one person only when they share an email or a phone;
    otherwise they are namesakes, whose contacts say nothing about each other's review.
    """
    digits = "".join(ch for ch in phone or "" if ch.isdigit())[-10:]  # "+1 (555) 123-4567" == "5551234567"
    contact = (email or "").strip().lower() or digits or f"#{account_id}"
    return f"{identity(customer_name)}|{contact}"


def customer_keys(customer_name: str | None) -> set[str]:
    """Lookup keys of an account holder: full folded name, first+last, and first + last initial."""
    if not customer_name:
        return set()
    raw = customer_name
    if raw.count(",") == 1:
        last, first = raw.split(",")
        raw = f"{first} {last}"
    toks = name_tokens(raw)
    if not toks:
        return set()
    keys = {"n:" + " ".join(toks)}
    if len(toks) >= 2:
        keys.add(f"n:{toks[0]} {toks[-1]}")
        keys.add(f"i:{toks[0]} {toks[-1][0]}")
    return keys


@lru_cache(maxsize=100_000)
def reviewer_keys(display_name: str | None) -> tuple[str, ...]:
    """Keys a Google display name is looked up by, most specific first ("Maria G." -> i:maria g)."""
    toks = name_tokens(display_name)
    if len(toks) < 2:
        return ()
    if len(toks[-1]) == 1:
        return (f"i:{toks[0]} {toks[-1]}",)
    keys = ["n:" + " ".join(toks)]
    if len(toks) > 2:
        keys.append(f"n:{toks[0]} {toks[-1]}")
    return tuple(keys)


def refresh_account_keys(conn: Connection, *, full: bool = False, run_id: int | None = None) -> int:
    """Bring `account_name_keys` up to date with `accounts`; returns the accounts indexed.

    Incremental by the accounts' `run_id` (bookmarked); `full` or a missing bookmark rebuilds.
    """
    bookmark = conn.execute(
        select(sync_bookmarks.c.bookmark).where(
            sync_bookmarks.c.source == BOOKMARK_SOURCE, sync_bookmarks.c.partition_key == BOOKMARK_KEY
        )
    ).scalar()
    query = select(accounts.c.account_id, accounts.c.customer_name, accounts.c.run_id)
    if full or bookmark is None:
        conn.execute(delete(account_name_keys))
    elif run_id is not None:
        query = query.where(accounts.c.run_id == run_id)
    else:
        query = query.where(accounts.c.run_id > int(bookmark))
    rows = conn.execute(query).all()
    if not rows and bookmark is not None and not full:
        return 0
    if not (full or bookmark is None):
        conn.execute(_DROP_KEYS, {"ids": [r.account_id for r in rows]})
    keys = sorted(  # in key order, so the index grows at its end instead of at random pages
        (key[:200], r.account_id, r.customer_name) for r in rows for key in customer_keys(r.customer_name)
    )
    bulk_insert(conn, account_name_keys, ["name_key", "account_id", "customer_name"], keys)
    top = conn.execute(select(func.max(accounts.c.run_id))).scalar() or 0
    new_mark = str(max(top, int(bookmark or 0)))
    now = datetime.now(UTC).replace(tzinfo=None)
    conn.execute(
        delete(sync_bookmarks).where(
            sync_bookmarks.c.source == BOOKMARK_SOURCE, sync_bookmarks.c.partition_key == BOOKMARK_KEY
        )
    )
    conn.execute(
        insert(sync_bookmarks).values(
            source=BOOKMARK_SOURCE, partition_key=BOOKMARK_KEY, bookmark=new_mark, updated_at=now
        )
    )
    return len(rows)


# Statements built once; each list goes in as one parameter.
_DROP_KEYS = delete(account_name_keys).where(one_of(account_name_keys.c.account_id, "ids"))
_ACCOUNTS_BY_KEY = select(
    account_name_keys.c.name_key, account_name_keys.c.account_id, account_name_keys.c.customer_name
).where(one_of(account_name_keys.c.name_key, "keys"))
_HOLDER_CONTACTS = select(accounts.c.account_id, accounts.c.email, accounts.c.phone).where(
    one_of(accounts.c.account_id, "ids")
)
_CALL_CONTACTS = select(
    calls.c.account_id, calls.c.started_at, calls.c.handled_by, calls.c.agent_id, calls.c.handoff_agent_id
).where(
    one_of(calls.c.account_id, "ids"),
    calls.c.started_at >= bindparam("since"),
    calls.c.started_at < bindparam("until"),
    calls.c.talk_seconds > 0,
    or_(
        and_(calls.c.handled_by == "agent", calls.c.agent_id.is_not(None)),
        and_(calls.c.handled_by == "voice_ai", calls.c.handoff_agent_id.is_not(None)),
    ),
)
_DIGITAL_CONTACTS = select(digital.c.account_id, digital.c.started_at, digital.c.agent_id, digital.c.channel).where(
    one_of(digital.c.account_id, "ids"),
    digital.c.started_at >= bindparam("since"),
    digital.c.started_at < bindparam("until"),
    digital.c.direction == "inbound",
    digital.c.agent_id.is_not(None),
    digital.c.agent_id != "",
)


def match_reviewers(
    conn: Connection, display_names: Iterable[str | None], max_accounts: int = 25
) -> dict[str, dict[str, str]]:
    """Display name -> {account_id: person_key}, by the most specific key that matches an account holder.

    Email and phone, which tell namesakes apart, are read only for names that match several
    accounts (at most `max_accounts`; more identify nobody): most names match one.
    """
    names = {n for n in display_names if n}
    keys = sorted({k for n in names for k in reviewer_keys(n)})
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for key, account_id, customer_name in fetch_raw(conn, _ACCOUNTS_BY_KEY, {"keys": keys}):
        found[key][account_id] = customer_name or ""
    shared = sorted({a for accts in found.values() if 1 < len(accts) <= max_accounts for a in accts})
    reach = {a: (e, p) for a, e, p in fetch_raw(conn, _HOLDER_CONTACTS, {"ids": shared})} if shared else {}
    out: dict[str, dict[str, str]] = {}
    for n in names:
        for k in reviewer_keys(n):
            if k in found:
                out[n] = {a: person_key(a, c, *reach.get(a, (None, None))) for a, c in found[k].items()}
                break
    return out


def load_contacts(
    conn: Connection, account_ids: Iterable[str], since: datetime, until: datetime
) -> dict[str, list[Contact]]:
    """Person-handled engaged interactions of the accounts in [since, until), by account."""
    params = {"ids": sorted(set(account_ids)), "since": since, "until": until}
    out: dict[str, list[Contact]] = defaultdict(list)
    for account_id, started_at, handled_by, agent_id, handoff_agent_id in fetch_raw(conn, _CALL_CONTACTS, params):
        person = agent_id if handled_by == "agent" else handoff_agent_id
        if person:
            out[account_id].append(Contact(person, driver_timestamp(started_at), "call", account_id))
    for account_id, started_at, agent_id, channel in fetch_raw(conn, _DIGITAL_CONTACTS, params):
        out[account_id].append(Contact(agent_id, driver_timestamp(started_at), channel, account_id))
    return dict(out)


def window(created_at: datetime, days: int) -> tuple[datetime, datetime]:
    """The history window [created_at - days, created_at)."""
    return created_at - timedelta(days=days), created_at
