"""Dashboard benchmark: Overview's first render against a trivial Streamlit app's, in headless Chromium.

    python benchmarks/dashboard.py [--accounts 100000] [--db benchmarks/out/dashboard.db] [--repeat 5] [--build-only]

Builds (once) a demo database scaled to about 1M interactions (`--accounts 100000`, the demo's
"full" volume). In one run it serves, side by side, the dashboard (`python -m dashboard`, which
warms its read caches as it starts) and the floor: `benchmarks/floor_app.py`, a 5-page Streamlit
app with one Plotly chart per page.

- First render: a new tab (a new Streamlit session) opens the page, in a browser that has opened
  that server once before (its scripts are in the browser's cache), until the first screen is
  painted: the heading, Overview's 12 KPI cards and the 2 charts under them (the floor: its one
  chart). The floor and the app alternate `--repeat` times; the medians and their ratio are
  printed, with the time to the whole page (every chart drawn, the run over) beside them.
- Brand-new profile: the same once with nothing cached (Streamlit's and Plotly's scripts
  downloaded and compiled).
- Later pages: every other leadership page opened from the sidebar, after Overview.

Targets: first render <= 1.5 x the floor, later pages <= 1.3 s, RSS <= 400 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LEADER = "rachel.goldberg@beaconrecovery.example"
MANAGER = "marcus.johnson@beaconrecovery.example"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OVERVIEW_CHARTS = 4
OVERVIEW_CARDS = 12
FIRST_SCREEN_CHARTS = 2  # the channel mix and the digital-to-voice ratio, under the cards


def build(db: Path, accounts: int) -> dict[str, int]:
    """Generate and load the scaled demo into the SQLite file `db`; row counts per table."""
    from sqlalchemy import func, select

    from demo import SIZES, Size, generate
    from pipeline.demo_command import attribute, load_demo
    from sql.database import get_engine
    from sql.schema import calls, digital

    full = SIZES["full"]
    SIZES["bench"] = Size(accounts, full.reviews * accounts // 60_000, full.volume, full.qa_per_week, full.breaches)
    engine = get_engine(f"sqlite:///{db}")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        paths = generate(Path(tmp), seed=7, size="bench")
        print(f"generated in {time.perf_counter() - started:.0f}s", flush=True)
        started = time.perf_counter()
        load_demo(engine, paths, progress=False)
        print(f"loaded in {time.perf_counter() - started:.0f}s; {attribute(engine)}", flush=True)
    with engine.connect() as conn:
        return {"calls": conn.execute(select(func.count()).select_from(calls)).scalar_one(),
                "digital": conn.execute(select(func.count()).select_from(digital)).scalar_one()}


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(command: list[str], db: Path, port: int, ready: str | None = None) -> subprocess.Popen:
    """`command` serving on `port` over `db`; returns once it answers its health check (and prints `ready`)."""
    import urllib.request

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [*command, "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError(f"{command} did not start within 180 s")
    while ready is not None and time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{command} stopped before saying {ready!r}")
        if ready in line:
            print(line.strip(), flush=True)
            break
    threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep draining its output
    return proc


CHARTS_DRAWN = ("[...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
                ".filter(e => e.querySelector('.main-svg')).length")
DRAWN = ("document.querySelector('h1') && "
         "document.querySelector('[data-testid=\"stApp\"][data-test-script-state=\"notRunning\"]') && "
         "document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length >= {charts} && "
         f"{CHARTS_DRAWN} >= document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length")
PAINTED = ("document.querySelector('h1') && document.querySelectorAll('[data-testid=\"stMetric\"]').length >= {cards}"
           f" && {CHARTS_DRAWN} >= {{charts}}")


def first_render(context, url: str, first: tuple[int, int], charts: int) -> tuple[float, float]:
    """A new tab of `context` opens `url` (a new session): seconds to the first screen painted, and to the whole page.

    The first screen is the heading, `first[0]` KPI cards and `first[1]` charts drawn (what a
    1440 x 1000 window shows); the whole page is every chart drawn (at least `charts`) and the run over.
    """
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(PAINTED.format(cards=first[0], charts=first[1]), timeout=120_000, polling=10)
    painted = time.perf_counter() - started
    page.wait_for_function(DRAWN.format(charts=charts), timeout=120_000, polling=20)
    complete = time.perf_counter() - started
    page.close()
    return round(painted, 2), round(complete, 2)


def later_pages(context, base: str) -> dict[str, float]:
    """Seconds to open each other leadership page from the sidebar, after Overview."""
    from dashboard.nav import PAGES, ROLE_PAGES

    page = context.new_page()
    page.goto(f"{base}/?as={LEADER}")
    page.wait_for_function(DRAWN.format(charts=OVERVIEW_CHARTS), timeout=120_000, polling=20)
    out: dict[str, float] = {}
    for name in ROLE_PAGES["leadership"][1:]:
        title = PAGES[name][1]
        link = page.locator("[data-testid='stSidebarNav'] a").filter(has_text=title).first
        started = time.perf_counter()
        try:
            link.click(timeout=10_000)
        except Exception:
            page.screenshot(path=str(ROOT / "benchmarks" / "out" / "later-pages-stuck.png"))
            raise
        page.wait_for_function(f"document.querySelector('h1') && document.querySelector('h1').innerText"
                               f".startsWith({json.dumps(title)})", timeout=120_000, polling=20)
        page.wait_for_function(DRAWN.format(charts=0), timeout=120_000, polling=20)
        out[name] = round(time.perf_counter() - started, 2)
    page.close()
    return out


def main() -> None:
    """Build if needed, serve the app and the floor, measure, print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=ROOT / "benchmarks" / "out" / "dashboard.db")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--build-only", action="store_true")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if not args.db.exists():
        counts = build(args.db, args.accounts)
    else:
        from sqlalchemy import func, select

        from sql.database import get_engine
        from sql.schema import calls, digital

        with get_engine(f"sqlite:///{args.db}").connect() as conn:
            counts = {"calls": conn.execute(select(func.count()).select_from(calls)).scalar_one(),
                      "digital": conn.execute(select(func.count()).select_from(digital)).scalar_one()}
    interactions = counts["calls"] + counts["digital"]
    print(f"{interactions:,} interactions ({counts['calls']:,} calls, {counts['digital']:,} digital)", flush=True)
    if args.build_only:
        return
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    app_port, floor_port = free_port(), free_port()
    app = start_server([sys.executable, "-m", "dashboard"], args.db, app_port, ready="read caches warm")
    floor = start_server([sys.executable, "-m", "streamlit", "run", str(ROOT / "benchmarks" / "floor_app.py")],
                         args.db, floor_port)
    try:
        idle = rss_mb(app.pid)
        app_url = f"http://127.0.0.1:{app_port}/?as={LEADER}"
        floor_url = f"http://127.0.0.1:{floor_port}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            floor_browser = browser.new_context(viewport={"width": 1440, "height": 1000})
            app_browser = browser.new_context(viewport={"width": 1440, "height": 1000})
            floor_new = first_render(floor_browser, floor_url, (0, 1), 1)  # brand-new profile
            app_new = first_render(app_browser, app_url, (OVERVIEW_CARDS, FIRST_SCREEN_CHARTS), OVERVIEW_CHARTS)
            floors, apps = [], []
            for _ in range(args.repeat):
                floors.append(first_render(floor_browser, floor_url, (0, 1), 1))
                apps.append(first_render(app_browser, app_url, (OVERVIEW_CARDS, FIRST_SCREEN_CHARTS), OVERVIEW_CHARTS))
            later = later_pages(app_browser, f"http://127.0.0.1:{app_port}")
            browser.close()
        peak = rss_mb(app.pid)
    finally:
        for proc in (app, floor):
            proc.terminate()
            proc.wait(timeout=20)
    floor_s = statistics.median(f[0] for f in floors)
    app_s = statistics.median(a[0] for a in apps)
    figures = {
        "interactions": interactions,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "floor_first_render_s": floor_s,
        "overview_first_render_s": app_s,
        "ratio": round(app_s / floor_s, 2),
        "overview_complete_s": statistics.median(a[1] for a in apps),
        "runs_floor_app_s": [[f[0], a[0], a[1]] for f, a in zip(floors, apps, strict=True)],
        "brand_new_profile_s": {"floor": floor_new[0], "overview": app_new[0],
                                "ratio": round(app_new[0] / floor_new[0], 2)},
        "later_pages_s": later, "later_pages_max_s": max(later.values()),
        "rss_idle_mb": round(idle), "rss_after_mb": round(peak),
        "targets": {"ratio": 1.5, "later_page_s": 1.3, "rss_mb": 400},
    }
    print(json.dumps(figures, indent=2))
    (ROOT / "benchmarks" / "out" / "dashboard.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
