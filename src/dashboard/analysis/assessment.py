"""Assessment of exchanges and chains: GHG, resources saved, waste diverted, energy, economics.

Counterfactual: the same companies without the exchange (Danielsson, Møller & Randers 2018).
Every result is per year and carries its working: the formula (a catalogue key), the input
values, and why it is unknown (`Missing` codes). An unknown quantity or a missing factor gives
None for the affected results, never 0. Display text is written by `dashboard.views`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.domain import reference
from dashboard.domain.exchange import Exchange
from dashboard.domain.factors import Factor, Factors

RESULTS = (
    "ghg_avoided_t_co2e",
    "virgin_resource_saved",
    "waste_diverted_t",
    "energy_recovered_mwh",
    "avoided_disposal_eur",
    "avoided_purchase_eur",
    "transport_cost_eur",
    "treatment_cost_eur",
    "transaction_cost_eur",
    "net_benefit_eur",
)
ECONOMIC = RESULTS[4:]
COSTS = ("transport_cost_eur", "treatment_cost_eur", "transaction_cost_eur")
# (source share, target share) of each economic result: the documented allocation rule
ALLOCATION = {
    "avoided_disposal_eur": (1.0, 0.0),
    "avoided_purchase_eur": (0.0, 1.0),
    "transport_cost_eur": (0.5, 0.5),
    "treatment_cost_eur": (0.0, 1.0),
    "transaction_cost_eur": (0.5, 0.5),
}
MASS_UNIT = "t/yr"
PIPED_GROUPS = ("energy", "water")


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
    exchange: Exchange
    results: dict[str, Result]
    factor_ids: dict[str, str]

    def share(self, company: str) -> dict[str, float | None]:
        """The company's share of each economic result (costs positive) and its net benefit."""
        ex = self.exchange
        roles = [i for i, c in enumerate((ex.source_company, ex.target_company)) if c == company]
        shares: dict[str, float | None] = {}
        for name, split in ALLOCATION.items():
            value = self.results[name].value
            shares[name] = None if value is None else sum(value * split[i] for i in roles)
        benefits = [shares["avoided_disposal_eur"], shares["avoided_purchase_eur"]]
        costs = [shares[c] for c in COSTS]
        shares["net_benefit_eur"] = (
            None if None in benefits + costs else sum(benefits) - sum(costs)  # type: ignore[arg-type]
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
        self, symbol: str, kind: str, material: str = "", route="", country=""
    ) -> Factor | None:
        found = self.factors.lookup(kind, material, route, country)
        if found is None:
            self.values[symbol] = None
            key = "/".join(x for x in (material, route, country) if x)
            self.missing[symbol] = Missing("factor", (("kind", kind), ("keys", key or "-")))
        else:
            self.values[symbol] = found.value
            self.ids[symbol] = found.factor_id
        return found

    def fixed(self, symbol: str, value: float) -> None:
        self.values[symbol] = value

    def result(self, unit: str, formula: str, symbols: tuple[str, ...], compute) -> Result:
        inputs = {s: self.values.get(s) for s in symbols}
        missing = tuple(dict.fromkeys(self.missing[s] for s in symbols if s in self.missing))
        if missing:
            return Result(None, unit, formula, inputs, missing)
        return Result(float(compute(**inputs)), unit, formula, inputs)


