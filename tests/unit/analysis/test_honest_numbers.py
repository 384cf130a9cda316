"""The defects of issue 10, each with a value computed by hand from the bundled factor table.

Every test first checks the factor values it uses (so a changed factor fails here, loudly, and
the arithmetic can be redone), then the result against the arithmetic written out."""

from __future__ import annotations

import pytest

from dashboard.analysis.assessment import (
    assess_chain,
    assess_exchange,
    default_fate,
    downstream_inputs,
)
from dashboard.analysis.policy.catalogue import bundled_catalogue
from dashboard.analysis.sensitivity import sensitivity
from dashboard.domain.exchange import Exchange, flow_exchanges, with_fates
from dashboard.domain.factors import Factors
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_path

FACTORS = Factors()


def value(factor_id: str) -> float:
    return FACTORS.get(factor_id).value


def flow(dataset, flow_id: str) -> Exchange:
    [exchange] = flow_exchanges(dataset, [flow_id])
    return exchange


def results(exchange: Exchange) -> dict[str, float | None]:
    return {k: r.value for k, r in assess_exchange(exchange, FACTORS).results.items()}


@pytest.fixture(scope="module")
def kalundborg():
    dataset, problems = load_path(DATASETS_DIR / "kalundborg")
    assert problems == []
    return dataset


# --- 1. the use comes from the receiver, not from an id being equal ---------------------------


def test_slag_at_an_aggregates_plant_is_aggregate_sold_anyway(leningrad):
    ex = flow(leningrad, "len-f31")  # 70,000 t of steel slag to an aggregates quarry (08.12)
    assert ex.use == "construction_material" and ex.quantity == 70_000
    assert value("market_distance.group-minerals") == 50
    assert value("ef_transport.road") == 0.0903 and value("detour_factor.road") == 1.3
    a = assess_exchange(ex, FACTORS)
    assert a.fate == "market"  # slag is sold as aggregate anyway: only logistics differ
    d = ex.distance_km
    # 70,000 x (50 - d x 1.3) x 0.0903 / 1000, about 0.31 kt (was 58.7 kt as clinker)
    expected = 70_000 * (50 - d * 1.3) * 0.0903 / 1000
    assert a.results["ghg_avoided_t_co2e"].value == pytest.approx(expected)
    assert 0 < expected < 400
    assert a.results["virgin_resource_saved"].value == 0


def test_tyres_burnt_in_a_cement_kiln_replace_coal_not_crumb_rubber(leningrad):
    ex = flow(leningrad, "len-f17")  # 6,000 t of tyres to a cement works (23.51), Russia
    assert ex.use == "cement_raw_material"
    assert value("ef_virgin.rubber_tyres.cement_raw_material") == 2440.68  # coal
    assert value("virgin_share.rubber_tyres.cement_raw_material") == 1.1
    assert value("ef_processing.rubber_tyres.cement_raw_material") == 1800  # fossil CO2 burnt
    assert value("virgin_distance.group-plastics_rubber_textiles") == 300
    assert value("price_virgin.rubber_tyres.cement_raw_material") == 120
    assert value("treatment_cost.rubber_tyres.cement_raw_material") == 10
    assert value("transport_cost.road") == 0.12 and value("transaction_cost") == 5000
    a = assess_exchange(ex, FACTORS)
    # RU: landfilling tyres is banned and recyclers are full: nothing is avoided at the giver
    assert a.fate == "none"
    q, road = 6000, ex.distance_km * 1.3
    ghg = (q * 2440.68 * 1.1 + q * 300 * 0.0903 - q * 1800 - q * road * 0.0903) / 1000
    net = q * 1.1 * 120 - q * road * 0.12 - q * 10 - 5000
    assert a.results["ghg_avoided_t_co2e"].value == pytest.approx(ghg)
    assert a.results["net_benefit_eur"].value == pytest.approx(net)
    assert 5_000 < ghg < 5_800 and 0.5e6 < net < 0.8e6  # was 12,099 t and EUR 7.56 M


