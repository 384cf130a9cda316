"""The portfolio's figures and tables in the reader's language: realised benefits by year
against the ex-ante assessment (one panel per metric, never one axis for two units), stage
times, stop reasons, a chain's history, and the funder's report as sheets."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.domain.labels import provenance_label, significant, unit_label
from dashboard.domain.pipeline import METRICS, Pipeline, spans
from dashboard.i18n import t
from dashboard.views.plotly_text import escape_plotly, separators

REALISED_COLOUR, EX_ANTE_COLOUR = "#2a9d8f", "#6c757d"


def stage_label(stage: str) -> str:
    return t(f"pipeline.stage.{stage}")


def reason_label(reason: str) -> str:
    return t(f"pipeline.reason.{reason}") if reason else ""


def metric_label(metric: str) -> str:
    return t(f"pipeline.metric.{metric}")


def metric_unit(metric: str) -> str:
    unit = METRICS[metric]
    return t("pipeline.unit.jobs") if unit == "jobs" else unit_label(unit)


def metric_heading(metric: str) -> str:
    """A metric's name with its unit (a count of jobs needs none)."""
    name = metric_label(metric)
    return name if METRICS[metric] == "jobs" else f"{name}, {metric_unit(metric)}"


def _rounded(values: pd.Series) -> pd.Series:
    """Numbers to the significant digits the app shows; unknown stays unknown."""
    return values.map(lambda v: None if pd.isna(v) else significant(float(v))).astype(float)


def realised_figure(by_year: pd.DataFrame) -> go.Figure:
    """Bars of what chains delivered each year, the ex-ante figure of the same chains as a
    marker, one panel per metric."""
    metrics = list(METRICS)
    figure = make_subplots(
        rows=1, cols=len(metrics), horizontal_spacing=0.07,
        subplot_titles=[
            "<br>".join(escape_plotly(line) for line in textwrap.wrap(metric_heading(m), 24))
            for m in metrics
        ],
    )  # fmt: skip
    for column, metric in enumerate(metrics, start=1):
        part = by_year[by_year["metric"] == metric]
        years = part["year"].astype(str).tolist()
        figure.add_trace(
            go.Bar(x=years, y=part["value"], name=t("pipeline.chart.realised"),
                   marker_color=REALISED_COLOUR, legendgroup="realised",
                   showlegend=column == 1),
            row=1, col=column,
        )  # fmt: skip
        figure.add_trace(
            go.Scatter(x=years, y=part["ex_ante"], mode="markers",
                       name=t("pipeline.chart.ex_ante"), legendgroup="ex_ante",
                       marker={"color": EX_ANTE_COLOUR, "symbol": "line-ew-open", "size": 26,
                               "line": {"width": 3}},
                       showlegend=column == 1),
            row=1, col=column,
        )  # fmt: skip
        figure.update_xaxes(type="category", row=1, col=column)
    figure.update_layout(
        separators=separators(), height=340, margin={"l": 10, "r": 10, "t": 70, "b": 10},
        legend={"orientation": "h", "y": -0.15},
    )  # fmt: skip
    figure.update_annotations(font_size=13)
    return figure


def counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("pipeline.col.stage"): counts["stage"].map(stage_label),
        t("pipeline.col.chains"): counts["chains"],
    })  # fmt: skip


def times_table(times: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("pipeline.col.stage"): times["stage"].map(stage_label),
        t("pipeline.col.left"): times["left"],
        t("pipeline.col.median_days"): times["median_days"],
        t("pipeline.col.longest_days"): times["longest_days"],
        t("pipeline.col.there_now"): times["there_now"],
        t("pipeline.col.median_days_so_far"): times["median_days_so_far"],
    })  # fmt: skip


def reasons_table(reasons: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("pipeline.col.reason"): reasons["reason"].map(reason_label),
        t("pipeline.col.chains"): reasons["chains"],
    })  # fmt: skip


def summary_table(by_year: pd.DataFrame) -> pd.DataFrame:
    """The realised sums by year and metric, with the ex-ante beside them."""
    return pd.DataFrame({
        t("pipeline.col.year"): by_year["year"],
        t("pipeline.col.metric"): by_year["metric"].map(metric_label),
        t("pipeline.col.unit"): by_year["metric"].map(metric_unit),
        t("pipeline.col.realised"): by_year["value"],
        t("pipeline.col.ex_ante"): _rounded(by_year["ex_ante"]),
        t("pipeline.col.reported_by"): by_year["chains"],
        t("pipeline.col.not_reported_by"): by_year["unknown"],
        t("pipeline.col.provenance"): by_year["provenance"].map(
            lambda p: provenance_label(p) if p else ""
        ),
    })  # fmt: skip


def years_table(rows: pd.DataFrame, pipelines: Mapping[str, Pipeline],
                names: Mapping[str, str]) -> pd.DataFrame:  # fmt: skip
    """One row per chain and reported year: realised and ex-ante figures of each metric."""
    table = pd.DataFrame({
        t("pipeline.col.chain"): rows["chain_id"].map(names),
        t("pipeline.col.stage_now"): rows["chain_id"].map(
            lambda c: stage_label(pipelines[c].stage)
        ),
        t("pipeline.col.owner"): rows["chain_id"].map(lambda c: pipelines[c].owner),
        t("pipeline.col.year"): rows["year"],
    })  # fmt: skip
    for metric in METRICS:
        heading = metric_heading(metric)
        table[heading] = rows[metric]
        table[t("pipeline.col.ex_ante_of", heading=heading)] = _rounded(rows[f"{metric}_ex_ante"])
    table[t("pipeline.col.provenance")] = rows["provenance"].map(provenance_label)
    table[t("pipeline.col.source")] = rows["source"]
    return table


def history_table(pipeline: Pipeline, today: date) -> pd.DataFrame:
    """The stages a chain went through: from, to, days, and the reason it stopped."""
    found = spans(pipeline, today)
    return pd.DataFrame({
        t("pipeline.col.stage"): [stage_label(s.stage) for s in found],
        t("pipeline.col.from"): [s.start.isoformat() for s in found],
        t("pipeline.col.to"): [s.end.isoformat() if s.end else t("pipeline.ongoing")
                               for s in found],
        t("pipeline.col.days"): [s.days for s in found],
        t("pipeline.col.reason"): [reason_label(c.reason) for c in pipeline.changes],
    })  # fmt: skip


def notes_table(pipeline: Pipeline) -> pd.DataFrame:
    notes = sorted(pipeline.notes, key=lambda n: n.on, reverse=True)
    return pd.DataFrame({
        t("pipeline.col.date"): [n.on.isoformat() for n in notes],
        t("pipeline.col.note"): [n.text for n in notes],
        t("pipeline.col.author"): [n.author for n in notes],
    })  # fmt: skip


def report_sheets(
    counts: pd.DataFrame, times: pd.DataFrame, reasons: pd.DataFrame, by_year: pd.DataFrame,
    years: pd.DataFrame,
) -> dict[str, pd.DataFrame]:  # fmt: skip
    """The funder's report: realised benefits by year, by chain and year, the stages and
    their times, and why chains stopped."""
    stages = counts_table(counts).merge(
        times_table(times), on=t("pipeline.col.stage"), how="left"
    )
    return {
        t("pipeline.sheet.summary"): summary_table(by_year),
        t("pipeline.sheet.chains"): years,
        t("pipeline.sheet.stages"): stages,
        t("pipeline.sheet.stopped"): reasons_table(reasons),
    }
