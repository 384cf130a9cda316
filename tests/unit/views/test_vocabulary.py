"""The material vocabulary of the Data page in each language."""

from __future__ import annotations

from dashboard.domain import reference
from dashboard.views.vocabulary import COLUMNS, vocabulary_table


def test_the_table_has_the_columns_of_the_file_without_the_translations():
    for lang in ("en", "ru"):
        table = vocabulary_table(lang)
        assert tuple(table.columns) == COLUMNS
        assert len(table) == len(reference.materials())


def test_english_shows_the_file_as_written():
    table = vocabulary_table("en").set_index("material_id")
    materials = reference.materials()
    for column in ("label_en", "origin", "hazardous_handling", "description"):
        assert (table[column] == materials[column]).all(), column
    assert table.at["surplus_heat", "satisfies"] == "heat, district_heat, warm_water"


def test_russian_shows_russian_names_and_descriptions():
    table = vocabulary_table("ru").set_index("material_id")
    assert table.at["fly_ash", "label_en"] == "зола-унос"
    assert table.at["spent_grain", "description"].startswith("Влажная пивная дробина")
    materials = reference.materials()
    assert (table["description"] == materials["description_ru"]).all()
    assert table.at["spent_solvents", "hazardous_handling"].startswith("лицензированный")
    assert table.at["bottom_ash", "hazardous_handling"] == "нет"
    assert table.at["steam", "origin"] == "основной словарь DATA_FORMAT v1"
    assert table.at["wastewater", "origin"] == "расширение проекта"