def test_fly_ash_at_a_brickworks_replaces_clay_not_clinker():
    brickworks = Exchange("b", "S", "T", "fly_ash", 1000.0, "t/yr", 5.0, use="construction_material",
                          source_country="RU", target_country="RU", target_sector="23.32")  # fmt: skip
    from dashboard.domain.exchange import resolve_use

    assert resolve_use("fly_ash", "cement_raw_material", "23.32") == "construction_material"
    assert resolve_use("fly_ash", "cement_raw_material", "23.63") == "concrete_addition"
    assert resolve_use("fly_ash", "cement_raw_material", "23.51") == "cement_raw_material"
    assert assess_exchange(brickworks, FACTORS).factor_ids["EF_virgin"] == (
        "ef_virgin.fly_ash.construction_material"
    )
    # a concrete plant counts 1 t of EN 450 fly ash as 0.4 t of cement (EN 206 k-value)
    assert value("virgin_share.fly_ash.concrete_addition") == 0.4


# --- 2. residues have a price ------------------------------------------------------------------


def test_scrap_is_bought_at_its_market_price_not_credited_at_the_virgin_one(leningrad):
    ex = flow(leningrad, "len-f29")  # 120,000 t of scrap from a dealer to a steelworks
    assert value("market_price.ferrous_scrap.RU") == 167
    assert value("market_distance.group-metals") == 150
    a = assess_exchange(ex, FACTORS)
    v = {k: r.value for k, r in a.results.items()}
    q, road = 120_000, ex.distance_km * 1.3
    assert v["avoided_purchase_eur"] == pytest.approx(q * 167)  # it would buy scrap anyway
    assert v["foregone_value_eur"] == pytest.approx(q * 167)  # the dealer would sell it anyway
    assert v["net_benefit_eur"] == pytest.approx(-q * (road - 150) * 0.12 - 5000)
    assert abs(v["net_benefit_eur"]) < 3e6  # was EUR 41.7 M
    assert a.transfer.value == pytest.approx(q * 167)  # paid by the steelworks to the dealer
    source, target = a.share(ex.source_company), a.share(ex.target_company)
    assert source["transfer_eur"] == pytest.approx(q * 167) == -target["transfer_eur"]
    assert source["net_benefit_eur"] + target["net_benefit_eur"] == pytest.approx(
        v["net_benefit_eur"]
    )


def test_a_flow_can_declare_its_transfer_price(leningrad):
    ex = flow(leningrad, "len-f29")
    declared = assess_exchange(Exchange(**{**ex.__dict__, "transfer_price": 200.0}), FACTORS)
    assert declared.transfer.value == pytest.approx(120_000 * 200)
    assert declared.results["net_benefit_eur"].value == pytest.approx(results(ex)["net_benefit_eur"])


# --- 3. what happens to the residue without the exchange --------------------------------------


@pytest.mark.parametrize(
    ("material", "country", "sector", "fate"),
    [
        ("spent_grain", "RU", "11.05", "market"),  # sold as wet feed
        ("bark", "FI", "17.12", "on_site_energy"),  # burnt in the mill's boiler
        ("bark", "RU", "17.12", "on_site_energy"),
        ("bark", "FI", "16.10", "market"),  # a sawmill sells its bark as fuel
        ("wood_residues", "RU", "16.10", "market"),  # sawdust is sold
        ("waste_paper", "RU", "38.32", "market"),  # landfilling banned (1589-r)
        ("plastics_waste", "RU", "38.32", "market"),
        ("paper_sludge", "FI", "17.12", "on_site_energy"),
        ("sewage_sludge", "RU", "37.00", "incineration"),  # St Petersburg burns its sludge
        ("fly_ash", "RU", "35.11", "landfill"),  # ash dumps
        ("plastics_waste", "DK", "22.22", "incineration"),
    ],
)
def test_default_fates_per_material_country_and_sector(material, country, sector, fate):
    ex = Exchange("x", "S", "T", material, 1.0, "t/yr", 1.0, source_country=country,
                  source_sector=sector)  # fmt: skip
    found = default_fate(ex, FACTORS)
    assert found is not None and found.route == fate
    assert found.source and found.provenance in ("documented", "reported", "estimated")


def test_no_default_landfills_what_russia_bans_from_landfill():
    table = bundled_catalogue().table.set_index("measure_id")
    for material in table.at["RU-1589R-LANDFILL-BAN", "materials"].split(";"):
        ex = Exchange("x", "S", "T", material, 1.0, "t/yr", 1.0, source_country="RU")
        assert default_fate(ex, FACTORS).route != "landfill", material


