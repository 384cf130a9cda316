"""A policy what-if for the whole region: change a gate fee or landfill tax, the road transport
cost, a carbon price or a material's waste status, and count the candidate exchanges and the
chains that are worth it (net benefit > 0) before and after, with the GHG they avoid.

A scenario is a name and changes, each a (key, value) pair of text:

- `gate_fee.<route>[.<CC>]`: the gate fee of a disposal route (`landfill`, `incineration`,
  `wastewater`), landfill or incineration tax included, in one country or in every country the
  factor table has (`gate_fee.landfill.RU`). The data holds the charge a giver pays per tonne,
  fee and tax together, so a landfill tax raised by EUR 10/t is the charge raised by 10;
- `transport.eur_per_tkm`: the road freight cost (factor `transport_cost.road`);
- `co2_price[.<CC>]`: a carbon price in EUR per t CO2e, in one country or in all of them;
- `status.<material>`: the material's waste status, `waste`, `by_product` or `not_waste`
  (end-of-waste), in every exchange of it, whatever its default or the data declare;
- `factor.<factor_id>`: any numeric factor of the factor table.

A value is a number, the new value, or a signed percentage (`+50%`, `-20%`), a change of the
current value. A key may be given once; a broader key and a narrower one (`gate_fee.landfill`
and `gate_fee.landfill.RU`) apply in the order given, the later one winning.

What the numbers mean, each state counterfactual as the assessment is:

- The baseline is the factors given (the bundled ones) and counts no carbon price: most
  emissions an exchange avoids (landfill methane, virgin material bought elsewhere) are priced
  for neither partner, and Russian emitters pay no carbon price at all (`co2_price.RU`). A
  scenario that sets a price adds its value to each exchange's net benefit: the GHG avoided (or,
  when negative, added) times the price of the companies' countries, the lower of the two; an
  exchange with a country the scenario prices not gets nothing, and an exchange whose GHG is
  unknown gets an unknown net benefit when a price applies to it.
- A waste status changes no number of the assessment: the tool holds no cost of a waste
  permit, a licence or a waste passport, and does not invent one. It changes the policy
  measures that apply (a licence to handle waste, the Russian by-product barrier ...), counted
  per state as the candidates and chains that meet a support, an obligation or a barrier.
- The candidates are the matching engine's pairs, the same in both states; each state
  reassesses their GHG and net benefit. A candidate is viable when its net benefit is known and
  above 0, not viable when it is known and 0 or less, unknown otherwise.
- Candidates are alternatives, so the GHG, net benefit and quantity of the viable ones are
  summed over one candidate per want: the viable candidates in the state's rank order,
  allocated best per want within what is left of each have and want
  (`allocation.allocate`), reassessed at the quantity allocated, and counted when they are
  still worth it. Quantities of different units are summed apart, never together.
- Chains are those detected from the flows (existing, planned and potential), each assessed
  as a whole; a chain is viable when its total net benefit is known and above 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from dashboard.analysis.allocation import BEST_PER_WANT, allocate, have_remaining
from dashboard.analysis.assessment import ChainAssessment, assess_chain, known_part
from dashboard.analysis.chains import DEFAULT_STATUSES, Chain, detect_chains
from dashboard.analysis.matching import ENGINE_COLUMNS, MatchOptions, find_candidates
from dashboard.analysis.policy.catalogue import CATEGORIES, TOKENS, Catalogue, bundled_catalogue
from dashboard.analysis.policy.facts import ExchangeFacts, candidate_facts, flow_facts
from dashboard.analysis.policy.rules import findings
from dashboard.analysis.worth import add_worth, worth_score
from dashboard.domain import reference
from dashboard.domain.exchange import flow_exchanges
from dashboard.domain.factors import CHOICE_KINDS, Factors

GATE_FEE, TRANSPORT, CO2_PRICE, STATUS, FACTOR = (
    "gate_fee", "transport", "co2_price", "status", "factor",
)  # fmt: skip
TRANSPORT_KEYS = {"eur_per_tkm": "transport_cost.road"}
"""`transport.<name>` -> the factor it sets."""
EVERY_COUNTRY = "*"
STATUSES = TOKENS["waste_status"]
VIABLE, NOT_VIABLE, UNKNOWN = "viable", "not_viable", "unknown"
STATES = (VIABLE, NOT_VIABLE, UNKNOWN)
CANDIDATE, CHAIN = "candidate", "chain"
COUNT, GHG_UNIT, EUR_UNIT, CO2_UNIT = "", "t CO2e/yr", "EUR/yr", "EUR/t CO2e"
COUNTRY = re.compile(r"^[A-Z]{2}$")
NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
PERCENT = re.compile(r"^([+-])(\d+(?:\.\d*)?|\.\d+)%$")


@dataclass(frozen=True)
class Scenario:
    """A named what-if: its changes as (key, value) text pairs, in the order they apply."""

    name: str
    changes: tuple[tuple[str, str], ...] = ()


class ScenarioError(ValueError):
    """A change that cannot be applied: a code (`unknown_key`, `bad_value`, `bad_status`,
    `unknown_material`, `no_factor`, `no_reference`, `choice_factor`, `twice`), the change's
    key and value. Its words are written by `dashboard.views.scenario_text`."""

    def __init__(self, code: str, key: str, value: str = ""):
        super().__init__(f"{code}: {key}={value}")
        self.code, self.key, self.value = code, key, value


@dataclass(frozen=True)
class FactorChange:
    """A factor a change sets: the change's key, the factor, its value before and after."""

    key: str
    factor_id: str
    unit: str
    before: float
    after: float


