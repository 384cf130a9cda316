"""The problem table: a problem of a whole file says so instead of an empty or "None" row."""

from __future__ import annotations

from dashboard.i18n import t
from dashboard.io.problems import Problem
from dashboard.views.problem_table import problem_table


def test_whole_file_problems_say_so_and_rows_are_plain_numbers():
    frame = problem_table(
        [
            Problem("companies.csv", None, None, "empty_file"),
            Problem("streams.csv", 12345, "unit", "unknown_unit", {"value": "kg"}),
        ]
    )
    assert list(frame["row"]) == [t("problems.whole_file"), "12345"]
    assert list(frame["column"]) == ["", "unit"]
    assert "None" not in frame.to_string()
    assert frame["message"].iloc[1] == t("problem.unknown_unit", value="kg")
