"""The start-up warm-up fills exactly the cache entries the default views read."""

from __future__ import annotations

import pytest
import streamlit as st
from sqlalchemy import Engine

from dashboard import data, warm
from tests.test_dashboard_app import LEADER, demo_engine, render  # noqa: F401  (fixture)

READERS = ("_kpis", "_timeseries", "_outcome_mix", "_qa_scores", "_criterion_pass_rates", "_coaching_flags",
           "_review_queue", "compliance_findings", "interaction_rows")


@pytest.mark.parametrize("page", ["overview", "team", "reviews", "channels", "compliance"])
def test_after_the_warm_up_the_default_views_read_nothing(demo_engine: Engine, page: str,  # noqa: F811
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    st.cache_data.clear()
    assert warm.warm_up() > 0

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a read the warm-up missed: {args[2:]} {kwargs}")

    for name in READERS:
        monkeypatch.setattr(data, name, refuse)
    at = render(LEADER, page)
    assert at.metric
