"""Property tests: random input never crashes the parsers or the matcher, never loses a valid row, and
loading is idempotent and order-insensitive."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from attribution.mentions import find_mentions, mentions_in_review
from attribution.roster import build_roster, make_agent
from ingest.calls import SOURCE as CALLS
from ingest.csv_file import FileError, read_csv
from ingest.fields import Context
from ingest.loader import load_paths, validate
from ingest.review_json import read_review_json
from ingest.reviews import ReviewError, parse_review
from sql.schema import calls, reviews
from tests.conftest import _truncate

HEADER = CALLS.columns
DB_SETTINGS = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])
PURE_SETTINGS = settings(max_examples=150, deadline=None)

# Text that tries hard to break a CSV: separators, quotes, newlines, NUL, RTL, emoji, formula starts.
nasty_text = st.text(
    alphabet=st.one_of(st.sampled_from(list(',"\n\t =+-@;\x00\ufeff\u202e👍é')),
                       st.characters(blacklist_categories=["Cs"])),
    max_size=30,
)
# Cells for files written with the csv module: it leaves a bare CR unquoted (only its line terminator is
# quoted), which every reader then takes for a line break; the reader test above covers bare CRs.
cell_text = nasty_text.map(lambda s: s.replace("\r", ""))


@st.composite
def valid_call(draw: st.DrawFn, n: int) -> dict:
    """A calls row that keeps every contract rule, with the value the database must end up holding."""
    offset = timedelta(minutes=draw(st.integers(-14 * 60, 14 * 60).map(lambda m: m - m % 15)))
    local = draw(st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1))).replace(microsecond=0)
    started = local.replace(tzinfo=timezone(offset))
    talk = draw(st.integers(0, 86_400))
    handled = draw(st.sampled_from(["agent", "voice_ai", "none"]))
    row = {
        "call_id": f"V{n}",
        "account_id": draw(st.from_regex(r"\A[A-Z0-9]{1,10}\Z")),
        "direction": draw(st.sampled_from(["inbound", "outbound", "OUTBOUND"])),
        "started_at": started.isoformat().replace("+00:00", draw(st.sampled_from(["Z", "+00:00"]))),
        "ended_at": "" if draw(st.booleans()) else (started + timedelta(seconds=talk)).isoformat(),
        "talk_seconds": str(talk),
        "disposition": draw(st.sampled_from(["answered", "no_answer", "busy", "voicemail", "failed", "wrong_number"])),
        "handled_by": handled,
        "agent_id": draw(st.from_regex(r"\A0[0-9]{4}\Z")) if handled == "agent" else "",
        "handoff_agent_id": draw(st.sampled_from(["", "00101"])) if handled == "voice_ai" else "",
        "outcome": draw(st.sampled_from(["", "paid_in_full", "no_resolution"])),
        "language": draw(st.sampled_from(["", "en", "ES"])),
        "dialled_number": draw(st.sampled_from(["", "+12125550100"])),
    }
    row["_started_utc"] = started.astimezone(UTC).replace(tzinfo=None)
    return row


@st.composite
def garbage_call(draw: st.DrawFn, n: int) -> dict:
    """A row of random cells (its id is kept apart from the valid rows' ids)."""
    row = {c: draw(cell_text) for c in HEADER}
    row["call_id"] = f"G{n}{row['call_id']}"
    return row


@st.composite
def call_file(draw: st.DrawFn) -> list[dict]:
    """Valid and garbage rows, shuffled."""
    good = [draw(valid_call(i)) for i in range(draw(st.integers(0, 12)))]
    bad = [draw(garbage_call(i)) for i in range(draw(st.integers(0, 8)))]
    return draw(st.permutations(good + bad))


def write_calls(path: Path, rows: list[dict], crlf: bool = False) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n" if crlf else "\n")
        writer.writerow(HEADER)
        writer.writerows([r[c] for c in HEADER] for r in rows)
    return path


def stored_calls(engine: Engine) -> dict[str, tuple]:
    cols = [calls.c[c] for c in HEADER]
    with engine.connect() as conn:
        return {r[0]: tuple(r) for r in conn.execute(select(*cols))}


def test_random_text_never_crashes_the_csv_reader() -> None:
    """Parsing and validating any text either fails the whole file with a FileError or yields rejects."""

    @PURE_SETTINGS
    @given(text=st.one_of(nasty_text, st.builds(lambda rows: ",".join(HEADER) + "\n" + rows, nasty_text)),
           crlf=st.booleans())
    def check(text: str, crlf: bool) -> None:
        with TemporaryDirectory() as tmp:
            path = Path(tmp) / "calls.csv"
            path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))
            try:
                raw = read_csv(path, CALLS.columns, CALLS.required)
            except FileError as exc:
                assert exc.reason
                return
            typed, rejects, bad = validate(CALLS, raw, Context())
            assert len(typed) == len(raw.frame) == len(bad)
            assert all(r.line and r.line >= 2 and r.reason for r in rejects)
            assert {r.line for r in rejects} == set(raw.lines[bad].tolist())

    check()


