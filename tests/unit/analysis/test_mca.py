"""The multi-criteria view: criteria between 0 and 1, weights, chains side by side."""

from __future__ import annotations

import math

from dashboard.analysis.assessment import assess_chain
from dashboard.analysis.mca import CRITERIA, compare_chains, criteria_scores, mca_score

from .factories import ash, heat, small_factors


def test_mca_scores_are_between_0_and_1_and_weights_matter():
    factors = small_factors()
    chain = assess_chain([ash(want_quantity=2000.0), heat()], factors)
    scores = criteria_scores(chain)
    assert set(scores) == set(CRITERIA)
    assert all(s is None or 0 <= s <= 1 for s in scores.values())
    assert scores["readiness"] == 0.6  # weakest link: planned
    assert scores["quantity_fit"] == 0.5  # min(1000, 2000) / max(1000, 2000)
    assert scores["regulatory"] == 0.6  # fly ash is a waste (landfill route)
    score, coverage = mca_score(scores)
    assert 0 <= score <= 1 and coverage == 1.0
    only_readiness = mca_score(scores, dict.fromkeys(CRITERIA, 0.0) | {"readiness": 1.0})
    assert only_readiness == (0.6, 1.0)
    table = compare_chains({"a": chain, "b": assess_chain([ash(quantity=None)], factors)})
    assert list(table["chain"]) == ["a", "b"]
    assert table.loc[1, "ghg"] is None or math.isnan(table.loc[1, "ghg"])
    assert table.loc[1, "coverage"] < 1


def test_the_score_is_unknown_when_every_outcome_criterion_is_unknown():
    from dashboard.analysis.mca import OUTCOMES, outcomes_unknown

    chain = assess_chain([ash(quantity=None), heat(quantity=None)], small_factors())
    scores = criteria_scores(chain)
    assert all(scores[c] is None for c in OUTCOMES)
    assert scores["readiness"] is not None and scores["regulatory"] is not None
    assert outcomes_unknown(scores)
    score, coverage = mca_score(scores)
    assert score is None and 0 < coverage < 1
    # quantity and GHG per tonne of a few exchanges do not stand for the chain's results
    assert mca_score(scores | {"quantity": 0.9, "ghg_per_t": 0.3})[0] is None
    # one outcome known is enough; a score without outcomes is the user's choice
    assert mca_score(scores | {"ghg": 0.5})[0] is not None
    feasibility = dict.fromkeys(OUTCOMES, 0.0)
    assert not outcomes_unknown(scores, feasibility) and mca_score(scores, feasibility)[0]
    table = compare_chains({"x": chain})
    assert table["score"].isna().all()