def assess_exchange(
    ex: Exchange, factors: Factors | None = None, distance_scale: float = 1.0
) -> Assessment:
    """All results of one exchange, per year, with their working."""
    factors = factors or Factors()
    w = _Working(ex, factors, distance_scale)
    m, use = ex.material, ex.use
    w.factor("EF_virgin", "ef_virgin", m, use)
    share = w.factor("share", "virgin_share", m, use)
    w.factor("EF_processing", "ef_processing", m, use)
    route_row = w.factor("route", "disposal_route", m, None, ex.source_country)
    route = route_row.route if route_row else None
    if route == "none":
        w.fixed("EF_disposal", 0.0)
        w.fixed("gate_fee", 0.0)
    elif route:
        w.factor("EF_disposal", "ef_disposal", m, route)
        w.factor("gate_fee", "gate_fee", "", route, ex.source_country)
    else:
        for symbol in ("EF_disposal", "gate_fee"):
            w.values[symbol] = None
            w.missing[symbol] = w.missing["route"]
    w.factor("price", "price_virgin", m, use, ex.target_country)
    w.factor("treatment", "treatment_cost", m, use)
    w.factor("transaction", "transaction_cost", "", "hazardous" if ex.hazardous else "")
    w.factor("k", "detour_factor", "", "road")
    results: dict[str, Result] = {}
    if w.mass:
        w.factor("EF_tkm", "ef_transport", "", "road")
        w.factor("d_virgin", "virgin_distance", m)
        w.factor("transport", "transport_cost", "", "road")
        results["ghg_avoided_t_co2e"] = w.result(
            "t CO2e",
            "ghg_mass",
            (
                "Q",
                "EF_virgin",
                "share",
                "EF_disposal",
                "d_virgin",
                "EF_tkm",
                "EF_processing",
                "d",
                "k",
            ),
            lambda Q, EF_virgin, share, EF_disposal, d_virgin, EF_tkm, EF_processing, d, k: (
                (
                    Q * (EF_virgin * share + EF_disposal)
                    + Q * d_virgin * EF_tkm
                    - Q * EF_processing
                    - Q * d * k * EF_tkm
                )
                / 1000
            ),
        )
        results_transport = w.result(
            "EUR",
            "transport_mass",
            ("Q", "d", "k", "transport"),
            lambda Q, d, k, transport: Q * d * k * transport,
        )
    else:
        w.factor("transport", "transport_cost", m, "pipe")
        results["ghg_avoided_t_co2e"] = w.result(
            "t CO2e",
            "ghg_piped",
            ("Q", "EF_virgin", "share", "EF_disposal", "EF_processing"),
            lambda Q, EF_virgin, share, EF_disposal, EF_processing: (
                (Q * (EF_virgin * share + EF_disposal) - Q * EF_processing) / 1000
            ),
        )
        results_transport = w.result(
            "EUR",
            "transport_piped",
            ("d", "k", "transport"),
            lambda d, k, transport: d * k * transport,
        )
    resource_unit = share.unit.split("/")[0] if share else ""
    results["virgin_resource_saved"] = w.result(
        resource_unit,
        "virgin_resource",
        ("Q", "share"),
        lambda Q, share: Q * share,
    )
    results["waste_diverted_t"] = _waste(w, route)
    results["energy_recovered_mwh"] = (
        w.result("MWh", "energy", ("Q",), lambda Q: Q)
        if (ex.unit or ("MWh/yr" if w.group == "energy" else "")) == "MWh/yr"
        else Result(0.0, "MWh", "not_energy")
    )
    results["avoided_disposal_eur"] = w.result(
        "EUR",
        "avoided_disposal",
        ("Q", "gate_fee"),
        lambda Q, gate_fee: Q * gate_fee,
    )
    results["avoided_purchase_eur"] = w.result(
        "EUR",
        "avoided_purchase",
        ("Q", "share", "price"),
        lambda Q, share, price: Q * share * price,
    )
    results["transport_cost_eur"] = results_transport
    results["treatment_cost_eur"] = w.result(
        "EUR",
        "treatment",
        ("Q", "treatment"),
        lambda Q, treatment: Q * treatment,
    )
    results["transaction_cost_eur"] = w.result(
        "EUR", "transaction", ("transaction",), lambda transaction: transaction
    )
    results["net_benefit_eur"] = _net(results)
    return Assessment(ex, results, dict(w.ids))


def _waste(w: _Working, route: str | None) -> Result:
    if route == "none" or w.group in PIPED_GROUPS:
        return Result(0.0, "t", "not_waste", {"route": route or ""})
    if route is None:
        return Result(None, "t", "waste", {}, (w.missing["route"],))
    return w.result("t", "waste", ("Q",), lambda Q: Q)


def _net(results: dict[str, Result]) -> Result:
    parts = {name: results[name].value for name in ECONOMIC[:-1]}
    missing = tuple(dict.fromkeys(r for name in ECONOMIC[:-1] for r in results[name].missing))
    value = None
    if not missing:
        value = (
            parts["avoided_disposal_eur"]
            + parts["avoided_purchase_eur"]
            - sum(parts[c] for c in COSTS)
        )
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
    assessments: tuple[Assessment, ...]
    totals: dict[str, Result]


def assess_chain(
    exchanges: Iterable[Exchange], factors: Factors | None = None, distance_scale: float = 1.0
) -> ChainAssessment:
    """Assess each exchange and sum every result across them (units permitting)."""
    factors = factors or Factors()
    assessments = tuple(assess_exchange(ex, factors, distance_scale) for ex in exchanges)
    labels = [a.exchange.exchange_id for a in assessments]
    totals = {name: sum_results((a.results[name] for a in assessments), labels) for name in RESULTS}
    return ChainAssessment(assessments, totals)


def partner_table(assessments: Iterable[Assessment]) -> pd.DataFrame:
    """Each company's share of the economic results; shares add up to the exchange totals."""
    assessments = list(assessments)
    companies = sorted(
        {c for a in assessments for c in (a.exchange.source_company, a.exchange.target_company)}
    )
    rows = []
    for company in companies:
        involved = [
            a
            for a in assessments
            if company in (a.exchange.source_company, a.exchange.target_company)
        ]
        row: dict[str, object] = {"company_id": company, "exchanges": len(involved)}
        for name in ECONOMIC:
            values = [a.share(company)[name] for a in involved]
            row[name] = None if None in values else float(sum(values))  # type: ignore[arg-type]
        rows.append(row)
    return pd.DataFrame(rows, columns=["company_id", "exchanges", *ECONOMIC])


