"""Assessment formulas, computed by hand on a small factor table; unknowns stay unknown."""

from __future__ import annotations

import math

import pytest

from dashboard.assessment import (
    CRITERIA,
    ECONOMIC,
    Exchange,
    assess_chain,
    assess_exchange,
    candidate_exchange,
    compare_chains,
    criteria_scores,
    flow_exchanges,
    mca_score,
    partner_table,
    sensitivity,
    sum_results,
)
from dashboard.dataset import load_path
from dashboard.factors import Factor, Factors
from dashboard.reference import DATASETS_DIR


def row(kind, material="", route="", country="", value=0.0, unit="u"):
    fid = ".".join(x for x in (kind, material, route, country) if x)
    return Factor(
        fid, kind, material, route, country, value, unit, "test", "", "estimated", "", value
    )


def small_factors() -> Factors:
    return Factors(
        (
            row("ef_virgin", "fly_ash", value=800, unit="kg CO2e/t clinker"),
            row("virgin_share", "fly_ash", value=0.5, unit="t clinker/t"),
            row("disposal_route", "fly_ash", "landfill", value=1, unit="share"),
            row("ef_disposal", "fly_ash", "landfill", value=10, unit="kg CO2e/t"),
            row("gate_fee", "", "landfill", "FI", 100, "EUR/t"),
            row("ef_processing", "fly_ash", value=20, unit="kg CO2e/t"),
            row("ef_processing", value=0, unit="kg CO2e/unit"),
            row("ef_transport", "", "road", value=0.1, unit="kg CO2e/tkm"),
            row("virgin_distance", "group:minerals", value=50, unit="km"),
            row("detour_factor", "", "road", value=1.5, unit="km/km"),
            row("transport_cost", "", "road", value=0.2, unit="EUR/tkm"),
            row("transport_cost", "group:energy", "pipe", value=1000, unit="EUR/km/yr"),
            row("price_virgin", "fly_ash", value=40, unit="EUR/t clinker"),
            row("treatment_cost", "fly_ash", value=2, unit="EUR/t"),
            row("treatment_cost", value=0, unit="EUR/unit"),
            row("transaction_cost", value=1000, unit="EUR/yr"),
            row("ef_virgin", "surplus_heat", value=200, unit="kg CO2e/MWh natural gas"),
            row("virgin_share", "surplus_heat", value=1.1, unit="MWh natural gas/MWh"),
            row("disposal_route", "surplus_heat", "none", value=1, unit="share"),
            row("price_virgin", "surplus_heat", value=30, unit="EUR/MWh natural gas"),
        )
    )


def ash(quantity=1000.0, distance=10.0, **kw) -> Exchange:
    fields = dict(exchange_id="x1", source_company="S", target_company="T", material="fly_ash",
                  quantity=quantity, unit="t/yr", distance_km=distance, source_country="FI",
                  target_country="FI", status="existing")  # fmt: skip
    return Exchange(**(fields | kw))


def heat(quantity=1000.0) -> Exchange:
    return Exchange("h1", "T", "U", "surplus_heat", quantity, "MWh/yr", 2.0, status="planned")


def values(assessment):
    return {name: r.value for name, r in assessment.results.items()}


def test_mass_exchange_by_hand():
    a = assess_exchange(ash(), small_factors())
    v = values(a)
    # [1000 x (800 x 0.5 + 10) + 1000 x 50 x 0.1 - 1000 x 20 - 1000 x 10 x 1.5 x 0.1] / 1000
    # = (410,000 + 5,000 - 20,000 - 1,500) / 1000 = 393.5 t CO2e
    assert v["ghg_avoided_t_co2e"] == pytest.approx(393.5)
    assert v["virgin_resource_saved"] == pytest.approx(500)  # 1000 x 0.5
    assert a.results["virgin_resource_saved"].unit == "t clinker"
    assert v["waste_diverted_t"] == 1000
    assert v["energy_recovered_mwh"] == 0
    assert v["avoided_disposal_eur"] == pytest.approx(100_000)  # 1000 x 100 (FI landfill)
    assert v["avoided_purchase_eur"] == pytest.approx(20_000)  # 1000 x 0.5 x 40
    assert v["transport_cost_eur"] == pytest.approx(3_000)  # 1000 t x 10 km x 1.5 x 0.2
    assert v["treatment_cost_eur"] == pytest.approx(2_000)  # 1000 x 2
    assert v["transaction_cost_eur"] == pytest.approx(1_000)
    # 100,000 + 20,000 - 3,000 - 2,000 - 1,000
    assert v["net_benefit_eur"] == pytest.approx(114_000)


