"""What a CX manager reads: no database names, honest axes, empty periods explained, the data's age, demo safety."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from dashboard.labels import COUNTRIES, OUTCOMES, RULES
from metrics.health import data_span
from tests.test_dashboard_app import APP, LEADER, MANAGER, demo_engine, render  # noqa: F401  (fixture)

SNAKE = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+$")
CODES = set(OUTCOMES) | set(RULES) | {"True", "False", "None", "nan", "value", "variable"}
TABLES = {"team_agents_view": "Table", "channels_handlers_view": "Table", "channels_outcomes_view": "Table",
          "overview_outcomes_view": "Table", "compliance_rules_view": "Table", "health_runs_view": "Table",
          "filters_period": "Last 12 months"}


def _chart_words(spec: dict) -> list[str]:
    """Every word a chart shows: trace names, category labels, axis and legend titles."""
    words: list[str] = []
    for trace in spec.get("data", []):
        words.append(trace.get("name") or "")
        for axis in ("x", "y", "labels"):
            values = trace.get(axis)
            if isinstance(values, list):
                words += [v for v in values if isinstance(v, str)]
    layout = spec.get("layout", {})
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            words.append((axis.get("title") or {}).get("text") or "")
    words.append(((layout.get("legend") or {}).get("title") or {}).get("text") or "")
    return [w for w in words if w]


MINE = ("overview", "team", "reviews", "recognition", "channels", "compliance", "health",
        "evaluations", "coaching", "calibration", "disputes")


@pytest.mark.parametrize(("email", "page"), [(LEADER, p) for p in MINE] + [(MANAGER, "team")])
def test_no_database_names_on_screen(demo_engine: Engine, email: str, page: str) -> None:  # noqa: F811
    at = render(email, page, **TABLES)
    raw = []
    for chart in at.get("plotly_chart"):
        raw += [w for w in _chart_words(json.loads(chart.proto.spec)) if SNAKE.match(w) or w in CODES]
    for frame in (e.value for e in at.dataframe):
        raw += [c for c in frame.columns if SNAKE.match(str(c))]
        for col in frame.columns:
            if frame[col].dtype == object:
                raw += [v for v in frame[col].dropna().astype(str).unique() if v in CODES or v in COUNTRIES]
    raw += [m for m in (t.value for t in [*at.caption, *at.subheader]) if "=" in m]
    assert not raw, sorted(set(raw))[:20]


@pytest.mark.parametrize("page", ["overview", "channels", "team"])
def test_rates_stop_at_100_percent_and_counts_tick_in_whole_numbers(demo_engine: Engine, page: str) -> None:  # noqa: F811
    at = render(LEADER, page, overview_trend="Five-star reviews")
    percent_axes = count_axes = 0
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec)["layout"]
        for name, axis in layout.items():
            if not (name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict)):
                continue
            if re.fullmatch(r"\.\d+%", str(axis.get("tickformat", ""))):
                percent_axes += 1
                assert axis.get("range") and axis["range"][1] <= 1.05, (name, axis)
            if axis.get("tickformat") == ",d":
                count_axes += 1
    assert percent_axes and (count_axes or page == "team")


def test_review_text_is_the_first_column_of_the_feed(demo_engine: Engine) -> None:  # noqa: F811
    at = render(LEADER, "reviews", filters_period="Last 12 months")
    feed = next(e.value for e in at.dataframe if "Review" in e.value.columns)
    assert feed.columns[0] == "Review"


def test_page_header_and_data_health_say_how_old_the_data_is(demo_engine: Engine) -> None:  # noqa: F811
    _, last = data_span(demo_engine)
    days = (date.today() - last).days
    assert days > 1, "the demo's data ends before today"
    expected = f"data up to {last:%-d %b %Y}, {days} days ago"
    overview = render(LEADER, "overview")
    assert any(expected in c.value for c in overview.caption)
    health = render(LEADER, "health")
    assert any(expected in w.value for w in health.warning)


def test_compliance_says_why_a_period_is_empty(demo_engine: Engine) -> None:  # noqa: F811
    _, last = data_span(demo_engine)
    later = last + timedelta(days=400)
    at = render(LEADER, "compliance", filters_period="Custom", filters_custom=(later, later + timedelta(days=6)))
    [message] = [s.value for s in at.success]
    assert message.startswith("No Regulation F findings in this period.")
    assert "No outbound calls were placed" in message and "most recent finding is from" in message
    assert not at.get("plotly_chart"), "no empty axes"


def test_demo_mode_serves_only_this_computer(demo_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    before = st_config.get_option("server.address")
    try:
        st_config.set_option("server.address", "0.0.0.0")
        at = AppTest.from_file(APP, default_timeout=90)
        at.run()
        assert at.error and "only served to this computer" in at.error[0].value
        assert not at.metric and not at.dataframe and not at.selectbox
        monkeypatch.setenv("STARBOARD_DEMO_PUBLIC", "1")
        at = AppTest.from_file(APP, default_timeout=90)
        at.run()
        assert not at.error and at.metric
    finally:
        st_config.set_option("server.address", before)


def test_a_hundred_agents_show_as_the_lowest_25_with_a_search(demo_engine: Engine) -> None:  # noqa: F811
    at = render(LEADER, "team", filters_period="Last 12 months")
    chart = next(c for c in at.get("plotly_chart") if "QA score" in c.proto.spec)
    spec = json.loads(chart.proto.spec)
    names = {n for trace in spec["data"] for n in trace["y"]}
    assert len(names) == 25 and spec["layout"]["height"] >= 25 * 28
    evaluated = int(next(m.value for m in at.metric if m.label == "Agents evaluated").replace(",", ""))
    assert evaluated > 25
    at = render(LEADER, "team", filters_period="Last 12 months", team_search="maria")
    chart = next(c for c in at.get("plotly_chart") if "QA score" in c.proto.spec)
    found = {n for trace in json.loads(chart.proto.spec)["data"] for n in trace["y"]}
    assert found and all("maria" in n.lower() for n in found)