def test_random_json_never_crashes_the_review_parser() -> None:
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
            st.sampled_from(["reviewId", "name", "starRating", "comment", "createTime", "updateTime", "reviewer",
                             "reviewReply", "displayName", "isAnonymous", "reviews"]) | st.text(max_size=5),
            inner, max_size=5),
        max_leaves=12,
    )

    @PURE_SETTINGS
    @given(value=json_values, cut=st.integers(0, 200))
    def check(value: object, cut: int) -> None:
        text = json.dumps(value)
        for candidate in (text, text[:cut]):
            try:
                items, rejects = read_review_json(Path("r.json"), candidate)
            except FileError as exc:
                assert exc.reason
                continue
            assert all(r.reason for r in rejects)
            for item in items:
                try:
                    row = parse_review(item.value)
                except ReviewError as exc:
                    assert exc.reason and exc.column
                    continue
                assert isinstance(row["review_id"], str) and row["created_at"] <= row["updated_at"]

    check()


def test_random_rows_never_crash_the_loader_nor_lose_a_valid_row(engine: Engine) -> None:
    @DB_SETTINGS
    @given(rows=call_file(), crlf=st.booleans())
    def check(rows: list[dict], crlf: bool) -> None:
        _truncate(engine)
        with TemporaryDirectory() as tmp:
            path = write_calls(Path(tmp) / "calls.csv", rows, crlf)
            [result] = load_paths(engine, "calls", [path], progress=False)
        stored = stored_calls(engine)
        valid = [r for r in rows if r["call_id"].startswith("V")]
        for r in valid:
            got = stored.get(r["call_id"])
            assert got is not None, f"valid row lost: {r}"
            assert got[1:4] == (r["account_id"], r["direction"].lower(), r["_started_utc"])
            assert got[5] == int(r["talk_seconds"]) and got[9] == (r["handoff_agent_id"] or None)
        assert result.rows_read == len(rows)
        assert result.inserted == len(stored)
        assert result.rejected == len(rows) - len(stored)
        assert result.status in ("ok", "partial")

    check()


def test_loading_twice_or_in_two_halves_gives_the_same_database(engine: Engine) -> None:
    @DB_SETTINGS
    @given(rows=call_file(), split=st.integers(0, 20))
    def check(rows: list[dict], split: int) -> None:
        with TemporaryDirectory() as tmp:
            whole = write_calls(Path(tmp) / "whole.csv", rows)
            first = write_calls(Path(tmp) / "first.csv", rows[:split])
            second = write_calls(Path(tmp) / "second.csv", rows[split:])
            _truncate(engine)
            load_paths(engine, "calls", [whole], progress=False)
            once = stored_calls(engine)
            [again] = load_paths(engine, "calls", [whole], progress=False)
            assert stored_calls(engine) == once
            assert (again.inserted, again.updated, again.unchanged) == (0, 0, len(once))
            _truncate(engine)
            load_paths(engine, "calls", [first, second], progress=False)
            assert stored_calls(engine) == once

    check()