@dataclass(frozen=True)
class Applied:
    """A scenario applied: the factors with its overrides, what it changed in them, the carbon
    prices it sets (country, or `*` for every country, -> EUR/t CO2e) and the waste statuses
    (material -> status)."""

    factors: Factors
    factor_changes: tuple[FactorChange, ...] = ()
    co2_prices: Mapping[str, float] = field(default_factory=dict)
    statuses: Mapping[str, str] = field(default_factory=dict)

    def co2_price(self, source_country: str, target_country: str) -> float:
        """The carbon price on an exchange between two countries: the lower of theirs, 0 when
        the scenario prices either not."""
        prices = [self.co2_prices.get(c or "", self.co2_prices.get(EVERY_COUNTRY))
                  for c in (source_country, target_country)]  # fmt: skip
        return 0.0 if None in prices else float(min(prices))  # type: ignore[type-var]


def parse_value(text: str, current: float | None) -> float | None:
    """A change's number: `24.5` (the new value) or `+50%` / `-20%` of `current`; None when the
    text is neither, or when it is a percentage and there is no current value."""
    text = text.strip().replace(" ", "")
    if NUMBER.match(text):
        value = float(text)
        return value if math.isfinite(value) else None
    found = PERCENT.match(text)
    if not found or current is None:
        return None
    share = float(found.group(2)) / 100 * (1 if found.group(1) == "+" else -1)
    return current * (1 + share)


def gate_fee_routes(factors: Factors) -> tuple[str, ...]:
    """The disposal routes that have gate fees in the factor table."""
    return tuple(sorted({f.route for f in factors.rows if f.kind == GATE_FEE and f.route}))


def co2_references(factors: Factors) -> dict[str, float]:
    """The carbon price per country in the factor table (EUR/t CO2e): what a scenario's
    percentage changes, and what the page offers first. Not counted in the baseline."""
    return {f.country: factors.get(f.factor_id).value  # type: ignore[union-attr]
            for f in factors.rows if f.kind == CO2_PRICE and f.country}  # fmt: skip


def _factor_rows(key: str, value: str, factors: Factors) -> list[str]:
    """The factor ids a factor change sets."""
    kind, _, rest = key.partition(".")
    if kind == GATE_FEE:
        route, _, country = rest.partition(".")
        if country and not COUNTRY.match(country):
            raise ScenarioError("unknown_key", key, value)
        ids = [
            f.factor_id for f in factors.rows
            if f.kind == GATE_FEE and f.route == route and country in ("", f.country)
        ]  # fmt: skip
        if not ids:
            raise ScenarioError("no_factor", key, value)
        return ids
    if kind == TRANSPORT:
        if rest not in TRANSPORT_KEYS:
            raise ScenarioError("unknown_key", key, value)
        return [TRANSPORT_KEYS[rest]]
    row = factors.get(rest)
    if row is None:
        raise ScenarioError("no_factor", key, value)
    if row.kind in CHOICE_KINDS:
        raise ScenarioError("choice_factor", key, value)
    return [rest]