def test_every_result_carries_its_working():
    a = assess_exchange(ash(), small_factors())
    ghg = a.results["ghg_avoided_t_co2e"]
    assert "EF_virgin" in ghg.formula and "d_virgin" in ghg.formula
    assert ghg.inputs == {"Q": 1000.0, "EF_virgin": 800, "share": 0.5, "EF_disposal": 10,
                          "d_virgin": 50, "EF_tkm": 0.1, "EF_processing": 20, "d": 10.0, "k": 1.5}  # fmt: skip
    assert ghg.missing == ()
    assert a.factor_ids["EF_virgin"] == "ef_virgin.fly_ash"


def test_piped_exchange_has_no_road_transport():
    v = values(assess_exchange(heat(), small_factors()))
    assert v["ghg_avoided_t_co2e"] == pytest.approx(220)  # 1000 x (200 x 1.1 + 0) / 1000
    assert v["energy_recovered_mwh"] == 1000
    assert v["waste_diverted_t"] == 0  # not a waste: disposal route none
    assert v["avoided_disposal_eur"] == 0
    assert v["avoided_purchase_eur"] == pytest.approx(33_000)  # 1000 x 1.1 x 30
    assert v["transport_cost_eur"] == pytest.approx(3_000)  # 2 km x 1.5 x EUR 1,000/km/yr
    assert v["net_benefit_eur"] == pytest.approx(33_000 - 3_000 - 0 - 1_000)


def test_unknown_quantity_is_none_with_the_reason_never_zero():
    a = assess_exchange(ash(quantity=None), small_factors())
    for name in ("ghg_avoided_t_co2e", "virgin_resource_saved", "waste_diverted_t",
                 "avoided_disposal_eur", "avoided_purchase_eur", "net_benefit_eur"):  # fmt: skip
        assert a.results[name].value is None, name
        assert "quantity unknown" in a.results[name].missing
    assert a.results["transaction_cost_eur"].value == 1000  # does not depend on the quantity


def test_missing_factor_is_none_and_named():
    a = assess_exchange(ash(source_country="DE"), small_factors())
    assert a.results["avoided_disposal_eur"].value is None
    assert a.results["avoided_disposal_eur"].missing == ("no factor gate_fee for landfill/DE",)
    assert a.results["net_benefit_eur"].value is None
    assert a.results["ghg_avoided_t_co2e"].value == pytest.approx(393.5)


def test_unknown_distance_is_none():
    a = assess_exchange(ash(distance=None), small_factors())
    assert a.results["ghg_avoided_t_co2e"].value is None
    assert a.results["transport_cost_eur"].missing == (
        "distance unknown (company location missing)",
    )


def test_override_changes_the_result_and_reset_restores_it():
    factors = small_factors()
    factors.override("ef_virgin.fly_ash", 1000)
    # (1000 x (1000 x 0.5 + 10) + 5,000 - 20,000 - 1,500) / 1000 = 493.5
    assert assess_exchange(ash(), factors).results["ghg_avoided_t_co2e"].value == pytest.approx(
        493.5
    )
    factors.reset()
    assert assess_exchange(ash(), factors).results["ghg_avoided_t_co2e"].value == pytest.approx(
        393.5
    )


def test_partner_split_sums_to_the_exchange_total():
    a = assess_exchange(ash(), small_factors())
    source, target = a.share("S"), a.share("T")
    # source: 100,000 - 3,000/2 - 1,000/2 = 98,000; target: 20,000 - 1,500 - 2,000 - 500 = 16,000
    assert source["net_benefit_eur"] == pytest.approx(98_000)
    assert target["net_benefit_eur"] == pytest.approx(16_000)
    for name in ECONOMIC:
        assert source[name] + target[name] == pytest.approx(a.results[name].value), name
    table = partner_table([a, assess_exchange(heat(), small_factors())]).set_index("company_id")
    assert table.at["T", "exchanges"] == 2
    # T is the target of the ash and the source of the heat: 16,000 - 1,500 - 500 = 14,000
    assert table.at["T", "net_benefit_eur"] == pytest.approx(14_000)
    assert table["net_benefit_eur"].sum() == pytest.approx(114_000 + 29_000)


