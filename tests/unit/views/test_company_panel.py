"""The company under a click and its panel."""

from __future__ import annotations

import pytest

from dashboard.analysis.matching import find_candidates
from dashboard.views import company_panel as cp

from ..map_data import BACKTICK, HOSTILE, map_dataset


@pytest.fixture(scope="module")
def dataset():
    return map_dataset()


def test_company_at_finds_the_nearest_company_within_tolerance(dataset):
    companies = dataset.companies
    assert cp.company_at(companies, 59.93, 30.31) == "A"
    assert cp.company_at(companies, 59.9302, 30.31, tolerance_m=50) == "A"  # 22 m away
    assert cp.company_at(companies, 59.94, 30.31, tolerance_m=50) is None  # 1.1 km away
    assert cp.company_at(companies, 59.94, 30.31, tolerance_m=2000) == "A"
    assert cp.company_at(companies.head(0), 59.93, 30.31) is None


def test_company_panel_lists_streams_flows_and_best_candidates(dataset):
    candidates = find_candidates(dataset)
    panel = cp.company_panel(dataset, candidates, "A")
    assert panel.name == HOSTILE
    assert panel.sector.startswith("C · ") and panel.region.endswith("(RU-SPE)")
    assert panel.haves["quantity"].tolist() == [400.0, 500.0, 90000.0]
    assert panel.wants.empty
    flows = panel.flows.set_index("partner")["direction"].to_dict()
    assert flows == {BACKTICK: "sends to", "Plain Oy": "receives from", "Heat Oy": "sends to"}
    best = panel.candidates
    assert len(best) > 0 and best["score"].is_monotonic_decreasing
    assert best["reasons"].map(lambda r: isinstance(r, str) and r != "").all()
    assert set(best["partner"]) <= {BACKTICK, "Plain Oy", "Heat Oy"}
    assert cp.company_panel(dataset, candidates, "nobody") is None
