"""Scoring a chain: the weighted mean of the known parts, resources in tonnes only, realism from
the difficulties the rules expect, feasibility lowered by hazard."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard.domain.game import Difficulty, Link, Weights
from dashboard.game import scoring

REFINERY, GREENHOUSE = "syn-refinery-kirishi", "syn-greenhouse-kirishi"
HEAT = Link(REFINERY, GREENHOUSE, "surplus_heat", 80000, "MWh/yr")
OIL = Link(REFINERY, "syn-oilregen-kirishi", "waste_oil", 1500, "t/yr")
ASH = Link("syn-chp-slantsy", "syn-roads-slantsy", "fly_ash", 18000, "t/yr")
CO2 = Link("syn-brewery-kirovsky", "syn-greenhouse-shushary", "co2", 3000, "t/yr")
"""The rules expect no difficulty for this one."""
SAND = Link("syn-foundry-tikhvin", "syn-concrete-tikhvin", "foundry_sand", 25000, "t/yr")
EVEN = Weights()
WEIGHTS = [
    Weights(),
    Weights(1, 2, 3, 4, 5),
    Weights(5, 0, 1, 3, 2),
    Weights(0, 1, 0, 5, 1),
    Weights(2, 3, 0, 0, 4),
    Weights(0.5, 0, 0, 0, 0),
]


@pytest.fixture(scope="module")
def score(leningrad, factors, catalogue):
    def run(links, difficulties=(), weights=EVEN, dataset=None):
        return scoring.score_chain(
            dataset or leningrad, factors, catalogue, links, difficulties, weights
        )

    return run


def parts(scored) -> dict[str, tuple[float | None, float | None]]:
    return {p: (v, pts) for p, v, pts in scored.score.parts}


def by_hand(scored, weights: Weights) -> float:
    known = [(getattr(weights, p), pts) for p, (_, pts) in parts(scored).items() if pts is not None]
    weight = sum(w for w, _ in known)
    return sum(w * pts for w, pts in known) / weight if weight else 0.0


def test_parts_are_the_five_in_order(score):
    assert [p for p, _, _ in score([HEAT]).score.parts] == list(scoring.PARTS)


@pytest.mark.parametrize("weights", WEIGHTS)
@pytest.mark.parametrize("links", [[HEAT], [ASH], [CO2], [HEAT, OIL]])
def test_total_is_the_weighted_mean_of_the_known_parts(score, links, weights):
    scored = score(links, weights=weights)
    # The parts' points are shown rounded to 0.1: the mean of the shown points is within 0.1.
    assert scored.score.total == pytest.approx(by_hand(scored, weights), abs=0.1)
    assert 0 <= scored.score.total <= 100


def test_total_is_reproduced_from_the_working_shown(score):
    scored = score([ASH])
    assert scored.score.total == round(by_hand(scored, Weights()), 1)


def test_total_of_given_parts():
    given = {"ghg": (1.0, 80.0), "net_benefit": (2.0, 40.0), "resources": (0.0, 0.0),
             "feasibility": (90.0, 90.0), "realism": (None, None)}  # fmt: skip
    assert scoring.total(given, Weights()) == 52.5
    assert scoring.total(given, Weights(2, 1, 1, 0, 5)) == 50.0
    assert scoring.total(given, Weights(0, 0, 0, 0, 3)) == 0.0  # nothing known is weighed


@pytest.mark.parametrize("part", scoring.PARTS[:4])
def test_a_single_weight_gives_that_parts_points(score, part):
    only = Weights(**{p: (2.0 if p == part else 0.0) for p in scoring.PARTS})
    scored = score([HEAT, OIL], weights=only)
    assert scored.score.total == parts(scored)[part][1]


def test_a_weight_of_zero_leaves_a_part_out(score):
    scored = score([ASH])
    points = {p: pts for p, (_, pts) in parts(scored).items()}
    without_ghg = score([ASH], weights=Weights(ghg=0)).score.total
    others = [points[p] for p in scoring.PARTS if p != "ghg"]
    assert without_ghg == pytest.approx(sum(others) / 4, abs=0.1)
    # Changing the weight of a part left out by 0 changes nothing else.
    assert score([ASH], weights=Weights(ghg=0, realism=0)).score.total == pytest.approx(
        sum(points[p] for p in ("net_benefit", "resources", "feasibility")) / 3, abs=0.1
    )


def test_resources_count_tonnes_only(score):
    heat = parts(score([HEAT]))
    assert heat["resources"] == (0.0, 0.0)
    both = parts(score([HEAT, OIL]))
    assert both["resources"] == (1500.0, pytest.approx(100 * 1500 / scoring.RESOURCES_FULL))
    ash = parts(score([ASH]))
    assert ash["resources"][0] == 18000.0
    assert ash["resources"][1] == round(100 * 18000 / scoring.RESOURCES_FULL, 1)


def test_realism_rises_with_the_expected_categories_recorded(score):
    plain = score([HEAT])
    expected = sorted({e.category for e in plain.evidence})
    assert expected == ["legal", "technical"]
    assert parts(plain)["realism"] == (0, 0.0)
    one = score([HEAT], [Difficulty("technical", "the greenhouse needs heat in winter only")])
    assert parts(one)["realism"] == (1, 50.0)
    assert one.confirmed == ("technical",)
    both = score([HEAT], [Difficulty("technical", "a"), Difficulty("legal", "b")])
    assert parts(both)["realism"] == (2, 100.0)
    assert both.score.total > one.score.total > plain.score.total


def test_realism_ignores_unexpected_and_rejected_difficulties(score):
    scored = score([HEAT], [Difficulty("social", "neighbours"),
                            Difficulty("legal", "permit", "RU-190FZ-HEAT", accepted=False)])  # fmt: skip
    assert parts(scored)["realism"] == (0, 0.0)
    assert scored.confirmed == ()


def test_realism_unknown_when_the_rules_expect_nothing(score):
    scored = score([CO2], [Difficulty("social", "the neighbours")])
    assert scored.evidence == ()
    assert parts(scored)["realism"] == (None, None)
    assert scored.score.total == pytest.approx(by_hand(scored, Weights()), abs=0.1)
    assert scored.score.total == score([CO2], weights=Weights(realism=0)).score.total


def test_difficulties_never_change_ghg_or_net_benefit(score):
    plain = parts(score([HEAT, OIL]))
    recorded = parts(score([HEAT, OIL], [Difficulty(c, "x") for c in ("legal", "technical",
                                                                      "social", "economic")]))  # fmt: skip
    for part in ("ghg", "net_benefit", "resources", "feasibility"):
        assert recorded[part] == plain[part]
    assert plain["ghg"][0] is not None and plain["net_benefit"][0] is not None


def test_feasibility_formula():
    assert scoring.feasibility([], 0, 0) == 100.0
    assert scoring.feasibility([0.5], 0, 0) == 100 - scoring.DISTANCE_PENALTY * 0.5
    assert scoring.feasibility([0.2, 0.4], 1, 0) == pytest.approx(
        100 - scoring.DISTANCE_PENALTY * 0.3 - scoring.HAZARD_PENALTY
    )
    assert scoring.feasibility([3.0], 0, 0) == 100 - scoring.DISTANCE_PENALTY  # share capped at 1
    assert scoring.feasibility([0.5], 1, 0) < scoring.feasibility([0.5], 0, 0)
    assert scoring.feasibility([0.5], 0, 1) == 100 - 20 - scoring.BARRIER_PENALTY
    assert scoring.feasibility([1.0], 3, 5) == 0.0  # never below 0


def test_feasibility_lower_for_a_hazardous_link(leningrad, score):
    """The same foundry sand link, with the sand flagged hazardous in a copy of the data."""
    streams = leningrad.streams.copy()
    have = (streams["company_id"] == SAND.giver) & (streams["material"] == SAND.material)
    assert have.sum() == 1 and not streams.loc[have, "hazardous"].fillna(False).any()
    streams.loc[have, "hazardous"] = True
    flagged = dataclasses.replace(leningrad, streams=streams)
    safe, hazardous = parts(score([SAND])), parts(score([SAND], dataset=flagged))
    assert hazardous["feasibility"][0] <= safe["feasibility"][0] - scoring.HAZARD_PENALTY
    hazard_evidence = {(e.category, e.code) for e in score([SAND], dataset=flagged).evidence}
    assert {("technical", "hazardous"), ("social", "hazardous")} <= hazard_evidence
