"""The corrected and added measures of the bundled catalogue, each with an exchange it applies
to and one it does not (the legal reading is in data/reference/policy_measures.md)."""

from __future__ import annotations

import pytest

from dashboard.analysis.policy import catalogue as cat
from dashboard.analysis.policy import findings as fd
from dashboard.analysis.policy import rules as rl
from dashboard.analysis.policy.findings import ChainFinding
from dashboard.i18n import use_language
from dashboard.views.policy_text import finding_reasons

from .measures import TODAY, facts, party


def bundled() -> cat.Catalogue:
    catalogue, problems = cat.load_catalogue(
        cat.reference.REFERENCE_DIR / cat.CATALOGUE_FILE, today=TODAY
    )
    assert catalogue is not None, [str(p) for p in problems]
    return catalogue


def applies(measure_id: str, ex) -> bool:
    return rl.evaluate(bundled().measure(measure_id), ex) is not None


DK_POWER = party("A", "DK", "DK-85", "35.11")
DK_ROADS = party("B", "DK", "DK-85", "42.11")
DK_CEMENT = party("B", "DK", "DK-85", "23.51")
SE_PLANT = party("B", "SE", "SE-M", "23.51")
RU_CHP = party("A", "RU", "RU-LEN", "35.30")
RU_RECYCLER = party("A", "RU", "RU-SPE", "38.32")
RU_SORTING = party("A", "RU", "RU-LEN", "38.32")
RU_STEEL = party("B", "RU", "RU-SPE", "24.10")
RU_REFINERY = party("A", "RU", "RU-LEN", "19.20")
RU_FARM = party("B", "RU", "RU-LEN", "01.46")
RU_BIOGAS = party("B", "RU", "RU-LEN", "35.21")
FI_PLANT = party("B", "FI", "FI-02", "23.51")
KZ_PLANT = party("A", "KZ", "KZ-ALA", "23.51")


def test_landfill_directive_2030_rule_is_an_endeavour_not_a_ban():
    m = bundled().measure("EU-LANDFILL")
    assert "shall endeavour" in m.gives_or_requires and "art. 5(3)(f)" in m.gives_or_requires
    assert "may not be accepted in landfills" not in m.gives_or_requires
    assert "closes landfills" not in m.reason_en and "endeavour" in m.reason_en
    assert applies("EU-LANDFILL", facts(DK_POWER, DK_ROADS, "fly_ash"))
    assert not applies("EU-LANDFILL", facts(DK_POWER, DK_ROADS, "fly_ash", status="not_waste"))


def test_danish_waste_tax_is_a_landfill_tax_and_incineration_pays_energy_taxes():
    m = bundled().measure("DK-WASTE-TAX")
    finding = rl.evaluate(m, facts(DK_POWER, DK_ROADS, "fly_ash"))
    assert finding is not None
    (reason,) = finding_reasons(finding)
    assert "landfill only" in reason and "energy and CO2 taxes" in reason
    assert "landfilled or incinerated" not in reason
    assert "incineration" not in m.gives_or_requires.split("Since")[0]
    assert not applies("DK-WASTE-TAX", facts(party("A", "SE", "SE-M"), SE_PLANT, "fly_ash"))


def test_residual_products_order_is_for_construction_works_not_a_cement_plant():
    assert applies("DK-RESTPRODUKT", facts(DK_POWER, DK_ROADS, "fly_ash"))
    assert not applies("DK-RESTPRODUKT", facts(DK_POWER, DK_CEMENT, "fly_ash"))


def test_scrap_metal_needs_the_99fz_scrap_licence_not_the_89fz_waste_licence():
    scrap = facts(RU_RECYCLER, RU_STEEL, "ferrous_scrap")
    ash = facts(RU_CHP, RU_STEEL, "fly_ash")
    assert applies("RU-99FZ-SCRAP-LICENCE", scrap) and not applies("RU-89FZ-LICENCE", scrap)
    assert applies("RU-89FZ-LICENCE", ash) and not applies("RU-99FZ-SCRAP-LICENCE", ash)
    assert "980 of 28.05.2022" in bundled().measure("RU-99FZ-SCRAP-LICENCE").gives_or_requires


