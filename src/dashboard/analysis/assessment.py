"""Assessment of exchanges and chains: GHG, resources saved, waste diverted, energy, economics.

Counterfactual: the same companies without the exchange (Danielsson, Møller & Randers 2018).
Without it, the giver's residue goes to its *fate* and the receiver buys what the residue
replaces at its *use*:

- `landfill`, `incineration` (energy recovered and credited), `wastewater_treatment`: the
  exchange avoids the fate's emissions and gate fee, and the receiver's virgin purchase;
- `market`: the residue is sold anyway. When this receiver uses it as the market does (its
  default use), the exchange only changes logistics: the transport to the usual buyer
  (`market_distance`) against this one, and who pays whom (the receiver would have bought it on
  the market at `market_price`). When this receiver puts it to another use, the market's use is
  lost (its credit counts against the exchange) and the giver forgoes the market price;
- `on_site_energy`: the giver burns it in its own boiler; diverting it, the giver buys
  replacement fuel (its emissions and cost count against the exchange);
- `none`: nothing is avoided at the giver (surplus heat released, tyres stockpiled).

Heat costs electricity at the giver's grid factor: a power station that extracts it from its
turbine loses some (`electricity_use`), and heat colder than its use needs (`supply_temperature`
below `required_temperature`) goes through a heat pump whose COP is a share of the Carnot COP
(`heat_pump_efficiency`). A price the
receiver pays the giver (`transfer_price`) splits the benefit between them and nets out of
the total. Every result is per year and carries its working: the formula (a catalogue key),
the input values, and why it is unknown (`Missing` codes). An unknown quantity or a missing
factor gives None for the affected results, never 0. Display text is written by `views`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.domain import reference
from dashboard.domain.exchange import Exchange
from dashboard.domain.factors import Factor, Factors
from dashboard.domain.fates import (
    DISPOSAL_FATES,
    INCINERATION,
    LANDFILL,
    MARKET,
    ON_SITE,
    WASTEWATER,
)
from dashboard.domain.statuses import CANDIDATE, EXISTING, PLANNED, POTENTIAL

RESULTS = (
    "ghg_avoided_t_co2e",
    "virgin_resource_saved",
    "waste_diverted_t",
    "energy_recovered_mwh",
    "avoided_disposal_eur",
    "avoided_purchase_eur",
    "foregone_value_eur",
    "transport_cost_eur",
    "treatment_cost_eur",
    "electricity_cost_eur",
    "transaction_cost_eur",
    "net_benefit_eur",
)
ECONOMIC = RESULTS[4:]
BENEFITS = ("avoided_disposal_eur", "avoided_purchase_eur")
COSTS = (
    "foregone_value_eur",
    "transport_cost_eur",
    "treatment_cost_eur",
    "electricity_cost_eur",
    "transaction_cost_eur",
)
# (source share, target share) of each economic result: the documented allocation rule; the
# transfer price moves money from the target to the source on top of it.
ALLOCATION = {
    "avoided_disposal_eur": (1.0, 0.0),
    "avoided_purchase_eur": (0.0, 1.0),
    "foregone_value_eur": (1.0, 0.0),
    "transport_cost_eur": (0.5, 0.5),
    "treatment_cost_eur": (0.0, 1.0),
    "electricity_cost_eur": (1.0, 0.0),
    "transaction_cost_eur": (0.5, 0.5),
}
MASS_UNIT = "t/yr"
PIPED_GROUPS = ("energy", "water")

KELVIN = 273.15

# Status groups of a chain's totals: what runs, what is decided, what is only proposed.
STATUS_GROUPS = {"existing": (EXISTING,), "planned": (PLANNED,), "proposed": (POTENTIAL, CANDIDATE)}


@dataclass(frozen=True)
class Missing:
    """Why a result is unknown: a code (`quantity`, `distance`, `factor`, `units_differ`), its
    parameters, and the exchange it concerns when a chain total adds exchanges up."""

    code: str
    params: tuple[tuple[str, str], ...] = ()
    exchange: str = ""


@dataclass(frozen=True)
class Result:
    """One result with its working; `value` None means unknown, `missing` says why.

    `formula` names the formula (`ghg_mass`, `sum`, ...), not its text."""

    value: float | None
    unit: str
    formula: str
    inputs: dict[str, object] = field(default_factory=dict)
    missing: tuple[Missing, ...] = ()

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Assessment:
    """One exchange assessed: its results, the fate assumed without it and the emission of that
    fate per unit, the transfer paid, and the factor behind each symbol."""

    exchange: Exchange
    results: dict[str, Result]
    factor_ids: dict[str, str]
    fate: str = ""
    fate_emission: Result = field(default_factory=lambda: Result(0.0, "kg CO2e/unit", ""))
    electricity: Result = field(default_factory=lambda: Result(0.0, "MWh/unit", ""))
    transfer: Result = field(default_factory=lambda: Result(0.0, "EUR", "transfer"))
    credited_downstream: bool = False

    def share(self, company: str) -> dict[str, float | None]:
        """The company's share of each economic result (costs positive), the transfer it
        receives (negative when it pays) and its net benefit."""
        ex = self.exchange
        roles = [i for i, c in enumerate((ex.source_company, ex.target_company)) if c == company]
        shares: dict[str, float | None] = {}
        for name, split in ALLOCATION.items():
            value = self.results[name].value
            shares[name] = None if value is None else sum(value * split[i] for i in roles)
        paid = self.transfer.value
        shares["transfer_eur"] = None if paid is None else sum((paid, -paid)[i] for i in roles)
        parts = [shares[b] for b in BENEFITS] + [shares["transfer_eur"]]
        costs = [shares[c] for c in COSTS]
        shares["net_benefit_eur"] = (
            None if None in parts + costs else sum(parts) - sum(costs)  # type: ignore[arg-type]
        )
        return shares


class _Working:
    """Looks up the factors of one exchange and builds results with their working."""

    def __init__(self, ex: Exchange, factors: Factors, distance_scale: float = 1.0):
        self.ex, self.factors = ex, factors
        self.values: dict[str, float | None] = {}
        self.missing: dict[str, Missing] = {}
        self.ids: dict[str, str] = {}
        table = reference.materials()
        self.group = table.at[ex.material, "group"] if ex.material in table.index else ""
        unit = ex.unit or (table.at[ex.material, "unit"] if ex.material in table.index else "")
        self.mass = unit == MASS_UNIT
        self.values["Q"] = ex.quantity
        if ex.quantity is None:
            self.missing["Q"] = Missing("quantity")
        distance = None if ex.distance_km is None else ex.distance_km * distance_scale
        self.values["d"] = distance
        if distance is None:
            self.missing["d"] = Missing("distance")

    def factor(
        self, symbol: str, kind: str, material: str = "", route="", country="", sector=""
    ) -> Factor | None:
        found = self.factors.lookup(kind, material, route, country, sector)
        if found is None:
            self.values[symbol] = None
            key = "/".join(x for x in (material, route, country, sector) if x)
            self.missing[symbol] = Missing("factor", (("kind", kind), ("keys", key or "-")))
        else:
            self.values[symbol] = found.value
            self.ids[symbol] = found.factor_id
        return found

    def fixed(self, symbol: str, value: float | None, missing: Missing | None = None) -> None:
        self.values[symbol] = value
        if missing is not None:
            self.missing[symbol] = missing

    def result(
        self, unit: str, formula: str, symbols: tuple[str, ...], compute: Callable
    ) -> Result:
        inputs = {s: self.values.get(s) for s in symbols}
        missing = tuple(dict.fromkeys(self.missing[s] for s in symbols if s in self.missing))
        if missing:
            return Result(None, unit, formula, inputs, missing)
        return Result(float(compute(**inputs)), unit, formula, inputs)


def virgin_kind(use: str) -> str:
    """The factor kind of what a use replaces: grid electricity has its own country factors."""
    return "ef_electricity" if use == "electricity" else "ef_virgin"


def price_kind(use: str) -> str:
    return "price_electricity" if use == "electricity" else "price_virgin"


def default_fate(ex: Exchange, factors: Factors) -> Factor | None:
    """The bundled fate of the exchange's residue without it (material, giver's country and
    sector), or None when the factor table has none."""
    return factors.lookup("fate", ex.material, None, ex.source_country, ex.source_sector)


def fate_of(ex: Exchange, factors: Factors) -> tuple[str, Factor | None]:
    """The fate assumed: the exchange's own (declared or chosen), else the default."""
    if ex.fate:
        row = factors.lookup("fate", ex.material, ex.fate, ex.source_country, ex.source_sector)
        return ex.fate, row if row is not None and row.route == ex.fate else None
    row = default_fate(ex, factors)
    return (row.route, row) if row is not None else ("", None)


