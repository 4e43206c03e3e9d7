"""Output safety of the dashboard: CSV formula neutralising, masking, escaped digests, the wheel's stop angle."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pandas as pd
import pytest

from dashboard.digest import html_digest, markdown_digest
from dashboard.safety import mask_text, neutralise_cell, neutralise_frame, short_name, text_or, to_csv
from dashboard.wheel_chart import stop_angle


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"])
def test_formula_like_cells_are_neutralised(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Great service", "", "5 stars", 12, -3.5, None])
def test_other_cells_pass_through(value: object) -> None:
    assert neutralise_cell(value) == value


def test_csv_has_no_cell_starting_a_formula() -> None:
    frame = pd.DataFrame({"comment": ["=cmd|' /C calc'!A0", "fine", "@x"], "n": [-1, 2, 3], "=col": ["a", "b", "c"]})
    rows = list(csv.reader(io.StringIO(to_csv(frame).decode("utf-8-sig"))))
    assert rows[0] == ["comment", "n", "'=col"]
    assert [r[0] for r in rows[1:]] == ["'=cmd|' /C calc'!A0", "fine", "'@x"]
    assert [r[1] for r in rows[1:]] == ["-1", "2", "3"]
    assert neutralise_frame(frame)["n"].tolist() == [-1, 2, 3]


@pytest.mark.parametrize(("text", "expected"), [
    ("Call me on +1 (773) 555-4023 please", "Call me on •••••••••23 please"),
    ("my number is 773-555-4023.", "my number is ••••••••23."),
    ("write to maria.gonzalez@example.com!", "write to m•••@example.com!"),
    ("paid on 2026-10-30 at 10:00", "paid on 2026-10-30 at 10:00"),
    ("5 stars, 10/10", "5 stars, 10/10"),
    ("account 1234", "account 1234"),
    # evidence strings: dates in brackets, times and counts stay readable; phones beside them are still masked
    ("call with Ana Ruiz the same day (2026-03-30)", "call with Ana Ruiz the same day (2026-03-30)"),
    ("3 days before (2026-03-27 09:30), then 773-555-4023", "3 days before (2026-03-27 09:30), then ••••••••23"),
    ("on 12/03/2026 at 14:05", "on 12/03/2026 at 14:05"),
    ("1,234,567 calls and 1 234 567 reviews", "1,234,567 calls and 1 234 567 reviews"),
    ("appelez le 06.12.34.56.78", "appelez le ••••••••78"),
])
def test_phones_and_emails_are_masked(text: str, expected: str) -> None:
    assert mask_text(text) == expected


def test_reviewer_shown_by_first_name_and_initial() -> None:
    assert short_name("Maria Gonzalez Ruiz") == "Maria R."
    assert short_name("Maria") == "Maria"
    assert short_name(None) == "(anonymous)"


def _wall() -> pd.DataFrame:
    return pd.DataFrame([
        {"agent_id": "1", "full_name": "Ana <b>Diaz</b>", "team": "Care", "review_id": "r1",
         "created_at": datetime(2026, 10, 3), "reviewer_name": "Zoe Smith",
         "comment": "<script>alert(1)</script> **Ana** rocks, call 773-555-4023", "comment_translation": None},
        {"agent_id": "2", "full_name": "Ben", "team": "Voice", "review_id": "r2", "created_at": datetime(2026, 10, 4),
         "reviewer_name": "Al", "comment": "[click](http://evil) thanks", "comment_translation": None},
    ])


def test_html_digest_escapes_and_masks() -> None:
    page = html_digest(_wall(), "2026-10")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>Diaz</b>" not in page
    assert "773-555-4023" not in page and "••••••••23" in page
    assert "Zoe S." in page and "Zoe Smith" not in page


def test_markdown_digest_escapes_markup() -> None:
    text = markdown_digest(_wall(), "2026-10")
    assert "\\*\\*Ana\\*\\*" in text
    assert "\\[click\\]\\(http://evil\\)" in text
    assert "773-555-4023" not in text


@pytest.mark.parametrize(("entries", "index", "expected"), [
    ([1, 1, 1, 1], 0, 315.0), ([1, 1, 1, 1], 1, 225.0), ([2, 1, 1], 0, 270.0), ([1], 0, 180.0),
])
def test_wheel_stops_with_the_winner_under_the_pointer(entries: list[int], index: int, expected: float) -> None:
    assert stop_angle(entries, index) == pytest.approx(expected)


def test_missing_review_text_shows_a_placeholder_not_nan() -> None:
    assert text_or(float("nan")) == "(no text)"
    assert text_or(None) == "(no text)"
    assert text_or("  ") == "(no text)"
    assert text_or("mail a@b.example") == "mail a•••@b.example"
    wall = _wall()
    wall.loc[1, "comment"] = float("nan")
    assert "nan" not in markdown_digest(wall, "2026-10").lower().replace("fernandez", "")
    assert "(no text)" in html_digest(wall, "2026-10")


@pytest.mark.parametrize("text", [
    "customer's sms with Rodel Santos 2 days before (2026-02-09)",
    "called on (2026-10-30 14:05) and again on 10/30/2026)",
    "plan of 12 payments (starting 1 Nov, ending 30)",
])
def test_masking_keeps_dates_and_numbers_in_evidence(text: str) -> None:
    assert mask_text(text) == text
    assert mask_text(text + " · call me at (773) 555-4023") == text + " · call me at ••••••••23"