def test_chain_sums_and_unit_rules():
    factors = small_factors()
    chain = assess_chain([ash(), ash(exchange_id="x2", quantity=500.0)], factors)
    assert chain.totals["ghg_avoided_t_co2e"].value == pytest.approx(393.5 + 196.75)
    assert chain.totals["virgin_resource_saved"].value == pytest.approx(750)
    assert chain.totals["virgin_resource_saved"].unit == "t clinker"
    mixed = assess_chain([ash(), heat()], factors)
    assert mixed.totals["ghg_avoided_t_co2e"].value == pytest.approx(393.5 + 220)
    assert mixed.totals["virgin_resource_saved"].value is None
    assert "units differ" in mixed.totals["virgin_resource_saved"].missing[0]
    unknown = assess_chain([ash(), ash(exchange_id="x3", quantity=None)], factors)
    assert unknown.totals["ghg_avoided_t_co2e"].value is None
    assert unknown.totals["ghg_avoided_t_co2e"].missing == ("x3: quantity unknown",)
    assert sum_results([]).value == 0


def test_mca_scores_are_between_0_and_1_and_weights_matter():
    factors = small_factors()
    chain = assess_chain([ash(want_quantity=2000.0), heat()], factors)
    scores = criteria_scores(chain)
    assert set(scores) == set(CRITERIA)
    assert all(s is None or 0 <= s <= 1 for s in scores.values())
    assert scores["readiness"] == 0.6  # weakest link: planned
    assert scores["quantity_fit"] == 0.5  # min(1000, 2000) / max(1000, 2000)
    assert scores["regulatory"] == 0.6  # fly ash is a waste (landfill route)
    score, coverage = mca_score(scores)
    assert 0 <= score <= 1 and coverage == 1.0
    only_readiness = mca_score(scores, dict.fromkeys(CRITERIA, 0.0) | {"readiness": 1.0})
    assert only_readiness == (0.6, 1.0)
    table = compare_chains({"a": chain, "b": assess_chain([ash(quantity=None)], factors)})
    assert list(table["chain"]) == ["a", "b"]
    assert table.loc[1, "ghg"] is None or math.isnan(table.loc[1, "ghg"])
    assert table.loc[1, "coverage"] < 1


def test_sensitivity_tornado():
    frame = sensitivity([ash()], small_factors(), percent=25)
    assert list(frame.columns) == ["parameter", "output", "base", "low", "high"]
    ghg = frame[frame["output"] == "ghg_avoided_t_co2e"].set_index("parameter")
    # distance -25 %: (410,000 + 5,000 - 20,000 - 1,125) / 1000 = 393.875
    assert ghg.at["distance", "low"] == pytest.approx(393.875)
    assert ghg.at["distance", "high"] == pytest.approx(393.125)
    # EF_virgin +25 %: (1000 x (1000 x 0.5 + 10) + 5,000 - 20,000 - 1,500) / 1000 = 493.5
    assert ghg.at["ef_virgin.fly_ash", "high"] == pytest.approx(493.5)
    assert ghg.index[0] == "ef_virgin.fly_ash"  # largest swing first
    assert ghg["base"].tolist() == pytest.approx([393.5] * len(ghg))


def test_candidate_rows_and_bundled_flows():
    row = {"source_company": "S", "target_company": "T", "have_material": "fly_ash",
           "want_material": "cement_raw_material", "quantity": 1000, "unit": "t/yr",
           "distance_km": 10.0, "hazardous": False}  # fmt: skip
    ex = candidate_exchange(row)
    assert (ex.material, ex.use, ex.status, ex.quantity) == (
        "fly_ash",
        "cement_raw_material",
        "candidate",
        1000.0,
    )
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    exchanges = flow_exchanges(dataset)
    assert len(exchanges) == len(dataset.flows)
    chain = assess_chain(exchanges)
    assert chain.totals["ghg_avoided_t_co2e"].known
    assert chain.totals["net_benefit_eur"].known
