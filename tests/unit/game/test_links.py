"""Link checks on Leningrad: accepted links, every refusal code with its parameters, and the
cross-check with the matcher (the game never refuses what the matcher proposes)."""

from __future__ import annotations

import dataclasses
import math

import pytest

from dashboard.domain import taxonomy
from dashboard.domain.exchange import company_distance
from dashboard.domain.game import Link
from dashboard.game.links import Refusal, check_link

REFINERY, GREENHOUSE = "syn-refinery-kirishi", "syn-greenhouse-kirishi"
GRES, OILREGEN = "gppd-kirishskaya-gres", "syn-oilregen-kirishi"
BREWERY, TYRES, STEEL = "syn-brewery-kirovsky", "syn-tyres-krasnoselsky", "syn-steel-kolpino"
ROADS = "syn-roads-slantsy"
HEAT = Link(REFINERY, GREENHOUSE, "surplus_heat", 80000, "MWh/yr")
"""The refinery's surplus heat to the greenhouse next door: 80,000 MWh/yr, all its want."""


@pytest.fixture(scope="module")
def everyone(leningrad):
    return tuple(leningrad.companies["company_id"])


def test_valid_link_is_accepted(leningrad, everyone):
    assert check_link(leningrad, [REFINERY, GREENHOUSE], HEAT) is None
    assert check_link(leningrad, everyone, HEAT) is None
    assert check_link(leningrad, everyone, dataclasses.replace(HEAT, quantity=0.5)) is None


@pytest.mark.parametrize(
    ("deck", "role", "company"),
    [((GREENHOUSE, GRES), "giver", REFINERY), ((REFINERY, GRES), "receiver", GREENHOUSE)],
)
def test_company_not_in_deck(leningrad, deck, role, company):
    assert check_link(leningrad, deck, HEAT) == Refusal(
        "not_in_deck", {"role": role, "company": company}
    )


def test_same_company(leningrad, everyone):
    link = Link(REFINERY, REFINERY, "surplus_heat", 1000, "MWh/yr")
    assert check_link(leningrad, everyone, link) == Refusal("same_company", {"company": REFINERY})


@pytest.mark.parametrize("quantity", [0.0, -5.0, math.inf])
def test_quantity_not_positive_or_not_finite(leningrad, everyone, quantity):
    link = dataclasses.replace(HEAT, quantity=quantity)
    assert check_link(leningrad, everyone, link) == Refusal("quantity", {"quantity": quantity})


def test_quantity_nan(leningrad, everyone):
    refusal = check_link(leningrad, everyone, dataclasses.replace(HEAT, quantity=math.nan))
    assert refusal is not None
    assert refusal.code == "quantity"
    assert math.isnan(refusal.params["quantity"])


def test_giver_without_the_material(leningrad, everyone):
    link = Link(GREENHOUSE, REFINERY, "surplus_heat", 1000, "MWh/yr")
    assert check_link(leningrad, everyone, link) == Refusal(
        "no_have", {"giver": GREENHOUSE, "material": "surplus_heat"}
    )


def test_receiver_without_a_fitting_want(leningrad, everyone):
    link = Link(TYRES, GREENHOUSE, "rubber_tyres", 1000, "t/yr")
    assert check_link(leningrad, everyone, link) == Refusal(
        "no_want", {"receiver": GREENHOUSE, "material": "rubber_tyres"}
    )


def test_link_in_the_wrong_unit(leningrad, everyone):
    link = dataclasses.replace(HEAT, unit="t/yr")
    assert check_link(leningrad, everyone, link) == Refusal(
        "unit", {"unit": "t/yr", "want_unit": "MWh/yr"}
    )


def test_want_in_a_unit_the_have_cannot_meet(leningrad, everyone):
    """The greenhouse's heat want restated in t/yr: the matcher finds nothing, the unit says why."""
    streams = leningrad.streams.copy()
    want = (streams["company_id"] == GREENHOUSE) & (streams["material"] == "heat")
    assert want.sum() == 1
    streams.loc[want, "unit"] = "t/yr"
    changed = dataclasses.replace(leningrad, streams=streams)
    assert check_link(changed, everyone, HEAT) == Refusal(
        "unit", {"unit": "MWh/yr", "want_unit": "t/yr"}
    )


def test_too_far(leningrad, everyone):
    """The Kirovsky brewery's surplus heat fits the Kirishi greenhouse's heat want, in the same
    unit, but heat travels 10 km and the two are about 110 km apart."""
    km = company_distance(leningrad.companies.set_index("company_id"), BREWERY, GREENHOUSE)
    limit = taxonomy.max_distance_km("surplus_heat")
    assert km > limit
    assert taxonomy.is_compatible("surplus_heat", "heat")
    link = Link(BREWERY, GREENHOUSE, "surplus_heat", 1000, "MWh/yr")
    assert check_link(leningrad, everyone, link) == Refusal(
        "too_far", {"km": round(km, 1), "max_km": limit}
    )


