"""Assessment formulas, computed by hand on a small factor table; unknowns stay unknown, with
the reason as a code."""

from __future__ import annotations

import pytest

from dashboard.analysis.assessment import (
    ECONOMIC,
    Missing,
    assess_chain,
    assess_exchange,
    partner_table,
    sum_results,
)

from .factories import ash, heat, small_factors, values


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
    assert ghg.formula == "ghg_mass"
    assert ghg.inputs == {"Q": 1000.0, "EF_virgin": 800, "share": 0.5, "EF_fate": 10,
                          "d_virgin": 50, "EF_tkm": 0.1, "EF_processing": 20, "E_el": 0.0,
                          "EF_el": 100, "d": 10.0, "k": 1.5}  # fmt: skip
    assert a.fate == "landfill" and a.factor_ids["fate"] == "fate.fly_ash.landfill"
    assert ghg.missing == ()
    assert a.factor_ids["EF_virgin"] == "ef_virgin.fly_ash"


def test_piped_exchange_has_no_road_transport():
    v = values(assess_exchange(heat(), small_factors()))
    assert v["ghg_avoided_t_co2e"] == pytest.approx(220)  # 1000 x (200 x 1.1 + 0) / 1000
    assert v["energy_recovered_mwh"] == 1000
    assert v["waste_diverted_t"] == 0  # not a waste: fate none
    assert v["avoided_disposal_eur"] == 0
    assert v["avoided_purchase_eur"] == pytest.approx(33_000)  # 1000 x 1.1 x 30
    assert v["transport_cost_eur"] == pytest.approx(3_000)  # 2 km x 1.5 x EUR 1,000/km/yr
    assert v["net_benefit_eur"] == pytest.approx(33_000 - 3_000 - 0 - 1_000)


def test_unknown_quantity_is_none_with_the_reason_never_zero():
    a = assess_exchange(ash(quantity=None), small_factors())
    for name in ("ghg_avoided_t_co2e", "virgin_resource_saved", "waste_diverted_t",
                 "avoided_disposal_eur", "avoided_purchase_eur", "net_benefit_eur"):  # fmt: skip
        assert a.results[name].value is None, name
        assert Missing("quantity") in a.results[name].missing
    assert a.results["transaction_cost_eur"].value == 1000  # does not depend on the quantity


def test_missing_factor_is_none_and_named():
    a = assess_exchange(ash(source_country="DE"), small_factors())
    assert a.results["avoided_disposal_eur"].value is None
    assert a.results["avoided_disposal_eur"].missing == (
        Missing("factor", (("kind", "gate_fee"), ("keys", "landfill/DE"))),
    )
    assert a.results["net_benefit_eur"].value is None
    assert a.results["ghg_avoided_t_co2e"].value == pytest.approx(393.5)


def test_unknown_distance_is_none():
    a = assess_exchange(ash(distance=None), small_factors())
    assert a.results["ghg_avoided_t_co2e"].value is None
    assert a.results["transport_cost_eur"].missing == (Missing("distance"),)


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
    # the receiver pays the giver the market price: 1000 t x EUR 5 = EUR 5,000
    assert a.transfer.value == pytest.approx(5_000)
    # source: 100,000 - 3,000/2 - 1,000/2 + 5,000 = 103,000
    # target: 20,000 - 1,500 - 2,000 - 500 - 5,000 = 11,000
    assert source["net_benefit_eur"] == pytest.approx(103_000)
    assert target["net_benefit_eur"] == pytest.approx(11_000)
    assert source["transfer_eur"] == 5_000 and target["transfer_eur"] == -5_000
    for name in ECONOMIC:
        assert source[name] + target[name] == pytest.approx(a.results[name].value), name
    table = partner_table([a, assess_exchange(heat(), small_factors())]).set_index("company_id")
    assert table.at["T", "exchanges"] == 2
    # T is the target of the ash and the source of the heat (sold at EUR 10/MWh):
    # 11,000 - 3,000/2 - 1,000/2 + 10,000 = 19,000
    assert table.at["T", "net_benefit_eur"] == pytest.approx(19_000)
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
    assert mixed.totals["virgin_resource_saved"].missing[0].code == "units_differ"
    unknown = assess_chain([ash(), ash(exchange_id="x3", quantity=None)], factors)
    assert unknown.totals["ghg_avoided_t_co2e"].value is None
    assert unknown.totals["ghg_avoided_t_co2e"].missing == (Missing("quantity", exchange="x3"),)
    assert sum_results([]).value == 0
