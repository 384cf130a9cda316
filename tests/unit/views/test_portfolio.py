"""The portfolio's report and figure: every sheet in the reader's language, text from people
kept as text in the workbook, one panel per metric so no two units share an axis."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd

from dashboard.analysis.portfolio import (
    chain_years,
    realised_by_year,
    stage_counts,
    stage_times,
    stop_reasons,
)
from dashboard.domain.pipeline import METRICS, Pipeline, StageChange, YearResult
from dashboard.i18n import t, use_language
from dashboard.io.datasets import workbook_bytes
from dashboard.views.portfolio import realised_figure, report_sheets, years_table

TODAY = date(2026, 12, 6)
ASH = Pipeline(
    "ash", "=HYPERLINK(\"x\")",
    (StageChange(date(2023, 1, 1), "idea"), StageChange(date(2023, 6, 1), "operating")),
    years=(YearResult(2024, {"diverted_t": 1000.0, "jobs": 2.0}, "reported", "=1+1"),),
)  # fmt: skip


def sheets() -> dict[str, pd.DataFrame]:
    pipelines = [ASH]
    expected = {"ash": {"diverted_t": 900.0}}
    years = years_table(chain_years(pipelines, expected), {"ash": ASH}, {"ash": "Ash <b>"})
    return report_sheets(
        stage_counts(pipelines), stage_times(pipelines, TODAY), stop_reasons(pipelines),
        realised_by_year(pipelines, expected), years,
    )  # fmt: skip


def test_the_report_has_its_four_sheets_in_each_language_and_keeps_text_as_text():
    for lang in ("en", "ru"):
        with use_language(lang):
            made = sheets()
            book = pd.read_excel(io.BytesIO(workbook_bytes(made)), sheet_name=None)
            assert list(book) == [t("pipeline.sheet.summary"), t("pipeline.sheet.chains"),
                                  t("pipeline.sheet.stages"), t("pipeline.sheet.stopped")]
            chains = book[t("pipeline.sheet.chains")]
            assert chains[t("pipeline.col.chain")].tolist() == ["Ash <b>"]
            assert chains[t("pipeline.col.source")].tolist() == ["=1+1"]
            assert chains[t("pipeline.col.owner")].tolist() == ['=HYPERLINK("x")']
            stages = book[t("pipeline.sheet.stages")]
            assert stages[t("pipeline.col.chains")].sum() == 1 and len(stages) == 6


def test_the_realised_chart_gives_each_metric_its_own_panel():
    figure = realised_figure(realised_by_year([ASH], {"ash": {"diverted_t": 900.0}}))
    assert len(figure.data) == 2 * len(METRICS)
    axes = {trace.yaxis for trace in figure.data}
    assert len(axes) == len(METRICS)