def test_incineration_credits_the_energy_it_recovers():
    ex = Exchange("x", "S", "T", "plastics_waste", 1000.0, "t/yr", 10.0, source_country="DK",
                  target_country="DK", target_sector="22.22")  # fmt: skip
    assert value("ef_disposal.plastics_waste.incineration") == 2750
    assert value("energy_recovery.plastics_waste") == pytest.approx(7.56)
    assert value("ef_fuel.recovered_energy.DK") == 105
    a = assess_exchange(ex, FACTORS)
    assert a.fate == "incineration"
    assert a.fate_emission.value == pytest.approx(2750 - 7.56 * 105)


def test_a_residue_burnt_on_site_costs_the_giver_replacement_fuel(leningrad):
    ex = flow(leningrad, "len-f22")  # 160,000 t of bark from a pulp mill to a CHP
    assert value("energy_content.bark") == 1.84 and value("ef_fuel.replacement") == 202
    assert value("ef_virgin.bark.RU") == 202 and value("virgin_share.bark.RU") == 1.83
    a = assess_exchange(ex, FACTORS)
    assert a.fate == "on_site_energy"
    assert a.fate_emission.value == pytest.approx(-1.84 * 202)
    # the CHP saves gas, the mill burns gas in its place: nearly nothing changes
    q = 160_000
    ghg = (q * (202 * 1.83 - 1.84 * 202) + q * 100 * 0.0903 - q * ex.distance_km * 1.3 * 0.0903)
    assert a.results["ghg_avoided_t_co2e"].value == pytest.approx(ghg / 1000)
    assert abs(ghg / 1000) < 2000  # was +58.9 kt with a landfill counterfactual


# --- 4. the fate is a choice, respected everywhere, and part of the sensitivity ---------------


def test_a_chosen_fate_changes_the_result_and_the_sensitivity_shows_it(leningrad):
    ex = flow(leningrad, "len-f01")  # 15,000 t of spent grain to a biogas plant
    assert value("ef_disposal.spent_grain.landfill") == 1120
    assert value("ef_virgin.spent_grain.biogas_feedstock") == 60
    assert value("virgin_share.spent_grain.biogas_feedstock") == 0.7
    assert value("ef_virgin.spent_grain") == 400 and value("virgin_share.spent_grain") == 0.25
    q, road = 15_000, ex.distance_km * 1.3
    # default: sold as feed; the biogas plant takes it from the farms, who buy barley instead
    default = results(ex)["ghg_avoided_t_co2e"]
    assert default == pytest.approx(
        (q * (60 * 0.7 - 400 * 0.25) + q * 100 * 0.0903 - q * road * 0.0903) / 1000
    )
    [landfilled] = with_fates([ex], {"len-f01": "landfill"})
    assert landfilled.fate == "landfill"
    assert results(landfilled)["ghg_avoided_t_co2e"] == pytest.approx(
        (q * (60 * 0.7 + 1120) + q * 100 * 0.0903 - q * road * 0.0903) / 1000
    )
    tornado = sensitivity([ex], FACTORS).set_index(["parameter", "output"])
    row = tornado.loc[("fate:len-f01", "ghg_avoided_t_co2e")]
    assert row["high_case"] == "landfill" and row["high"] == pytest.approx(
        results(landfilled)["ghg_avoided_t_co2e"]
    )
    assert row["base"] == pytest.approx(default)


def test_a_fate_row_value_is_not_a_hidden_share():
    """The old `share` of a disposal route was never read; a fate row names a choice."""
    changed = FACTORS.with_overrides({"fate.spent_grain.market": 0.0})
    ex = Exchange("x", "S", "T", "spent_grain", 100.0, "t/yr", 5.0, source_country="RU",
                  target_country="RU", target_sector="35.21")  # fmt: skip
    same = assess_exchange(ex, changed).results["ghg_avoided_t_co2e"].value
    assert same == pytest.approx(results(ex)["ghg_avoided_t_co2e"])


# --- 5. a chain credits a displaced resource once --------------------------------------------


def test_the_plastics_chain_credits_the_polymer_actually_used_once(leningrad):
    chain = [flow(leningrad, f) for f in ("len-f37", "len-f38", "len-f39")]
    # 30,000 t of waste to a recycler, 12,000 t of recyclate to a converter, 1,500 t back
    chain = with_fates(chain, {"len-f37": "landfill", "len-f38": "none", "len-f39": "landfill"})
    assert downstream_inputs(chain) == {"len-f37", "len-f39"}
    assert value("virgin_share.plastics_raw_material") == 1.0
    assessed = assess_chain(chain, FACTORS)
    assert assessed.totals["virgin_resource_saved"].value == pytest.approx(12_000)
    # without the mass balance: 30,000 x 0.8 + 12,000 x 1.0 + 1,500 x 0.8 = 37,200 t
    alone = sum(results(ex)["virgin_resource_saved"] for ex in chain)
    assert alone == pytest.approx(37_200)


