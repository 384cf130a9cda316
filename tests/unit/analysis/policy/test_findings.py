"""Policy findings on the bundled datasets: flows, chains, candidates, declared facts, the
chains-by-measures matrix, and the assessment's exchanges."""

from __future__ import annotations

from dashboard.analysis.chains import detect_chains
from dashboard.analysis.matching import MatchOptions, find_candidates
from dashboard.analysis.policy import catalogue as cat
from dashboard.analysis.policy import facts as fx
from dashboard.analysis.policy import findings as fd
from dashboard.analysis.policy import rules as rl
from dashboard.domain.exchange import candidate_exchange, flow_exchanges
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_path
from dashboard.views import policy_text as text
from dashboard.views.policy_text import reasons_of


def test_leningrad_hazardous_waste_chain_gets_the_89fz_licence():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    found = fd.flow_findings(dataset, cat.bundled_catalogue())
    chain = next(
        c for c in detect_chains(dataset.flows) if "len-f13" in c.flow_ids
    )
    split = fd.by_category(fd.chain_findings(found, chain.flow_ids))
    licence = next(f for f in split["obligation"] if f.measure.measure_id == "RU-89FZ-LICENCE")
    assert "len-f13" in licence.flows
    reasons = reasons_of(licence.findings)
    assert any("waste oil is waste (hazardous)" in r and "89-FZ" in r for r in reasons)
    passports = [f.measure.measure_id for f in split["obligation"]]
    assert "RU-89FZ-FKKO-PASSPORT" in passports


def test_kalundborg_chain_gets_eu_and_danish_measures():
    dataset, _ = load_path(DATASETS_DIR / "kalundborg")
    table = text.measures_table(dataset)
    chains = table[table["kind"] == "chain"]
    assert {"EU", "DK"} <= set(chains["jurisdiction"])
    assert {"EU-SEWAGE-SLUDGE", "DK-WASTE-TAX", "DK-GREEN-INDUSTRIAL-SYMBIOSIS"} <= set(
        chains["measure_id"]
    )
    assert not (chains["jurisdiction"].str.startswith("RU")).any()


def test_measures_table_has_one_row_per_flow_or_chain_and_measure():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    table = text.measures_table(dataset)
    assert list(table.columns) == list(text.TABLE_COLUMNS)
    assert not table.duplicated(["kind", "id", "measure_id"]).any()
    assert set(table["category"]) <= set(cat.CATEGORIES)
    chain_rows = table[table["kind"] == "chain"]
    for flows in chain_rows["flows"]:
        assert set(flows.split(";")) <= set(dataset.flows["flow_id"])


def test_matching_candidates_get_facts_and_measures():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    candidates = find_candidates(dataset, MatchOptions(min_score=50)).head(30)
    exchanges = fx.candidate_facts(dataset, candidates)
    assert len(exchanges) == len(candidates)
    assert all(ex.source.country == "RU" for ex in exchanges)
    assert any(rl.findings(cat.bundled_catalogue(), ex) for ex in exchanges)


def test_dataset_columns_declare_waste_status_and_hazard_class():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    flows = dataset.flows.assign(waste_status="", hazard_class="")
    flows.loc[flows["flow_id"] == "len-f15", ["waste_status", "hazard_class"]] = ["by_product", "v"]
    dataset.flows = flows
    ex = next(e for e in fx.flow_facts(dataset) if e.exchange_id == "len-f15")
    assert (ex.waste_status, ex.hazard_class) == ("by_product", "V")


def test_chain_matrix_counts_flows_per_chain_and_measure():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    chains = detect_chains(dataset.flows)
    found = fd.flow_findings(dataset, cat.bundled_catalogue())
    matrix = fd.chain_matrix(chains, found)
    assert list(matrix.index) == [c.chain_id for c in chains]
    assert matrix.max().max() <= max(len(c.flow_ids) for c in chains)


def test_filter_catalogue_by_choices_and_words():
    table = cat.bundled_catalogue().table
    assert len(cat.filter_catalogue(table)) == len(table)
    russian = cat.filter_catalogue(table, jurisdictions=["RU-LEN", "RU-SPE"])
    assert set(russian["jurisdiction"]) == {"RU-LEN", "RU-SPE"}
    taxes = cat.filter_catalogue(table, types=["financial"], text="landfill TAX")
    assert len(taxes) >= 4 and (taxes["type"] == "financial").all()
    assert cat.filter_catalogue(table, categories=["barrier"], text="zzz").empty


def test_waste_status_prefers_the_declared_status_then_an_ewc_code_then_the_default():
    assert fx.waste_status("slag") == "by_product"
    assert fx.waste_status("slag", ewc_code="100202") == "waste"
    assert fx.waste_status("slag", ewc_code="100202", declared="by_product") == "by_product"
    assert fx.waste_status("surplus_heat") == "not_waste"
    assert fx.waste_status("fly_ash") == "waste"
    defaults = fx.material_defaults()
    assert defaults.at["waste_oil", "hazardous"] and not defaults.at["fly_ash", "hazardous"]


def test_assessment_exchanges_of_a_chain_get_the_same_measures_as_its_flows():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    chain = next(
        c for c in detect_chains(dataset.flows) if "len-f13" in c.flow_ids
    )
    catalogue = cat.bundled_catalogue()
    split = fd.exchanges_findings(dataset, catalogue, flow_exchanges(dataset, chain.flow_ids))
    found = fd.flow_findings(dataset, catalogue)
    expected = fd.by_category(fd.chain_findings(found, chain.flow_ids))
    assert {k: [i.measure.measure_id for i in v] for k, v in split.items()} == {
        k: [i.measure.measure_id for i in v] for k, v in expected.items()
    }
    table = text.findings_table(split["obligation"])
    assert "RU-89FZ-LICENCE" in set(table["measure_id"])
    hazardous = candidate_exchange(
        {
            "source_company": chain_flow_source(dataset, "len-f13"),
            "target_company": "syn-cement-slantsy",
            "have_material": "waste_oil",
            "quantity": 10.0,
            "unit": "t/yr",
            "distance_km": 50.0,
            "hazardous": True,
        },
        dataset,
        exchange_id="candidate-1",
    )
    candidate = fd.exchanges_findings(dataset, catalogue, [hazardous])
    licence = [i for i in candidate["obligation"] if i.measure.measure_id == "RU-89FZ-LICENCE"]
    assert licence and licence[0].flows == ("candidate-1",)


def chain_flow_source(dataset, flow_id: str) -> str:
    return dataset.flows.set_index("flow_id").at[flow_id, "source_company"]


def test_measures_table_uses_the_catalogue_it_is_given():
    from .measures import TODAY, catalogue_bytes

    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    uploaded, problems = cat.load_catalogue(catalogue_bytes({}), "mine.csv", TODAY)
    assert problems == []
    table = text.measures_table(dataset, uploaded)
    assert len(table) and set(table["measure_id"]) == {"T-1"}
