"""Output safety: exports neutralise spreadsheet formulas, digests escape user text, the app never renders review
text as HTML or Markdown and masks contact details, and the database password never reaches the terminal."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from hypothesis import given, settings
from hypothesis import strategies as st_h
from sqlalchemy import Engine, insert
from sqlalchemy.engine import make_url

from dashboard.digest import html_digest, markdown_digest
from dashboard.safety import FORMULA_PREFIXES, to_csv
from pipeline.load import load_paths
from sql.schema import attributions, reviews

ROOT = Path(__file__).parent.parent
CONTRACT = Path(__file__).parent / "data" / "contract"
FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=x", "=HYPERLINK(\"http://evil.example\",\"x\")"]
formula_text = st_h.one_of(st_h.sampled_from(FORMULAS), st_h.text(max_size=15),
                           st_h.tuples(st_h.sampled_from(list("=+-@\t\r")), st_h.text(max_size=10)).map("".join))


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def starts_a_formula(cell: str) -> bool:
    """What a spreadsheet would run: text starting with = + - @ tab or CR (plain numbers are fine)."""
    if not cell.startswith(FORMULA_PREFIXES):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


no_cr_text = formula_text.map(lambda s: s.replace("\r", ""))


@settings(max_examples=100, deadline=None)
@given(cells=st_h.lists(st_h.tuples(no_cr_text, no_cr_text), min_size=1, max_size=5), header=no_cr_text)
def test_dashboard_csv_downloads_never_start_a_formula(cells: list[tuple[str, str]], header: str) -> None:
    """Cells holding a CR: see the next test."""
    frame = pd.DataFrame(cells, columns=[header or "h", "b"])
    text = to_csv(frame).decode("utf-8-sig")
    assert not [c for c in csv_cells(text) if starts_a_formula(c)]


def test_dashboard_csv_keeps_a_cell_with_a_carriage_return_in_its_row() -> None:
    comment = "thanks\r=cmd|' /C calc'!A0"
    frame = pd.DataFrame([{"review_id": "r1", "comment": comment}, {"review_id": "r2", "comment": "ok"}])
    text = to_csv(frame).decode("utf-8-sig")
    assert not [c for c in csv_cells(text) if starts_a_formula(c)]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["review_id", "comment"], ["r1", comment], ["r2", "ok"]]


@settings(max_examples=100, deadline=None)
@given(comment=st_h.one_of(formula_text, st_h.sampled_from([
    "<script>alert(1)</script>", "**Bob** [x](javascript:alert(1))", "<img src=x onerror=alert(1)>",
    "# Heading\n| a | b |", "مرحبا \u202eBob", "call +1 312 555 0199 or cyrus@home.example"])),
    name=st_h.text(min_size=1, max_size=20))
def test_digests_escape_every_user_character(comment: str, name: str) -> None:
    wall = pd.DataFrame([{"agent_id": "a1", "full_name": name, "team": "<b>T</b>", "review_id": "r1",
                          "created_at": datetime(2026, 3, 1), "reviewer_name": "Cyrus Zed", "language": "en",
                          "comment": comment, "comment_translation": None}])
    page = html_digest(wall, "2026-03")
    assert "<script" not in page and "<img" not in page and "<b>T" not in page
    assert "onerror=alert(1)>" not in page.replace("&gt;", "")
    md = markdown_digest(wall, "2026-03")
    assert "](javascript:" not in md and "**Bob**" not in md and "<script>" not in md
    for text in (page, md):
        assert "+1 312 555 0199" not in text and "cyrus@home.example" not in text, "contact details masked"
        assert "Cyrus Zed" not in text, "reviewers shown as first name and initial"


@pytest.fixture
def formula_data(engine: Engine, tmp_path: Path) -> Engine:
    """A roster whose team, site and names start formulas, with calls, and an attribution naming them."""
    agents = tmp_path / "agents.csv"
    agents.write_text("agent_id,full_name,team,site\n"
                      '=1+1,"=HYPERLINK(""http://evil.example"",""Bob"")",+cmd|calc,@SUM(A1)\n'
                      "00100,-2+3 Diaz,-Team,=Site\n", encoding="utf-8")
    calls = tmp_path / "calls.csv"
    calls.write_text((CONTRACT / "calls.csv").read_text().splitlines()[0] + "\n"
                     "C1,A1,outbound,2026-03-02T15:00:00Z,,60,answered,agent,=1+1,,payment_made,en\n"
                     "C2,A1,outbound,2026-03-02T16:00:00Z,,60,answered,agent,00100,,,en\n", encoding="utf-8")
    for kind, path in (("agents", agents), ("calls", calls)):
        [result] = load_paths(engine, kind, [path], progress=False)
        assert result.status == "ok", result.summary()
    with engine.begin() as conn:
        conn.execute(insert(reviews).values(review_id="=rv", reviewer_is_anonymous=False, star_rating=5,
                                            comment="=1+1", created_at=datetime(2026, 3, 2),
                                            updated_at=datetime(2026, 3, 2), is_deleted=False))
        conn.execute(insert(attributions).values(review_id="=rv", agent_id="=1+1", status="auto", confidence=0.9,
                                                 method="mention", evidence='=mentions "Bob"',
                                                 computed_at=datetime(2026, 3, 2)))
    return engine


@pytest.mark.parametrize("by", ["agent", "team", "site"])
def test_kpi_export_neutralises_formula_cells(formula_data: Engine, by: str) -> None:
    from metrics.definitions import EXPORT_COLUMNS
    from metrics.export import export_rows, render
    from metrics.periods import Period

    text = render(export_rows(formula_data, Period.all(), by), [by, *EXPORT_COLUMNS], "csv")
    cells = csv_cells(text)
    assert any(c.lstrip("'").startswith(("=", "+", "@", "-")) for c in cells), "the formula-like values are exported"
    assert not [c for c in cells if starts_a_formula(c)]


def test_attribution_export_neutralises_formula_cells(formula_data: Engine, tmp_path: Path) -> None:
    from attribution.export import write_export

    out = tmp_path / "attributions.csv"
    with formula_data.connect() as conn:
        assert write_export(conn, out) == 1
    cells = csv_cells(out.read_text(encoding="utf-8"))
    assert not [c for c in cells if starts_a_formula(c)]


def run_cli(db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": db_url}
    return subprocess.run([sys.executable, "-m", "ingest", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.slow
def test_the_database_password_never_reaches_the_terminal(engine: Engine, db_url: str, tmp_path: Path) -> None:
    """A load with rejects, a missing file and a database that does not exist: no password in any output."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the password is part of the PostgreSQL URL")
    password = "pw-SECRET-4242"
    url = make_url(db_url).set(password=password)
    good = url.render_as_string(hide_password=False)
    broken = url.set(database="no_such_database_starboard").render_as_string(hide_password=False)
    bad_file = tmp_path / "calls.csv"
    bad_file.write_text((CONTRACT / "calls.csv").read_text() + "C9,A1,outbound,2026-03-02T15:00:00,,0,busy,none,,,,\n")
    outputs = [run_cli(good, "load", "calls", str(bad_file), str(tmp_path / "nope")),
               run_cli(broken, "load", "calls", str(bad_file))]
    assert outputs[0].returncode != 0 and "rejected 1" in outputs[0].stdout, outputs[0].stderr
    assert outputs[-1].returncode != 0, "the unreachable database is reported as an error"
    for out in outputs:
        assert password not in out.stdout + out.stderr, out.args