def market_use(ex: Exchange, factors: Factors) -> str:
    """What the residue is usually sold for in the giver's country (`market_use` rows), else
    the material's default use (its factor rows without a use)."""
    row = factors.lookup("market_use", ex.material, None, ex.source_country, ex.source_sector)
    return row.route if row is not None and row.route else ex.material


def same_use_as_market(ex: Exchange, factors: Factors) -> bool:
    """True when this receiver puts the residue to the use the market does: both uses credit
    the same replaced resource (the same `ef_virgin` row)."""
    m = ex.material

    def credit(use: str) -> str:
        use = "" if use == m else use
        row = factors.lookup(virgin_kind(use or m), m, use, ex.target_country)
        return row.factor_id if row is not None else use

    return credit(ex.use or m) == credit(market_use(ex, factors))


def _fate_emission(w: _Working, fate: str) -> Result:
    """EF_fate: emissions of the fate per unit that the exchange avoids, less the credits the
    fate earned that the exchange loses (kg CO2e per unit)."""
    ex, m, unit = w.ex, w.ex.material, "kg CO2e/unit"
    if fate == MARKET and not same_use_as_market(ex, w.factors):
        alt = market_use(ex, w.factors)
        alt = "" if alt == m else alt
        w.factor("EF_alt", virgin_kind(alt or m), m, alt, ex.source_country)
        w.factor("share_alt", "virgin_share", m, alt)
        w.factor("EF_proc_alt", "ef_processing", m, alt)
        return w.result(
            unit, "fate_market", ("EF_alt", "share_alt", "EF_proc_alt"),
            lambda EF_alt, share_alt, EF_proc_alt: -(EF_alt * share_alt - EF_proc_alt),
        )  # fmt: skip
    if fate in (LANDFILL, WASTEWATER):
        w.factor("EF_disposal", "ef_disposal", m, fate)
        return w.result(unit, "fate_disposal", ("EF_disposal",), lambda EF_disposal: EF_disposal)
    if fate == INCINERATION:
        w.factor("EF_disposal", "ef_disposal", m, fate)
        w.factor("R", "energy_recovery", m)
        w.factor("EF_rec", "ef_fuel", "", "recovered_energy", ex.source_country)
        return w.result(
            unit, "fate_incineration", ("EF_disposal", "R", "EF_rec"),
            lambda EF_disposal, R, EF_rec: EF_disposal - R * EF_rec,
        )  # fmt: skip
    if fate == ON_SITE:
        w.factor("H", "energy_content", m)
        w.factor("EF_fuel", "ef_fuel", "", "replacement", ex.source_country, ex.source_sector)
        return w.result(unit, "fate_on_site", ("H", "EF_fuel"), lambda H, EF_fuel: -H * EF_fuel)
    return Result(0.0, unit, "fate_none", {"fate": fate})