def apply(scenario: Scenario, factors: Factors | None = None) -> Applied:
    """The scenario's changes applied to `factors` (default: the bundled ones); a change that
    cannot be applied raises ScenarioError."""
    factors = factors or Factors()
    overrides: dict[str, float] = {}
    changed: dict[str, FactorChange] = {}
    prices: dict[str, float] = {}
    statuses: dict[str, str] = {}
    references = co2_references(factors)
    seen: set[str] = set()
    for key, value in scenario.changes:
        key, value = key.strip(), str(value).strip()
        if key in seen:
            raise ScenarioError("twice", key, value)
        seen.add(key)
        kind, _, rest = key.partition(".")
        if kind == STATUS:
            if rest not in reference.materials().index:
                raise ScenarioError("unknown_material", key, value)
            if value not in STATUSES:
                raise ScenarioError("bad_status", key, value)
            statuses[rest] = value
        elif kind == CO2_PRICE:
            if rest and not COUNTRY.match(rest):
                raise ScenarioError("unknown_key", key, value)
            countries = [rest] if rest else [EVERY_COUNTRY, *references]
            for country in countries:
                current = references.get(country)
                if PERCENT.match(value.replace(" ", "")) and current is None:
                    if country == EVERY_COUNTRY:
                        continue
                    raise ScenarioError("no_reference", key, value)
                price = parse_value(value, current)
                if price is None:
                    raise ScenarioError("bad_value", key, value)
                prices[country] = price
        elif kind in (GATE_FEE, TRANSPORT, FACTOR) and rest:
            for factor_id in _factor_rows(key, value, factors):
                row = factors.get(factor_id)
                assert row is not None
                new = parse_value(value, row.value)
                if new is None:
                    raise ScenarioError("bad_value", key, value)
                overrides[factor_id] = new
                changed[factor_id] = FactorChange(key, factor_id, row.unit, row.value, new)
        else:
            raise ScenarioError("unknown_key", key, value)
    return Applied(
        factors.with_overrides(overrides) if overrides else factors,
        tuple(changed.values()),
        prices,
        statuses,
    )


@dataclass(frozen=True)
class Offer:
    """A change a page offers for a dataset: its key, the current value (None when the factor
    table has none) in `unit`, and the factor it starts from."""

    key: str
    current: float | None
    unit: str
    factor_id: str = ""


def offers(dataset, factors: Factors | None = None) -> list[Offer]:
    """The numeric changes that concern a dataset: the gate fees of its companies' countries
    (one per route), the road freight cost, and a carbon price per country."""
    factors = factors or Factors()
    countries = sorted({c for c in _countries(dataset).values() if c})
    found = []
    for route in gate_fee_routes(factors):
        for country in countries:
            rows = [f for f in factors.rows if f.kind == GATE_FEE and f.route == route
                    and f.country == country and not f.material and not f.sector]  # fmt: skip
            for row in rows[:1]:
                value = factors.get(row.factor_id).value  # type: ignore[union-attr]
                found.append(Offer(f"{GATE_FEE}.{route}.{country}", value, row.unit,
                                   row.factor_id))  # fmt: skip
    for name, factor_id in TRANSPORT_KEYS.items():
        row = factors.get(factor_id)
        if row is not None:
            found.append(Offer(f"{TRANSPORT}.{name}", row.value, row.unit, factor_id))
    references = co2_references(factors)
    for country in countries:
        factor_id = f"{CO2_PRICE}.{country}"
        found.append(Offer(factor_id, references.get(country), CO2_UNIT,
                           factor_id if factors.get(factor_id) else ""))  # fmt: skip
    return found


