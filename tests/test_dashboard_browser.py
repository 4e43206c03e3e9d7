"""The dashboard in a real browser: headless Chromium opens every page as every role on a freshly built demo."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard.nav import PAGES, ROLE_PAGES

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PEOPLE = {
    "leadership": "rachel.goldberg@beaconrecovery.example",
    "manager": "marcus.johnson@beaconrecovery.example",
}
UNKNOWN = "visitor@unknown.example"
CHARTS = {"overview": 4, "channels": 5, "team": 3, "me": 3, "recognition": 1, "health": 1}
LAST_TEXT = {"health": "Unknown accounts", "reviews": "Review feed",
             "team": "Coaching list for this week", "channels": "Talk-time distribution",
             "overview": "By country or site", "me": "My outcomes"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed (scripts/browser.sh)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _busiest_agent_email(url: str) -> str:
    """The email of the agent with the most contacts in the demo's latest month (so My performance has data)."""
    from dashboard.filters import preset_period
    from metrics.health import data_span
    from metrics.kpis import kpis
    from metrics.scope import Viewer
    from sql.database import make_engine
    from sql.schema import agents

    engine = make_engine(url)
    try:
        _, last = data_span(engine)
        period, _ = preset_period("Latest month", last + timedelta(days=1))
        frame = kpis(engine, Viewer.leadership(), period, "agent", names=("contacts",))
        frame = frame[frame["agent"].notna() & (frame["agent"] != "voice_ai")].sort_values("contacts")
        with engine.connect() as conn:
            return conn.execute(select(agents.c.email).where(agents.c.agent_id == frame["agent"].iloc[-1])).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on a free port of 127.0.0.1, on a SQLite demo database built for this test."""
    tmp = tmp_path_factory.mktemp("browser")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'starboard.db'}", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "ingest", "demo", "--size", "tiny", "--out", str(tmp / "demo")],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    PEOPLE["agent"] = _busiest_agent_email(env["DATABASE_URL"])
    port = _free_port()
    log = (tmp / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError("streamlit did not start: " + (tmp / "streamlit.log").read_text()) from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _settle(page) -> None:
    """Wait until the script run is over and the charts have drawn."""
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_timeout(300)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(500)


def test_every_page_as_every_role(server: str) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 2400})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        for role, email in PEOPLE.items():
            for i, name in enumerate(ROLE_PAGES[role]):
                path = "" if i == 0 else name
                page.goto(f"{server}/{path}?as={email}")
                _settle(page)
                title = PAGES[name][1]
                heading = page.locator("h1").first.inner_text()
                if not heading.startswith(title):
                    problems.append(f"{role}/{name}: heading {heading!r}")
                if page.locator("[data-testid='stException']").count():
                    problems.append(f"{role}/{name}: exception shown")
                if page.get_by_text("Page not found").count():
                    problems.append(f"{role}/{name}: page not found")
                nav = page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
                if [t.strip().splitlines()[-1] for t in nav] != [PAGES[n][1] for n in ROLE_PAGES[role]]:
                    problems.append(f"{role}/{name}: navigation {nav}")
                if name in LAST_TEXT:
                    try:
                        page.get_by_text(LAST_TEXT[name], exact=True).first.wait_for(timeout=30_000)
                    except PlaywrightTimeout:
                        problems.append(f"{role}/{name}: {LAST_TEXT[name]!r} never rendered")
                if name in CHARTS:
                    try:
                        page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length >= {CHARTS[name]}",
                                               timeout=30_000)
                    except PlaywrightTimeout:
                        problems.append(f"{role}/{name}: fewer than {CHARTS[name]} charts drawn")
                cut = page.evaluate("[...document.querySelectorAll('[data-testid=\"stMetricLabel\"] p')]"
                                    ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)")
                if cut:
                    problems.append(f"{role}/{name}: KPI labels cut off: {cut}")
                if name == "overview" and page.locator("[data-testid='stMetric']").count() < 12:
                    problems.append(f"{role}/{name}: KPI cards missing")
                page.screenshot(path=str(ARTIFACTS / f"{role}-{name}.png"), full_page=True)
                if name == "recognition" and role == "leadership":
                    for tab in ("Wall", "Spin the wheel"):
                        page.locator("[data-testid='stButtonGroup'] button").filter(has_text=tab).first.click()
                        _settle(page)
                        page.wait_for_timeout(600)
                        slug = tab.lower().replace(" ", "-")
                        page.screenshot(path=str(ARTIFACTS / f"{role}-{name}-{slug}.png"), full_page=True)
                    problems += _spin_and_reveal(page)
        page.goto(f"{server}/?as={UNKNOWN}")
        page.wait_for_selector("text=not set up for Starboard", timeout=60_000)
        if page.locator("[data-testid='stSidebarNav'] a").count():
            problems.append("unknown visitor sees navigation")
        page.screenshot(path=str(ARTIFACTS / "unknown-visitor.png"), full_page=True)
        browser.close()
    assert not errors, errors
    assert not problems, problems


def _spin_and_reveal(page) -> list[str]:
    """Record a draw, check the wheel names nobody until it has spun, spin it, and check the winner appears."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.get_by_role("button", name="Spin and record the draw").click()
    _settle(page)
    wheel = page.locator(".js-plotly-plot").filter(has_text="Spin").first
    problems = ["wheel: a winner is shown before the spin"] if "Winner:" in wheel.inner_text() else []
    page.screenshot(path=str(ARTIFACTS / "leadership-recognition-wheel-before-spin.png"), full_page=True)
    wheel.get_by_text("▶ Spin").click()
    try:  # the spin takes about 2 s; a busy machine draws its frames more slowly
        wheel.get_by_text("Winner:").wait_for(timeout=30_000)
    except PlaywrightTimeout:
        problems.append("wheel: no winner after the spin")
    page.screenshot(path=str(ARTIFACTS / "leadership-recognition-wheel-after-spin.png"), full_page=True)
    return problems


