"""The policy what-if: changes parsed and applied to the factors, the policy facts and a carbon
price; a raised landfill charge never makes fewer exchanges worth it; a change to the current
value changes nothing; a carbon price adds GHG x price and nothing else; unknown stays unknown;
alternatives and units are never added."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.analysis import scenario as sc
from dashboard.analysis.matching import find_candidates
from dashboard.domain.factors import Factors, bundled

RU_LANDFILL = "gate_fee.landfill.RU"
SLOW = settings(max_examples=3, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


@pytest.fixture(scope="module")
def region(leningrad) -> sc.Region:
    return sc.region(leningrad)


def run(region, *changes) -> sc.ScenarioResult:
    return sc.compare(region, sc.Scenario("test", tuple(changes)))


@pytest.fixture(scope="module")
def baseline(region) -> sc.ScenarioResult:
    return run(region)


@pytest.fixture(scope="module")
def candidates(leningrad) -> pd.DataFrame:
    found = find_candidates(leningrad)
    return found.set_index(found["have_stream_id"] + ">" + found["want_stream_id"])


@pytest.mark.parametrize(
    ("text", "current", "expected"),
    [("24.5", 10.0, 24.5), ("-50", 10.0, -50.0), ("+5", 10.0, 5.0), ("+50%", 10.0, 15.0),
     ("-20 %", 10.0, 8.0), ("1e3", None, 1000.0), ("50%", 10.0, None), ("+50%", None, None),
     ("cheap", 10.0, None), ("inf", 10.0, None), ("", 10.0, None)],
)  # fmt: skip
def test_a_value_is_a_number_or_a_signed_percentage_of_the_current_one(text, current, expected):
    value = sc.parse_value(text, current)
    assert value == pytest.approx(expected) if expected is not None else value is None


def test_changes_resolve_to_factor_overrides_prices_and_statuses():
    factors = Factors()
    applied = sc.apply(
        sc.Scenario("s", (
            ("gate_fee.landfill", "30"), (RU_LANDFILL, "+50%"), ("transport.eur_per_tkm", "0.06"),
            ("factor.treatment_cost.slag", "3"), ("co2_price.RU", "20"), ("status.slag", "waste"),
        )),
        factors,
    )  # fmt: skip
    landfill = {f.factor_id for f in factors.rows if f.kind == "gate_fee" and f.route == "landfill"}
    assert len(landfill) >= 5 and landfill <= set(applied.factors.overrides)
    assert applied.factors.get("gate_fee.landfill.DK").value == 30
    # the later, narrower change wins, a percentage of the value before the scenario
    assert applied.factors.get(RU_LANDFILL).value == pytest.approx(16.359 * 1.5)
    assert applied.factors.get("transport_cost.road").value == 0.06
    assert applied.factors.get("treatment_cost.slag").value == 3
    assert applied.co2_prices == {"RU": 20.0} and applied.statuses == {"slag": "waste"}
    assert factors.overrides == {}  # the baseline is left as it was
    changes = {c.factor_id: c for c in applied.factor_changes}
    assert changes[RU_LANDFILL].before == pytest.approx(16.359)
    assert changes[RU_LANDFILL].unit == "EUR/t"


def test_a_carbon_price_for_every_country_and_its_percentage_of_each_reference():
    references = sc.co2_references(Factors())
    assert references["RU"] == 0 and references["SE"] == references["FI"] > 0
    everywhere = sc.apply(sc.Scenario("s", (("co2_price", "50"),))).co2_prices
    assert everywhere[sc.EVERY_COUNTRY] == 50 and everywhere["RU"] == 50
    raised = sc.apply(sc.Scenario("s", (("co2_price", "+10%"),))).co2_prices
    assert sc.EVERY_COUNTRY not in raised  # no reference to take 10 % of
    assert raised["SE"] == pytest.approx(references["SE"] * 1.1) and raised["RU"] == 0


def test_an_exchange_gets_the_lower_carbon_price_of_its_two_countries_and_none_unpriced():
    applied = sc.Applied(Factors(), co2_prices={"SE": 80.0, "FI": 60.0})
    assert applied.co2_price("SE", "FI") == 60 and applied.co2_price("SE", "SE") == 80
    assert applied.co2_price("SE", "RU") == 0 and applied.co2_price("", "") == 0
    applied = sc.Applied(Factors(), co2_prices={sc.EVERY_COUNTRY: 30.0, "RU": 0.0})
    assert applied.co2_price("SE", "DK") == 30 and applied.co2_price("SE", "RU") == 0


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [("landfill_fee.RU", "5", "unknown_key"), ("gate_fee.landfill.XX", "5", "no_factor"),
     ("gate_fee.landfill.ru", "5", "unknown_key"), ("gate_fee.sea", "5", "no_factor"),
     ("gate_fee", "5", "unknown_key"), ("transport.rail", "1", "unknown_key"),
     ("factor.no_such_factor", "1", "no_factor"), ("factor.fate.co2.none", "1", "choice_factor"),
     ("status.unobtainium", "waste", "unknown_material"), ("status.slag", "product", "bad_status"),
     ("co2_price.XX", "+10%", "no_reference"), ("co2_price.Russia", "5", "unknown_key"),
     (RU_LANDFILL, "cheap", "bad_value"), (RU_LANDFILL, "50%", "bad_value")],
)  # fmt: skip
def test_a_change_that_cannot_be_applied_says_why(key, value, code):
    with pytest.raises(sc.ScenarioError) as raised:
        sc.apply(sc.Scenario("s", ((key, value),)))
    assert (raised.value.code, raised.value.key, raised.value.value) == (code, key, value)


def test_a_key_given_twice_is_refused():
    with pytest.raises(sc.ScenarioError) as raised:
        sc.apply(sc.Scenario("s", ((RU_LANDFILL, "20"), (RU_LANDFILL, "30"))))
    assert raised.value.code == "twice"


def test_a_change_to_the_current_value_gives_identical_results(leningrad, region, baseline):
    same = run(
        region, (RU_LANDFILL, "16.359"), ("co2_price.RU", "0"),
        ("transport.eur_per_tkm", "0.12"), ("factor.transaction_cost", "+0%"),
    )  # fmt: skip
    assert same.applied.factors.overrides  # the factors were overridden, by the same values
    for result in (baseline, same):
        table = sc.comparison(result)
        assert table["baseline"].tolist() == table["scenario"].tolist()
        assert (table["difference"] == 0).all() and result.changed == ()
    assert same.after == same.baseline == baseline.baseline
    assert sc.evaluate(leningrad, same.scenario).after == same.after  # prepared or not


@SLOW
@given(st.lists(st.floats(0, 60, allow_nan=False), min_size=2, max_size=2))
def test_a_higher_landfill_charge_never_makes_fewer_exchanges_worth_it(region, values):
    low, high = sorted(values)
    lower, higher = run(region, (RU_LANDFILL, str(low))), run(region, (RU_LANDFILL, str(high)))
    for kind in ("candidates", "chains"):
        assert getattr(lower.after, kind)[sc.VIABLE] <= getattr(higher.after, kind)[sc.VIABLE]
    for exchange_id, state in lower.after.candidate_states.items():
        if state == sc.VIABLE:
            assert higher.after.candidate_states[exchange_id] == sc.VIABLE


@SLOW
@given(st.integers(0, 300))
def test_a_landfill_charge_raised_by_a_percentage_never_loses_an_exchange(region, percent):
    raised = run(region, ("gate_fee.landfill", f"+{percent}%"))
    assert raised.after.candidates[sc.VIABLE] >= raised.baseline.candidates[sc.VIABLE]
    assert raised.after.chains[sc.VIABLE] >= raised.baseline.chains[sc.VIABLE]
    assert all(c.baseline != sc.VIABLE for c in raised.changed)


def test_without_the_landfill_charge_some_landfilled_residues_are_no_longer_worth_it(
    region, baseline
):
    free = run(region, (RU_LANDFILL, "0"))
    assert free.after.candidates[sc.VIABLE] < baseline.baseline.candidates[sc.VIABLE]
    assert free.changed and {(c.baseline, c.scenario) for c in free.changed} == {
        (sc.VIABLE, sc.NOT_VIABLE)
    }


def test_a_carbon_price_adds_the_ghg_avoided_times_the_price_to_each_net_benefit(
    region, baseline, candidates
):
    priced = run(region, ("co2_price.RU", "40"))
    for exchange_id, net in priced.after.candidate_net.items():
        ghg = candidates.at[exchange_id, "ghg_avoided_t_co2e"]
        expected = baseline.baseline.candidate_net[exchange_id] + ghg * 40
        assert net == pytest.approx(expected, rel=1e-9, abs=1e-6), exchange_id
    assert priced.after.candidates[sc.VIABLE] > baseline.baseline.candidates[sc.VIABLE]
    assert priced.after.allocated_ghg.value != baseline.baseline.allocated_ghg.value
    # a price for other countries changes nothing in a Russian dataset
    elsewhere = run(region, ("co2_price.SE", "500"), ("co2_price.FI", "500"))
    assert elsewhere.after == elsewhere.baseline


def test_an_unknown_ghg_stays_unknown_when_a_carbon_price_applies(leningrad):
    rows = tuple(row for row in bundled() if row.factor_id != "ef_transport.road")
    without = Factors(rows)  # the GHG of road transport, and so of any mass exchange, unknown
    result = run(sc.region(leningrad, without), ("co2_price.RU", "40"))
    assert result.baseline.candidates[sc.UNKNOWN] == 0  # net benefit needs no emission factor
    assert result.after.candidates[sc.UNKNOWN] > 0
    assert {c.scenario for c in result.changed} >= {sc.UNKNOWN}
    ghg = result.baseline.allocated_ghg
    assert ghg.unknown > 0 and ghg.known + ghg.unknown == ghg.count == result.baseline.allocated
    table = sc.comparison(result).set_index(["metric", "unit"])
    assert table.at[("allocated_ghg_unknown", sc.COUNT), "baseline"] == ghg.unknown


def test_alternatives_and_units_are_never_added(baseline, candidates):
    state = baseline.baseline
    kept = candidates.loc[list(state.allocated_ids)]
    assert len(kept) == state.allocated > 0
    assert kept["want_stream_id"].is_unique  # one candidate per want
    table = sc.comparison(baseline)
    quantities = table[table["metric"] == "allocated_quantity"].set_index("unit")["baseline"]
    assert len(quantities) >= 2 and "" not in quantities.index  # a row per unit, never a sum
    assert set(quantities.index) == set(kept["unit"])
    # the allocated quantity never exceeds what was offered, unit by unit
    offered = kept.groupby("unit")["quantity"].sum()
    for unit, quantity in quantities.items():
        assert 0 < quantity <= offered[unit] + 1e-6
    units = dict(zip(table["metric"], table["unit"], strict=True))
    assert units["allocated_ghg"] == units["chains_ghg"] == sc.GHG_UNIT
    assert units["allocated_net_benefit"] == sc.EUR_UNIT
    assert {units[m] for m in units if m.startswith(("candidates", "chains_v", "chains_n"))} == {
        sc.COUNT
    }


def test_a_waste_status_changes_the_measures_that_apply_not_the_numbers(region, baseline):
    changed = run(region, ("status.slag", "waste"), ("status.fly_ash", "by_product"))
    assert changed.applied.statuses == {"slag": "waste", "fly_ash": "by_product"}
    assert changed.after.measures != changed.baseline.measures
    assert changed.after.candidate_net == baseline.baseline.candidate_net
    assert changed.after.chains == baseline.baseline.chains and changed.changed == ()


def test_the_table_holds_the_changes_every_metric_and_what_changed_state(region):
    result = run(region, (RU_LANDFILL, "0"), ("co2_price.RU", "10"), ("status.slag", "waste"))
    table = sc.scenario_table(result)
    assert list(table.columns) == list(sc.TABLE_COLUMNS)
    changes = table[table["kind"] == "change"].set_index("id")
    assert changes.at[RU_LANDFILL, "scenario"] == 0
    assert changes.at[RU_LANDFILL, "baseline"] == pytest.approx(16.359)
    assert changes.at["co2_price.RU", "scenario"] == 10
    assert changes.at["status.slag", "name"] == "waste"
    assert set(table[table["kind"] == "metric"]["id"]) == set(sc.comparison(result)["metric"])
    moved = table[table["kind"] == sc.CANDIDATE]
    assert len(moved) == sum(c.kind == sc.CANDIDATE for c in result.changed) > 0
    assert (moved["baseline_state"] != moved["scenario_state"]).all()
    assert moved["difference"].map(math.isfinite).all()
