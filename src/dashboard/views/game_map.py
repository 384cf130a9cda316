"""The game on the map: the enterprises in play, and each team's links in the team's colour."""

from __future__ import annotations

from collections.abc import Sequence

import folium
import pandas as pd

from dashboard.domain.dataset import Dataset
from dashboard.domain.game import Link
from dashboard.domain.labels import ARROW, amount, material_label
from dashboard.i18n import t
from dashboard.views.leaflet import Legend, Lines, base_map, data_bounds, html_lines, legend_html
from dashboard.views.map_layers import company_layer, line_rows, line_widths

TEAM_COLOURS = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22",
)  # fmt: skip
WIDTHS = (2.5, 7.0, 3.0)


def team_colour(position: int) -> str:
    return TEAM_COLOURS[position % len(TEAM_COLOURS)]


def game_map(dataset: Dataset, companies: Sequence[str]) -> folium.Map:
    """The base map fitted to the enterprises in play (stable while the game goes on)."""
    shown = dataset.companies[dataset.companies["company_id"].isin(set(companies))]
    return base_map(data_bounds(shown))


def _lines(dataset: Dataset, links: Sequence[Link]) -> pd.DataFrame:
    companies = dataset.companies.set_index("company_id")
    rows = [
        [companies.at[k.giver, "name"], companies.at[k.receiver, "name"], k.material, k.quantity,
         k.unit, companies.at[k.giver, "lat"], companies.at[k.giver, "lon"],
         companies.at[k.receiver, "lat"], companies.at[k.receiver, "lon"]]
        for k in links if k.giver in companies.index and k.receiver in companies.index
    ]  # fmt: skip
    columns = ["source_name", "target_name", "material", "quantity", "unit", "source_lat",
               "source_lon", "target_lat", "target_lon"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).dropna(subset=columns[5:])


def game_layers(
    dataset: Dataset,
    companies: Sequence[str],
    teams: Sequence[tuple[str, str, Sequence[Link]]],
) -> list[folium.FeatureGroup]:
    """The enterprises in play, then one layer of links per (team name, colour, links), with a
    legend of the teams."""
    shown = dataset.companies[dataset.companies["company_id"].isin(set(companies))]
    group = folium.FeatureGroup(name="game_links")
    for team, colour, links in teams:
        lines = _lines(dataset, links)
        if lines.empty:
            continue
        tooltips = [
            html_lines(team, f"{row.source_name}{ARROW}{row.target_name}",
                       f"{material_label(row.material)} {amount(row.quantity, row.unit)}")
            for row in lines.itertuples(index=False)
        ]  # fmt: skip
        widths = line_widths(lines["quantity"], lines["unit"], WIDTHS)
        Lines(line_rows(lines, widths, tooltips), color=colour, dash_array=None).add_to(group)
    if teams:
        items = [(colour, team) for team, colour, _ in teams]
        Legend(legend_html(t("game.map.teams"), items, "line")).add_to(group)
    return [company_layer(shown, dataset.streams, "t/yr"), group]
