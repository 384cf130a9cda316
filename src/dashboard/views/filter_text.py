"""The sidebar filters in words: what is chosen, and what each choice narrows."""

from __future__ import annotations

from collections.abc import Mapping

from dashboard.domain.labels import material_label, region_name, section_label
from dashboard.i18n import number, t

LABELS = {"sector": section_label, "region": region_name, "material": material_label}


def chosen(filters: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Kind -> the chosen values as labels, or 'all' when nothing is chosen."""
    return {
        kind: ", ".join(label(v) for v in filters.get(kind, ())) or t("filters.all")
        for kind, label in LABELS.items()
    }


def summary(filters: Mapping[str, tuple[str, ...]]) -> str:
    """'sector: …; region: …; material: …' of the chosen filters."""
    return t("filters.summary", **chosen(filters))


def narrowing(effects: Mapping[str, object], filters: Mapping[str, tuple[str, ...]]) -> list[str]:
    """One sentence per active filter saying what it narrows, from `summary.filter_effects`."""
    values = chosen(filters)
    lines = []
    for kind in ("sector", "region"):
        if filters.get(kind):
            lines.append(
                t(
                    f"filters.narrows.{kind}", values=values[kind],
                    kept=number(effects[f"{kind}_companies"]),
                    total=number(effects["companies_total"]),
                )
            )  # fmt: skip
    if filters.get("material"):
        lines.append(
            t(
                "filters.narrows.material", values=values["material"],
                streams=number(effects["material_streams"]),
                flows=number(effects["material_flows"]),
                companies=number(effects["companies"]),
                with_stream=number(effects["companies_with_material"]),
            )
        )  # fmt: skip
    return lines
