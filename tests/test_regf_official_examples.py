"""The Bureau's own worked examples (12 CFR 1006, Supplement I) re-enacted as data, on both engines.

Each test cites the comment it re-enacts. Dates are in 2026, which from March on has the same
weekdays as the commentary's 2020 calendar (Monday, May 4 is a Monday in both). Times are written
in the consumer's local time (New York, EDT = UTC-4, unless the example says otherwise). The rows go
through the real loader, so the stored audit (`metrics compliance`) is what is checked.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from metrics.export import compliance_rows
from metrics.periods import Period
from pipeline.load import load_paths
from tests.conftest import _truncate as truncate

ACCOUNTS = "account_id,customer_name,phone,timezone\n"
CALLS = "call_id,account_id,direction,started_at,talk_seconds,disposition,handled_by,agent_id,dialled_number\n"
CONSENTS = "account_id,kind,given_at,until,revoked_at\n"
DIGITAL = "interaction_id,account_id,channel,direction,started_at,agent_id\n"
NY_PHONE = "+12125550100"


def call(call_id: str, local: str, disposition: str = "no_answer", talk: int = 0, direction: str = "outbound",
         account: str = "AC1", dialled: str = "") -> str:
    """A calls.csv row; `local` is 'MM-DD HH:MM' New York daylight time in 2026."""
    return (f"{call_id},{account},{direction},{stamp(local)},{talk},{disposition},agent,A1,{dialled}\n")


def stamp(local: str, offset: str = "-04:00") -> str:
    month_day, hm = local.split(" ")
    return f"2026-{month_day}T{hm}:00{offset}"


def audit(engine: Engine, tmp_path: Path, calls: list[str], *, accounts: str | None = None,
          consents: list[str] = (), digital: list[str] = ()) -> set[tuple[str, str]]:
    """Load the example's rows into an empty database and return the stored findings as (interaction_id, rule)."""
    truncate(engine)
    files = {"accounts": accounts or ACCOUNTS + f"AC1,Consumer,{NY_PHONE},America/New_York\n",
             "consents": CONSENTS + "".join(consents), "calls": CALLS + "".join(calls),
             "digital": DIGITAL + "".join(digital)}
    for kind, text in files.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        [result] = load_paths(engine, kind, [path], progress=False)
        assert result.rejects == [], result.rejects
    return {(r["interaction_id"], r["rule"]) for r in compliance_rows(engine, Period.all())}


def week(prefix: str, days: range, hour: str = "10:00", **kw) -> list[str]:
    """One call a day in May 2026 on each of `days`."""
    return [call(f"{prefix}{d}", f"05-{d:02d} {hour}", **kw) for d in days]


# --- 14(b)(2)(i)-1: the seven-in-seven count and the post-conversation week --------------------------


