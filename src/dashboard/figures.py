"""Plotly figure builders: summary tables in, figures out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.i18n import t

PROVENANCE_COLOURS = {
    "documented": "#1b7837",
    "reported": "#5aae61",
    "estimated": "#f1a340",
    "synthetic": "#998ec3",
    "unspecified": "#bababa",
}


def _count_axis(figure: go.Figure, largest: float) -> None:
    """Whole-number ticks on a count axis."""
    figure.update_xaxes(
        title=t("chart.companies"), tick0=0, dtick=max(1, round(largest / 6)), rangemode="tozero"
    )


def _layout(figure: go.Figure, title: str, height: int = 360) -> go.Figure:
    figure.update_layout(
        title=title, height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10}, showlegend=True
    )
    return figure


def sector_bar(table: pd.DataFrame) -> go.Figure:
    """Companies per NACE section, horizontal bars with the section title on hover."""
    data = table.iloc[::-1]
    labels = data["nace_section"] + " · " + data["title"].str.slice(0, 28)
    figure = go.Figure(
        go.Bar(
            x=data["companies"],
            y=labels,
            orientation="h",
            customdata=data[["title"]],
            hovertemplate="%{customdata[0]}<br>%{x}<extra></extra>",
            marker_color="#2c7fb8",
        )
    )
    _count_axis(figure, data["companies"].max())
    return _layout(figure, t("chart.by_sector")).update_layout(showlegend=False)


def region_bar(table: pd.DataFrame) -> go.Figure:
    """Companies per region; companies outside the bundled regions show as unknown."""
    data = table.iloc[::-1].copy()
    unknown = t("chart.unknown_region")
    data["label"] = data["region"].fillna(unknown).where(data["region_code"] != "", unknown)
    figure = go.Figure(
        go.Bar(
            x=data["companies"],
            y=data["label"],
            orientation="h",
            customdata=data[["region_code"]],
            hovertemplate="%{y} (%{customdata[0]})<br>%{x}<extra></extra>",
            marker_color="#41b6c4",
        )
    )
    _count_axis(figure, data["companies"].max())
    return _layout(figure, t("chart.by_region")).update_layout(showlegend=False)


def provenance_bar(table: pd.DataFrame) -> go.Figure:
    """Rows per provenance in each table, stacked."""
    figure = go.Figure()
    for row in table.itertuples(index=False):
        values = [row.companies, row.streams, row.flows]
        figure.add_bar(
            name=t(f"provenance.{row.provenance}"),
            x=[t("home.metric.companies"), t("home.metric.streams"), t("home.metric.flows")],
            y=values,
            marker_color=PROVENANCE_COLOURS.get(row.provenance, "#999999"),
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(title=t("chart.rows"))
    return _layout(figure, t("chart.by_provenance"))