def _electricity(w: _Working) -> Result:
    """E_el: electricity the exchange needs per unit delivered: what a power station loses by
    extracting the heat, plus a heat pump's when the heat is colder than its use needs."""
    ex, m, unit = w.ex, w.ex.material, "MWh/unit"
    use = ex.use or m
    w.factor("E_chp", "electricity_use", m, use, "", ex.source_sector)
    supply = w.factors.lookup("supply_temperature", m, "", None, ex.source_sector)
    required = w.factors.lookup("required_temperature", "", use, None, ex.target_sector)
    supplied = ex.temperature_c if ex.temperature_c is not None else supply and supply.value
    if supplied is None or required is None or supplied >= required.value:
        return w.result(unit, "electricity_use", ("E_chp",), lambda E_chp: E_chp)
    if ex.temperature_c is not None:
        w.fixed("T_supply", ex.temperature_c)
    else:
        w.factor("T_supply", "supply_temperature", m, "", None, ex.source_sector)
    w.factor("T_required", "required_temperature", "", use, None, ex.target_sector)
    w.factor("eta_hp", "heat_pump_efficiency")
    return w.result(
        unit, "electricity_heat_pump", ("E_chp", "T_supply", "T_required", "eta_hp"),
        lambda E_chp, T_supply, T_required, eta_hp: E_chp
        + (T_required - T_supply) / (eta_hp * (T_required + KELVIN)),
    )  # fmt: skip


