"""The soft multi-criteria assessment: evidence suggests levels a person confirms, areas read
as medians of ordinal levels, profiles side by side, and an aggregate that says what it hides."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from dashboard.analysis import soft_mca
from dashboard.domain.scoring import AREAS, CRITERIA, READINESS_AXES, Entry, Sheet


def make(levels: dict[str, int | None], readiness: dict[str, int] | None = None) -> Sheet:
    entries = tuple(Entry(c, level=levels.get(c)) for c in CRITERIA)
    ready = tuple(Entry(a, level=(readiness or {}).get(a)) for a in READINESS_AXES)
    return Sheet("d", "k", "Anna", datetime(2026, 12, 2, tzinfo=UTC), entries, ready)


@pytest.mark.parametrize(("score", "level"), [(0.0, 1), (0.5, 3), (1.0, 5), (0.62, 3),
                                              (1.7, 5), (-1, 1), (None, None)])  # fmt: skip
def test_an_indicator_suggests_a_level_and_unknown_suggests_none(score, level):
    assert soft_mca.suggested_level(score) == level


def test_a_blank_sheet_is_unscored_with_suggestions_from_the_evidence_only():
    entries = soft_mca.blank_entries({"ghg": 1.0, "distance": 0.0, "net_benefit": None})
    by = {e.criterion: e for e in entries}
    assert [e.criterion for e in entries] == list(CRITERIA)
    assert all(e.level is None for e in entries)
    assert by["ghg"].suggested == 5 and by["infrastructure"].suggested == 1
    assert by["net_benefit"].suggested is None and by["trust"].suggested is None
    accepted = {e.criterion: e.level for e in soft_mca.accept_suggestions(entries)}
    assert accepted["ghg"] == 5 and accepted["trust"] is None


def test_a_level_a_person_gave_is_never_replaced_by_a_suggestion():
    entries = (Entry("ghg", level=2, suggested=5), Entry("trust", suggested=None))
    assert soft_mca.accept_suggestions(entries)[0].level == 2


def test_an_area_reads_the_median_of_its_scored_criteria():
    areas = soft_mca.area_levels({"process_fit": 1, "quality": 5, "safety": 4, "trust": 2})
    assert areas["technical"] == 4.0  # median of 1, 4, 5; a mean would say 3.3
    assert areas["organisational"] == 2.0
    assert areas["social"] is None
    assert set(areas) == set(AREAS)


def test_profiles_put_chains_side_by_side_and_keep_unscored_unknown():
    frame = soft_mca.profile({"A": make({"ghg": 5}), "B": make({"ghg": 2, "trust": 3})})
    assert list(frame.columns) == ["A", "B"] and len(frame) == len(CRITERIA)
    assert frame.loc[("environmental", "ghg")].tolist() == [5.0, 2.0]
    assert math.isnan(frame.loc[("organisational", "trust"), "A"])
    ready = soft_mca.readiness_profile({"A": make({}, {"legal": 1})})
    assert ready.loc["legal", "A"] == 1.0 and math.isnan(ready.loc["technology", "A"])


def test_the_aggregate_says_which_weak_criteria_it_averages_away():
    result = soft_mca.weighted_aggregate({"ghg": 5, "net_benefit": 5, "legal_status": 1})
    assert result.value == pytest.approx(11 / 3)
    assert result.hidden_weak == ("legal_status",)
    assert result.scored_share == pytest.approx(3 / len(CRITERIA))
    weighted = soft_mca.weighted_aggregate({"ghg": 5, "legal_status": 1}, {"legal_status": 3})
    assert weighted.value == pytest.approx((5 + 3) / 4)
    nothing = soft_mca.weighted_aggregate({c: None for c in CRITERIA})
    assert nothing.value is None and nothing.scored_share == 0 and nothing.hidden_weak == ()


def test_a_sheet_exports_every_line_with_scorer_and_date():
    rows = soft_mca.sheet_rows(make({"ghg": 4}, {"legal": 2}))
    assert len(rows) == len(CRITERIA) + len(READINESS_AXES)
    assert rows.loc[rows["criterion"] == "ghg", "level"].tolist() == [4]
    assert rows.loc[rows["criterion"] == "legal", "part"].tolist() == ["readiness"]
    assert set(rows["scorer"]) == {"Anna"} and rows["scored_at"].iloc[0].startswith("2026-12-02")
