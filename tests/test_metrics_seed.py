"""A tiny hand-made data set for the metrics tests, loaded as the CLI loads (`pipeline.load`, with rollups).

Every expected figure in the metrics tests is worked out by hand from these rows;
the comments next to the rows say what each one is there to exercise.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert

from pipeline.load import load_paths
from sql.schema import attributions, review_flags, reviews
from tests.conftest import _truncate as truncate

AGENTS = """agent_id,full_name,preferred_name,team,site,country,languages,start_date,end_date,manager_id
A1,Alice Smith,Alice,North,Austin,US,en,2024-01-01,,M1
A2,Bob Jones,Bob,North,Austin,US,en;es,2024-01-01,,M1
A3,Cara Reyes,Cara,South,Manila,PH,en,2024-01-01,2026-01-31,M2
M1,Mona Lee,Mona,Leads,Austin,US,en,2020-01-01,,
"""

ACCOUNTS = """account_id,customer_name,timezone
AC1,One,America/New_York
AC2,Two,America/Chicago
AC3,Three,America/Los_Angeles
AC4,Four,America/New_York
AC5,Five,America/New_York
AC6,Six,America/New_York
"""

PAUSES = """account_id,paused_from,paused_until,reason
AC6,2026-01-20T00:00:00Z,2026-01-25T00:00:00Z,asked for a break
"""

# c1 conversation (09:00 EST); c2 three local days later -> post_conversation.
# c4 voice AI, 20:30 CST the day of c3's conversation -> post_conversation (not yet 21:00).
# c5 voice AI handed to A3 at 21:00 PST -> inconvenient_time; c6 failed -> not placed.
# c7 voice AI without handoff -> the Voice AI row; c8 a dialler attempt nobody took -> placed, fine.
# f1..f9: AC5 called 8 times in local Jan 12..18 -> f8 is the 8th (frequency); f9's window has 7.
# p1 during AC6's pause -> pause.
CALL_HEADER = ("call_id,account_id,direction,started_at,ended_at,talk_seconds,disposition,handled_by,agent_id,"
               "handoff_agent_id,outcome,language\n")
CALLS = CALL_HEADER + """c1,AC1,outbound,2026-01-05T14:00:00Z,,120,answered,agent,A1,,payment_plan_created,en
c2,AC1,outbound,2026-01-07T15:00:00Z,,0,no_answer,agent,A1,,,en
c3,AC2,inbound,2026-01-05T16:00:00Z,,300,answered,agent,A2,,hardship_support,es
c4,AC2,outbound,2026-01-06T02:30:00Z,,0,voicemail,voice_ai,,,,en
c5,AC3,outbound,2026-01-06T05:00:00Z,,60,answered,voice_ai,,A3,payment_made,en
c6,AC3,outbound,2026-01-06T06:00:00Z,,0,failed,agent,A3,,,en
c7,AC1,inbound,2026-02-02T15:00:00Z,,45,answered,voice_ai,,,no_resolution,en
c8,AC4,outbound,2026-01-10T15:00:00Z,,0,busy,none,,,,
f1,AC5,outbound,2026-01-12T14:00:00Z,,0,no_answer,agent,A2,,,en
f2,AC5,outbound,2026-01-12T18:00:00Z,,0,no_answer,agent,A2,,,en
f3,AC5,outbound,2026-01-13T14:00:00Z,,0,no_answer,agent,A2,,,en
f4,AC5,outbound,2026-01-14T14:00:00Z,,0,no_answer,agent,A2,,,en
f5,AC5,outbound,2026-01-15T14:00:00Z,,0,no_answer,agent,A2,,,en
f6,AC5,outbound,2026-01-16T14:00:00Z,,0,no_answer,agent,A2,,,en
f7,AC5,outbound,2026-01-17T14:00:00Z,,0,no_answer,agent,A2,,,en
f8,AC5,outbound,2026-01-18T14:00:00Z,,0,no_answer,agent,A2,,,en
f9,AC5,outbound,2026-01-19T14:00:00Z,,0,no_answer,agent,A2,,,en
p1,AC6,outbound,2026-01-21T15:00:00Z,,0,no_answer,agent,A1,,,en
"""

# d4 automated email during AC6's pause -> pause; d5 exactly when the pause ends -> fine.
DIGITAL = """interaction_id,account_id,channel,direction,started_at,ended_at,agent_id,outcome,language
d1,AC1,email,inbound,2026-01-06T13:00:00Z,,A1,paid_in_full,en
d2,AC2,sms,inbound,2026-01-08T13:00:00Z,,A2,,es
d3,AC1,chat,outbound,2026-01-09T13:00:00Z,,A1,,en
d4,AC6,email,outbound,2026-01-22T15:00:00Z,,,,en
d5,AC6,email,outbound,2026-01-25T00:00:00Z,,,,en
d6,AC3,chat,inbound,2026-02-03T18:00:00Z,,A3,plan_restarted,en
"""

# E1 = 75, E2 = 0 (critical item failed), E3 = 100, E4 = 87.5.
QA = """evaluation_id,interaction_id,agent_id,evaluator,evaluated_at,criterion,score,max_score,critical
E1,c1,A1,qa1,2026-01-06T10:00:00Z,greeting,2,2,false
E1,c1,A1,qa1,2026-01-06T10:00:00Z,accuracy,3,5,false
E1,c1,A1,qa1,2026-01-06T10:00:00Z,disclosure,1,1,true
E2,d1,A1,qa1,2026-01-07T10:00:00Z,greeting,2,2,false
E2,d1,A1,qa1,2026-01-07T10:00:00Z,disclosure,0,1,true
E3,c3,A2,qa1,2026-01-07T11:00:00Z,greeting,2,2,false
E3,c3,A2,qa1,2026-01-07T11:00:00Z,accuracy,5,5,false
E3,c3,A2,qa1,2026-01-07T11:00:00Z,disclosure,1,1,true
E4,c5,A3,qa1,2026-02-04T10:00:00Z,greeting,1,2,false
E4,c5,A3,qa1,2026-02-04T10:00:00Z,accuracy,5,5,false
E4,c5,A3,qa1,2026-02-04T10:00:00Z,disclosure,1,1,true
"""

# (review_id, stars, comment, created_at, deleted, language)
REVIEWS = [
    ("R1", 5, "Alice was great", datetime(2026, 1, 10, 12), False, "en"),
    ("R2", 5, "Thanks Bob and Alice", datetime(2026, 1, 11, 12), False, "en"),
    ("R3", 5, None, datetime(2026, 1, 12, 12), False, None),
    ("R4", 5, "great", datetime(2026, 2, 1, 12), False, "en"),
    ("R5", 3, "ok", datetime(2026, 1, 15, 12), False, "en"),
    ("R6", 1, "bad", datetime(2026, 1, 16, 12), True, "en"),
    ("R7", 5, "my colleague Bob", datetime(2026, 1, 17, 12), False, "en"),
    ("R8", 4, "fine", datetime(2026, 1, 18, 12), False, "es"),
    ("R9", None, "meh", datetime(2026, 1, 19, 12), False, "en"),
    ("R10", 5, "Bob helped", datetime(2026, 2, 1, 3), False, "en"),  # 31 Jan in Chicago
]
ATTRIBUTIONS = [
    ("R1", "A1", "auto"), ("R2", "A1", "confirmed"), ("R2", "A2", "auto"), ("R4", "A3", "needs_review"),
    ("R7", "A2", "auto"), ("R10", "A2", "auto"), ("R5", "A3", "rejected"),
]
FLAGS = [("R7", None), ("R8", datetime(2026, 1, 20))]

FILES = (("agents", AGENTS), ("accounts", ACCOUNTS), ("pauses", PAUSES), ("calls", CALLS),
         ("digital", DIGITAL), ("qa", QA))


def write_csv(tmp_path: Path, kind: str, text: str) -> Path:
    """Write one canonical CSV file."""
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    return path


def load(engine: Engine, tmp_path: Path, kind: str, text: str) -> None:
    """Load one canonical CSV through the real loader and assert it loaded cleanly."""
    [result] = load_paths(engine, kind, [write_csv(tmp_path, kind, text)], progress=False)
    assert result.rejects == [], result.rejects


def seed(engine: Engine, tmp_path: Path) -> None:
    """Load the whole tiny data set."""
    for kind, text in FILES:
        load(engine, tmp_path, kind, text)
    now = datetime(2026, 2, 10)
    with engine.begin() as conn:
        conn.execute(insert(reviews), [
            {"review_id": r, "name": f"accounts/1/locations/1/reviews/{r}", "reviewer_is_anonymous": False,
             "star_rating": s, "comment": c, "created_at": t, "updated_at": t, "is_deleted": d, "language": lang}
            for r, s, c, t, d, lang in REVIEWS
        ])
        conn.execute(insert(attributions), [
            {"review_id": r, "agent_id": a, "status": s, "confidence": 0.9, "method": "mention",
             "evidence": "test", "computed_at": now} for r, a, s in ATTRIBUTIONS
        ])
        conn.execute(insert(review_flags), [
            {"review_id": r, "flag": "insider", "raised_at": now, "cleared_at": c} for r, c in FLAGS
        ])


def seed_once(migrated_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Empty the session database and load the data set, for module-scoped fixtures of read-only tests."""
    truncate(migrated_engine)
    seed(migrated_engine, tmp_path_factory.mktemp("seed"))
    return migrated_engine