# -- evaluating a scenario ---------------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """A sum of which some terms may be unknown: the known part, how many are known, of how
    many (`assessment.known_part`)."""

    value: float
    known: int
    count: int

    @property
    def unknown(self) -> int:
        return self.count - self.known


@dataclass(frozen=True)
class State:
    """One state (baseline or scenario) of a dataset's candidates and chains.

    `candidates` and `chains`: how many are viable, not viable and unknown. `allocated`: the
    viable candidates kept, one per want, still worth it at the quantity allocated; their GHG
    (t CO2e/yr), net benefit (EUR/yr) and quantity per unit (unit -> quantity). `chains_ghg`: the
    GHG of the viable chains. `measures`: per kind (`candidates`, `chains`), how many meet at
    least one measure of each category (support, obligation, barrier).
    """

    candidates: dict[str, int]
    chains: dict[str, int]
    allocated: int
    allocated_ghg: Known
    allocated_net_benefit: Known
    allocated_quantity: dict[str, float]
    chains_ghg: Known
    measures: dict[str, dict[str, int]]
    allocated_ids: tuple[str, ...] = ()
    candidate_states: dict[str, str] = field(default_factory=dict, repr=False)
    candidate_net: dict[str, float | None] = field(default_factory=dict, repr=False)
    chain_states: dict[str, str] = field(default_factory=dict, repr=False)
    chain_net: dict[str, float | None] = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Changed:
    """A candidate exchange or a chain whose state differs between baseline and scenario, with
    its net benefit in each (EUR/yr, None when unknown); a candidate's companies and material."""

    kind: str
    exchange_id: str
    baseline: str
    scenario: str
    baseline_net: float | None
    scenario_net: float | None
    source_company: str = ""
    target_company: str = ""
    material: str = ""


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario evaluated: what it changed, both states, what changed state, and the chains
    (ids, for naming them)."""

    scenario: Scenario
    applied: Applied
    baseline: State
    after: State
    changed: tuple[Changed, ...]
    chains: tuple[Chain, ...] = ()


def _state_of(net: float | None) -> str:
    if net is None or (isinstance(net, float) and math.isnan(net)):
        return UNKNOWN
    return VIABLE if net > 0 else NOT_VIABLE


def _countries(dataset) -> dict[str, str]:
    companies = dataset.companies
    country = companies.get("country", pd.Series("", index=companies.index))
    return dict(zip(companies["company_id"], country.fillna("").astype(str), strict=True))


def _priced(frame: pd.DataFrame, applied: Applied, countries: Mapping[str, str]) -> pd.DataFrame:
    """Candidates with the carbon value of the scenario's price added to their net benefit
    (unknown where a price applies and the GHG is unknown) and scored again."""
    if applied.co2_prices and len(frame):
        price = np.array([
            applied.co2_price(countries.get(s, ""), countries.get(t, ""))
            for s, t in zip(frame["source_company"], frame["target_company"], strict=True)
        ])  # fmt: skip
        ghg = frame["ghg_avoided_t_co2e"].to_numpy(dtype=float)
        carbon = np.where(price == 0, 0.0, ghg * price)
        net = frame["net_benefit_eur"].to_numpy(dtype=float) + carbon
        frame = frame.assign(net_benefit_eur=net)
        frame = frame.assign(score=worth_score(ghg, net, frame["fit"].to_numpy(dtype=float)))
    return frame


def _ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """Best first, as the matching engine ranks: score, then distance, then the stream ids."""
    return frame.sort_values(
        ["score", "distance_km", "have_stream_id", "want_stream_id"],
        ascending=[False, True, True, True], kind="stable",
    ).reset_index(drop=True)  # fmt: skip


def _candidate_ids(frame: pd.DataFrame) -> list[str]:
    return [f"{h}>{w}" for h, w in zip(frame["have_stream_id"], frame["want_stream_id"],
                                       strict=True)]  # fmt: skip


def _assessed(engine: pd.DataFrame, dataset, applied: Applied, countries) -> pd.DataFrame:
    frame = add_worth(engine[list(ENGINE_COLUMNS)], dataset, applied.factors)
    return _ranked(_priced(frame, applied, countries))


def _allocated(ranked: pd.DataFrame, dataset, applied: Applied, countries) -> pd.DataFrame:
    """The viable candidates allocated best per want, reassessed at the quantity allocated,
    kept when still worth it."""
    net = ranked["net_benefit_eur"]
    viable = ranked[net.notna() & (net > 0)]
    if viable.empty:
        return viable
    kept = allocate(viable, BEST_PER_WANT, have_remaining(dataset.streams, dataset.flows))
    if kept.empty:
        return kept
    again = _priced(add_worth(kept[list(ENGINE_COLUMNS)], dataset, applied.factors), applied,
                    countries)  # fmt: skip
    net = again["net_benefit_eur"]
    return again[net.notna() & (net > 0)].reset_index(drop=True)


def _chain_net(assessed: ChainAssessment, applied: Applied) -> float | None:
    """A chain's total net benefit plus the carbon value of its exchanges under the prices."""
    total = assessed.totals["net_benefit_eur"].value
    if total is None:
        return None
    for a in assessed.assessments:
        price = applied.co2_price(a.exchange.source_country, a.exchange.target_country)
        if price:
            ghg = a.results["ghg_avoided_t_co2e"].value
            if ghg is None:
                return None
            total += ghg * price
    return total


