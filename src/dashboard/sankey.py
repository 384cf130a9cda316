"""Sankey diagrams of material flows: flows in, aggregated links and plotly figures out.

Quantities are aggregated per unit only; each unit gets its own diagram. Flows with an
unknown quantity are returned separately, never drawn as zero.
"""

from __future__ import annotations

import html
import os

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import t
from dashboard.reference import materials, nace

VIEWS = ("company", "sector", "material")
SECTOR_LEVELS = ("section", "division")
REAL_STATUSES = ("existing", "planned", "discontinued")
OTHER = "__other__"
GROUP_COLOURS = {
    "energy": (227, 74, 51),
    "water": (43, 140, 190),
    "minerals": (136, 136, 136),
    "metals": (84, 39, 143),
    "wood_paper": (140, 81, 10),
    "bio_organic": (49, 163, 84),
    "chemicals": (221, 52, 151),
    "plastics_rubber_textiles": (254, 178, 76),
}
FALLBACK_COLOUR = (150, 150, 150)
REAL_ALPHA, POTENTIAL_ALPHA = 0.5, 0.2
LINK_COLUMNS = [
    "flow_id", "source_company", "target_company", "material", "quantity", "unit", "status",
    "provenance", "potential",
]  # fmt: skip


def flow_links(
    flows: pd.DataFrame,
    statuses: tuple[str, ...] = ("existing", "planned"),
    candidates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Flows of the chosen statuses, plus matching candidates as potential links."""
    chosen = flows[flows["status"].isin(statuses)]
    links = chosen.assign(potential=~chosen["status"].isin(REAL_STATUSES))[LINK_COLUMNS]
    if candidates is not None and len(candidates):
        extra = pd.DataFrame(
            {
                "flow_id": candidates["have_stream_id"] + "→" + candidates["want_stream_id"],
                "source_company": candidates["source_company"],
                "target_company": candidates["target_company"],
                "material": candidates["have_material"],
                "quantity": candidates["quantity"].astype(float),
                "unit": candidates["unit"],
                "status": "candidate",
                "provenance": "estimated",
                "potential": True,
            }
        )
        links = pd.concat([links, extra], ignore_index=True)
    return links.reset_index(drop=True)


def split_unknown(links: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(links with a quantity and unit, links whose quantity is unknown)."""
    known = links["quantity"].notna() & links["unit"].notna()
    return links[known].reset_index(drop=True), links[~known].reset_index(drop=True)


def _sector_of(companies: pd.DataFrame, level: str) -> pd.Series:
    column = "nace_section" if level == "section" else "nace_division"
    return companies.set_index("company_id")[column].fillna("?")


def _names(companies: pd.DataFrame) -> pd.Series:
    return companies.set_index("company_id")["name"]


def aggregate(
    links: pd.DataFrame,
    companies: pd.DataFrame,
    view: str = "company",
    sector_level: str = "section",
    other_below: float = 0.0,
) -> pd.DataFrame:
    """Aggregate known-quantity links into diagram links, one unit at a time.

    Returns columns unit, source, target, material, quantity, potential, flows, provenance,
    where source/target are node keys (`c:<id>`, `s:<sector>`, `m:<material>`, `t:<sector>`).
    Links carrying less than `other_below` (a share of their unit's total) are grouped into an
    "other" bucket; totals per unit are preserved exactly.
    """
    if view not in VIEWS:
        raise ValueError(view)
    frame = links.copy()
    if view == "company":
        frame["source"] = "c:" + frame["source_company"]
        frame["target"] = "c:" + frame["target_company"]
    else:
        sectors = _sector_of(companies, sector_level)
        frame["source"] = "s:" + frame["source_company"].map(sectors).fillna("?")
        frame["target"] = "t:" + frame["target_company"].map(sectors).fillna("?")
    keys = ["unit", "source", "target", "material", "potential"]
    grouped = (
        frame.groupby(keys, sort=True)
        .agg(
            quantity=("quantity", "sum"),
            flows=("flow_id", "size"),
            provenance=("provenance", lambda p: ", ".join(sorted(set(p.dropna())))),
        )
        .reset_index()
    )
    grouped = _group_small(grouped, other_below)
    if view == "material":
        grouped = _through_materials(grouped)
    return grouped.sort_values(keys).reset_index(drop=True)


def _group_small(grouped: pd.DataFrame, other_below: float) -> pd.DataFrame:
    if other_below <= 0 or grouped.empty:
        return grouped
    totals = grouped.groupby("unit")["quantity"].transform("sum")
    small = grouped["quantity"] < other_below * totals
    if not small.any():
        return grouped
    bucket = grouped[small].assign(source="o:" + OTHER, target="p:" + OTHER, material=OTHER)
    bucket = (
        bucket.groupby(["unit", "source", "target", "material", "potential"])
        .agg(
            quantity=("quantity", "sum"),
            flows=("flows", "sum"),
            provenance=("provenance", lambda p: ", ".join(sorted(set(", ".join(p).split(", "))))),
        )
        .reset_index()
    )
    return pd.concat([grouped[~small], bucket], ignore_index=True)


def _through_materials(grouped: pd.DataFrame) -> pd.DataFrame:
    """Split each sector-to-sector link into source sector -> material -> target sector."""
    middle = "m:" + grouped["material"]
    first = grouped.assign(target=middle)
    second = grouped.assign(source=middle)
    both = pd.concat([first, second], ignore_index=True)
    return (
        both.groupby(["unit", "source", "target", "material", "potential"], sort=True)
        .agg(
            quantity=("quantity", "sum"),
            flows=("flows", "sum"),
            provenance=("provenance", lambda p: ", ".join(sorted(set(", ".join(p).split(", "))))),
        )
        .reset_index()
    )


def node_label(key: str, companies: pd.DataFrame, sector_level: str = "section") -> str:
    """Readable, HTML-escaped label of a node key."""
    kind, _, value = key.partition(":")
    if value == OTHER:
        return html.escape(t("sankey.other"))
    if kind == "c":
        return html.escape(str(_names(companies).get(value, value)))
    if kind == "m":
        return html.escape(value.replace("_", " "))
    title = str(nace()["title_en"].get(value, "")).capitalize()
    short = title if len(title) <= 32 else title[:31] + "…"
    return html.escape(f"{value} {short}".strip())


def _rgba(colour: tuple[int, int, int], alpha: float) -> str:
    return f"rgba({colour[0]},{colour[1]},{colour[2]},{alpha})"


def material_colour(material: str, alpha: float) -> str:
    groups = materials()["group"]
    return _rgba(GROUP_COLOURS.get(groups.get(material, ""), FALLBACK_COLOUR), alpha)


def sankey_figure(
    links: pd.DataFrame, companies: pd.DataFrame, unit: str, sector_level: str = "section"
) -> go.Figure:
    """One Sankey diagram of the links in `unit`; node order is the sorted node keys."""
    data = links[links["unit"] == unit]
    nodes = sorted(set(data["source"]) | set(data["target"]))
    index = {key: i for i, key in enumerate(nodes)}
    labels = [node_label(key, companies, sector_level) for key in nodes]
    total = data.loc[~data["source"].str.startswith("m:"), "quantity"].sum()
    kind = data["potential"].map({True: t("sankey.potential"), False: t("sankey.real")})
    custom = pd.DataFrame(
        {
            "source": [labels[index[s]] for s in data["source"]],
            "target": [labels[index[x]] for x in data["target"]],
            "material": data["material"].map(
                lambda m: html.escape(t("sankey.other") if m == OTHER else m.replace("_", " "))
            ),
            "share": (data["quantity"] / total * 100).round(1) if total else 0.0,
            "provenance": data["provenance"].map(html.escape),
            "kind": kind,
            "flows": data["flows"],
        }
    )
    link_colours = [
        material_colour(m, POTENTIAL_ALPHA if p else REAL_ALPHA)
        for m, p in zip(data["material"], data["potential"], strict=True)
    ]
    unit_text = html.escape(unit)
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": labels,
                "pad": 12,
                "thickness": 14,
                "color": "rgba(90,90,90,0.8)",
                "hovertemplate": "%{label}<br>%{value:,.0f} " + unit_text + "<extra></extra>",
            },
            link={
                "source": [index[s] for s in data["source"]],
                "target": [index[x] for x in data["target"]],
                "value": data["quantity"].tolist(),
                "color": link_colours,
                "customdata": custom.to_numpy(),
                "hovertemplate": (
                    "%{customdata[0]} → %{customdata[1]}<br>%{customdata[2]}: %{value:,.0f} "
                    + unit_text
                    + "<br>"
                    + t("sankey.hover_share")
                    + ": %{customdata[3]} %<br>%{customdata[5]} · %{customdata[6]} "
                    + t("sankey.hover_flows")
                    + "<br>"
                    + t("sankey.hover_provenance")
                    + ": %{customdata[4]}<extra></extra>"
                ),
            },
        )
    )
    figure.update_layout(
        title=t("sankey.title", unit=unit_text, total=f"{total:,.0f}"),
        height=max(360, 28 * len(nodes)) if len(nodes) < 40 else 1100,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"size": 13},
    )
    return figure


def export_image(figure: go.Figure, fmt: str) -> bytes:
    """PNG or SVG of a figure, rendered by kaleido with the system Chromium (works offline)."""
    if os.path.exists("/usr/bin/chromium"):
        os.environ.setdefault("BROWSER_PATH", "/usr/bin/chromium")
    return figure.to_image(format=fmt, width=1400, height=figure.layout.height or 700, scale=1)


def aggregated_table(links: pd.DataFrame, companies: pd.DataFrame) -> pd.DataFrame:
    """The diagram's links with readable labels, for a CSV export."""
    table = links.copy()
    table["source"] = table["source"].map(lambda k: html.unescape(node_label(k, companies)))
    table["target"] = table["target"].map(lambda k: html.unescape(node_label(k, companies)))
    table["material"] = table["material"].replace(OTHER, t("sankey.other"))
    return table[["unit", "source", "target", "material", "quantity", "potential", "flows",
                  "provenance"]]  # fmt: skip