@pytest.mark.parametrize(
    ("flows", "processor_input"),
    [(("len-f25", "len-f27"), "len-f25"), (("len-f31", "len-f32"), "len-f31")],
)
def test_forest_chips_and_aggregates_are_credited_at_the_final_use(leningrad, flows,
                                                                   processor_input):  # fmt: skip
    chain = with_fates([flow(leningrad, f) for f in flows], dict.fromkeys(flows, "none"))
    assert downstream_inputs(chain) == {processor_input}
    assessed = assess_chain(chain, FACTORS)
    first, last = assessed.assessments
    assert first.results["virgin_resource_saved"].value == 0
    assert first.results["avoided_purchase_eur"].value == 0
    assert last.results["virgin_resource_saved"].value > 0


def test_chain_totals_keep_existing_planned_and_proposed_apart(leningrad):
    chain = [flow(leningrad, f) for f in ("len-f37", "len-f39")]  # planned, existing
    assessed = assess_chain(chain, FACTORS)
    assert set(assessed.by_status) == {"existing", "planned"}
    ghg = {k: v["ghg_avoided_t_co2e"].value for k, v in assessed.by_status.items()}
    each = {a.exchange.status: a.results["ghg_avoided_t_co2e"].value for a in assessed.assessments}
    assert ghg == pytest.approx(each)


# --- 6. heat: temperatures, heat pumps, CHP, fish farms ----------------------------------------


def test_the_kalundborg_heat_pump_pays_for_its_electricity(kalundborg):
    ex = flow(kalundborg, "ks16")  # 80,000 MWh from treated wastewater at 25 C into the DH network
    assert ex.use == "district_heat" and ex.quantity == 80_000
    assert value("supply_temperature.surplus_heat.nace37") == 25
    assert value("required_temperature.district_heat") == 80
    assert value("heat_pump_efficiency") == 0.55
    assert value("ef_virgin.surplus_heat.district_heat.DK") == 105
    assert value("ef_electricity.DK") == 117
    a = assess_exchange(ex, FACTORS)
    cop = 0.55 * (80 + 273.15) / (80 - 25)  # 3.53
    assert a.electricity.value == pytest.approx(1 / cop)
    assert 80_000 / cop == pytest.approx(22_650, abs=10)  # MWh of electricity a year
    ghg = (80_000 * 105 - 80_000 / cop * 117) / 1000  # 5,750 t (was 17,952 t)
    assert a.results["ghg_avoided_t_co2e"].value == pytest.approx(ghg)
    assert a.results["electricity_cost_eur"].value == pytest.approx(
        80_000 / cop * value("price_electricity.DK")
    )


def test_a_power_station_loses_electricity_to_the_steam_it_extracts():
    steam = Exchange("s", "P", "R", "steam", 1000.0, "MWh/yr", 1.0, source_country="DK",
                     target_country="DK", source_sector="35.11", target_sector="19.20")  # fmt: skip
    assert value("electricity_use.steam.nace35.11") == 0.15
    assert value("virgin_share.steam") == pytest.approx(1 / 0.92, abs=1e-4)
    a = assess_exchange(steam, FACTORS)
    assert a.electricity.value == 0.15
    assert a.results["ghg_avoided_t_co2e"].value == pytest.approx(
        (1000 * 201.96 * value("virgin_share.steam") - 1000 * 0.15 * 117) / 1000
    )


def test_warm_water_for_a_fish_farm_replaces_no_gas(leningrad):
    ex = flow(leningrad, "len-f42")  # warm cooling water from the NPP to the fish farm
    assert ex.use == "aquaculture_heat"
    assert results(ex)["ghg_avoided_t_co2e"] == 0
    assert results(ex)["virgin_resource_saved"] == 0


# --- 7. one rule for the hazard -------------------------------------------------------------


def test_waste_oil_and_solvents_are_hazardous_for_matching_and_policy_alike(leningrad):
    from dashboard.analysis.matching import MatchOptions, find_candidates
    from dashboard.analysis.policy.facts import flow_facts

    streams = leningrad.streams
    for material in ("waste_oil", "spent_solvents"):
        assert streams.loc[streams["material"] == material, "hazardous"].all(), material
    found = find_candidates(leningrad, MatchOptions(include_existing=True, max_per_have=None))
    oily = found[found["have_material"].isin(["waste_oil", "spent_solvents"])]
    assert len(oily) and oily["hazardous"].all()
    facts = {f.exchange_id: f for f in flow_facts(leningrad)}
    assert facts["len-f13"].hazardous  # the waste oil flow


