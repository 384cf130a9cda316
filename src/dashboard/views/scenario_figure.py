"""A policy what-if as a chart: the baseline beside the scenario, counts on one panel and GHG
avoided (t CO2e/yr) on another, so that no axis mixes units."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.analysis import scenario as sc
from dashboard.domain.labels import unit_label
from dashboard.i18n import t
from dashboard.views.plotly_text import escape_plotly, separators

COUNTS = ("candidates_viable", "allocated", "chains_viable")
GHG = ("allocated_ghg", "chains_ghg")
COLOURS = {"baseline": "#9e9e9e", "scenario": "#2c7fb8"}


def scenario_figure(result: sc.ScenarioResult) -> go.Figure:
    """Grouped bars, baseline and scenario: how many candidates, allocated candidates and
    chains are worth it (left), and the GHG the allocated candidates and the viable chains
    avoid (right)."""
    table = sc.comparison(result).set_index(["metric", "unit"])
    panels = ((COUNTS, sc.COUNT), (GHG, sc.GHG_UNIT))
    titles = [escape_plotly(t("scenario.chart.counts")),
              escape_plotly(t("scenario.chart.ghg", unit=unit_label(sc.GHG_UNIT)))]  # fmt: skip
    figure = make_subplots(rows=1, cols=2, subplot_titles=titles, horizontal_spacing=0.12)
    for column, state in enumerate(("baseline", "scenario")):
        name = escape_plotly(t(f"scenario.col.{state}"))
        for panel, (metrics, unit) in enumerate(panels, start=1):
            labels = ["<br>".join(textwrap.wrap(escape_plotly(t(f"scenario.bar.{m}")), 16))
                      for m in metrics]  # fmt: skip
            values = [table.at[(m, unit), state] for m in metrics]
            figure.add_trace(
                go.Bar(
                    x=labels, y=values, name=name, marker_color=COLOURS[state],
                    legendgroup=state, showlegend=panel == 1, offsetgroup=column,
                    hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>",
                ),
                row=1, col=panel,
            )  # fmt: skip
    figure.update_yaxes(rangemode="tozero", row=1, col=1, tickformat=",d")
    figure.update_yaxes(rangemode="tozero", row=1, col=2, tickformat=",.0f")
    figure.update_layout(
        separators=separators(), barmode="group", height=420,
        legend={"orientation": "h", "yanchor": "top", "y": -0.25, "xanchor": "left", "x": 0},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )  # fmt: skip
    return figure
