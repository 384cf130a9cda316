"""The Chains page's charts: the sensitivity tornado and chains compared criterion by criterion.

Text reaches plotly escaped with `escape_plotly` (plotly reads a subset of HTML in labels).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.analysis.mca import CRITERIA
from dashboard.analysis.sensitivity import DISTANCE, FATE_PREFIX
from dashboard.domain.factors import Factors
from dashboard.domain.labels import factor_label, fate_label, number_text, unit_label
from dashboard.i18n import t
from dashboard.views.chain_tables import criterion_label
from dashboard.views.plotly_text import escape_plotly, separators

TORNADO_TOP = 12
TICKS = ",.3~r"
"""Axis ticks of results: 3 significant figures, as `domain.labels.number_text` writes them."""


def parameter_labels(
    parameters: Iterable[str], factors: Factors, exchanges: Mapping[str, str] | None = None
) -> dict[str, str]:
    """'distance', factor ids and `fate:<exchange id>` -> readable labels: 'Footprint of the
    resource replaced: steam (202 kg CO2e/MWh)', 'Fate without: <exchange label>' (`exchanges`:
    id -> label)."""
    labels, exchanges = {}, exchanges or {}
    for parameter in parameters:
        factor = factors.get(parameter)
        if parameter.startswith(FATE_PREFIX):
            exchange = parameter.removeprefix(FATE_PREFIX)
            labels[parameter] = t(
                "chainsui.parameter.fate", exchange=exchanges.get(exchange, exchange)
            )
        elif factor is None:
            labels[parameter] = (
                t("chainsui.parameter.distance") if parameter == DISTANCE else parameter
            )
        else:
            labels[parameter] = (
                f"{factor_label(factor)} ({number_text(factor.value)} {unit_label(factor.unit)})"
            )
    return labels


def tornado_rows(
    sensitivity: pd.DataFrame,
    output: str,
    labels: Mapping[str, str] | None = None,
    top: int = TORNADO_TOP,
) -> pd.DataFrame:
    """The `top` known parameters of one output, largest swing first, with their labels."""
    part = sensitivity[sensitivity["output"] == output].dropna(subset=["base", "low", "high"])
    part = part.astype({"base": float, "low": float, "high": float})
    part = part.assign(swing=(part["high"] - part["low"]).abs())
    part = part.sort_values(["swing", "parameter"], ascending=[False, True], kind="stable")
    part = part[part["swing"] > 0].head(top)
    labels = labels or {}

    def label(row) -> str:
        text = labels.get(row["parameter"], row["parameter"])
        cases = (row.get("low_case"), row.get("high_case"))
        if all(isinstance(case, str) and case for case in cases):
            text += f" ({fate_label(cases[0])} … {fate_label(cases[1])})"
        return text

    labels_column = part.apply(label, axis=1) if len(part) else pd.Series(dtype=str)
    return part.assign(label=labels_column).reset_index(drop=True)


LABEL_WIDTH, LABEL_LINES = 60, 2


def wrapped_label(text: str) -> str:
    """A bar label on at most `LABEL_LINES` lines of `LABEL_WIDTH` characters (escaped), so
    that long exchange names leave the bars room; the hover shows it whole."""
    lines = textwrap.wrap(text, LABEL_WIDTH, max_lines=LABEL_LINES, placeholder=" …")
    return "<br>".join(escape_plotly(line) for line in lines)


def tornado_figure(rows: pd.DataFrame, title: str, unit: str, percent: float) -> go.Figure:
    """Horizontal bars from the base value to the value at -percent and at +percent, the
    parameter with the largest swing on top."""
    full = [escape_plotly(str(label)) for label in rows["label"]]
    labels = [wrapped_label(str(label)) for label in rows["label"]]
    figure = go.Figure()
    for column, name, colour in (
        ("low", f"−{percent:g} %", "#1f77b4"),
        ("high", f"+{percent:g} %", "#d62728"),
    ):
        figure.add_trace(
            go.Bar(
                y=labels,
                x=rows[column] - rows["base"],
                base=rows["base"],
                orientation="h",
                name=name,
                marker_color=colour,
                hovertext=full,
                hovertemplate=f"%{{hovertext}}<br>{escape_plotly(name)}: %{{customdata}} "
                f"{escape_plotly(unit_label(unit))}<extra></extra>",
                customdata=[number_text(float(v)) for v in rows[column]],
            )
        )
    if len(rows):
        figure.add_vline(x=float(rows["base"].iloc[0]), line_color="#333", line_width=1)
    figure.update_layout(
        separators=separators(),
        title=escape_plotly(title),
        barmode="overlay",
        height=max(260, 46 * len(rows) + 130),
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"title": escape_plotly(unit_label(unit)), "tickformat": TICKS},
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        legend={"orientation": "h", "y": -0.2},
    )
    return figure


def comparison_figure(frame: pd.DataFrame, names: Mapping[str, str]) -> go.Figure:
    """Horizontal grouped bars: each criterion's score and the MCA score, one colour per chain;
    an unknown score has no bar."""
    criteria = [*CRITERIA, "score"]
    labels = [escape_plotly(criterion_label(c)) for c in CRITERIA]
    labels.append(f"<b>{escape_plotly(t('chainsui.mca_score'))}</b>")
    figure = go.Figure()
    for _, row in frame.iterrows():
        name = textwrap.shorten(str(names.get(row["chain"], row["chain"])), 80)
        figure.add_trace(
            go.Bar(
                y=labels,
                x=[row[c] for c in criteria],
                name=escape_plotly(name),
                orientation="h",
                hovertemplate="%{y}: %{x:.2f}<extra>%{fullData.name}</extra>",
            )
        )
    figure.update_layout(
        separators=separators(),
        barmode="group",
        height=140 + len(criteria) * (12 * max(len(frame), 1) + 14),
        xaxis={"range": [0, 1], "title": t("chainsui.score_axis"), "side": "top"},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "yanchor": "top", "y": -0.02, "xanchor": "left", "x": 0},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return figure
