"""The Home page's charts: summary tables (`dashboard.analysis.summary`) in, figures out.

Every label, hover text and legend entry reaches plotly escaped with `escape_plotly`.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.domain.labels import (
    material_label,
    provenance_label,
    region_name,
    sector_title,
    unit_label,
)
from dashboard.domain.reference import region_table
from dashboard.i18n import t
from dashboard.views.plotly_text import escape_plotly, separators
from dashboard.views.style import PROVENANCE_COLOURS


def _count_axis(figure: go.Figure, largest: float) -> None:
    """Whole-number ticks on a count axis."""
    figure.update_xaxes(
        title=t("chart.companies"), tick0=0, dtick=max(1, round(largest / 6)), rangemode="tozero"
    )


def _layout(figure: go.Figure, title: str, height: int = 360) -> go.Figure:
    figure.update_layout(
        separators=separators(),
        title=title, height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10}, showlegend=True
    )
    return figure


def _company_bars(counts, labels, hover, colour: str, title: str) -> go.Figure:
    """Horizontal bars of company counts, largest on top, whole-number ticks."""
    figure = go.Figure(
        go.Bar(
            x=counts[::-1],
            y=[escape_plotly(label) for label in labels[::-1]],
            orientation="h",
            customdata=[escape_plotly(text) for text in hover[::-1]],
            hovertemplate="%{customdata}<br>%{x}<extra></extra>",
            marker_color=colour,
        )
    )
    _count_axis(figure, counts.max())
    return _layout(figure, title).update_layout(showlegend=False)


def sector_bar(table: pd.DataFrame) -> go.Figure:
    """Companies per NACE section, with the section title on hover."""
    titles = table["nace_section"].map(sector_title)
    short = titles.map(lambda title: textwrap.shorten(title, 30, placeholder=" …"))
    labels = table["nace_section"] + " · " + short
    return _company_bars(table["companies"], labels, titles, "#2c7fb8", t("chart.by_sector"))


def region_bar(table: pd.DataFrame) -> go.Figure:
    """Companies per region; companies outside the bundled regions show as unknown."""
    unknown = t("chart.unknown_region")
    bundled = table["region_code"].isin(region_table().index)
    labels = table["region_code"].map(region_name).where(bundled, unknown)
    hover = labels + " (" + table["region_code"].replace("", "?") + ")"
    return _company_bars(table["companies"], labels, hover, "#41b6c4", t("chart.by_region"))


def provenance_bar(table: pd.DataFrame) -> go.Figure:
    """Rows per provenance in each table, stacked."""
    figure = go.Figure()
    for row in table.itertuples(index=False):
        values = [row.companies, row.streams, row.flows]
        figure.add_bar(
            name=escape_plotly(provenance_label(row.provenance)),
            x=[t("home.metric.companies"), t("home.metric.streams"), t("home.metric.flows")],
            y=values,
            marker_color=PROVENANCE_COLOURS.get(row.provenance, "#999999"),
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(title=t("chart.rows"))
    return _layout(figure, t("chart.by_provenance"))


def material_table(table: pd.DataFrame) -> pd.DataFrame:
    """`summary.by_material` for a person: materials by name, directions and units as words."""
    return table.assign(
        material=table["material"].map(material_label),
        direction=table["direction"].map(lambda d: t(f"home.direction.{d}")),
        unit=table["unit"].map(unit_label),
    )
