"""Display names have one owner: every material, sector, region, status and amount is named by
`dashboard.domain.labels`, and every view that names one uses it."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from dashboard.domain import labels, reference
from dashboard.domain.statuses import EXCHANGE_STATUSES
from dashboard.i18n import catalogue, t, use_language


def test_every_material_has_a_catalogue_label_and_unknown_ones_fall_back():
    named = {k.removeprefix("material.") for k in catalogue() if k.startswith("material.")}
    assert named == set(reference.materials().index)
    assert labels.material_label("fly_ash") == "fly ash"
    assert labels.material_label("co2") == "CO2"
    assert labels.material_label("plastics_raw_material") == "recycled plastics"
    assert labels.material_label("some_new_material") == "some new material"
    assert labels.material_label(None) == ""


def test_every_status_has_one_label():
    for status in EXCHANGE_STATUSES:
        assert labels.status_label(status) == t(f"status.{status}")
    assert labels.status_label("existing") == "existing flow"
    assert labels.capitalised(labels.status_label("candidate")) == "Candidate exchange"
    assert labels.status_label("odd") == "odd"


def test_sector_and_region_labels():
    assert labels.section_label("C") == "C · Manufacturing"
    assert labels.section_label(None) == t("label.unknown_sector")
    assert labels.sector_title("35") == "Electricity, gas, steam and air conditioning supply"
    assert labels.region_label("RU-LEN") == "Leningrad (RU-LEN)"
    assert labels.region_label("XX-YY") == "XX-YY"
    assert labels.region_label(None) == ""
    assert labels.region_name("FI-18") == "Uusimaa"


def test_russian_reference_names_come_from_the_reference_tables():
    assert labels.region_name("RU-LEN", "ru") == "Ленинградская область"
    assert labels.sector_title("C", "ru") == "Обрабатывающие производства"


@pytest.mark.parametrize(
    ("quantity", "unit", "english", "russian"),
    [
        (1200, "t/yr", "1,200 t/yr", "1\u00a0200 т/год"),
        (12345.6, "MWh/yr", "12,346 MWh/yr", "12\u00a0346 МВт·ч/год"),
        (40, None, "40", "40"),
        (None, "t/yr", "", ""),
        (float("nan"), "t/yr", "", ""),
    ],
)
def test_amounts_are_written_for_the_language(quantity, unit, english, russian):
    assert labels.amount(quantity, unit) == english
    with use_language("ru"):
        assert labels.amount(quantity, unit) == russian


@pytest.mark.parametrize(
    ("unit", "russian"),
    [
        ("t/yr", "т/год"),
        ("m3/yr", "м³/год"),
        ("t CO2e", "т CO2-экв."),
        ("EUR/yr", "евро/год"),
        ("kg CO2e/MWh natural gas", "кг CO2-экв./МВт·ч природного газа"),
        ("t feed barley/t", "т кормового ячменя/т"),
        ("kg CO2e/t CO2 from gas burners", "кг CO2-экв./т CO2 газовых горелок"),
        ("km road/km great-circle", "км по дорогам/км по прямой"),
        ("EUR/t something new", "евро/т something new"),  # an unknown qualifier stays
        ("furlongs/fortnight", "furlongs/fortnight"),
    ],
)
def test_units_are_written_in_the_language_and_english_keeps_them(unit, russian):
    assert labels.unit_label(unit, "ru") == russian
    assert labels.unit_label(unit, "en") == unit


def test_a_missing_unit_is_empty():
    assert labels.unit_label(None) == labels.unit_label(float("nan")) == labels.unit_label(" ") == ""


def test_numbers_scores_and_unknown_values():
    assert labels.number_text(1234.5) == "1,230"
    assert labels.number_text(0.090312) == "0.0903"
    assert labels.number_text(None) == t("label.unknown")
    assert labels.number_text("text") == "text"
    assert labels.score_text(0.5) == "0.50"
    assert labels.score_text(None) == t("label.unknown")
    assert labels.quantity_text(None, "t/yr") == t("label.quantity_unknown")


def test_exchange_and_chain_names_use_the_material_labels_and_keep_company_names():
    names = {"A": "<b>Mill</b>", "B": "Plant {x}"}
    text = labels.exchange_text("A", "co2", "B", 1000.0, "t/yr", names)
    assert text == "<b>Mill</b> → CO2 → Plant {x} (1,000 t/yr)"
    chain = SimpleNamespace(
        longest_path=("A", "B", "C"),
        path_materials=(("fly_ash",), ("co2", "slag")),
        unlisted_flows=2,
    )
    assert labels.chain_name(chain, names) == (
        "<b>Mill</b> → fly ash → Plant {x} → CO2 / slag → C " + t("label.more_flows", count=2)
    )


def test_results_read_to_three_significant_figures_and_counts_exactly():
    import numpy as np

    assert labels.number_text(3_849_452.6) == "3,850,000"
    assert labels.number_text(-701_599.5266) == "-702,000"
    assert labels.number_text(12.345) == "12.3"
    assert labels.number_text(999.6) == "1,000"
    assert labels.number_text(-0.0) == "0"
    assert labels.number_text(np.float64(38_712.2)) == "38,700"
    assert labels.number_text(12_345) == labels.number_text(np.int64(12_345)) == "12,345"
    assert labels.number_text(float("nan")) == t("label.unknown")
    assert labels.significant(3_849_452.6) == 3_850_000.0
    assert labels.significant_all([0.0123456, None, 150.0]) == [
        0.0123,
        pytest.approx(float("nan"), nan_ok=True),
        150.0,
    ]


def test_a_factor_is_named_by_what_it_is_and_what_for():
    from dashboard.domain.factors import Factors

    factors = Factors()
    assert labels.factor_label(factors.get("ef_virgin.surplus_heat")) == (
        f"{t('factor.kind.ef_virgin')}: {labels.material_label('surplus_heat')}"
    )
    assert "ef_" not in labels.factor_label(factors.get("ef_disposal.incineration"))


def test_dataset_titles_follow_the_language_and_uploads_their_name():
    from dashboard.domain.labels import dataset_title
    from dashboard.i18n import t

    meta = {"title": "Kalundborg Symbiosis (Denmark)", "title_ru": "Симбиоз Калуннборга"}
    assert dataset_title(meta, "x", "en") == "Kalundborg Symbiosis (Denmark)"
    assert dataset_title(meta, "x", "ru") == "Симбиоз Калуннборга"
    assert dataset_title({"title": "Only English"}, "x", "ru") == "Only English"
    assert dataset_title({}, "fallback", "ru") == "fallback"
    upload = {"origin": "upload", "name": "mine", "title": "stale"}
    assert dataset_title(upload, "x", "ru") == t("sidebar.uploaded", "ru", name="mine")


def test_dataset_texts_follow_the_language_and_fall_back_to_the_english_field():
    meta = {"description": "Flows.", "description_ru": "Обмены.", "provenance_note": "Made up."}
    assert labels.dataset_text(meta, "description", "en") == "Flows."
    assert labels.dataset_text(meta, "description", "ru") == "Обмены."
    assert labels.dataset_text(meta, "provenance_note", "ru") == "Made up."  # an upload's
    assert labels.dataset_text(meta | {"description_ru": ""}, "description", "ru") == "Flows."
    assert labels.dataset_text(meta, "region_note", "ru") == ""
    assert labels.dataset_text({"description": 5}, "description", "en") == "5"
    with use_language("ru"):
        assert labels.dataset_text(meta, "description") == "Обмены."
    with use_language("en"):
        assert labels.dataset_text(meta, "description") == "Flows."


def test_every_text_of_a_bundled_dataset_reads_in_russian():
    from dashboard.io.datasets import bundled_datasets

    for meta in bundled_datasets().values():
        for field in ("description", "provenance_note", "region_note"):
            assert labels.dataset_text(meta, field, "ru") == meta[f"{field}_ru"], field
            assert labels.dataset_text(meta, field, "en") == meta[field], field
        for total in meta.get("published_totals", []):
            assert labels.dataset_text(total, "scope", "ru") == total["scope_ru"]


def test_dates_are_written_in_the_language():
    when = datetime(2026, 12, 2, 3, 17)
    assert labels.date_text(when, "en") == "2 December 2026, 03:17"
    assert labels.date_text(when, "ru") == "2 декабря 2026 г., 03:17"