def test_by_product_status_is_not_offered_for_used_oil_or_tyres_at_a_recycler():
    assert applies("RU-7FZ-BY-PRODUCT", facts(RU_CHP, RU_STEEL, "fly_ash"))
    assert not applies("RU-7FZ-BY-PRODUCT", facts(RU_REFINERY, RU_STEEL, "waste_oil"))
    assert not applies("RU-7FZ-BY-PRODUCT", facts(RU_RECYCLER, RU_STEEL, "rubber_tyres"))
    assert not applies("RU-7FZ-BY-PRODUCT", facts(RU_RECYCLER, RU_STEEL, "plastics_waste"))
    assert applies("RU-268FZ-SECONDARY", facts(RU_RECYCLER, RU_STEEL, "rubber_tyres"))


def test_leningrad_msw_scheme_is_not_applied_to_industrial_waste():
    assert applies("RU-LEN-TERSCHEME", facts(RU_SORTING, RU_STEEL, "plastics_waste"))
    assert not applies("RU-LEN-TERSCHEME", facts(RU_CHP, RU_STEEL, "fly_ash"))


def test_shipment_notification_also_applies_to_non_hazardous_waste():
    across = facts(DK_POWER, SE_PLANT, "fly_ash", hazardous=False)
    assert applies("EU-WSR-NOTIFICATION", across)
    assert applies("EU-WSR-NOTIFICATION", facts(DK_POWER, SE_PLANT, "waste_oil", hazardous=True))
    assert not applies("EU-WSR-NOTIFICATION", facts(DK_POWER, DK_CEMENT, "fly_ash"))
    reason = bundled().measure("EU-WSR-NOTIFICATION").reason_en
    assert "amber-listed" in reason


def test_waste_licence_row_says_its_regulation_runs_out():
    text = bundled().measure("RU-89FZ-LICENCE").gives_or_requires
    assert "2290 of 26.12.2020" in text and "01.09.2026" in text


def test_eu_export_rule_needs_the_waste_to_leave_the_eu():
    into_russia = facts(party("A", "FI", "FI-02"), RU_STEEL, "fly_ash")
    assert applies("EU-WSR-EXPORT-NONOECD", into_russia)
    assert not applies("EU-WSR-EXPORT-NONOECD", facts(KZ_PLANT, RU_STEEL, "fly_ash"))


@pytest.mark.parametrize(
    ("measure_id", "yes", "no"),
    [
        ("RU-NVOS-ACCUMULATION", facts(RU_CHP, RU_STEEL, "fly_ash"),
         facts(RU_CHP, RU_STEEL, "surplus_heat", status="not_waste")),
        ("RU-89FZ-EPR", facts(RU_SORTING, party("B", "RU", "RU-LEN", "38.32"), "plastics_waste"),
         facts(RU_CHP, RU_STEEL, "fly_ash")),
        ("RU-ECOFEE-SUBSIDY", facts(RU_SORTING, RU_STEEL, "plastics_raw_material",
                                    status="not_waste"),
         facts(RU_CHP, RU_STEEL, "slag")),
        ("RU-190FZ-HEAT", facts(RU_CHP, RU_FARM, "surplus_heat", status="not_waste"),
         facts(DK_POWER, DK_ROADS, "surplus_heat", status="not_waste")),
        ("RU-VETIS-MERCURY", facts(RU_REFINERY, RU_FARM, "spent_grain", status="by_product"),
         facts(RU_REFINERY, RU_BIOGAS, "spent_grain", status="by_product")),
        ("RU-109FZ-AGROCHEMICAL", facts(RU_BIOGAS, RU_FARM, "digestate"),
         facts(RU_BIOGAS, RU_FARM, "biogas", status="not_waste")),
        ("RU-NRB-BUILDING-MATERIALS", facts(RU_CHP, party("B", "RU", "RU-LEN", "23.62"),
                                            "gypsum"),
         facts(RU_CHP, RU_FARM, "gypsum")),
        ("EU-ETS-CO2-TRANSFER", facts(DK_POWER, DK_ROADS, "co2", status="not_waste"),
         facts(RU_CHP, RU_FARM, "co2", status="not_waste")),
        ("EU-ETS-HEAT-EXPORT", facts(DK_POWER, DK_ROADS, "surplus_heat", status="not_waste"),
         facts(DK_POWER, DK_ROADS, "fly_ash")),
        ("EU-RED-WASTE-HEAT", facts(DK_POWER, DK_ROADS, "steam", status="not_waste"),
         facts(RU_CHP, RU_FARM, "steam", status="not_waste")),
        ("EU-SANCTIONS-833", facts(party("A", "FI", "FI-02"), RU_STEEL, "slag"),
         facts(party("A", "FI", "FI-02"), SE_PLANT, "slag")),
        ("FI-RU-BORDER-CLOSED", facts(RU_CHP, FI_PLANT, "fly_ash"),
         facts(party("A", "EE", "EE-37"), RU_STEEL, "fly_ash")),
        ("DK-OVERSKUDSVARMEAFGIFT", facts(DK_POWER, DK_ROADS, "surplus_heat",
                                          status="not_waste"),
         facts(DK_POWER, DK_ROADS, "fly_ash")),
        ("DK-SLAMBEKENDTGORELSEN", facts(DK_POWER, DK_ROADS, "biosludge"),
         facts(DK_POWER, DK_ROADS, "biosludge", status="by_product")),
        ("FI-BUSINESS-FINLAND-ENERGY-AID", facts(party("A", "FI", "FI-02"), FI_PLANT, "steam",
                                                 status="not_waste"),
         facts(party("A", "FI", "FI-02"), FI_PLANT, "fly_ash")),
    ],
)  # fmt: skip
def test_each_added_measure_applies_where_it_should_and_not_elsewhere(measure_id, yes, no):
    assert applies(measure_id, yes)
    assert not applies(measure_id, no)