def assess_exchange(
    ex: Exchange,
    factors: Factors | None = None,
    distance_scale: float = 1.0,
    credited_downstream: bool = False,
) -> Assessment:
    """All results of one exchange, per year, with their working.

    `credited_downstream`: the receiver passes what it makes of the residue on within the
    chain, so what it replaces is credited at that final use, not here.
    """
    factors = factors or Factors()
    w = _Working(ex, factors, distance_scale)
    m, use = ex.material, ex.use
    fate, fate_row = fate_of(ex, factors)
    if fate_row is not None:
        w.ids["fate"] = fate_row.factor_id
    if not fate:
        w.missing["fate"] = Missing("factor", (("kind", "fate"), ("keys", m or "-")))
    if use in DISPOSAL_FATES and use == fate:
        return _is_fate(ex, w, fate)
    market = fate == MARKET and same_use_as_market(ex, factors)
    credited_downstream = credited_downstream and not market
    ef_fate = _fate_emission(w, fate)
    w.fixed("EF_fate", ef_fate.value, ef_fate.missing[0] if ef_fate.missing else None)
    if fate in DISPOSAL_FATES:
        w.factor("gate_fee", "gate_fee", "", fate, ex.source_country)
    share = w.factor("share", "virgin_share", m, use, ex.target_country)
    w.factor("EF_virgin", virgin_kind(use or m), m, use, ex.target_country)
    w.factor("price", price_kind(use or m), m, use, ex.target_country)
    w.factor("EF_processing", "ef_processing", m, use)
    w.factor("treatment", "treatment_cost", m, use)
    electricity = _electricity(w)
    w.fixed("E_el", electricity.value, electricity.missing[0] if electricity.missing else None)
    w.factor("EF_el", "ef_electricity", "", "", ex.source_country)
    w.factor("p_el", "price_electricity", "", "", ex.source_country)
    w.factor("transaction", "transaction_cost", "", "hazardous" if ex.hazardous else "")
    w.factor("k", "detour_factor", "", "road")
    if fate == MARKET:
        w.factor("p_market", "market_price", m, "", ex.source_country)
    if market:
        w.factor("d_market", "market_distance", m)
    if ex.transfer_price is not None:
        w.fixed("p_t", ex.transfer_price)
    else:
        found = w.factor("p_t", "market_price", m, "", ex.source_country)
        if found is not None:
            w.ids["p_t"] = found.factor_id
    if fate == ON_SITE:
        w.factor("p_fuel", "price_fuel", "", "replacement", ex.source_country)

    results: dict[str, Result] = {}
    if w.mass:
        w.factor("EF_tkm", "ef_transport", "", "road")
        w.factor("d_virgin", "virgin_distance", m)
        w.factor("transport", "transport_cost", "", "road")
    else:
        w.factor("transport", "transport_cost", m, "pipe")
    results["ghg_avoided_t_co2e"] = _ghg(w, market, credited_downstream)
    resource_unit = share.unit.split("/")[0] if share else ""
    if market or credited_downstream:
        formula = "virgin_market" if market else "credited_downstream"
        results["virgin_resource_saved"] = Result(0.0, resource_unit, formula)
    else:
        results["virgin_resource_saved"] = w.result(
            resource_unit, "virgin_resource", ("Q", "share"), lambda Q, share: Q * share
        )
    results["waste_diverted_t"] = (
        w.result("t", "waste", ("Q",), lambda Q: Q)
        if fate in DISPOSAL_FATES and w.group not in PIPED_GROUPS
        else Result(0.0, "t", "not_waste", {"fate": fate})
    )
    results["energy_recovered_mwh"] = (
        w.result("MWh", "energy", ("Q",), lambda Q: Q)
        if (ex.unit or ("MWh/yr" if w.group == "energy" else "")) == "MWh/yr"
        else Result(0.0, "MWh", "not_energy")
    )
    results.update(_economics(w, fate, market, credited_downstream))
    results["net_benefit_eur"] = _net(results)
    transfer = w.result("EUR", "transfer", ("Q", "p_t"), lambda Q, p_t: Q * p_t)
    return Assessment(
        ex, results, dict(w.ids), fate, ef_fate, electricity, transfer, credited_downstream
    )