def _categories(found: Iterable) -> set[str]:
    return {f.measure.category for f in found}


def _with_statuses(facts: Iterable[ExchangeFacts], statuses: Mapping[str, str]):
    return [replace(f, waste_status=statuses[f.material]) if f.material in statuses else f
            for f in facts]  # fmt: skip


def _measures(
    catalogue: Catalogue,
    candidates: list[ExchangeFacts],
    flows: list[ExchangeFacts],
    chains: Iterable[Chain],
    statuses: Mapping[str, str],
) -> dict[str, dict[str, int]]:
    """How many candidates and chains meet at least one measure of each category."""
    per_candidate = [_categories(findings(catalogue, f))
                     for f in _with_statuses(candidates, statuses)]  # fmt: skip
    per_flow = {f.exchange_id: _categories(findings(catalogue, f))
                for f in _with_statuses(flows, statuses)}  # fmt: skip
    per_chain = [set().union(*(per_flow.get(i, set()) for i in c.flow_ids)) for c in chains]
    return {
        "candidates": {c: sum(c in found for found in per_candidate) for c in CATEGORIES},
        "chains": {c: sum(c in found for found in per_chain) for c in CATEGORIES},
    }


@dataclass(frozen=True)
class _Inputs:
    """What both states share: the engine's candidates, the chains and their exchanges, and
    the facts the policy rules test."""

    dataset: object
    engine: pd.DataFrame
    chains: tuple[Chain, ...]
    exchanges: dict
    candidate_facts: list[ExchangeFacts]
    flow_facts: list[ExchangeFacts]
    countries: dict[str, str]
    catalogue: Catalogue


def _state(
    inputs: _Inputs, applied: Applied, measures: dict[str, dict[str, int]] | None = None
) -> State:
    """A state of the candidates and chains under `applied`, by the same steps for the
    baseline and the scenario (a change to the current value gives the very same numbers);
    `measures` when they are known (the scenario changes no waste status)."""
    ranked = _assessed(inputs.engine, inputs.dataset, applied, inputs.countries)
    ids = _candidate_ids(ranked)
    nets = [None if math.isnan(v) else float(v) for v in ranked["net_benefit_eur"]]
    candidate_states = {i: _state_of(n) for i, n in zip(ids, nets, strict=True)}
    kept = _allocated(ranked, inputs.dataset, applied, inputs.countries)
    ghg = known_part(None if math.isnan(v) else float(v) for v in kept["ghg_avoided_t_co2e"])
    net = known_part(float(v) for v in kept["net_benefit_eur"])
    quantity = {str(u): float(q) for u, q in kept.groupby("unit")["quantity"].sum().items()}
    chain_states, chain_net, chain_ghg = {}, {}, []
    for chain in inputs.chains:
        assessed = assess_chain([inputs.exchanges[f] for f in chain.flow_ids], applied.factors)
        value = _chain_net(assessed, applied)
        chain_states[chain.chain_id] = _state_of(value)
        chain_net[chain.chain_id] = value
        if chain_states[chain.chain_id] == VIABLE:
            chain_ghg.append(assessed.totals["ghg_avoided_t_co2e"].value)
    if measures is None:
        measures = _measures(inputs.catalogue, inputs.candidate_facts, inputs.flow_facts,
                             inputs.chains, applied.statuses)  # fmt: skip
    return State(
        candidates=_counts(candidate_states.values()),
        chains=_counts(chain_states.values()),
        allocated=len(kept),
        allocated_ghg=Known(*ghg),
        allocated_net_benefit=Known(*net),
        allocated_quantity=quantity,
        chains_ghg=Known(*known_part(chain_ghg)),
        measures=measures,
        allocated_ids=tuple(_candidate_ids(kept)),
        candidate_states=candidate_states,
        candidate_net=dict(zip(ids, nets, strict=True)),
        chain_states=chain_states,
        chain_net=chain_net,
    )


