"""Candidates are alternatives: no allocation gives a have or a want more than its quantity, and
a chain's over-allocation and duplicate exchanges are found. Figures worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis.allocation import (
    BEST_PER_WANT,
    BOTH_SIDES,
    MODES,
    allocate,
    allocation_summary,
    have_remaining,
    over_allocation,
)
from dashboard.analysis.matching import MatchOptions, find_candidates
from dashboard.domain.exchange import Exchange
from dashboard.domain.reference import DATASETS_DIR
from dashboard.domain.taxonomy import WARM_WATER_M3_PER_MWH
from dashboard.io.datasets import load_or_raise


def candidate(have, want, quantity, have_quantity, want_quantity, unit="MWh/yr", factor=1.0):
    """A candidate as the engine gives it: quantity in the have's unit, coverage of the want."""
    return {
        "have_stream_id": have, "want_stream_id": want, "quantity": quantity,
        "have_quantity": have_quantity, "want_quantity": want_quantity,
        "coverage": quantity * factor / want_quantity, "unit": unit,
    }  # fmt: skip


def frame(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


@pytest.fixture(scope="module")
def leningrad():
    return load_or_raise(DATASETS_DIR / "leningrad")


@pytest.mark.parametrize("mode", MODES)
def test_ten_candidates_for_one_18000_mwh_want_add_18000_at_most(mode):
    rows = [candidate(f"H{i}", "W", 18_000 if i < 8 else 9_000, 20_000, 18_000) for i in range(10)]
    assert sum(r["quantity"] for r in rows) == 162_000
    allocated = allocate(frame(*rows), mode)
    assert allocated["quantity"].sum() == 18_000
    assert list(allocated["have_stream_id"]) == ["H0"]
    assert allocated["offered"].tolist() == [18_000]


def test_a_want_is_split_between_haves_only_when_both_sides_are_allowed():
    # H1 has 20,000: W1 (9,000) first, then 11,000 of W2's 15,000; H2 (10,000) meets the 4,000
    # left of W2 when several suppliers per want are allowed.
    rows = frame(
        candidate("H1", "W1", 9_000, 20_000, 9_000),
        candidate("H1", "W2", 15_000, 20_000, 15_000),
        candidate("H2", "W2", 10_000, 10_000, 15_000),
    )
    both = allocate(rows, BOTH_SIDES)
    assert both[["have_stream_id", "want_stream_id", "quantity"]].values.tolist() == [
        ["H1", "W1", 9_000], ["H1", "W2", 11_000], ["H2", "W2", 4_000],
    ]  # fmt: skip
    best = allocate(rows, BEST_PER_WANT)
    assert best[["have_stream_id", "want_stream_id", "quantity"]].values.tolist() == [
        ["H1", "W1", 9_000], ["H1", "W2", 11_000],
    ]  # fmt: skip
    summary = allocation_summary(rows, both).set_index("unit").loc["MWh/yr"]
    assert (summary["candidates"], summary["kept"], summary["left_out"]) == (3, 3, 0)
    assert (summary["offered"], summary["allocated"], summary["not_allocated"]) == (
        34_000, 24_000, 10_000,
    )  # fmt: skip


def test_a_have_already_used_by_flows_gives_only_its_remainder():
    rows = frame(candidate("H1", "W1", 9_000, 20_000, 9_000))
    assert allocate(rows, BOTH_SIDES, {"H1": 5_000})["quantity"].tolist() == [5_000]
    assert allocate(rows, BOTH_SIDES, {"H1": 0.0}).empty


def test_a_warm_water_want_is_consumed_in_its_own_unit():
    # 1 MWh of heat warms WARM_WATER_M3_PER_MWH m3; a 1,000 m3 want needs 1000 / f MWh.
    need = 1_000 / WARM_WATER_M3_PER_MWH
    rows = frame(
        candidate("H1", "W", need, 100.0, 1_000, factor=WARM_WATER_M3_PER_MWH),
        candidate("H2", "W", need, 100.0, 1_000, factor=WARM_WATER_M3_PER_MWH),
    )
    allocated = allocate(rows, BOTH_SIDES)
    assert allocated["quantity"].tolist() == pytest.approx([need])


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        allocate(frame(candidate("H", "W", 1, 1, 1)), "all")


def test_have_remaining_subtracts_existing_and_planned_flows_in_proportion():
    streams = pd.DataFrame(
        {
            "stream_id": ["A1", "A2", "B1", "C1"],
            "company_id": ["A", "A", "B", "C"],
            "direction": ["have", "have", "have", "want"],
            "material": ["fly_ash", "fly_ash", "fly_ash", "fly_ash"],
            "quantity": [3_000.0, 1_000.0, 500.0, 800.0],
            "unit": ["t/yr"] * 4,
        }
    )
    flows = pd.DataFrame(
        {
            "source_company": ["A", "A", "B"],
            "target_company": ["C", "C", "C"],
            "material": ["fly_ash"] * 3,
            "quantity": [1_000.0, 500.0, 100.0],
            "unit": ["t/yr"] * 3,
            "status": ["existing", "discontinued", "potential"],
        }
    )
    # A's 4,000 t less its existing 1,000 t: three quarters left on each of its streams.
    assert have_remaining(streams, flows).to_dict() == {"A1": 2_250.0, "A2": 750.0, "B1": 500.0}


@pytest.mark.parametrize("mode", MODES)
def test_leningrad_candidates_never_exceed_any_have_or_want(leningrad, mode):
    candidates = find_candidates(leningrad, MatchOptions())
    left = have_remaining(leningrad.streams, leningrad.flows)
    allocated = allocate(candidates, mode, left)
    confectionery = "syn-confectionery-frunzensky-want-heat"
    offered = candidates[candidates["want_stream_id"] == confectionery]
    assert len(offered) == 10 and offered["quantity"].sum() == 174_000
    assert allocated.loc[allocated["want_stream_id"] == confectionery, "quantity"].sum() == 18_000
    met = allocated["quantity"] * allocated["coverage"] * allocated["want_quantity"]
    met = met / allocated["offered"]
    per_want = met.groupby(allocated["want_stream_id"]).sum()
    wants = candidates.groupby("want_stream_id")["want_quantity"].first()
    assert (per_want <= wants[per_want.index] * (1 + 1e-9)).all()
    per_have = allocated.groupby("have_stream_id")["quantity"].sum()
    assert (per_have <= left[per_have.index] * (1 + 1e-9)).all()
    if mode == BEST_PER_WANT:
        assert allocated["want_stream_id"].is_unique


def heat(exchange_id, source, quantity=60_000.0):
    return Exchange(exchange_id, source, "works", "surplus_heat", quantity, "MWh/yr", 5.0)


def test_six_power_plants_feeding_one_works_and_an_exchange_twice_are_reported():
    plants = [f"plant{i}" for i in range(6)]
    streams = pd.DataFrame(
        {
            "stream_id": [f"{p}-have" for p in plants] + ["works-want"],
            "company_id": [*plants, "works"],
            "direction": ["have"] * 6 + ["want"],
            "material": ["surplus_heat"] * 6 + ["heat"],
            "quantity": [100_000.0] * 5 + [50_000.0, 60_000.0],
            "unit": ["MWh/yr"] * 7,
        }
    )
    exchanges = [heat(f"x{i}", p) for i, p in enumerate(plants)] + [heat("x5", "plant5")]
    check = over_allocation(exchanges, streams)
    assert check.duplicates == ("x5",)
    sides = {(o.side, o.company): o for o in check.overused}
    assert set(sides) == {("want", "works"), ("have", "plant5")}
    works = sides["want", "works"]
    assert (works.material, works.available, works.used, works.excess) == (
        "heat", 60_000, 420_000, 360_000,
    )  # fmt: skip
    assert works.exchanges == ("x0", "x1", "x2", "x3", "x4", "x5")
    assert (sides["have", "plant5"].used, sides["have", "plant5"].available) == (120_000, 50_000)


def test_a_chain_within_its_quantities_or_of_unknown_quantities_is_fine():
    streams = pd.DataFrame(
        {
            "stream_id": ["p-have", "w-want"], "company_id": ["plant", "works"],
            "direction": ["have", "want"], "material": ["surplus_heat", "heat"],
            "quantity": [60_000.0, None], "unit": ["MWh/yr", "MWh/yr"],
        }
    )  # fmt: skip
    check = over_allocation([heat("x", "plant"), heat("y", "plant", None)], streams)
    assert not check and check.overused == () and check.duplicates == ()