def _is_fate(ex: Exchange, w: _Working, fate: str) -> Assessment:
    """The receiver is the residue's fate itself (a sludge incinerator): nothing is avoided."""
    results = {
        name: Result(0.0, "t CO2e" if name == "ghg_avoided_t_co2e" else "EUR", "is_fate",
                     {"fate": fate})
        for name in RESULTS
    }  # fmt: skip
    results["virgin_resource_saved"] = Result(0.0, "", "is_fate", {"fate": fate})
    results["waste_diverted_t"] = Result(0.0, "t", "is_fate", {"fate": fate})
    results["energy_recovered_mwh"] = Result(0.0, "MWh", "is_fate", {"fate": fate})
    ids = {"fate": w.ids["fate"]} if "fate" in w.ids else {}
    return Assessment(
        ex, results, ids, fate, Result(0.0, "kg CO2e/unit", "is_fate", {"fate": fate})
    )


def _ghg(w: _Working, market: bool, downstream: bool) -> Result:
    unit = "t CO2e"
    if market:
        if not w.mass:
            return Result(0.0, unit, "ghg_market_piped")
        return w.result(
            unit, "ghg_market", ("Q", "d_market", "d", "k", "EF_tkm"),
            lambda Q, d_market, d, k, EF_tkm: Q * (d_market - d * k) * EF_tkm / 1000,
        )  # fmt: skip
    electricity = ("E_el", "EF_el")
    if downstream:
        if w.mass:
            symbols = ("Q", "EF_fate", "EF_processing", *electricity, "d", "k", "EF_tkm")
            return w.result(
                unit, "ghg_downstream_mass", symbols,
                lambda Q, EF_fate, EF_processing, E_el, EF_el, d, k, EF_tkm: (
                    Q * EF_fate - Q * EF_processing - Q * E_el * EF_el - Q * d * k * EF_tkm
                ) / 1000,
            )  # fmt: skip
        return w.result(
            unit, "ghg_downstream_piped", ("Q", "EF_fate", "EF_processing", *electricity),
            lambda Q, EF_fate, EF_processing, E_el, EF_el: (
                Q * EF_fate - Q * EF_processing - Q * E_el * EF_el
            ) / 1000,
        )  # fmt: skip
    credit = ("Q", "EF_virgin", "share", "EF_fate")
    if w.mass:
        symbols = (*credit, "d_virgin", "EF_tkm", "EF_processing", *electricity, "d", "k")
        return w.result(
            unit, "ghg_mass", symbols,
            lambda Q, EF_virgin, share, EF_fate, d_virgin, EF_tkm, EF_processing, E_el, EF_el,
            d, k: (
                Q * (EF_virgin * share + EF_fate)
                + Q * d_virgin * EF_tkm
                - Q * EF_processing
                - Q * E_el * EF_el
                - Q * d * k * EF_tkm
            ) / 1000,
        )  # fmt: skip
    return w.result(
        unit, "ghg_piped", (*credit, "EF_processing", *electricity),
        lambda Q, EF_virgin, share, EF_fate, EF_processing, E_el, EF_el: (
            Q * (EF_virgin * share + EF_fate) - Q * EF_processing - Q * E_el * EF_el
        ) / 1000,
    )  # fmt: skip