def test_14b2i_1_i_seven_calls_in_seven_consecutive_days_then_an_eighth(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(2)(i)-1.i: calls Monday May 4 through Sunday May 10 are seven within seven consecutive
    days; an eighth call on Sunday May 10 exceeds the frequency, a call on Monday May 11 does not."""
    calls = week("c", range(4, 11))
    assert audit(engine, tmp_path, calls) == set()
    assert audit(engine, tmp_path, [*calls, call("eighth", "05-10 15:00")]) == {("eighth", "frequency")}


def test_14b2i_1_i_the_next_window_opens_on_day_eight(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(2)(i)-1.i: seven calls on Monday May 4 use the whole week up to Sunday May 10; a call on
    Sunday is the eighth, a call on Monday May 11 (day 8) is not."""
    monday = [call(f"m{h}", f"05-04 {h}:00") for h in range(10, 17)]
    assert audit(engine, tmp_path, [*monday, call("sun", "05-10 10:00"), call("mon", "05-11 10:00")]) == {
        ("sun", "frequency")}


def test_14b2i_1_ii_consumer_initiated_conversation_starts_the_week(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(2)(i)-1.ii: the consumer calls on Tuesday May 5 and has a telephone conversation about the
    debt; that date is day 1, so calls through Monday May 11 are presumed violations, Tuesday May 12 is not."""
    calls = [call("in", "05-05 12:00", "answered", 300, "inbound"), call("wed", "05-06 10:00"),
             call("mon", "05-11 20:59"), call("tue", "05-12 08:00")]
    assert audit(engine, tmp_path, calls) == {("wed", "post_conversation"), ("mon", "post_conversation")}


def test_14b2i_1_conversation_on_the_collectors_own_call(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(2)(i)-1: the call on which the conversation happens is not itself a call after it; a second
    call later the same day (day 1) is."""
    calls = [call("talk", "05-04 10:00", "answered", 120), call("again", "05-04 16:00")]
    assert audit(engine, tmp_path, calls) == {("again", "post_conversation")}


# --- 14(b)(2)(i)-3: a wrong number is not the consumer ---------------------------------------------


def test_14b2i_3_calls_to_a_wrong_number_do_not_count(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(2)(i)-3: calls to a number that turns out to be someone else's are not calls to the consumer,
    and the stranger who answers is no telephone conversation with the consumer."""
    wrong = "+13125550199"
    calls = [*week("x", range(4, 8), dialled=wrong),
             call("stranger", "05-07 15:00", "wrong_number", 40, dialled=wrong),
             *week("c", range(8, 11)), *[call(f"d{h}", f"05-10 {h}:00") for h in (12, 13, 14, 15)]]
    assert audit(engine, tmp_path, calls) == set()


def test_14b2i_3_without_the_wrong_number_the_same_calls_would_count(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(2)(i)-3, the contrast: the same pattern to the consumer's own number is eight calls."""
    calls = [*week("x", range(4, 8)), *week("c", range(8, 11)), call("d12", "05-10 12:00")]
    assert audit(engine, tmp_path, calls) == {("d12", "frequency")}


def test_14b2i_3_calls_after_the_number_is_known_wrong_count_again(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(2)(i)-3 as METRICS.md applies it: only calls placed before the wrong-number call are excluded."""
    wrong = "+13125550199"
    calls = [call("stranger", "05-04 09:00", "wrong_number", 30, dialled=wrong),
             *week("c", range(4, 11), dialled=wrong), call("eighth", "05-10 18:00", dialled=wrong)]
    assert audit(engine, tmp_path, calls) == {("eighth", "frequency")}


# --- 14(b)(2)(ii)-1: the presumption of a violation ------------------------------------------------


def test_14b2ii_1_eight_calls_to_different_numbers_of_the_same_person(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(2)(ii)-1: eight calls within seven consecutive days to the consumer's mobile and home numbers
    are calls to a particular person about a particular debt; the eighth is presumed a violation."""
    home = "+12125550111"
    calls = [*week("m", range(4, 8)), *week("h", range(4, 8), hour="14:00", dialled=home)]
    assert audit(engine, tmp_path, calls) == {("h7", "frequency")}


def test_14b2ii_1_a_call_after_a_conversation_and_an_eighth_call(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(2)(ii)-1: a call within the week after a conversation breaks (b)(2)(i)(B) even when few
    calls were placed; an eighth call breaks (b)(2)(i)(A); one call can break both."""
    calls = [*week("c", range(4, 11)), call("talk", "05-10 11:00", "answered", 60), call("both", "05-10 16:00")]
    assert audit(engine, tmp_path, calls) == {("talk", "frequency"), ("both", "frequency"),
                                              ("both", "post_conversation")}


# --- 14(b)(3)(i)-2 and -3: prior consent --------------------------------------------------------------


def test_14b3i_2_consent_ends_at_the_next_telephone_conversation(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(3)(i)-2: on Monday May 4 the consumer consents to more calls; calls under it count toward
    neither frequency until the consent ends — here at Wednesday's telephone conversation, after which the
    post-conversation week applies again."""
    calls = [*[call(f"m{h}", f"05-04 {h}:00") for h in range(10, 18)], call("wed", "05-06 10:00", "answered", 90),
             call("thu", "05-07 10:00")]
    consents = [f"AC1,calls,{stamp('05-04 09:00')},,\n"]
    assert audit(engine, tmp_path, calls, consents=consents) == {("thu", "post_conversation")}


def test_14b3i_2_consent_ends_at_its_own_end_or_revocation(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(3)(i)-2: consent for a shorter period ends with it; a revoked consent ends when revoked."""
    calls = [call(f"m{h}", f"05-04 {h}:00") for h in range(9, 18)]  # nine calls on Monday
    until = [f"AC1,calls,{stamp('05-04 08:00')},{stamp('05-04 10:30')},\n"]  # covers m9, m10
    assert audit(engine, tmp_path, calls, consents=until) == set()
    revoked = [f"AC1,calls,{stamp('05-04 08:00')},,{stamp('05-04 09:30')}\n"]  # covers m9 only
    assert audit(engine, tmp_path, calls, consents=revoked) == {("m17", "frequency")}


def test_14b3i_2_consent_lasts_at_most_seven_consecutive_days(engine: Engine, tmp_path: Path) -> None:
    """§1006.14(b)(3)(i), comment 14(b)(3)(i)-2: consent received Monday May 4 (day 1) covers calls through Sunday
    May 10; on Monday May 11 the calls count again."""
    calls = [*[call(f"s{h}", f"05-10 {h}:00") for h in range(10, 18)],
             *[call(f"n{h}", f"05-11 {h}:00") for h in range(10, 18)]]
    consents = [f"AC1,calls,{stamp('05-04 09:00')},,\n"]
    assert audit(engine, tmp_path, calls, consents=consents) == {("n17", "frequency")}


def test_14b3i_3_a_requested_call_back_is_placed_with_consent(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(3)(i)-3: during Monday's conversation the consumer asks to be called back on Tuesday. The
    call back is placed with prior consent and is not a call within the post-conversation week; the conversation
    on it ends the consent, so Thursday's call is."""
    calls = [call("mon", "05-04 10:00", "answered", 300), call("tue", "05-05 10:00", "answered", 200),
             call("thu", "05-07 10:00")]
    consents = [f"AC1,calls,{stamp('05-04 10:04')},,\n"]
    assert audit(engine, tmp_path, calls, consents=consents) == {("thu", "post_conversation")}
    assert audit(engine, tmp_path, calls) == {("tue", "post_conversation"), ("thu", "post_conversation")}


# --- 14(b)(3)(ii)-1: calls not connected to the dialled number --------------------------------------


def test_14b3ii_1_busy_and_not_in_service_do_not_count(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(3)(ii)-1: a busy signal or a number not in service does not connect; a call that rings
    unanswered or reaches voicemail does."""
    calls = [*week("r", range(4, 8)), *week("v", range(8, 11), disposition="voicemail"),
             call("busy1", "05-10 12:00", "busy"), call("busy2", "05-10 13:00", "busy"),
             call("nis", "05-10 14:00", "failed")]
    assert audit(engine, tmp_path, calls) == set()
    assert audit(engine, tmp_path, [*calls, call("rings", "05-10 15:00")]) == {("rings", "frequency")}


# --- 14(b)(4): a particular debt ---------------------------------------------------------------------------


def test_14b4_seven_calls_about_each_of_three_debts(engine: Engine, tmp_path: Path) -> None:
    """Comment 14(b)(4)-1: a consumer with three debts may be called seven times within seven consecutive days
    about each (21 calls); an eighth call about one debt is presumed a violation for that debt only."""
    accounts = ACCOUNTS + "".join(f"D{i},Consumer,{NY_PHONE},America/New_York\n" for i in (1, 2, 3))
    calls = [call(f"{a}-{d}", f"05-{d:02d} {9 + i}:00", account=a) for i, a in enumerate(("D1", "D2", "D3"))
             for d in range(4, 11)]
    assert audit(engine, tmp_path, calls, accounts=accounts) == set()
    assert audit(engine, tmp_path, [*calls, call("D2-8th", "05-10 18:00", account="D2")], accounts=accounts) == {
        ("D2-8th", "frequency")}


def test_14b4_a_conversation_about_one_debt_does_not_start_the_week_for_another(engine: Engine,
                                                                                tmp_path: Path) -> None:
    """Comment 14(b)(4)-1: the post-conversation week is per particular debt."""
    accounts = ACCOUNTS + f"D1,Consumer,{NY_PHONE},America/New_York\nD2,Consumer,{NY_PHONE},America/New_York\n"
    calls = [call("talk", "05-04 10:00", "answered", 120, account="D1"), call("other", "05-05 10:00", account="D2"),
             call("same", "05-05 11:00", account="D1")]
    assert audit(engine, tmp_path, calls, accounts=accounts) == {("same", "post_conversation")}


# --- 6(b)(1)(i)-1 and -2: inconvenient times -------------------------------------------------------------


def test_6b1i_1_an_electronic_message_counts_when_it_is_sent(engine: Engine, tmp_path: Path) -> None:
    """Comment 6(b)(1)(i)-1: an email sent at 18:00 is not sent at an inconvenient time even if read at 22:00; a
    text message sent at 21:30 is; a call attempt at 07:30 that never connects is still made at that time."""
    digital = [f"e1,AC1,email,outbound,{stamp('05-04 18:00')},A1\n", f"s1,AC1,sms,outbound,{stamp('05-04 21:30')},\n"]
    calls = [call("early", "05-05 07:30", "busy")]
    assert audit(engine, tmp_path, calls, digital=digital) == {("s1", "inconvenient_time"),
                                                              ("early", "inconvenient_time")}


def test_6b1i_2_conflicting_locations_must_both_be_convenient(engine: Engine, tmp_path: Path) -> None:
    """Comment 6(b)(1)(i)-2: the phone's area code is Eastern and the address Pacific, so the convenient time is
    11 a.m. to 9 p.m. Eastern (8 a.m. to 6 p.m. Pacific)."""
    accounts = ACCOUNTS + f"AC1,Consumer,{NY_PHONE},America/Los_Angeles\n"
    calls = [call("et1030", "05-04 10:30"), call("et1100", "05-05 11:00"), call("pt1759", "05-06 20:59"),
             call("pt1800", "05-07 21:00")]
    assert audit(engine, tmp_path, calls, accounts=accounts) == {("et1030", "inconvenient_time"),
                                                               ("pt1800", "inconvenient_time")}


def test_6b1i_2_the_dialled_numbers_area_code_adds_its_zone(engine: Engine, tmp_path: Path) -> None:
    """Comment 6(b)(1)(i)-2: a call to a Los Angeles number at 11:00 Eastern is 08:00 there (fine); at 10:59
    Eastern it is 07:59 in Los Angeles, though 10:59 where the account lives."""
    la = "+13105550100"
    calls = [call("ok", "05-04 11:00", dialled=la), call("early", "05-05 10:59", dialled=la)]
    assert audit(engine, tmp_path, calls) == {("early", "inconvenient_time")}


def test_6b4i_consent_to_calls_at_an_otherwise_inconvenient_time(engine: Engine, tmp_path: Path) -> None:
    """§1006.6(b)(4)(i): the consumer's prior consent makes a 22:00 call convenient, until it is revoked."""
    calls = [call("late1", "05-04 22:00"), call("late2", "05-12 22:00")]
    consents = [f"AC1,calling_hours,{stamp('05-01 09:00')},,{stamp('05-08 09:00')}\n"]
    assert audit(engine, tmp_path, calls, consents=consents) == {("late2", "inconvenient_time")}
