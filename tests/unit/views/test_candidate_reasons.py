"""The reasons beside each candidate: plain sentences from the candidate's columns, company
names inserted literally, written only when asked for."""

from __future__ import annotations

import pytest

from dashboard.analysis.matching import find_candidates
from dashboard.domain.dataset import Dataset
from dashboard.i18n import use_language
from dashboard.views.candidate_reasons import reasons, with_reasons

from ..regions import COMPANIES, load, region_files


@pytest.fixture(scope="module")
def region() -> Dataset:
    return load(region_files())


def test_reasons_are_plain_sentences(region):
    texts = list(reasons(find_candidates(region)))
    assert texts[0] == (
        "fly ash 40,000 t/yr at 12.0 km covers 80 % of Cement Works's want; "
        "substitute: fly ash can replace cement raw material; "
        "saves about 34,310 t CO2e and EUR 2,574,000 a year; "
        "check: waste permit, or by-product or end-of-waste status; "
        "the receiver's quality standard (e.g. EN 450, EN 13242, EN 643)"
    )
    assert texts[1] == (
        "spent solvents 300 t/yr at 40.0 km covers 60 % of Solvent Recovery's want; "
        "substitute: spent solvents can replace solvents for recovery; "
        "hazardous: needs a licensed carrier and receiver (hazardous waste), ADR transport; "
        "saves about 1,010 t CO2e and EUR 187,000 a year; "
        "check: hazardous-waste licences of carrier and receiver; "
        "waste permit, or by-product or end-of-waste status"
    )
    assert texts[3] == (
        "surplus heat 1,000 MWh/yr at 3.0 km covers 100 % of Food Factory's want; "
        "substitute: surplus heat can replace heat; "
        "saves about 220 t CO2e and EUR -309,000 a year; "
        "check: supply and required temperatures"
    )


def test_a_small_loss_or_saving_reads_the_same_in_any_chunk(region):
    found = find_candidates(region).iloc[:2]
    for values in ([-1.0, 1.0], [1.0, -1.0]):
        texts = reasons(found.assign(net_benefit_eur=values, ghg_avoided_t_co2e=values))
        assert all("about 0 t CO2e and EUR 0 a year" in text for text in texts)


def test_company_names_go_into_reasons_literally():
    odd = '=HYPERLINK("x") {0} {target} <b>Завод</b> 🏭'
    companies = [(c, odd if c == "C" else n, nace, km, r) for c, n, nace, km, r in COMPANIES]
    found = find_candidates(load(region_files(companies=companies)))
    assert found["target_name"].iloc[0] == odd
    assert f"of {odd}'s want" in reasons(found)[0]


def test_reasons_column_follows_the_score_as_in_downloads(region):
    found = find_candidates(region)
    table = with_reasons(found)
    columns = list(table.columns)
    assert columns[columns.index("score") + 1] == "reasons"
    assert list(table["reasons"]) == list(reasons(found))
    assert list(found.columns) == [c for c in columns if c != "reasons"]


def test_candidates_for_a_person_name_their_materials():
    import pandas as pd

    from dashboard.domain.labels import material_label
    from dashboard.views.candidate_reasons import readable

    frame = pd.DataFrame({"have_material": ["surplus_heat"], "want_material": ["heat"], "x": [1]})
    shown = readable(frame)
    assert list(shown["have_material"]) == [material_label("surplus_heat")] != ["surplus_heat"]
    assert list(frame["have_material"]) == ["surplus_heat"]  # the original keeps the ids


def test_the_handling_of_a_hazardous_have_is_in_the_reader_s_language(region):
    with use_language("ru"):
        texts = list(reasons(find_candidates(region)))
    handling = "лицензированный перевозчик и получатель (опасные отходы), перевозка по ДОПОГ"
    assert f"опасный: требуется {handling}" in texts[1]
    assert "licensed" not in texts[1]