def _economics(w: _Working, fate: str, market: bool, downstream: bool) -> dict[str, Result]:
    eur = "EUR"
    out: dict[str, Result] = {}
    if fate in DISPOSAL_FATES:
        out["avoided_disposal_eur"] = w.result(
            eur, "avoided_disposal", ("Q", "gate_fee"), lambda Q, gate_fee: Q * gate_fee
        )
    else:
        out["avoided_disposal_eur"] = Result(0.0, eur, "no_disposal", {"fate": fate})
    if downstream:
        out["avoided_purchase_eur"] = Result(0.0, eur, "credited_downstream")
    elif market:
        out["avoided_purchase_eur"] = w.result(
            eur, "avoided_purchase_market", ("Q", "p_market"), lambda Q, p_market: Q * p_market
        )
    else:
        out["avoided_purchase_eur"] = w.result(
            eur, "avoided_purchase", ("Q", "share", "price"),
            lambda Q, share, price: Q * share * price,
        )  # fmt: skip
    if fate == MARKET:
        out["foregone_value_eur"] = w.result(
            eur, "foregone_market", ("Q", "p_market"), lambda Q, p_market: Q * p_market
        )
    elif fate == ON_SITE:
        out["foregone_value_eur"] = w.result(
            eur, "foregone_fuel", ("Q", "H", "p_fuel"), lambda Q, H, p_fuel: Q * H * p_fuel
        )
    else:
        out["foregone_value_eur"] = Result(0.0, eur, "nothing_foregone", {"fate": fate})
    if w.mass and market:
        out["transport_cost_eur"] = w.result(
            eur, "transport_market", ("Q", "d", "k", "d_market", "transport"),
            lambda Q, d, k, d_market, transport: Q * (d * k - d_market) * transport,
        )  # fmt: skip
    elif w.mass:
        out["transport_cost_eur"] = w.result(
            eur, "transport_mass", ("Q", "d", "k", "transport"),
            lambda Q, d, k, transport: Q * d * k * transport,
        )  # fmt: skip
    else:
        out["transport_cost_eur"] = w.result(
            eur, "transport_piped", ("d", "k", "transport"),
            lambda d, k, transport: d * k * transport,
        )  # fmt: skip
    if market:
        out["treatment_cost_eur"] = Result(0.0, eur, "treatment_market")
        out["electricity_cost_eur"] = Result(0.0, eur, "treatment_market")
    else:
        out["treatment_cost_eur"] = w.result(
            eur, "treatment", ("Q", "treatment"), lambda Q, treatment: Q * treatment
        )
        out["electricity_cost_eur"] = w.result(
            eur, "electricity", ("Q", "E_el", "p_el"), lambda Q, E_el, p_el: Q * E_el * p_el
        )
    out["transaction_cost_eur"] = w.result(
        eur, "transaction", ("transaction",), lambda transaction: transaction
    )
    return out


def _net(results: dict[str, Result]) -> Result:
    parts = {name: results[name].value for name in ECONOMIC[:-1]}
    missing = tuple(dict.fromkeys(r for name in ECONOMIC[:-1] for r in results[name].missing))
    value = None
    if not missing:
        value = sum(parts[b] for b in BENEFITS) - sum(parts[c] for c in COSTS)
    return Result(value, "EUR", "net_benefit", parts, missing)


def sum_results(results: Iterable[Result], labels: Iterable[str] | None = None) -> Result:
    """Sum of results: None when any is unknown or when their units differ."""
    results = list(results)
    labels = list(labels) if labels is not None else [""] * len(results)
    units = sorted({r.unit for r in results})
    inputs = {
        label or str(i): r.value for i, (label, r) in enumerate(zip(labels, results, strict=True))
    }
    formula = "sum"
    if len(units) > 1:
        return Result(
            None, "", formula, inputs, (Missing("units_differ", (("units", ", ".join(units)),)),)
        )
    missing = tuple(
        dict.fromkeys(
            replace(reason, exchange=label) if label and not reason.exchange else reason
            for label, r in zip(labels, results, strict=True)
            for reason in r.missing
        )
    )
    unit = units[0] if units else ""
    if missing:
        return Result(None, unit, formula, inputs, missing)
    return Result(float(sum(r.value for r in results)), unit, formula, inputs)  # type: ignore[misc]


@dataclass(frozen=True)
class ChainAssessment:
    """A chain assessed: each exchange, the totals of all of them, and the totals of its
    existing, planned and proposed exchanges apart (`by_status`)."""

    assessments: tuple[Assessment, ...]
    totals: dict[str, Result]
    by_status: dict[str, dict[str, Result]] = field(default_factory=dict)


def _totals(assessments: Iterable[Assessment]) -> dict[str, Result]:
    assessments = list(assessments)
    labels = [a.exchange.exchange_id for a in assessments]
    return {name: sum_results((a.results[name] for a in assessments), labels) for name in RESULTS}