SEED_AGENTS = ("agent_id,full_name,email,team\nag-mine,Mina Ownwood,mina@corp.example,Alpha\n"
               "ag-zed,Zebulon Zedsecret,zed@corp.example,Alpha\n")
SEED_ACCOUNTS = "account_id,customer_name,phone,email\nacc-1,Cyrus Zedman,+13125550199,cyrus.zed@home.example\n"
MARKUP = ["<script>alert('xss')</script> Mina Ownwood was great", "**Mina Ownwood** [was](javascript:alert(1)) great",
          "Mina Ownwood was great, call me on +1 312 555 0199 or cyrus.zed@home.example",
          "Zebulon Zedsecret was great"]


@pytest.fixture
def app_engine(engine: Engine, tmp_path: Path) -> Iterator[Engine]:
    """The canary data for the app, DATABASE_URL and the roles file pointing at it, caches fresh."""
    import json

    from attribution import attribute_pending

    files = {"agents": SEED_AGENTS, "accounts": SEED_ACCOUNTS, "calls": (CONTRACT / "calls.csv").read_text()
             .splitlines()[0] + "\nc1,acc-1,outbound,2026-03-01T15:00:00Z,,60,answered,agent,ag-mine,,,en\n"
             "c2,acc-1,inbound,2026-03-20T15:00:00Z,,60,answered,agent,ag-mine,,,en\n"
             "c3,acc-1,inbound,2026-03-21T15:00:00Z,,90,answered,agent,ag-zed,,paid_in_full,en\n"}
    for kind, text in files.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        load_paths(engine, kind, [path], progress=False)
    path = tmp_path / "reviews.jsonl"
    path.write_text("\n".join(json.dumps({"reviewId": f"rv{i}", "starRating": "FIVE", "comment": c,
                                          "reviewer": {"displayName": "Cyrus Zedman"},
                                          "createTime": "2026-03-03T18:00:00Z"}) for i, c in enumerate(MARKUP)),
                    encoding="utf-8")
    load_paths(engine, "reviews", [path], progress=False)
    attribute_pending(engine)
    roles = tmp_path / "roles.toml"
    roles.write_text('[leadership]\nemails = ["boss@corp.example"]\n', encoding="utf-8")
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "STARBOARD_ROLES")}
    os.environ["DATABASE_URL"] = engine.url.render_as_string(hide_password=False)
    os.environ["STARBOARD_ROLES"] = str(roles)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield engine
    st.cache_data.clear()
    st.cache_resource.clear()
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def app_as(email: str, page: str | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.session_state["app_view_as"] = email
    at.run()
    if page:
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at) -> tuple[str, str]:
    """(what is rendered as Markdown/HTML, everything shown as text or table cells)."""
    markdown = "\n".join(str(e.value) for coll in (at.markdown, at.caption, at.title, at.header, at.subheader,
                                                   at.info, at.success, at.warning, at.error) for e in coll)
    plain = "\n".join([str(e.value) for e in at.text] + [e.value.to_csv() for e in at.dataframe]
                      + [f"{m.label} {m.value}" for m in at.metric])
    return markdown, plain