def test_more_than_what_is_left_of_the_have(leningrad, everyone):
    """The refinery has 1,500 t/yr of waste oil; another of the team's links takes 1,000."""
    elsewhere = Link(REFINERY, ROADS, "waste_oil", 1000, "t/yr")
    assert check_link(leningrad, everyone, elsewhere) is None
    link = Link(REFINERY, OILREGEN, "waste_oil", 1000, "t/yr")
    assert check_link(leningrad, everyone, link) is None
    assert check_link(leningrad, everyone, link, others=[elsewhere]) == Refusal(
        "more_than_have", {"left": 500.0, "unit": "t/yr"}
    )
    assert check_link(leningrad, everyone, link, chain=[elsewhere]) == Refusal(
        "more_than_have", {"left": 500.0, "unit": "t/yr"}
    )
    assert check_link(leningrad, everyone, dataclasses.replace(link, quantity=500),
                      others=[elsewhere]) is None  # fmt: skip


def test_have_used_up(leningrad, everyone):
    elsewhere = Link(REFINERY, ROADS, "waste_oil", 1500, "t/yr")
    link = Link(REFINERY, OILREGEN, "waste_oil", 1, "t/yr")
    assert check_link(leningrad, everyone, link, others=[elsewhere]) == Refusal(
        "more_than_have", {"left": 0.0, "unit": "t/yr"}
    )


def test_more_than_what_is_left_of_the_want(leningrad, everyone):
    """The greenhouse wants 80,000 MWh/yr of heat; the power plant already gives it 50,000."""
    gres = Link(GRES, GREENHOUSE, "surplus_heat", 50000, "MWh/yr")
    assert check_link(leningrad, everyone, gres) is None
    assert check_link(leningrad, everyone, HEAT, others=[gres]) == Refusal(
        "more_than_want", {"left": 30000.0, "unit": "MWh/yr"}
    )
    assert check_link(leningrad, everyone, HEAT, chain=[gres]) == Refusal(
        "more_than_want", {"left": 30000.0, "unit": "MWh/yr"}
    )
    smaller = dataclasses.replace(HEAT, quantity=30000)
    assert check_link(leningrad, everyone, smaller, chain=[gres]) is None


def test_link_not_connected_to_the_chain(leningrad, everyone):
    far_away = Link(STEEL, OILREGEN, "waste_oil", 400, "t/yr")
    assert check_link(leningrad, everyone, far_away) is None
    assert check_link(leningrad, everyone, far_away, chain=[HEAT]) == Refusal("not_connected", {})
    # The same enterprises as links of the team's other chains do not connect it.
    assert check_link(leningrad, everyone, far_away, others=[HEAT]) is None


def test_link_sharing_an_enterprise_with_the_chain(leningrad, everyone):
    next_door = Link(REFINERY, OILREGEN, "surplus_heat", 4000, "MWh/yr")
    assert check_link(leningrad, everyone, next_door, chain=[HEAT]) is None
    into = Link(GRES, OILREGEN, "surplus_heat", 4000, "MWh/yr")
    assert check_link(leningrad, everyone, into, chain=[HEAT, next_door]) == Refusal(
        "more_than_want", {"left": 0.0, "unit": "MWh/yr"}
    )


# The cross-check with the matcher ----------------------------------------------------------


def as_link(row) -> Link:
    return Link(
        str(row["source_company"]), str(row["target_company"]), str(row["have_material"]),
        float(row["quantity"]), str(row["unit"]),
    )  # fmt: skip


def firsts(candidates):
    """The matcher's best candidate for each (giver, receiver, material)."""
    return candidates.drop_duplicates(["source_company", "target_company", "have_material"])


def one_want(candidates):
    """Candidates whose material fits only one of the receiver's wants (with two, a link may
    fill both, so its bound is their sum: see the tyres into Pikalevo cement)."""
    keys = ["source_company", "target_company", "have_material"]
    return candidates[~candidates.duplicated(keys, keep=False)]


def uncovered(candidates):
    """Candidates whose want no existing or planned flow already meets in part."""
    return candidates[candidates["want_quantity"] == candidates["want_total"]]


def limit(row) -> float:
    """min(have, want in the have's unit) of a candidate."""
    factor = taxonomy.unit_factor(str(row["unit"]), str(row["want_unit"]))
    return min(float(row["have_quantity"]), float(row["want_quantity"]) / factor)


@pytest.fixture(scope="module")
def at_quantity(leningrad, everyone, candidates):
    """Candidate index -> (link at the matcher's quantity, check_link's verdict)."""
    return {
        i: (link, check_link(leningrad, everyone, link))
        for i, link in ((i, as_link(row)) for i, row in candidates.iterrows())
    }


