"""Dashboard benchmark: time to first full render of Overview in headless Chromium, and the server's memory.

    python benchmarks/dashboard.py [--accounts 100000] [--db benchmarks/out/dashboard.db] [--build-only]

Builds (once) a demo database scaled to about 1M interactions (`--accounts 100000`, the demo's
"full" volume), starts the dashboard on it, opens Overview as leadership and waits until every KPI
card and chart has rendered. Targets: render <= 2 s, RSS <= 400 MB. Figures:

- `empty_page_s`: the unknown-visitor page (app shell and a script run with no data: the floor);
- `first_visit`: Overview with cold data caches in a browser that has the app's scripts (it has
  opened a manager's Team page, which draws Plotly charts from other, manager-scoped reads);
- `cached_visit`: Overview again (median and best of 5), data cached on the server;
- `new_browser_visit`: Overview in a fresh browser profile (nothing cached: Streamlit's and
  Plotly's scripts are downloaded and compiled again), data cached on the server.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LEADER = "rachel.goldberg@beaconrecovery.example"
MANAGER = "marcus.johnson@beaconrecovery.example"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OVERVIEW_CHARTS = 7
OVERVIEW_CARDS = 12
REPEAT = 5


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


def start_server(db: Path, port: int) -> subprocess.Popen:
    """The dashboard on `port`, reading `db`; returns once it answers its health check."""
    import urllib.request

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the dashboard did not start within 60 s")


def render_seconds(page, url: str) -> dict[str, float]:
    """Seconds from navigation to: the heading, all KPI cards, and every chart drawn with the script finished."""
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("h1", timeout=120_000)
    heading = time.perf_counter() - started
    page.wait_for_function(f"document.querySelectorAll('[data-testid=\"stMetric\"]').length >= {OVERVIEW_CARDS}",
                           timeout=120_000, polling=20)
    cards = time.perf_counter() - started
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {OVERVIEW_CHARTS} && "
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=120_000, polling=20,
    )
    return {"heading_s": round(heading, 2), "cards_s": round(cards, 2),
            "full_s": round(time.perf_counter() - started, 2)}


def main() -> None:
    """Build if needed, serve, measure, print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=ROOT / "benchmarks" / "out" / "dashboard.db")
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

    port = free_port()
    server = start_server(args.db, port)
    try:
        idle = rss_mb(server.pid)
        url = f"http://127.0.0.1:{port}/overview?as={LEADER}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            visitor = f"http://127.0.0.1:{port}/?as=visitor@unknown.example"
            page.goto(visitor)
            page.wait_for_selector("text=not set up for Starboard", timeout=120_000)
            started = time.perf_counter()
            page.goto(visitor)
            page.wait_for_selector("text=not set up for Starboard", timeout=120_000)
            baseline = round(time.perf_counter() - started, 2)
            page.goto(f"http://127.0.0.1:{port}/team?as={MANAGER}")
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1 && "
                                   "!document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                   timeout=120_000, polling=20)
            cold = render_seconds(page, url)
            runs = [render_seconds(page, url) for _ in range(REPEAT)]
            warm = {k: {"median": statistics.median(r[k] for r in runs), "min": min(r[k] for r in runs)}
                    for k in runs[0]}
            fresh = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
            new_browser = render_seconds(fresh, url)
            browser.close()
        peak = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=20)
    figures = {"interactions": interactions, "load_average": os.getloadavg()[0], "empty_page_s": baseline,
               "first_visit": cold, f"cached_visit_x{REPEAT}": warm, "new_browser_visit": new_browser,
               "rss_idle_mb": round(idle), "rss_after_mb": round(peak), "targets": {"render_s": 2, "rss_mb": 400}}
    print(json.dumps(figures, indent=2))
    (ROOT / "benchmarks" / "out" / "dashboard.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