def test_ranking_puts_a_barrier_above_a_support_on_the_same_chain():
    catalogue = bundled()
    ex = facts(RU_CHP, RU_FARM, "surplus_heat", status="not_waste")
    found = rl.findings(catalogue, ex)
    ids = [f.measure.measure_id for f in found]
    assert "RU-190FZ-HEAT" in ids
    chain = fd.chain_findings({"X1": found}, ["X1"])
    categories = [item.measure.category for item in chain]
    assert categories == sorted(categories, key=rl.CATEGORY_RANK.get)
    by_product = facts(RU_CHP, RU_STEEL, "slag", status="by_product")
    chain = fd.chain_findings({"X1": rl.findings(catalogue, by_product)}, ["X1"])
    order = [item.measure.measure_id for item in chain]
    assert order.index("RU-7FZ-NVOS-COEF") < order.index("RU-7FZ-BY-PRODUCT")
    assert list(fd.by_category(chain)) == ["barrier", "obligation", "support"]


def test_ranking_puts_regional_before_national_before_eu_and_a_material_first():
    def finding(measure_id: str) -> ChainFinding:
        return ChainFinding(bundled().measure(measure_id), ("X1",), ())

    shuffled = [finding(i) for i in ("EU-LIFE", "RU-NP-ZEC", "RU-LEN-TERSCHEME", "RU-89FZ-EPR")]
    order = [item.measure.measure_id for item in rl.ranked(shuffled)]
    assert order == ["RU-LEN-TERSCHEME", "RU-89FZ-EPR", "RU-NP-ZEC", "EU-LIFE"]


def test_every_bundled_measure_says_what_to_do_in_english_and_russian():
    for m in bundled().measures:
        assert m.action_en and m.action_ru, m.measure_id
        with use_language("ru"):
            assert m.action("ru") == m.action_ru


def test_matrix_is_split_by_instrument_with_barriers_first():
    catalogue = bundled()
    ex = facts(RU_CHP, RU_FARM, "surplus_heat", status="not_waste")
    matrix = fd.exchange_matrix({"c1": ["X1"]}, {"X1": rl.findings(catalogue, ex)})
    split = fd.matrix_by_instrument(matrix, catalogue)
    assert set(split) <= set(fd.INSTRUMENTS)
    for group, part in split.items():
        measures = [catalogue.measure(c) for c in part.columns]
        assert {fd.instrument(m) for m in measures} == {group}
        ranks = [rl.CATEGORY_RANK[m.category] for m in measures]
        assert ranks == sorted(ranks)
    assert sum(len(p.columns) for p in split.values()) == len(matrix.columns)