@pytest.fixture(scope="module")
def above(leningrad, everyone, candidates):
    """Candidate index -> (link just above min(have, want), check_link's verdict)."""
    out = {}
    for i, row in candidates.iterrows():
        link = dataclasses.replace(as_link(row), quantity=limit(row) * 1.001 + 1)
        out[i] = (link, check_link(leningrad, everyone, link))
    return out


def refused(verdicts, rows) -> list[tuple[Link, Refusal]]:
    return [verdicts[i] for i in rows.index if verdicts[i][1] is not None]


def accepted(verdicts, rows) -> list[tuple[Link, Refusal | None]]:
    keep = ("more_than_have", "more_than_want")
    return [verdicts[i] for i in rows.index if verdicts[i][1] is None
            or verdicts[i][1].code not in keep]  # fmt: skip


def test_the_matchers_quantity_is_min_of_have_and_want(candidates):
    for _, row in candidates.iterrows():
        assert float(row["quantity"]) == pytest.approx(limit(row))


def test_the_game_accepts_the_matchers_best_candidates(candidates, at_quantity):
    best = firsts(candidates)
    assert len(best) > 100
    assert refused(at_quantity, best) == []


def test_the_game_accepts_every_candidate_of_the_matcher(candidates, at_quantity):
    assert refused(at_quantity, candidates) == []


def test_tyres_into_the_cement_raw_material_want(leningrad, everyone, candidates):
    c = candidates
    row = c[(c["source_company"] == "syn-ecopark-gatchina")
            & (c["target_company"] == "syn-cement-pikalevo")
            & (c["want_material"] == "cement_raw_material")].iloc[0]  # fmt: skip
    assert float(row["quantity"]) == 20000.0
    assert check_link(leningrad, everyone, as_link(row)) is None


def test_more_than_the_matcher_offers_is_refused_where_no_flow_meets_the_want(candidates, above):
    rows = uncovered(one_want(candidates))
    assert len(rows) > 90
    assert accepted(above, rows) == []


def test_more_than_the_matchers_quantity_is_refused(candidates, above):
    assert len(one_want(candidates)) > 100
    assert accepted(above, one_want(candidates)) == []


def test_a_material_fitting_two_wants_may_fill_both_and_no_more(leningrad, everyone):
    """Pikalevo cement wants 8,000 t/yr of tyres and 1,000,000 of cement raw material, which
    tyres also fit and of which the flow len-f19 already brings 900,000: 108,000 t/yr are left
    for tyres. The Gatchina eco-park may send all its 20,000 (more than the tyres want), and
    after links taking 107,000 another giver only the 1,000 left of both."""
    big = Link("syn-ecopark-gatchina", "syn-cement-pikalevo", "rubber_tyres", 20000, "t/yr")
    assert check_link(leningrad, everyone, big) is None
    rest = Link("elsewhere", "syn-cement-pikalevo", "cement_raw_material", 87000, "t/yr")
    more = Link(TYRES, "syn-cement-pikalevo", "rubber_tyres", 9000, "t/yr")
    assert check_link(leningrad, everyone, more, others=[big]) is None
    assert check_link(leningrad, everyone, more, others=[big, rest]) == Refusal(
        "more_than_want", {"left": 1000.0, "unit": "t/yr"}
    )


def test_a_want_already_met_in_part_by_a_planned_flow(leningrad, everyone):
    """Cement Slantsy wants 15,000 t/yr of tyres; the planned flow len-f17 brings 6,000 from
    the Krasnoselsky tyre works, so the matcher offers the Gatchina eco-park 9,000."""
    link = Link("syn-ecopark-gatchina", "syn-cement-slantsy", "rubber_tyres", 15000, "t/yr")
    assert check_link(leningrad, everyone, link) == Refusal(
        "more_than_want", {"left": 9000.0, "unit": "t/yr"}
    )


def test_a_want_met_in_part_by_a_flow_of_the_same_giver(leningrad, everyone):
    """The same planned flow does count when its giver makes the link (it has 12,000)."""
    link = Link(TYRES, "syn-cement-slantsy", "rubber_tyres", 10000, "t/yr")
    assert check_link(leningrad, everyone, link) == Refusal(
        "more_than_want", {"left": 9000.0, "unit": "t/yr"}
    )


def test_above_the_best_candidate_the_code_names_the_smaller_side(leningrad, everyone, candidates):
    for _, row in uncovered(one_want(candidates)).iterrows():
        factor = taxonomy.unit_factor(str(row["unit"]), str(row["want_unit"]))
        have, want = float(row["have_quantity"]), float(row["want_quantity"]) / factor
        link = dataclasses.replace(as_link(row), quantity=min(have, want) + 1)
        expected = (
            Refusal("more_than_have", {"left": have, "unit": link.unit}) if have <= want
            else Refusal("more_than_want", {"left": want, "unit": link.unit})
        )  # fmt: skip
        assert check_link(leningrad, everyone, link) == expected, link