def _counts(states: Iterable[str]) -> dict[str, int]:
    states = list(states)
    return {s: states.count(s) for s in STATES}


@dataclass(frozen=True)
class Region:
    """A dataset prepared for what-ifs: what every state shares and the baseline state under
    `factors`, computed once for any number of scenarios."""

    inputs: _Inputs
    factors: Factors
    baseline: State


def region(
    dataset,
    factors: Factors | None = None,
    catalogue: Catalogue | None = None,
    options: MatchOptions | None = None,
) -> Region:
    """The dataset's candidates (`options`, default the matching engine's), chains and policy
    facts, and their baseline state under `factors` (default: the bundled ones)."""
    factors = factors or Factors()
    engine = find_candidates(dataset, options or MatchOptions(), factors)
    chains = tuple(detect_chains(dataset.flows, DEFAULT_STATUSES))
    used = sorted({f for c in chains for f in c.flow_ids})
    exchanges = {ex.exchange_id: ex for ex in flow_exchanges(dataset, used)}
    inputs = _Inputs(
        dataset, engine, chains, exchanges, candidate_facts(dataset, engine),
        flow_facts(dataset, used), _countries(dataset), catalogue or bundled_catalogue(),
    )  # fmt: skip
    return Region(inputs, factors, _state(inputs, Applied(factors)))


def materials(prepared: Region) -> list[str]:
    """The materials of the prepared dataset's candidates and chains: those whose waste status
    a scenario may change with an effect."""
    inputs = prepared.inputs
    found = set(inputs.engine["have_material"]) | {ex.material for ex in inputs.exchanges.values()}
    return sorted(m for m in found if isinstance(m, str) and m)


def compare(prepared: Region, scenario: Scenario) -> ScenarioResult:
    """The scenario's state of a prepared dataset beside its baseline (module docstring)."""
    applied = apply(scenario, prepared.factors)
    baseline, inputs = prepared.baseline, prepared.inputs
    after = _state(inputs, applied, None if applied.statuses else baseline.measures)
    changed = _changes(inputs, baseline, after)
    return ScenarioResult(scenario, applied, baseline, after, changed, inputs.chains)


def evaluate(
    dataset,
    scenario: Scenario,
    factors: Factors | None = None,
    catalogue: Catalogue | None = None,
    options: MatchOptions | None = None,
) -> ScenarioResult:
    """The dataset's candidates and chains in the baseline (`factors`, default the bundled
    ones) and under the scenario, side by side; a change that cannot be applied raises
    ScenarioError before anything is computed."""
    apply(scenario, factors)
    return compare(region(dataset, factors, catalogue, options), scenario)


def _changes(inputs: _Inputs, baseline: State, after: State) -> tuple[Changed, ...]:
    found = []
    engine = inputs.engine
    for row, exchange_id in zip(engine.itertuples(index=False), _candidate_ids(engine),
                                strict=True):  # fmt: skip
        before, now = baseline.candidate_states[exchange_id], after.candidate_states[exchange_id]
        if before != now:
            found.append(
                Changed(CANDIDATE, exchange_id, before, now, baseline.candidate_net[exchange_id],
                        after.candidate_net[exchange_id], row.source_company, row.target_company,
                        row.have_material)
            )  # fmt: skip
    for chain in inputs.chains:
        key = chain.chain_id
        before, now = baseline.chain_states[key], after.chain_states[key]
        if before != now:
            found.append(Changed(CHAIN, key, before, now, baseline.chain_net[key],
                                 after.chain_net[key]))  # fmt: skip
    return tuple(found)


# -- the result as a table ----------------------------------------------------------------------

COMPARISON_COLUMNS = ("metric", "unit", "baseline", "scenario", "difference")