def test_random_reviews_never_crash_nor_lose_a_valid_review(engine: Engine) -> None:
    valid_review = st.builds(
        lambda n, stars, comment, name: {"reviewId": f"V{n}", "starRating": stars, "comment": comment,
                                         "reviewer": {"displayName": name}, "createTime": "2026-01-01T00:00:00Z"},
        st.integers(0, 10**6), st.sampled_from(["ONE", "TWO", "THREE", "FOUR", "FIVE"]), nasty_text,
        nasty_text.filter(lambda s: s.strip()),
    )
    junk = st.dictionaries(st.sampled_from(["reviewId", "starRating", "comment", "createTime", "reviewer"]),
                           st.one_of(nasty_text, st.integers(), st.none(), st.lists(st.integers(), max_size=2)))

    @DB_SETTINGS
    @given(good=st.lists(valid_review, max_size=6, unique_by=lambda r: r["reviewId"]),
           bad=st.lists(junk, max_size=6), shape=st.sampled_from(["array", "lines"]))
    @example(good=[], bad=[], shape="lines")
    def check(good: list[dict], bad: list[dict], shape: str) -> None:
        _truncate(engine)
        items = [json.dumps(v) for v in [*good, *[b | {"reviewId": f"G{i}"} for i, b in enumerate(bad)]]]
        text = "[" + ",\n".join(items) + "]" if shape == "array" else "\n".join(items)
        with TemporaryDirectory() as tmp:
            path = Path(tmp) / "r.json"
            path.write_text(text, encoding="utf-8")
            [result] = load_paths(engine, "reviews", [path], progress=False)
        with engine.connect() as conn:
            stored = dict(conn.execute(select(reviews.c.review_id, reviews.c.comment)).all())
        for r in good:
            clean = "\x00" not in r["comment"] + r["reviewer"]["displayName"]
            assert (r["reviewId"] in stored) == clean, result.rejects
            if clean:
                assert stored[r["reviewId"]] == (r["comment"] or None)
        if not text:  # JSON Lines of no review at all is an empty file: the load fails and says so
            assert result.status == "failed" and "file is empty" in result.rejects[0].reason
        else:
            assert result.status in ("ok", "partial")

    check()


MATCHER_ROSTER = build_roster([
    make_agent("rob", "Robert Diaz", aliases="Bob"),
    make_agent("lan", "Nguyen Thi Lan", preferred_name="Lily", country="VN"),
    make_agent("amelie", "Amélie Tremblay", country="CA"),
    make_agent("grace", "Grace Okafor"),
])


def test_the_matcher_never_crashes_and_only_names_roster_agents() -> None:
    @PURE_SETTINGS
    @given(text=st.text(max_size=200) | st.lists(st.sampled_from(
        ["Bob", "Robert", "Diaz", "Lily", "Lan", "Amélie", "Grace", "not", "thanks", "agent", "!", ",", "'s", "\n",
         "👍", "<b>", "**", "مرحبا", "BOB", "b0b"]), max_size=25).map(" ".join),
        translated=st.booleans())
    def check(text: str, translated: bool) -> None:
        found = find_mentions(text, MATCHER_ROSTER)
        assert {a for m in found for a in m.agents} <= set(MATCHER_ROSTER.agents)
        assert find_mentions(text, MATCHER_ROSTER) == found, "deterministic"
        both = mentions_in_review(text, text if translated else None, MATCHER_ROSTER)
        assert {a for m in both for a in m.agents} <= set(MATCHER_ROSTER.agents)

    check()


def test_the_matcher_finds_a_full_name_whatever_surrounds_it() -> None:
    @PURE_SETTINGS
    @given(before=st.from_regex(r"\A[0-9 #%]{0,30}\Z"), after=st.from_regex(r"\A[0-9 #%]{0,30}\Z"),
           who=st.sampled_from([("rob", "Robert Diaz"), ("grace", "Grace Okafor"), ("amelie", "Amélie Tremblay")]))
    def check(before: str, after: str, who: tuple[str, str]) -> None:
        agent_id, name = who
        text = f"{before}. {name} was very helpful with my account. {after}"
        assert agent_id in {a for m in find_mentions(text, MATCHER_ROSTER) for a in m.agents}, text

    check()


def test_csv_writer_round_trip_matches_what_the_loader_reads() -> None:
    """Guards the generator itself: what `write_calls` writes is what a CSV reader reads back."""
    rows = [{c: f'x"{c},\n' for c in HEADER}]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([[r[c] for c in HEADER] for r in rows])
    assert next(csv.reader(io.StringIO(buf.getvalue(), newline=""))) == [f'x"{c},\n' for c in HEADER]
