"""The pipeline's stage rules: moves, the reason a stop needs, dates, and which years may hold
realised figures."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.domain.pipeline import (
    STOP_REASONS,
    Note,
    Pipeline,
    StageChange,
    YearResult,
    move_refusal,
    note_refusal,
    running_in,
    spans,
    year_refusal,
)

TODAY = date(2026, 12, 6)


def chain(*changes: tuple[str, str, str]) -> Pipeline:
    return Pipeline("c1", "Anna", tuple(StageChange(date.fromisoformat(on), stage, reason)
                                         for on, stage, reason in changes))  # fmt: skip


IDEA = chain(("2024-01-10", "idea", ""))
RUNNING = chain(
    ("2023-03-01", "idea", ""), ("2023-06-01", "feasibility", ""), ("2024-02-01", "pilot", ""),
    ("2024-11-15", "operating", ""),
)  # fmt: skip


@pytest.mark.parametrize("stage", ["contacted", "feasibility", "pilot", "operating"])
def test_an_idea_may_move_to_any_later_stage_skipping_those_not_recorded(stage):
    assert move_refusal(IDEA, StageChange(date(2024, 5, 1), stage), TODAY) is None


def test_a_chain_may_move_back_as_a_failed_pilot_returns_to_feasibility():
    assert move_refusal(RUNNING, StageChange(date(2025, 1, 1), "feasibility"), TODAY) is None


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (StageChange(date(2025, 1, 1), "operating"), "same_stage"),
        (StageChange(date(2025, 1, 1), "built"), "unknown_stage"),
        (StageChange(date(2027, 1, 1), "stopped", "economics"), "future_date"),
        (StageChange(date(2024, 11, 14), "stopped", "economics"), "before_last"),
        (StageChange(date(2025, 1, 1), "stopped"), "reason_needed"),
        (StageChange(date(2025, 1, 1), "stopped", "money"), "reason_needed"),
        (StageChange(date(2025, 1, 1), "pilot", "economics"), "reason_only_stopped"),
    ],
)
def test_a_change_that_breaks_a_rule_is_refused_with_its_code(change, code):
    assert move_refusal(RUNNING, change, TODAY) == code


def test_a_stop_takes_any_listed_reason_and_a_stopped_chain_may_be_reopened():
    for reason in STOP_REASONS:
        assert move_refusal(RUNNING, StageChange(TODAY, "stopped", reason), TODAY) is None
    stopped = chain(("2024-01-10", "idea", ""), ("2024-03-01", "stopped", "regulation"))
    assert stopped.stage == "stopped" and stopped.reason == "regulation"
    assert move_refusal(stopped, StageChange(TODAY, "contacted"), TODAY) is None


def test_spans_measure_each_stage_to_the_next_change_and_the_current_one_to_today():
    found = spans(RUNNING, TODAY)
    assert [s.stage for s in found] == ["idea", "feasibility", "pilot", "operating"]
    assert [s.days for s in found] == [92, 245, 288, (TODAY - date(2024, 11, 15)).days]
    assert found[-1].end is None


def test_figures_are_taken_only_for_years_the_chain_spent_at_pilot_or_operating():
    assert not running_in(RUNNING, 2023)
    assert running_in(RUNNING, 2024) and running_in(RUNNING, 2026)
    back = chain(("2020-01-01", "idea", ""), ("2020-06-01", "pilot", ""),
                 ("2021-01-01", "stopped", "quality"))  # fmt: skip
    assert running_in(back, 2020) and not running_in(back, 2021)
    figures = {"diverted_t": 800.0, "ghg_avoided_t_co2e": None}
    assert year_refusal(RUNNING, YearResult(2023, figures), TODAY) == "not_running"
    assert year_refusal(RUNNING, YearResult(2025, figures), TODAY) is None
    assert year_refusal(RUNNING, YearResult(2027, figures), TODAY) == "future_year"


@pytest.mark.parametrize(
    ("values", "provenance", "code"),
    [
        ({}, "reported", "empty"),
        ({"diverted_t": None, "jobs": None}, "reported", "empty"),
        ({"diverted_t": -5.0}, "reported", "negative"),
        ({"jobs": -1.0}, "reported", "negative"),
        ({"diverted_t": float("nan")}, "reported", "not_number"),
        ({"diverted_t": 5.0}, "rumoured", "provenance"),
    ],
)
def test_a_year_breaking_a_rule_is_refused(values, provenance, code):
    assert year_refusal(RUNNING, YearResult(2025, values, provenance), TODAY) == code


def test_money_and_ghg_may_be_negative_a_chain_can_cost_or_emit_more():
    values = {"money_saved_eur": -12000.0, "ghg_avoided_t_co2e": -3.0}
    assert year_refusal(RUNNING, YearResult(2025, values), TODAY) is None


def test_notes_need_text_within_bounds_and_no_future_date():
    assert note_refusal(Note(TODAY, "called the plant"), TODAY) is None
    assert note_refusal(Note(TODAY, "   "), TODAY) == "empty_note"
    assert note_refusal(Note(TODAY, "x" * 2001), TODAY) == "too_long"
    assert note_refusal(Note(date(2027, 1, 1), "later"), TODAY) == "future_date"
