"""Every display name of a material, sector, region, status, provenance and amount, by language.

Names come from the translation catalogue (materials, statuses, provenance words) and from the
reference tables (NACE and region names). Each function takes the language, defaulting to the
current one; text from the data (company names) passes through unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.domain.places import places
from dashboard.domain.reference import nace, region_table
from dashboard.domain.values import is_missing, text
from dashboard.i18n import has, language, number, t

ARROW = " → "


def _russian(lang: str | None) -> bool:
    return (lang or language()) == "ru"


def material_label(material: object, lang: str | None = None) -> str:
    """Short name of a material, e.g. "fly ash"; an unknown id is shown with spaces."""
    if is_missing(material):
        return ""
    key = f"material.{material}"
    return t(key, lang) if has(key, lang) else str(material).replace("_", " ")


def sector_title(section: object, lang: str | None = None) -> str:
    """The NACE title of a code, first letter capitalised; '' when unknown."""
    table = nace()
    if not isinstance(section, str) or section not in table.index:
        return ""
    title = table.at[section, "okved2_title_ru"] if _russian(lang) else ""
    return str(title or table.at[section, "title_en"]).capitalize()


def section_label(section: object, lang: str | None = None) -> str:
    """'C · Manufacturing' for a NACE section code."""
    title = sector_title(section, lang)
    return f"{section} · {title}" if title else t("label.unknown_sector", lang)


def region_name(code: object, lang: str | None = None) -> str:
    """The region's name, or the code itself when the region is not bundled."""
    regions = region_table()
    if isinstance(code, str) and code in regions.index:
        name = regions.at[code, "name_ru"] if _russian(lang) else ""
        return str(name or regions.at[code, "name_en"])
    return text(code)


def place_name(place_id: object, lang: str | None = None) -> str:
    """A bundled town's name (Russian when there is one and the language is Russian), the id
    itself when it is not bundled, '' when missing."""
    towns = places()
    if isinstance(place_id, str) and place_id in towns.index:
        name = towns.at[place_id, "name_ru"] if _russian(lang) else ""
        return str(name or towns.at[place_id, "name"])
    return text(place_id)


def place_label(place_id: object) -> str:
    """'Kalundborg (DK-85)': a bundled town's English name and region, the same in every
    language (the place filter keeps it in shared links); the id itself when not bundled."""
    towns = places()
    if isinstance(place_id, str) and place_id in towns.index:
        return f"{towns.at[place_id, 'name']} ({towns.at[place_id, 'region_code']})"
    return text(place_id)


def region_label(code: object, lang: str | None = None) -> str:
    """'Leningrad Oblast (RU-LEN)', the bare code when not bundled, '' when missing."""
    if isinstance(code, str) and code in region_table().index:
        return f"{region_name(code, lang)} ({code})"
    return text(code)


def status_label(status: object, lang: str | None = None) -> str:
    """'existing flow', 'candidate exchange'; an unknown status as it is."""
    key = f"status.{status}"
    return t(key, lang) if has(key, lang) else text(status)


def fate_label(fate: object, lang: str | None = None) -> str:
    """'landfill', 'sold on the market'; an unknown fate as it is, '?' when none."""
    key = f"fate.{fate}"
    return t(key, lang) if has(key, lang) else (text(fate) or "?")


def provenance_label(provenance: object, lang: str | None = None) -> str:
    key = f"provenance.{provenance}"
    return t(key, lang) if has(key, lang) else text(provenance)


def capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]


def number_text(value: object, lang: str | None = None) -> str:
    """'1,234', '0.0903', 'unknown'; text stays as it is."""
    if is_missing(value):
        return t("label.unknown", lang)
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    if float(value).is_integer() or abs(value) >= 1000:
        return number(value, ",.0f", lang)
    return number(value, ",.4g", lang)


def score_text(score: float | None, lang: str | None = None) -> str:
    return t("label.unknown", lang) if score is None else number(score, ".2f", lang)


def amount(quantity: object, unit: object, lang: str | None = None) -> str:
    """'1,200 t/yr', or '' without a quantity."""
    if is_missing(quantity):
        return ""
    return f"{number(float(quantity), ',.0f', lang)} {unit}"


def quantity_text(quantity: float | None, unit: str | None, lang: str | None = None) -> str:
    """'1,200 t/yr', or 'quantity unknown'."""
    if quantity is None:
        return t("label.quantity_unknown", lang)
    return amount(quantity, unit, lang)


def exchange_text(
    source: str | None,
    material: str | None,
    target: str | None,
    quantity: float | None,
    unit: str | None,
    names: Mapping[str, str],
) -> str:
    """'A → material → B (1,200 t/yr)'."""
    ends = [str(names.get(c, c)) if c else "?" for c in (source, target)]
    return (
        f"{ends[0]}{ARROW}{material_label(material) or '?'}{ARROW}{ends[1]}"
        f" ({quantity_text(quantity, unit)})"
    )


def exchange_label(exchange, names: Mapping[str, str]) -> str:
    """`exchange_text` of an assessment exchange (`dashboard.domain.exchange.Exchange`)."""
    return exchange_text(
        exchange.source_company, exchange.material, exchange.target_company, exchange.quantity,
        exchange.unit, names,
    )  # fmt: skip


def chain_name(chain, names: Mapping[str, str]) -> str:
    """'A → fly ash → B → slag / CO2 → C (+1 more flows)' for a detected chain
    (`dashboard.analysis.chains.Chain`): its longest path, the materials of each step, and how
    many of its flows are not on the path."""
    path = chain.longest_path
    parts = [str(names.get(path[0], path[0]))] if path else []
    for step, company in zip(chain.path_materials, path[1:], strict=False):
        parts.append(" / ".join(material_label(m) for m in step))
        parts.append(str(names.get(company, company)))
    name = ARROW.join(parts)
    if chain.unlisted_flows > 0:
        name += " " + t("label.more_flows", count=chain.unlisted_flows)
    return name