def _choose_period(page, preset: str) -> None:
    """Pick a period preset in the sidebar."""
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text="Period").click()
    page.get_by_role("option", name=preset).click()
    _settle(page)


def _click_first(page, chart_title: str, mark: str) -> None:
    """Click the first bar or marker (`mark`: a CSS selector inside the plot) of the chart under `chart_title`."""
    heading = page.get_by_role("heading", name=chart_title)
    plot = heading.locator("xpath=following::div[contains(@class, 'js-plotly-plot')][1]")
    plot.scroll_into_view_if_needed()
    point = plot.locator(mark).first
    point.wait_for(timeout=30_000)
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize(("page_path", "chart_title", "mark", "expected"), [
    ("", "By country or site", ".bars .point path", "Interactions in "),
    ("", "Digital-to-voice ratio", ".scatterlayer .point", "Interactions on "),
    ("team", "Agents", ".bars .point path", "Interactions of "),
    ("compliance", "Findings by day", ".bars .point path", "Findings on "),
])
def test_clicking_a_chart_point_drills_down(server: str, page_path: str, chart_title: str, mark: str,
                                            expected: str) -> None:
    """Clicking a bar shows the interactions behind it, under the chart, with its own download."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 2400})
        page.goto(f"{server}/{page_path}?as={PEOPLE['leadership']}")
        _settle(page)
        if page_path == "compliance":
            _choose_period(page, "Last 12 months")
        for attempt in range(3):  # a click can land while the chart is still being laid out: then click again
            try:
                _click_first(page, chart_title, mark)
                page.get_by_text(expected).first.wait_for(timeout=15_000)
                break
            except PlaywrightError:
                if attempt == 2:
                    raise
                _settle(page)
        _settle(page)
        assert page.locator("[data-testid='stException']").count() == 0
        slug = (page_path or "overview") + "-" + chart_title.lower().replace(" ", "-")
        page.screenshot(path=str(ARTIFACTS / f"drill-{slug}.png"), full_page=True)
        browser.close()