# --- 9. electricity by country --------------------------------------------------------------


@pytest.mark.parametrize(("country", "kg"), [("SE", 8), ("FI", 62), ("EE", 693), ("RU", 355)])
def test_electricity_replaces_the_grid_of_the_receivers_country(country, kg):
    ex = Exchange("e", "S", "T", "electricity", 1000.0, "MWh/yr", 1.0, source_country=country,
                  target_country=country)  # fmt: skip
    a = assess_exchange(ex, FACTORS)
    assert a.factor_ids["EF_virgin"] == f"ef_electricity.{country}"
    assert a.results["ghg_avoided_t_co2e"].value == pytest.approx(kg)


# --- matching a facilitator would trust ------------------------------------------------------


def test_candidates_are_ranked_by_what_they_are_worth(leningrad):
    from dashboard.analysis.matching import find_candidates
    from dashboard.analysis.worth import worth_score

    found = find_candidates(leningrad)
    # score = 100 (0.4 G + 0.3 E + 0.3 fit/100), G = g / (g + 1000 t), E = e / (e + EUR 100,000)
    assert worth_score(1000, 100_000, 80) == pytest.approx(100 * (0.2 + 0.15 + 0.24))
    assert worth_score(-50, -1, 100) == 30.0  # no points for adding emissions or losing money
    known = found.dropna(subset=["ghg_avoided_t_co2e", "net_benefit_eur"])
    assert known["score"].corr(known["ghg_avoided_t_co2e"], method="spearman") > 0.7  # was 0.24
    assert known["score"].corr(known["net_benefit_eur"], method="spearman") > 0.3  # was 0.13
    top = found.head(30)
    losing = top[top["net_benefit_eur"] < 0]
    assert len(losing) <= 3 and (losing["ghg_avoided_t_co2e"] > 1000).all()  # was 6 of 30
    assert not top["have_material"].eq("rubber_raw_material").head(2).any()  # crumb rubber was 1-2


def test_coverage_counts_what_is_left_after_existing_and_planned_flows():
    from dashboard.analysis.matching import find_candidates
    from dashboard.io.datasets import load_files

    files = {
        "companies.csv": "company_id,name,nace,lat,lon\nP,Power,35.11,60.0,30.0\n"
        "X,Other Power,35.11,60.1,30.0\nC,Cement,23.51,60.05,30.0\n",
        "streams.csv": "stream_id,company_id,direction,material,quantity,unit\n"
        "P-ash,P,have,fly_ash,40000,t/yr\nX-ash,X,have,fly_ash,10000,t/yr\n"
        "C-ash,C,want,fly_ash,50000,t/yr\n",
        "flows.csv": "flow_id,source_company,target_company,material,quantity,unit,status\n"
        "F1,P,C,fly_ash,30000,t/yr,existing\n",
    }
    dataset, problems = load_files("t", {k: v.encode() for k, v in files.items()})
    assert problems == []
    [candidate] = find_candidates(dataset).to_dict("records")  # P -> C exists: never proposed
    assert candidate["have_stream_id"] == "X-ash"
    assert candidate["want_total"] == 50_000 and candidate["want_quantity"] == 20_000
    assert candidate["coverage"] == pytest.approx(10_000 / 20_000)  # not 10,000 / 50,000


def test_exchanges_inside_a_site_or_a_group_are_flagged():
    from dashboard.analysis.matching import find_candidates, owner
    from dashboard.io.datasets import load_files

    assert owner("Metsä Fibre Oy, Äänekosken sellutehdas") == "metsä fibre"
    files = {
        "companies.csv": "company_id,name,nace,lat,lon\n"
        "A,\"Metsä Fibre Oy, pulp mill\",17.11,62.60,25.70\n"
        "B,\"Metsä Fibre Oy, sawmill\",16.10,62.65,25.70\n"
        "C,Biogas Ab,35.21,62.603,25.70\n",
        "streams.csv": "stream_id,company_id,direction,material,quantity,unit\n"
        "A-sludge,A,have,paper_sludge,1000,t/yr\nB-sludge,B,want,paper_sludge,1000,t/yr\n"
        "C-feed,C,want,biogas_feedstock,1000,t/yr\n",
    }
    dataset, _ = load_files("t", {k: v.encode() for k, v in files.items()})
    found = find_candidates(dataset).set_index("want_stream_id")
    assert found.at["C-feed", "relation"] == "same_site"  # 0.3 km apart
    assert found.at["B-sludge", "relation"] == "same_owner"  # 5.6 km apart, one company
    assert "same_owner" in found.at["B-sludge", "checks"]


