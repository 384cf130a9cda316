"""Every display name of a material, sector, region, status, provenance and amount, by language.

Names come from the translation catalogue (materials, statuses, provenance words) and from the
reference tables (NACE and region names). Each function takes the language, defaulting to the
current one; text from the data (company names) passes through unchanged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from numbers import Integral

from dashboard.domain.places import places
from dashboard.domain.reference import ewc_list, ewc_titles_ru, nace, region_table
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


def ewc_title(code: str, lang: str | None = None) -> str:
    """The title of a List of Waste code (6 digits; 2 or 4 for a chapter or sub-chapter) in
    the language; '' when unknown."""
    if _russian(lang):
        return ewc_titles_ru().get(code, "")
    table = ewc_list()
    if len(code) == 6:
        return str(table.at[code, "title"]) if code in table.index else ""
    level = "chapter" if len(code) == 2 else "sub_chapter"
    found = table.loc[table[level] == code, f"{level}_title"]
    return str(found.iloc[0]) if len(found) else ""


def ewc_formatted(code: str) -> str:
    """'10 01 02' for '100102', with '*' after a hazardous entry."""
    table = ewc_list()
    star = "*" if code in table.index and table.at[code, "hazardous"] else ""
    return " ".join(code[i : i + 2] for i in range(0, len(code), 2)) + star


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


def dataset_title(meta: Mapping[str, object], fallback: str, lang: str | None = None) -> str:
    """A dataset's title in the language: an upload's from its name, a bundled one's from its
    `dataset.json` (`title_ru` in Russian when there is one)."""
    if meta.get("origin") == "upload" and meta.get("name"):
        return t("sidebar.uploaded", lang, name=meta["name"])
    title = (meta.get("title_ru") if _russian(lang) else None) or meta.get("title")
    return str(title or fallback)


def dataset_text(meta: Mapping[str, object], field: str, lang: str | None = None) -> str:
    """A text of a dataset's `dataset.json` (`description`, `provenance_note`, ...) or of one of
    its published totals (`scope`) in the language: `<field>_ru` in Russian when there is one,
    else `<field>` (an upload may carry English texts only); '' when neither."""
    text = (meta.get(f"{field}_ru") if _russian(lang) else None) or meta.get(field)
    return str(text) if text else ""


def place_name(place_id: object, lang: str | None = None) -> str:
    """A bundled town's name (Russian when there is one and the language is Russian), the id
    itself when it is not bundled, '' when missing."""
    towns = places()
    if isinstance(place_id, str) and place_id in towns.index:
        name = towns.at[place_id, "name_ru"] if _russian(lang) else ""
        return str(name or towns.at[place_id, "name"])
    return text(place_id)


def place_label(place_id: object, lang: str | None = None) -> str:
    """'Kalundborg (DK-85)': a bundled town's name in the language and its region (links keep
    the id); the id itself when not bundled."""
    towns = places()
    if isinstance(place_id, str) and place_id in towns.index:
        return f"{place_name(place_id, lang)} ({towns.at[place_id, 'region_code']})"
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


SIGNIFICANT_DIGITS = 3
"""Significant figures of every result a person reads: the inputs behind a result are rarely
known better than to a few per cent, so 3,849,452.6 EUR reads 3,850,000 EUR."""


def significant(value: float, digits: int = SIGNIFICANT_DIGITS) -> float:
    """`value` rounded to `digits` significant figures; NaN and infinity as they are."""
    value = float(value)
    return float(format(value, f".{digits}g")) if math.isfinite(value) else value


def significant_all(values: Iterable[object], digits: int = SIGNIFICANT_DIGITS) -> list[float]:
    """`significant` of each value; a missing value becomes NaN."""
    return [math.nan if is_missing(v) else significant(float(v), digits) for v in values]


def number_text(value: object, lang: str | None = None) -> str:
    """A number as a person reads it: a count (an integer) exactly, '1,234'; any other number
    to `SIGNIFICANT_DIGITS` significant figures, '3,850,000', '12.3', '0.0903'; the
    catalogue's word for unknown when missing; text as it is."""
    if is_missing(value):
        return t("label.unknown", lang)
    if not isinstance(value, Integral | float) or isinstance(value, bool):
        return str(value)
    if isinstance(value, Integral):
        return number(int(value), ",d", lang)
    rounded = significant(value) + 0.0  # no "-0"
    if abs(rounded) >= 10 ** (SIGNIFICANT_DIGITS - 1):
        return number(rounded, ",.0f", lang)
    return number(rounded, f",.{SIGNIFICANT_DIGITS}g", lang)


def factor_label(factor, lang: str | None = None) -> str:
    """A factor (`dashboard.domain.factors.Factor`) in words: what it is and what it is for,
    'Footprint of the resource replaced: surplus heat', 'Gate fee: landfill, DK'."""
    key = f"factor.kind.{factor.kind}"
    kind = t(key, lang) if has(key, lang) else factor.kind.replace("_", " ")
    material = factor.material or ""
    if material.startswith("group:"):
        what = t("factor.group", lang, group=material.removeprefix("group:").replace("_", " "))
    else:
        what = material_label(material, lang)
    route = factor.route
    route = fate_label(route, lang) if has(f"fate.{route}", lang) else material_label(route, lang)
    qualifiers = [q for q in (what, route, factor.country, factor.sector) if q]
    return f"{kind}: {', '.join(qualifiers)}" if qualifiers else kind


def date_text(when: datetime, lang: str | None = None) -> str:
    """'2 December 2026, 03:17' or '2 декабря 2026 г., 03:17'."""
    return t(
        "date.format", lang, day=when.day, month=t(f"date.month.{when.month}", lang),
        year=when.year, time=when.strftime("%H:%M"),
    )  # fmt: skip


def score_text(score: float | None, lang: str | None = None) -> str:
    return t("label.unknown", lang) if score is None else number(score, ".2f", lang)


def _slug(words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_")


def _unit_part(part: str, lang: str | None) -> str:
    """'t feed barley' -> 'т кормового ячменя': leading unit words, then what they measure."""
    words = part.split()
    shown: list[str] = []
    while words:
        what = f"unit.what.{_slug(' '.join(words))}"
        if has(what, lang):  # 'CO2 from gas burners' before the unit word 'CO2'
            return " ".join([*shown, t(what, lang)])
        word = f"unit.{_slug(words[0])}"
        if not _slug(words[0]) or not has(word, lang):
            return " ".join([*shown, *words])
        shown.append(t(word, lang))
        words.pop(0)
    return " ".join(shown)


def unit_label(unit: object, lang: str | None = None) -> str:
    """A unit as the language writes it: 't/yr' -> 'т/год', 'kg CO2e/MWh natural gas' ->
    'кг CO2-экв./МВт·ч природного газа'; words it does not know pass through, '' when missing."""
    if is_missing(unit) or not str(unit).strip():
        return ""
    return "/".join(_unit_part(part, lang) for part in str(unit).split("/"))


def amount(quantity: object, unit: object, lang: str | None = None) -> str:
    """'1,200 t/yr' ('1 200 т/год' in Russian), or '' without a quantity."""
    if is_missing(quantity):
        return ""
    return f"{number(float(quantity), ',.0f', lang)} {unit_label(unit, lang)}".rstrip()


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
