"""The material vocabulary as the Data page lists it, in the reader's language."""

from __future__ import annotations

import pandas as pd

from dashboard.domain import taxonomy
from dashboard.domain.labels import material_label
from dashboard.i18n import has, language, t

COLUMNS = (
    "material_id", "unit", "group", "label_en", "satisfies", "origin", "max_distance_km",
    "hazardous_handling", "description", "distance_source",
)  # fmt: skip
ORIGINS = {"DATA_FORMAT v1 core vocabulary": "core", "project extension": "extension"}
"""The `origin` texts of `materials.csv` the catalogue words in each language."""


def vocabulary_table(lang: str | None = None) -> pd.DataFrame:
    """One row per material, in the columns of `materials.csv` without its translations: the
    wants it satisfies joined by commas, and in Russian the catalogue's name of the material in
    `label_en` and the Russian handling and description; the origin and no handling in the
    catalogue's words."""
    lang = lang or language()
    rows = taxonomy.vocabulary().reset_index()
    if lang == "ru":
        rows["label_en"] = rows["material_id"].map(lambda m: material_label(m, lang))
        rows["satisfies"] = rows["satisfies"].map(lambda ms: [material_label(m, lang) for m in ms])
        rows["group"] = rows["group"].map(lambda g: _group(g, lang))
    rows["satisfies"] = rows["satisfies"].map(", ".join)
    rows["origin"] = rows["origin"].map(lambda origin: _origin(origin, lang))
    rows["hazardous_handling"] = rows["material_id"].map(lambda m: _handling(m, lang))
    rows["description"] = rows["material_id"].map(lambda m: taxonomy.description(m, lang))
    return rows[[column for column in COLUMNS if column in rows.columns]]


def _group(group: str, lang: str) -> str:
    return t(f"group.{group}", lang) if has(f"group.{group}", lang) else group


def _handling(material: str, lang: str) -> str:
    handling = taxonomy.hazardous_handling(material, lang)
    return t("data.no_handling", lang) if handling == taxonomy.NO_HANDLING else handling


def _origin(origin: str, lang: str) -> str:
    kind = ORIGINS.get(origin)
    return t(f"data.origin.{kind}", lang) if kind else origin