def assess_chain(
    exchanges: Iterable[Exchange], factors: Factors | None = None, distance_scale: float = 1.0
) -> ChainAssessment:
    """Assess each exchange and sum every result across them (units permitting).

    Mass balance: when a receiver passes what it makes of a residue on within the chain (a
    recycler's output to a converter, a pellet plant's pellets to a boiler), the virgin
    resource is credited once, at the final use: the exchange into the processor keeps its
    avoided fate, processing and costs but no use credit (`downstream_inputs`).
    """
    factors = factors or Factors()
    exchanges = list(exchanges)
    downstream = downstream_inputs(exchanges)
    assessments = tuple(
        assess_exchange(ex, factors, distance_scale, ex.exchange_id in downstream)
        for ex in exchanges
    )
    by_status = {
        group: _totals(a for a in assessments if a.exchange.status in statuses)
        for group, statuses in STATUS_GROUPS.items()
        if any(a.exchange.status in statuses for a in assessments)
    }
    return ChainAssessment(assessments, _totals(assessments), by_status)


def downstream_inputs(exchanges: Iterable[Exchange]) -> set[str]:
    """Ids of the exchanges whose receiver turns the residue into something it sends on within
    the same chain (the output is the same material or one the input becomes, per
    `data/reference/transformations.csv`)."""
    exchanges = list(exchanges)
    becomes = reference.transformations()
    sent: dict[str, set[str]] = {}
    for ex in exchanges:
        sent.setdefault(ex.source_company, set()).add(ex.material)
    found = set()
    for ex in exchanges:
        outputs = sent.get(ex.target_company, set())
        products = {ex.material, *becomes.get(ex.material, ())}
        if ex.source_company != ex.target_company and outputs & products:
            found.add(ex.exchange_id)
    return found


def partner_table(assessments: Iterable[Assessment]) -> pd.DataFrame:
    """Each company's share of the economic results and the transfers it receives (negative
    when it pays); shares add up to the exchange totals."""
    assessments = list(assessments)
    companies = sorted(
        {c for a in assessments for c in (a.exchange.source_company, a.exchange.target_company)}
    )
    columns = [*ECONOMIC[:-1], "transfer_eur", "net_benefit_eur"]
    rows = []
    for company in companies:
        involved = [
            a
            for a in assessments
            if company in (a.exchange.source_company, a.exchange.target_company)
        ]
        row: dict[str, object] = {"company_id": company, "exchanges": len(involved)}
        for name in columns:
            values = [a.share(company)[name] for a in involved]
            row[name] = None if None in values else float(sum(values))  # type: ignore[arg-type]
        rows.append(row)
    return pd.DataFrame(rows, columns=["company_id", "exchanges", *columns])


def known_part(values: Iterable[float | None]) -> tuple[float, int, int]:
    """Sum of the known values, how many are known, how many in all: the part of a total that
    can be stated when some of its terms are unknown (say so beside it)."""
    values = list(values)
    known = [v for v in values if v is not None]
    return float(sum(known)), len(known), len(values)


PROVENANCE_ORDER = ("documented", "reported", "estimated", "synthetic", "unspecified")


def factor_provenance(assessments: Iterable[Assessment], factors: Factors) -> str:
    """How many of the distinct factors behind the assessments are of each provenance:
    'documented:3;reported:2;estimated:9' (machine-readable; empty when none)."""
    ids = {i for a in assessments for i in a.factor_ids.values()}
    counts: dict[str, int] = {}
    for factor_id in ids:
        row = factors.get(factor_id)
        if row is not None:
            counts[row.provenance] = counts.get(row.provenance, 0) + 1
    order = [p for p in PROVENANCE_ORDER if p in counts]
    order += sorted(set(counts) - set(PROVENANCE_ORDER))
    return ";".join(f"{p}:{counts[p]}" for p in order)


def weakest(provenances: Iterable[str]) -> str:
    """The least certain of some provenances (documented is the most certain)."""
    ranks = [PROVENANCE_ORDER.index(p) if p in PROVENANCE_ORDER else len(PROVENANCE_ORDER)
             for p in provenances]  # fmt: skip
    return PROVENANCE_ORDER[min(max(ranks), len(PROVENANCE_ORDER) - 1)] if ranks else ""
