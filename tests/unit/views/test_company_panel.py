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


def test_panel_cards_give_material_quantity_partner_distance_score_and_reason(dataset):
    candidates = find_candidates(dataset)
    panel = cp.company_panel(dataset, candidates, "A")
    cards = cp.panel_cards(panel)
    assert [len(cards[k]) for k in ("haves", "wants", "flows", "candidates")] == [
        len(panel.haves), len(panel.wants), len(panel.flows), len(panel.candidates),
    ]  # fmt: skip
    assert [c.amount for c in cards["haves"]] == ["400 t/yr", "500 t/yr", "90,000 MWh/yr"]
    best, row = cards["candidates"][0], panel.candidates.iloc[0]
    assert best.amount == f"{row['quantity']:,.0f} {row['unit']}"
    assert best.facts == (
        f"{row['direction']} {row['partner']}",
        f"{row['distance_km']:,.1f} km",
        f"score {row['score']:.0f}",
    )
    assert best.note and best.note in row["reasons"] and not row["reasons"].startswith(best.note)
    partners = {c.facts[0] for c in cards["flows"]}
    assert f"sends to {BACKTICK}" in partners


def test_a_card_without_a_quantity_says_it_is_unknown(dataset):
    panel = cp.company_panel(dataset, find_candidates(dataset), "A")
    unknown = panel.haves.assign(quantity=float("nan"))
    cards = cp.panel_cards(cp.CompanyPanel(**{**panel.__dict__, "haves": unknown}))
    assert {c.amount for c in cards["haves"]} == {"quantity unknown"}