def _metrics(state: State) -> dict[tuple[str, str], float]:
    rows: dict[tuple[str, str], float] = {}
    rows[("candidates", COUNT)] = sum(state.candidates.values())
    for s in STATES:
        rows[(f"candidates_{s}", COUNT)] = state.candidates[s]
    rows[("allocated", COUNT)] = state.allocated
    rows[("allocated_ghg", GHG_UNIT)] = state.allocated_ghg.value
    rows[("allocated_ghg_unknown", COUNT)] = state.allocated_ghg.unknown
    rows[("allocated_net_benefit", EUR_UNIT)] = state.allocated_net_benefit.value
    for unit, quantity in sorted(state.allocated_quantity.items()):
        rows[("allocated_quantity", unit)] = quantity
    rows[("chains", COUNT)] = sum(state.chains.values())
    for s in STATES:
        rows[(f"chains_{s}", COUNT)] = state.chains[s]
    rows[("chains_ghg", GHG_UNIT)] = state.chains_ghg.value
    rows[("chains_ghg_unknown", COUNT)] = state.chains_ghg.unknown
    for kind, counts in state.measures.items():
        for category in CATEGORIES:
            rows[(f"{kind}_with_{category}", COUNT)] = counts[category]
    return rows


def comparison(result: ScenarioResult) -> pd.DataFrame:
    """One row per metric and unit: its value in the baseline and in the scenario, and the
    difference (a quantity of a unit that only one state allocates is 0 in the other)."""
    before, after = _metrics(result.baseline), _metrics(result.after)
    keys = list(dict.fromkeys([*before, *after]))
    rows = []
    for metric, unit in keys:
        b, a = before.get((metric, unit), 0.0), after.get((metric, unit), 0.0)
        rows.append({"metric": metric, "unit": unit, "baseline": b, "scenario": a,
                     "difference": a - b})  # fmt: skip
    return pd.DataFrame(rows, columns=list(COMPARISON_COLUMNS))


TABLE_COLUMNS = (
    "kind", "id", "name", "unit", "baseline", "scenario", "difference", "baseline_state",
    "scenario_state", "source_company", "target_company", "material",
)  # fmt: skip


def scenario_table(result: ScenarioResult) -> pd.DataFrame:
    """The scenario as one table, for the command line and the download: its changes (kind
    `change`: a factor set, a carbon price, a status), every metric (kind `metric`), and the
    candidates and chains that changed state (kind `candidate`, `chain`, with their net
    benefit in EUR/yr); codes and numbers, English column names."""
    rows: list[dict[str, object]] = []
    applied = result.applied
    for c in applied.factor_changes:
        rows.append({"kind": "change", "id": c.factor_id, "name": c.key, "unit": c.unit,
                     "baseline": c.before, "scenario": c.after,
                     "difference": c.after - c.before})  # fmt: skip
    for country, price in applied.co2_prices.items():
        key = CO2_PRICE if country == EVERY_COUNTRY else f"{CO2_PRICE}.{country}"
        rows.append({"kind": "change", "id": key, "name": CO2_PRICE, "unit": CO2_UNIT,
                     "baseline": 0.0, "scenario": price, "difference": price})  # fmt: skip
    for material, status in applied.statuses.items():
        rows.append({"kind": "change", "id": f"{STATUS}.{material}", "name": status,
                     "material": material})  # fmt: skip
    for row in comparison(result).itertuples(index=False):
        rows.append({"kind": "metric", "id": row.metric, "unit": row.unit,
                     "baseline": row.baseline, "scenario": row.scenario,
                     "difference": row.difference})  # fmt: skip
    for c in result.changed:
        difference = (None if c.baseline_net is None or c.scenario_net is None
                      else c.scenario_net - c.baseline_net)  # fmt: skip
        rows.append({"kind": c.kind, "id": c.exchange_id, "unit": EUR_UNIT,
                     "baseline": c.baseline_net, "scenario": c.scenario_net,
                     "difference": difference, "baseline_state": c.baseline,
                     "scenario_state": c.scenario, "source_company": c.source_company,
                     "target_company": c.target_company, "material": c.material})  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    for column in ("baseline", "scenario", "difference"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame
