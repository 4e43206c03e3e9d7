"""The KPI export agrees with an independent plain-pandas reading of METRICS.md on the demo data."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, select

from attribution import attribute_pending
from demo import generate
from metrics.export import compliance_rows, export_rows
from metrics.periods import Period
from pipeline.load import load_paths
from sql.schema import attributions, review_flags
from tests.oracle import company, load, violations


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return generate(tmp_path_factory.mktemp("demo"), seed=11, size="small")


def test_company_export_matches_the_independent_oracle(engine: Engine, demo_files: dict[str, Path]) -> None:
    for kind, path in demo_files.items():
        if kind in ("agents", "accounts", "pauses", "consents", "calls", "digital", "qa", "reviews"):
            load_paths(engine, kind, [path], progress=False)
    attribute_pending(engine)
    with engine.connect() as conn:
        links = pd.DataFrame(conn.execute(select(attributions.c.review_id, attributions.c.agent_id,
                                                 attributions.c.status)).all(),
                             columns=["review_id", "agent_id", "status"])
        insider = set(conn.execute(select(review_flags.c.review_id).where(review_flags.c.flag == "insider",
                                                                          review_flags.c.cleared_at.is_(None)))
                      .scalars())
    data = load(demo_files["agents"].parent)
    expected = company(data, links, insider)
    [got] = export_rows(engine, Period.all(), "company")
    mismatches = {
        k: (v, got[k]) for k, v in expected.items()
        if not ((v is None and got[k] is None) or (v is not None and got[k] is not None
                                                   and math.isclose(v, got[k], rel_tol=1e-9)))
    }
    assert mismatches == {}
    found = {(r["interaction_id"], r["rule"]) for r in compliance_rows(engine, Period.all())}
    assert found == set(violations(data).itertuples(index=False, name=None))
