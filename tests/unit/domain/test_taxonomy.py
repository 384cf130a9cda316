"""The material taxonomy: compatibilities, transport distances and handling."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.domain import reference, taxonomy
from dashboard.i18n import use_language


def test_vocabulary_keeps_its_columns_and_adds_distance_handling_description_source():
    table = pd.read_csv(reference.REFERENCE_DIR / "materials.csv", dtype=str, keep_default_na=False)
    assert list(table.columns) == [
        "material_id", "unit", "group", "label_en", "satisfies", "origin",
        "max_distance_km", "hazardous_handling", "hazardous_handling_ru", "description",
        "description_ru", "distance_source",
    ]  # fmt: skip
    columns = ("hazardous_handling", "hazardous_handling_ru", "description", "description_ru",
               "distance_source")  # fmt: skip
    for column in columns:
        assert (table[column].str.strip() != "").all(), column
    assert (pd.to_numeric(table["max_distance_km"]) > 0).all()


def test_materials_csv_stays_machine_written_with_crlf():
    raw = (reference.REFERENCE_DIR / "materials.csv").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 60


def test_compatibility_table_lists_exact_and_substitute_pairs():
    table = taxonomy.compatibility_table()
    assert list(table.columns) == ["have_material", "want_material", "compatibility"]
    assert set(table["compatibility"]) == {"exact", "substitute"}
    assert not table.duplicated(["have_material", "want_material"]).any()
    exact = table[table["compatibility"] == "exact"]
    assert (exact["have_material"] == exact["want_material"]).all()
    assert set(exact["have_material"]) == set(taxonomy.vocabulary().index)
    substitutes = set(
        table.loc[
            table["compatibility"] == "substitute", ["have_material", "want_material"]
        ].itertuples(index=False, name=None)
    )
    listed = {
        (have, want) for have, wants in reference.materials()["satisfies"].items() for want in wants
    }
    assert substitutes == listed


@pytest.mark.parametrize(
    ("have", "want", "expected"),
    [
        ("fly_ash", "fly_ash", "exact"),
        ("fly_ash", "cement_raw_material", "substitute"),
        ("surplus_heat", "district_heat", "substitute"),
        ("spent_grain", "animal_feed", "substitute"),
        ("cement_raw_material", "fly_ash", None),
        ("heat", "steam", None),
        ("fly_ash", "fertiliser", None),
        ("no_such_material", "fly_ash", None),
    ],
)
def test_compatibility_is_directional(have, want, expected):
    assert taxonomy.compatibility(have, want) == expected
    assert taxonomy.is_compatible(have, want) is (expected is not None)


def test_compatible_materials_share_a_unit_or_convert():
    units = taxonomy.vocabulary()["unit"]
    table = taxonomy.compatibility_table()
    for have, want in zip(table["have_material"], table["want_material"], strict=True):
        assert taxonomy.unit_factor(units[have], units[want]) is not None, (have, want)
    # heat meets warm water: 1 MWh warms 3,600 / (4.186 x 8) = 107.5 m3 by 8 K
    assert taxonomy.unit_factor("MWh/yr", "m3/yr") == pytest.approx(107.5, abs=0.05)
    assert taxonomy.unit_factor("t/yr", "m3/yr") is None


def test_max_distances_follow_transport_economics():
    km = taxonomy.max_distance_km
    assert km("steam") <= 10 and km("surplus_heat") <= 10 and km("cooling_water_warm") <= 10
    assert 20 <= km("district_heat") <= 30
    assert 10 <= km("process_water") <= 20
    assert 50 <= km("construction_demolition_waste") <= 100
    assert 50 <= km("fly_ash") <= 100 and 50 <= km("spent_grain") <= 100
    assert km("wood_residues") == 100
    assert 30 <= km("manure") <= 50
    assert km("ferrous_scrap") >= 300 and km("spent_solvents") >= 300
    assert isinstance(km("fly_ash"), float)
    with pytest.raises(KeyError):
        km("no_such_material")


def test_distance_sources_are_citations_or_marked_estimates():
    sources = taxonomy.vocabulary()["distance_source"]
    estimate = "project estimate (order of magnitude from practice)"
    cited = sources[sources != estimate]
    assert set(cited.index) >= {"steam", "wood_residues", "bark", "biomass_fuel"}
    assert cited.str.contains("project estimate").all()


def test_handling_and_description():
    assert "licensed carrier" in taxonomy.hazardous_handling("spent_solvents")
    assert taxonomy.hazardous_handling("fly_ash") != taxonomy.NO_HANDLING
    assert taxonomy.hazardous_handling("bottom_ash") == taxonomy.NO_HANDLING
    assert taxonomy.description("fly_ash").endswith(".")


def test_every_description_is_in_russian_too():
    table = taxonomy.vocabulary()
    for material in table.index:
        russian = taxonomy.description(material, "ru")
        assert russian != taxonomy.description(material, "en"), material
        assert re.search("[а-яё]", russian) and russian.endswith("."), material
    assert "зола-унос" in taxonomy.description("fly_ash", "ru").lower()
    assert "пивная дробина" in taxonomy.description("spent_grain", "ru")


def test_every_handling_is_in_russian_and_none_stays_none():
    for material in taxonomy.vocabulary().index:
        english, russian = (taxonomy.hazardous_handling(material, lang) for lang in ("en", "ru"))
        if english == taxonomy.NO_HANDLING:
            assert russian == taxonomy.NO_HANDLING, material
        else:
            assert russian != english and re.search("[а-яё]", russian), material
    assert "ДОПОГ" in taxonomy.hazardous_handling("spent_solvents", "ru")
    with use_language("ru"):
        assert taxonomy.hazardous_handling("spent_solvents").startswith("лицензированный")
        assert taxonomy.hazardous_handling("bottom_ash") == taxonomy.NO_HANDLING


def test_description_follows_the_current_language_and_falls_back_to_english(monkeypatch):
    with use_language("ru"):
        assert taxonomy.description("sewage_sludge").startswith("Осадок")
    with use_language("en"):
        assert taxonomy.description("sewage_sludge").startswith("Sludge")
    table = taxonomy.vocabulary().copy()
    table.loc["sewage_sludge", "description_ru"] = ""
    monkeypatch.setattr(taxonomy, "vocabulary", lambda: table)
    assert taxonomy.description("sewage_sludge", "ru").startswith("Sludge")
    monkeypatch.setattr(taxonomy, "vocabulary", lambda: table.drop(columns="description_ru"))
    assert taxonomy.description("sewage_sludge", "ru").startswith("Sludge")


def test_results_are_cached():
    assert taxonomy.compatibility_table() is taxonomy.compatibility_table()
    assert taxonomy.vocabulary() is taxonomy.vocabulary()
