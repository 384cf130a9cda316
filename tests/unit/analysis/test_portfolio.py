"""The portfolio of followed chains: counts by stage, the time stages took, stop reasons, and
realised figures by year, each metric apart and unknown parts kept unknown."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.analysis.assessment import ChainAssessment, Result
from dashboard.analysis.portfolio import (
    chain_years,
    ex_ante,
    realised_by_year,
    stage_counts,
    stage_times,
    stop_reasons,
)
from dashboard.domain.pipeline import STAGES, Pipeline, StageChange, YearResult

TODAY = date(2026, 12, 6)


def followed(chain_id, changes, years=()):
    return Pipeline(
        chain_id, "Anna",
        tuple(StageChange(date.fromisoformat(on), stage, reason) for on, stage, reason in changes),
        years=tuple(years),
    )  # fmt: skip


ASH = followed("ash", [("2023-01-01", "idea", ""), ("2023-03-02", "pilot", ""),
                       ("2024-01-01", "operating", "")],
               [YearResult(2024, {"diverted_t": 1000.0, "ghg_avoided_t_co2e": 50.0,
                                  "money_saved_eur": 20000.0, "jobs": 2.0}, "reported", "audit"),
                YearResult(2025, {"diverted_t": 1200.0, "ghg_avoided_t_co2e": None},
                           "estimated")])  # fmt: skip
HEAT = followed("heat", [("2024-01-01", "idea", ""), ("2024-05-01", "pilot", "")],
                [YearResult(2025, {"diverted_t": 0.0, "ghg_avoided_t_co2e": 300.0},
                            "documented")])  # fmt: skip
SLUDGE = followed("sludge", [("2023-01-01", "idea", ""), ("2023-02-01", "stopped", "regulation")])
GRAIN = followed("grain", [("2024-01-01", "idea", ""), ("2024-04-01", "stopped", "economics")])
MALT = followed("malt", [("2025-01-01", "idea", ""), ("2025-02-01", "stopped", "economics")])
ALL = [ASH, HEAT, SLUDGE, GRAIN, MALT]


def test_every_stage_is_counted_in_order_including_empty_ones():
    counts = stage_counts(ALL)
    assert list(counts["stage"]) == list(STAGES)
    assert dict(zip(counts["stage"], counts["chains"], strict=True)) == {
        "idea": 0, "contacted": 0, "feasibility": 0, "pilot": 1, "operating": 1, "stopped": 3,
    }  # fmt: skip


def test_stage_times_split_chains_that_left_a_stage_from_those_still_there():
    times = stage_times(ALL, TODAY).set_index("stage")
    assert times.loc["idea", "left"] == 5
    assert times.loc["idea", "median_days"] == 60  # of 60, 121, 31, 91 and 31 days
    assert times.loc["idea", "longest_days"] == 121
    assert times.loc["pilot", "left"] == 1 and times.loc["pilot", "median_days"] == 305
    assert times.loc["pilot", "there_now"] == 1
    assert times.loc["pilot", "median_days_so_far"] == (TODAY - date(2024, 5, 1)).days
    assert times.loc["contacted", "left"] == 0 and pd.isna(times.loc["contacted", "median_days"])
    assert "stopped" not in times.index


def test_stop_reasons_count_stopped_chains_most_frequent_first():
    reasons = stop_reasons(ALL)
    assert list(reasons["reason"]) == ["economics", "regulation"]
    assert list(reasons["chains"]) == [2, 1]
    assert stop_reasons([ASH]).empty


def test_realised_figures_add_up_per_metric_and_year_and_unknown_stays_unknown():
    found = realised_by_year(ALL).set_index(["year", "metric"])
    assert found.loc[(2024, "diverted_t"), "value"] == 1000.0
    assert found.loc[(2025, "diverted_t"), "value"] == 1200.0
    assert found.loc[(2025, "diverted_t"), "chains"] == 2
    ghg = found.loc[(2025, "ghg_avoided_t_co2e")]
    assert ghg["value"] == 300.0 and ghg["chains"] == 1 and ghg["unknown"] == 1
    assert ghg["unit"] == "t CO2e" and ghg["provenance"] == "documented"
    assert found.loc[(2025, "diverted_t"), "provenance"] == "estimated"
    jobs = found.loc[(2025, "jobs")]
    assert pd.isna(jobs["value"])
    assert jobs["unknown"] == 2
    assert set(found["unit"]) == {"t", "t CO2e", "EUR", "jobs"}


def test_the_ex_ante_beside_a_sum_is_that_of_the_chains_reporting_it_or_unknown():
    expected = {"ash": {"diverted_t": 900.0, "ghg_avoided_t_co2e": 40.0},
                "heat": {"diverted_t": 0.0, "ghg_avoided_t_co2e": None}}  # fmt: skip
    found = realised_by_year(ALL, expected).set_index(["year", "metric"])
    assert found.loc[(2024, "diverted_t"), "ex_ante"] == 900.0
    assert found.loc[(2025, "diverted_t"), "ex_ante"] == 900.0
    assert pd.isna(found.loc[(2025, "ghg_avoided_t_co2e"), "ex_ante"])  # heat's is unknown
    assert found.loc[(2024, "ghg_avoided_t_co2e"), "ex_ante"] == 40.0


def test_each_reported_year_stands_beside_the_ex_ante_assessment():
    chain = ChainAssessment((), {
        "waste_diverted_t": Result(900.0, "t", "sum"),
        "ghg_avoided_t_co2e": Result(None, "t CO2e", "sum"),
        "net_benefit_eur": Result(15000.0, "EUR", "sum"),
    })  # fmt: skip
    expected = {"ash": ex_ante(chain)}
    assert expected["ash"] == {
        "diverted_t": 900.0, "ghg_avoided_t_co2e": None, "money_saved_eur": 15000.0, "jobs": None,
    }  # fmt: skip
    rows = chain_years([ASH, HEAT], expected)
    assert list(rows["chain_id"]) == ["ash", "ash", "heat"]
    first = rows.iloc[0]
    assert first["diverted_t"] == 1000.0 and first["diverted_t_ex_ante"] == 900.0
    assert first["source"] == "audit" and first["provenance"] == "reported"
    assert pd.isna(rows.iloc[2]["diverted_t_ex_ante"])


@pytest.mark.parametrize("pipelines", [[], [SLUDGE]])
def test_an_empty_portfolio_gives_empty_tables(pipelines):
    assert realised_by_year(pipelines).empty
    assert chain_years(pipelines, {}).empty