@pytest.mark.slow
@pytest.mark.parametrize(("email", "page"), [("mina@corp.example", None), ("boss@corp.example", "reviews"),
                                             ("boss@corp.example", "recognition")])
def test_review_text_is_never_markup_and_contact_details_are_masked(app_engine: Engine, email: str,
                                                                    page: str | None) -> None:
    at = app_as(email, page)
    if page == "recognition":  # one section at a time: the review text is on the Wall
        at.session_state["recognition_view"] = "Wall"
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    markdown, plain = shown(at)
    assert "alert('xss')" in plain, "the page shows the review, as plain text"
    for raw in ("<script>", "**Mina Ownwood**", "](javascript:"):
        assert raw not in markdown, f"review text rendered as markup: {raw}"
    everything = markdown + plain
    assert not re.search(r"\+?1? ?\(?312\)?[ .-]?555[ .-]?0199", everything), "phone shown unmasked"
    assert "cyrus.zed@home.example" not in everything, "email shown unmasked"
    assert "Cyrus Zedman" not in everything, "reviewer shown in full"
    if page is None:
        assert "Zedsecret" not in everything and "ag-zed" not in everything, "an agent sees only their own"
    elif page == "reviews":
        assert "Zedsecret" in everything, "the other agent's review is there for leadership to see"
