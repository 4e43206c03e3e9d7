"""Starboard metrics: every KPI defined once, computed in the database, scoped by viewer.

Rooms, lowest first (tests/test_layers.py keeps the order):
- base: `definitions` (each KPI as data: label, description, unit, which way is better),
  `settings`, `periods` (UTC and company-timezone months), `scope`, `dimensions`, `facts`, `frames`
- `rollups/`: the writers each load refreshes (daily and monthly rollups, stored sets, Reg F findings)
- readers by subject, every other module: KPIs (`kpis`, `contacts`, `set_queries`), QA and coaching
  (`qa`, `evaluations`, `coaching*`, `calibration`, `disputes`, `rescores`), reviews (`reviews`,
  `review_feed`, `five_stars`, `recognition`, `wheel`), Reg F (`violations`, `guard`), `people`,
  `calls`, `drilldown`, `health`, `export`; `decisions` records a person's decision on a review

Public API (all take the viewer; see `metrics.scope` for the rules):
- `kpis`, `kpi_records`, `company_totals`, `timeseries`, `outcome_mix`  (metrics.kpis)
- `qa_scores`, `criterion_pass_rates`, `coaching_flags`                  (metrics.qa)
- `review_queue`                                                         (metrics.reviews)
- `compliance_findings`, `finding_records`                               (metrics.violations)
- `interactions` (drill-down to raw rows)                                (metrics.drilldown)
- `draw`, `replay`, `history`, `entrants` (prize wheel)                  (metrics.wheel)
- `refresh_all` (rebuild rollups and findings)                           (metrics.rollups.daily)
"""

from metrics.definitions import BY_NAME, EXPORT_COLUMNS, KPIS, Kpi
from metrics.dimensions import DIMENSIONS
from metrics.drilldown import interactions
from metrics.kpis import company_totals, kpi_records, kpis, outcome_mix, timeseries
from metrics.periods import Period
from metrics.qa import coaching_flags, criterion_pass_rates, qa_scores
from metrics.reviews import review_queue
from metrics.rollups.daily import refresh_all
from metrics.scope import ScopeError, Viewer
from metrics.violations import compliance_findings, finding_records
from metrics.wheel import draw, entrants, history, replay

__all__ = [
    "BY_NAME", "DIMENSIONS", "EXPORT_COLUMNS", "KPIS", "Kpi", "Period", "ScopeError", "Viewer",
    "coaching_flags", "company_totals", "compliance_findings", "criterion_pass_rates", "draw", "entrants",
    "finding_records", "history", "interactions", "kpi_records", "kpis", "outcome_mix", "qa_scores",
    "refresh_all", "replay", "review_queue", "timeseries",
]
