"""Difficulties: suggestions from barriers and obligations, the measure's category, what the
rules expect and which of a team's difficulties they confirm."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard.analysis.policy.findings import ChainFinding
from dashboard.domain.exchange import Exchange
from dashboard.domain.game import DIFFICULTY_CATEGORIES, Difficulty, Link
from dashboard.game import difficulties as rules
from dashboard.game.links import link_exchanges

HEAT = Link("syn-refinery-kirishi", "syn-greenhouse-kirishi", "surplus_heat", 80000, "MWh/yr")


@pytest.fixture(scope="module")
def found(leningrad, catalogue):
    return rules.policy_findings(leningrad, catalogue, link_exchanges(leningrad, [HEAT], "c"))


def test_the_heat_link_meets_every_kind_of_finding(found):
    assert {k: bool(v) for k, v in found.items()} == {
        "barrier": True, "obligation": True, "support": True,
    }  # fmt: skip


def test_suggestions_are_the_barriers_and_obligations_not_accepted(found):
    suggested = rules.suggestions(found)
    ids = [f.measure.measure_id for c in ("barrier", "obligation") for f in found[c]]
    assert [d.measure_id for d in suggested] == ids
    supports = {f.measure.measure_id for f in found["support"]}
    assert not supports & {d.measure_id for d in suggested}
    by_id = {f.measure.measure_id: f.measure for c in found.values() for f in c}
    for d in suggested:
        assert d.accepted is False
        assert d.category == rules.measure_category(by_id[d.measure_id])
        assert d.category in DIFFICULTY_CATEGORIES


def test_suggestions_never_come_from_supports(catalogue):
    supports = [m for m in catalogue.measures if m.category == "support"][:3]
    barrier = next(m for m in catalogue.measures if m.category == "barrier")
    found = {"support": [ChainFinding(m, ("x",), ()) for m in supports],
             "barrier": [ChainFinding(barrier, ("x",), ())]}  # fmt: skip
    assert [d.measure_id for d in rules.suggestions(found)] == [barrier.measure_id]
    assert rules.suggestions({"support": found["support"]}) == []
    assert rules.suggestions({}) == []


@pytest.mark.parametrize(
    ("kind", "category"),
    [("regulatory", "legal"), ("planning", "legal"), ("financial", "economic"),
     ("informational", "information_trust"), ("something new", "legal")],
)  # fmt: skip
def test_measure_category(catalogue, kind, category):
    measure = dataclasses.replace(catalogue.measures[0], type=kind)
    assert rules.measure_category(measure) == category


def test_evidence_of_the_heat_link(found, leningrad):
    exchanges = link_exchanges(leningrad, [HEAT], "c")
    evidence = rules.evidence(exchanges, found, 1000.0, ["substitute"])
    codes = {(e.category, e.code) for e in evidence}
    assert ("technical", "substitute") in codes
    assert {e.code for e in evidence if e.code.startswith("measure_")} == {
        "measure_barrier", "measure_obligation",
    }  # fmt: skip
    assert rules.expected_categories(evidence) == ("legal", "technical")


def test_evidence_of_loss_hazard_odour_and_many_actors():
    chain = [
        Exchange("a", "A", "B", "waste_oil", 10, "t/yr", 1.0, hazardous=True),
        Exchange("b", "B", "C", "food_waste", 10, "t/yr", 1.0),
        Exchange("c", "C", "D", "food_waste", 10, "t/yr", 1.0),
    ]
    evidence = rules.evidence(chain, {}, -1234.4)
    codes = {(e.category, e.code) for e in evidence}
    assert {("technical", "hazardous"), ("social", "hazardous"), ("social", "odour"),
            ("organisational", "many_actors"), ("economic", "loss")} <= codes  # fmt: skip
    assert rules.Evidence("economic", "loss", (("eur", -1234),)) in evidence
    assert rules.evidence(chain[:1], {}, 5.0) == [
        rules.Evidence("technical", "hazardous", (("material", "waste_oil"),)),
        rules.Evidence("social", "hazardous", (("material", "waste_oil"),)),
    ]


def test_confirmed_counts_accepted_difficulties_only():
    evidence = [rules.Evidence("legal", "measure_barrier"), rules.Evidence("technical", "x")]
    difficulties = [
        Difficulty("legal", "permit", "RU-1", accepted=False),
        Difficulty("technical", "pipe"),
        Difficulty("social", "neighbours"),
    ]
    assert rules.confirmed(difficulties, evidence) == ("technical",)
    accepted = [dataclasses.replace(d, accepted=True) for d in difficulties]
    assert rules.confirmed(accepted, evidence) == ("legal", "technical")
    assert rules.confirmed(accepted, []) == ()