def test_heat_meets_a_warm_water_want_and_the_fish_farm_case_is_in_reach(leningrad):
    from dashboard.analysis.matching import find_candidates
    from dashboard.domain.taxonomy import WARM_WATER_M3_PER_MWH
    from dashboard.io.datasets import load_files

    files = {
        "companies.csv": "company_id,name,nace,lat,lon\nP,Power,35.11,60.0,30.0\n"
        "F,Fish farm,03.22,60.02,30.0\n",
        "streams.csv": "stream_id,company_id,direction,material,quantity,unit\n"
        "P-heat,P,have,surplus_heat,5000,MWh/yr\nF-water,F,want,warm_water,200000,m3/yr\n",
    }
    dataset, _ = load_files("t", {k: v.encode() for k, v in files.items()})
    [candidate] = find_candidates(dataset).to_dict("records")
    assert (candidate["unit"], candidate["want_unit"]) == ("MWh/yr", "m3/yr")
    assert candidate["coverage"] == 1.0  # 5,000 MWh warms 537,000 m3 by 8 K
    assert candidate["quantity"] == pytest.approx(200_000 / WARM_WATER_M3_PER_MWH)
    assert candidate["use"] == "aquaculture_heat" and candidate["ghg_avoided_t_co2e"] == 0
    # the textbook case: a power station's cooling water to the fish farm of its town, 6 km
    found = find_candidates(leningrad)
    npp = found[(found["source_company"] == "gppd-leningrad-npp")
                & (found["target_company"] == "syn-fishfarm-sosnovybor")]  # fmt: skip
    assert len(npp) == 1 and 5 < npp["distance_km"].iloc[0] < 8


def test_reasons_say_which_quantities_are_estimated_or_synthetic(leningrad):
    from dashboard.analysis.matching import find_candidates
    from dashboard.views.candidate_reasons import reasons

    found = find_candidates(leningrad)
    texts = list(reasons(found))
    synthetic = found["have_provenance"].eq("synthetic") | found["want_provenance"].eq("synthetic")
    assert synthetic.any()
    for text, flagged in zip(texts, synthetic, strict=True):
        assert ("synthetic" in text) == bool(flagged)
    assert all("saves about" in text or "GHG saved not known" in text for text in texts)


def test_a_declared_temperature_decides_whether_a_heat_pump_is_needed():
    heat = Exchange("h", "P", "N", "surplus_heat", 1000.0, "MWh/yr", 1.0, use="district_heat",
                    source_country="DK", target_country="DK", source_sector="24.10",
                    target_sector="35.30")  # fmt: skip
    assert value("supply_temperature.surplus_heat") == 90  # hot enough for an 80 C network
    assert assess_exchange(heat, FACTORS).electricity.value == 0
    warm = Exchange(**{**heat.__dict__, "temperature_c": 40.0})
    a = assess_exchange(warm, FACTORS)
    assert a.electricity.value == pytest.approx((80 - 40) / (0.55 * (80 + 273.15)))
    assert a.electricity.inputs["T_supply"] == 40.0


@pytest.mark.parametrize("country", ["RU", "FI", "SE", "DK", "EE"])
@pytest.mark.parametrize("fate", ["landfill", "incineration", "wastewater_treatment"])
def test_every_disposal_fate_has_its_gate_fee_and_its_emission(fate, country):
    """A fate chosen in the fate editor finds its charge and its emission in every country the
    bundled factors cover (wastewater treatment once found none: the rows said `wastewater`)."""
    ex = Exchange("x", "S", "T", "spent_grain", 100.0, "t/yr", 5.0, source_country=country,
                  target_country=country, target_sector="35.21", fate=fate)  # fmt: skip
    a = assess_exchange(ex, FACTORS)
    assert a.fate == fate
    assert a.results["avoided_disposal_eur"].value is not None
    assert a.results["avoided_disposal_eur"].value > 0
    assert a.results["ghg_avoided_t_co2e"].value is not None
