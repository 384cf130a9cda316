"""Assessment of exchanges and chains: GHG, resources, economics, soft MCA and sensitivity.

Counterfactual: the same companies without the exchange (Danielsson, Møller & Randers 2018).
Every result is per year and carries its working: formula, input values, and what is missing.
An unknown quantity or a missing factor gives None for the affected results, never 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard import reference
from dashboard.factors import Factor, Factors
from dashboard.i18n import t

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
class Result:
    """One result with its working; `value` None means unknown, `missing` says why."""

    value: float | None
    unit: str
    formula: str
    inputs: dict[str, object] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Exchange:
    """A flow or a candidate exchange; `distance_km` is great-circle, `use` the want it serves."""

    exchange_id: str
    source_company: str
    target_company: str
    material: str
    quantity: float | None
    unit: str | None
    distance_km: float | None
    use: str = ""
    source_country: str = ""
    target_country: str = ""
    status: str = "candidate"
    hazardous: bool = False
    want_quantity: float | None = None


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


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (the matching engine's formula, for one pair)."""
    from dashboard.matching import haversine_km as distances

    return float(distances(lat1, lon1, lat2, lon2))


def optional_number(value: object) -> float | None:
    """A float, or None for a missing, NA, NaN or non-numeric value."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _text(value: object) -> str:
    return (
        ""
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
        else str(value)
    )


def _use(material: str, wants: Iterable[str]) -> str:
    """The want a material serves: itself, else the first want it satisfies."""
    wants = sorted(set(wants))
    if material in wants:
        return material
    table = reference.materials()
    satisfied = table.at[material, "satisfies"] if material in table.index else ()
    return next((w for w in wants if w in satisfied), "")


def flow_exchanges(dataset, flow_ids: Iterable[str] | None = None) -> list[Exchange]:
    """Exchanges for the dataset's flows (all of them, or `flow_ids` in that order)."""
    companies = dataset.companies.set_index("company_id")
    streams = dataset.streams
    flows = dataset.flows.set_index("flow_id", drop=False)
    ids = list(flows.index) if flow_ids is None else [f for f in flow_ids if f in flows.index]
    exchanges = []
    for flow_id in ids:
        row = flows.loc[flow_id]
        source, target = row["source_company"], row["target_company"]
        distance = None
        if source in companies.index and target in companies.index:
            a, b = companies.loc[source], companies.loc[target]
            distance = haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])
        wants = streams[(streams["company_id"] == target) & (streams["direction"] == "want")]
        use = _use(row["material"], wants["material"].dropna())
        want_rows = wants[(wants["material"] == use) & (wants["unit"] == row["unit"])]
        haves = streams[
            (streams["company_id"] == source)
            & (streams["direction"] == "have")
            & (streams["material"] == row["material"])
        ]
        exchanges.append(
            Exchange(
                exchange_id=str(flow_id),
                source_company=source,
                target_company=target,
                material=row["material"],
                quantity=optional_number(row["quantity"]),
                unit=row["unit"] or None,
                distance_km=distance,
                use=use,
                source_country=_country(companies, source),
                target_country=_country(companies, target),
                status=row["status"],
                hazardous=bool(haves["hazardous"].fillna(False).any()),
                want_quantity=float(want_rows["quantity"].sum()) if len(want_rows) else None,
            )
        )
    return exchanges


def _country(companies: pd.DataFrame, company: str) -> str:
    return _text(companies.at[company, "country"]) if company in companies.index else ""


def candidate_exchange(row: Mapping, dataset=None, exchange_id: str = "") -> Exchange:
    """An exchange from a matching-engine candidate row (source_company, target_company,
    have_material, quantity, unit, distance_km; want_material, want_quantity and hazardous
    when present)."""
    countries = {}
    if dataset is not None:
        countries = dataset.companies.set_index("company_id")["country"].to_dict()
    source, target = _text(row.get("source_company")), _text(row.get("target_company"))
    material = _text(row.get("have_material") or row.get("material"))
    return Exchange(
        exchange_id=exchange_id or f"{source}>{target}:{material}",
        source_company=source,
        target_company=target,
        material=material,
        quantity=optional_number(row.get("quantity")),
        unit=_text(row.get("unit")) or None,
        distance_km=optional_number(row.get("distance_km")),
        use=_text(row.get("want_material")),
        source_country=_text(countries.get(source)),
        target_country=_text(countries.get(target)),
        status=_text(row.get("status")) or "candidate",
        hazardous=str(row.get("hazardous")).lower() == "true",
        want_quantity=optional_number(row.get("want_quantity")),
    )


class _Working:
    """Looks up the factors of one exchange and builds results with their working."""

    def __init__(self, ex: Exchange, factors: Factors, distance_scale: float = 1.0):
        self.ex, self.factors = ex, factors
        self.values: dict[str, float | None] = {}
        self.missing: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        table = reference.materials()
        self.group = table.at[ex.material, "group"] if ex.material in table.index else ""
        unit = ex.unit or (table.at[ex.material, "unit"] if ex.material in table.index else "")
        self.mass = unit == MASS_UNIT
        self.values["Q"] = ex.quantity
        if ex.quantity is None:
            self.missing["Q"] = t("assess.missing_quantity")
        distance = None if ex.distance_km is None else ex.distance_km * distance_scale
        self.values["d"] = distance
        if distance is None:
            self.missing["d"] = t("assess.missing_distance")

    def factor(
        self, symbol: str, kind: str, material: str = "", route="", country=""
    ) -> Factor | None:
        found = self.factors.lookup(kind, material, route, country)
        if found is None:
            self.values[symbol] = None
            key = "/".join(x for x in (material, route, country) if x)
            self.missing[symbol] = t("assess.missing_factor", kind=kind, keys=key or "-")
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
            t("assess.formula.ghg_mass"),
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
            t("assess.formula.transport_mass"),
            ("Q", "d", "k", "transport"),
            lambda Q, d, k, transport: Q * d * k * transport,
        )
    else:
        w.factor("transport", "transport_cost", m, "pipe")
        results["ghg_avoided_t_co2e"] = w.result(
            "t CO2e",
            t("assess.formula.ghg_piped"),
            ("Q", "EF_virgin", "share", "EF_disposal", "EF_processing"),
            lambda Q, EF_virgin, share, EF_disposal, EF_processing: (
                (Q * (EF_virgin * share + EF_disposal) - Q * EF_processing) / 1000
            ),
        )
        results_transport = w.result(
            "EUR",
            t("assess.formula.transport_piped"),
            ("d", "k", "transport"),
            lambda d, k, transport: d * k * transport,
        )
    resource_unit = share.unit.split("/")[0] if share else ""
    results["virgin_resource_saved"] = w.result(
        resource_unit,
        t("assess.formula.virgin_resource"),
        ("Q", "share"),
        lambda Q, share: Q * share,
    )
    results["waste_diverted_t"] = _waste(w, route)
    results["energy_recovered_mwh"] = (
        w.result("MWh", t("assess.formula.energy"), ("Q",), lambda Q: Q)
        if (ex.unit or ("MWh/yr" if w.group == "energy" else "")) == "MWh/yr"
        else Result(0.0, "MWh", t("assess.not_energy"))
    )
    results["avoided_disposal_eur"] = w.result(
        "EUR",
        t("assess.formula.avoided_disposal"),
        ("Q", "gate_fee"),
        lambda Q, gate_fee: Q * gate_fee,
    )
    results["avoided_purchase_eur"] = w.result(
        "EUR",
        t("assess.formula.avoided_purchase"),
        ("Q", "share", "price"),
        lambda Q, share, price: Q * share * price,
    )
    results["transport_cost_eur"] = results_transport
    results["treatment_cost_eur"] = w.result(
        "EUR",
        t("assess.formula.treatment"),
        ("Q", "treatment"),
        lambda Q, treatment: Q * treatment,
    )
    results["transaction_cost_eur"] = w.result(
        "EUR", t("assess.formula.transaction"), ("transaction",), lambda transaction: transaction
    )
    results["net_benefit_eur"] = _net(results)
    return Assessment(ex, results, dict(w.ids))


def _waste(w: _Working, route: str | None) -> Result:
    if route == "none" or w.group in PIPED_GROUPS:
        return Result(0.0, "t", t("assess.not_waste"), {"route": route or ""})
    if route is None:
        return Result(None, "t", t("assess.formula.waste"), {}, (w.missing["route"],))
    return w.result("t", t("assess.formula.waste"), ("Q",), lambda Q: Q)


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
    return Result(value, "EUR", t("assess.formula.net_benefit"), parts, missing)


def sum_results(results: Iterable[Result], labels: Iterable[str] | None = None) -> Result:
    """Sum of results: None when any is unknown or when their units differ."""
    results = list(results)
    labels = list(labels) if labels is not None else [""] * len(results)
    units = sorted({r.unit for r in results})
    inputs = {
        label or str(i): r.value for i, (label, r) in enumerate(zip(labels, results, strict=True))
    }
    formula = t("assess.formula.sum")
    if len(units) > 1:
        return Result(
            None, "", formula, inputs, (t("assess.units_differ", units=", ".join(units)),)
        )
    missing = tuple(
        dict.fromkeys(
            f"{label}: {reason}" if label else reason
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


# Soft multi-criteria assessment (Lindfors et al. 2019; CORALIS readiness axes)
CRITERIA = {
    "quantity": "potential",
    "ghg": "potential",
    "net_benefit": "performance",
    "ghg_per_t": "performance",
    "distance": "feasibility",
    "quantity_fit": "feasibility",
    "regulatory": "feasibility",
    "hazard": "feasibility",
    "readiness": "feasibility",
}
DEFAULT_WEIGHTS = dict.fromkeys(CRITERIA, 1.0)
READINESS = {
    "existing": 1.0,
    "planned": 0.6,
    "potential": 0.3,
    "candidate": 0.2,
    "discontinued": 0.0,
}
QUANTITY_REFERENCE = {"t/yr": 100_000.0, "MWh/yr": 100_000.0, "m3/yr": 1_000_000.0}
GHG_REFERENCE_T = 10_000.0
NET_BENEFIT_SCALE_EUR = 1_000_000.0
GHG_PER_T_REFERENCE = 1.0
REGULATORY = {"hazardous": 0.2, "waste": 0.6, "by_product": 1.0}
HAZARD = {"hazardous": 0.0, "special_handling": 0.5, "none": 1.0}


def criterion_label(criterion: str) -> str:
    return t(f"assess.criterion.{criterion}")


def _log_score(value: float, reference_value: float) -> float:
    return min(1.0, math.log10(1 + max(0.0, value)) / math.log10(1 + reference_value))


def criteria_scores(chain: ChainAssessment) -> dict[str, float | None]:
    """Each criterion normalised to 0..1 (None when unknown); rules in the module constants.

    quantity: mean of log10(1+Q)/log10(1+reference of the unit), capped at 1;
    ghg: log10(1+GHG)/log10(1+10,000 t), negative GHG scores 0;
    net_benefit: 0.5 + 0.5 tanh(net / EUR 1 m); ghg_per_t: GHG per t moved / 1 t, clipped;
    distance: 1 - road distance / material's max distance, weakest link;
    quantity_fit: min(Q, want) / max(Q, want), weakest link;
    regulatory: hazardous waste 0.2, waste 0.6, by-product or energy 1.0, weakest link;
    hazard: hazardous 0, special handling 0.5, none 1, weakest link;
    readiness: existing 1, planned 0.6, potential 0.3, candidate 0.2, discontinued 0; weakest link.
    """
    table = reference.materials()
    exchanges = [a.exchange for a in chain.assessments]
    scores: dict[str, float | None] = dict.fromkeys(CRITERIA)
    quantities = [
        _log_score(ex.quantity, QUANTITY_REFERENCE[ex.unit])
        for ex in exchanges
        if ex.quantity is not None and ex.unit in QUANTITY_REFERENCE
    ]
    scores["quantity"] = float(np.mean(quantities)) if quantities else None
    ghg = chain.totals["ghg_avoided_t_co2e"].value
    scores["ghg"] = None if ghg is None else _log_score(ghg, GHG_REFERENCE_T)
    net = chain.totals["net_benefit_eur"].value
    scores["net_benefit"] = (
        None if net is None else 0.5 + 0.5 * math.tanh(net / NET_BENEFIT_SCALE_EUR)
    )
    mass = [a for a in chain.assessments if a.exchange.unit == MASS_UNIT]
    mass_ghg = [a.results["ghg_avoided_t_co2e"].value for a in mass]
    tonnes = sum(a.exchange.quantity or 0.0 for a in mass)
    if mass and None not in mass_ghg and tonnes > 0:
        per_t = sum(mass_ghg) / tonnes  # type: ignore[arg-type]
        scores["ghg_per_t"] = float(np.clip(per_t / GHG_PER_T_REFERENCE, 0.0, 1.0))
    distances = []
    for a in chain.assessments:
        ex = a.exchange
        k = a.results["transport_cost_eur"].inputs.get("k")
        if ex.distance_km is not None and ex.material in table.index and k is not None:
            max_km = float(table.at[ex.material, "max_distance_km"] or "nan")
            if max_km > 0:
                distances.append(float(np.clip(1 - ex.distance_km * k / max_km, 0.0, 1.0)))
    scores["distance"] = min(distances) if distances else None
    fits = [
        min(ex.quantity, ex.want_quantity) / max(ex.quantity, ex.want_quantity)
        for ex in exchanges
        if ex.quantity and ex.want_quantity
    ]
    scores["quantity_fit"] = min(fits) if fits else None
    if exchanges:
        scores["regulatory"] = min(REGULATORY[_regulatory(a)] for a in chain.assessments)
        scores["hazard"] = min(HAZARD[_hazard(ex, table)] for ex in exchanges)
        scores["readiness"] = min(READINESS.get(ex.status, 0.0) for ex in exchanges)
    return scores


def _regulatory(a: Assessment) -> str:
    if a.exchange.hazardous:
        return "hazardous"
    route = a.results["waste_diverted_t"]
    return "by_product" if route.value == 0.0 and not route.missing else "waste"


def _hazard(ex: Exchange, table: pd.DataFrame) -> str:
    if ex.hazardous:
        return "hazardous"
    handling = table.at[ex.material, "hazardous_handling"] if ex.material in table.index else ""
    return "none" if handling in ("", "none") else "special_handling"


def mca_score(
    scores: Mapping[str, float | None], weights: Mapping[str, float] | None = None
) -> tuple[float | None, float]:
    """Weighted mean of the known criteria and the share of the weight that was known."""
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    total = sum(w for c, w in weights.items() if c in CRITERIA and w > 0)
    known = {c: s for c, s in scores.items() if s is not None and weights.get(c, 0) > 0}
    known_weight = sum(weights[c] for c in known)
    if not known_weight:
        return None, 0.0
    score = sum(weights[c] * s for c, s in known.items()) / known_weight
    return score, known_weight / total if total else 0.0


def compare_chains(
    chains: Mapping[str, ChainAssessment], weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Chains side by side: criteria scores, MCA score, coverage and the two headline results."""
    rows = []
    for chain_id, chain in chains.items():
        scores = criteria_scores(chain)
        score, coverage = mca_score(scores, weights)
        rows.append(
            {
                "chain": chain_id,
                **scores,
                "score": score,
                "coverage": coverage,
                "ghg_avoided_t_co2e": chain.totals["ghg_avoided_t_co2e"].value,
                "net_benefit_eur": chain.totals["net_benefit_eur"].value,
            }
        )
    columns = ["chain", *CRITERIA, "score", "coverage", "ghg_avoided_t_co2e", "net_benefit_eur"]
    return pd.DataFrame(rows, columns=columns)


SENSITIVITY_OUTPUTS = ("ghg_avoided_t_co2e", "net_benefit_eur")
DISTANCE = "distance"


def sensitivity(
    exchanges: Iterable[Exchange], factors: Factors | None = None, percent: float = 25.0
) -> pd.DataFrame:
    """Tornado data: each output when the distance and each factor used vary by +-percent.

    Columns: parameter, output, base, low (at -percent), high (at +percent); rows sorted by
    swing, largest first. Factors of value 0 and the categorical disposal route are left out.
    """
    exchanges = list(exchanges)
    factors = factors or Factors()
    p = percent / 100
    base = assess_chain(exchanges, factors)
    ids = sorted({i for a in base.assessments for s, i in a.factor_ids.items() if s != "route"})
    variants: dict[str, tuple[ChainAssessment, ChainAssessment]] = {
        DISTANCE: (
            assess_chain(exchanges, factors, 1 - p),
            assess_chain(exchanges, factors, 1 + p),
        )
    }
    for factor_id in ids:
        value = factors.get(factor_id).value  # type: ignore[union-attr]
        if value == 0:
            continue
        variants[factor_id] = (
            assess_chain(exchanges, factors.with_overrides({factor_id: value * (1 - p)})),
            assess_chain(exchanges, factors.with_overrides({factor_id: value * (1 + p)})),
        )
    rows = []
    for output in SENSITIVITY_OUTPUTS:
        for parameter, (low, high) in variants.items():
            rows.append(
                {
                    "parameter": parameter,
                    "output": output,
                    "base": base.totals[output].value,
                    "low": low.totals[output].value,
                    "high": high.totals[output].value,
                }
            )
    frame = pd.DataFrame(rows, columns=["parameter", "output", "base", "low", "high"])
    swing = (frame["high"].astype(float) - frame["low"].astype(float)).abs()
    frame = frame.assign(_swing=swing).sort_values(
        ["output", "_swing", "parameter"], ascending=[True, False, True], na_position="last"
    )
    return frame.drop(columns="_swing").reset_index(drop=True)


TABLE_COLUMNS = (
    "kind", "id", "name", "flows", "status", "material", "quantity", "unit", "road_distance_km",
    "ghg_avoided_t_co2e", "virgin_resource_saved", "virgin_resource_unit", "waste_diverted_t",
    "energy_recovered_mwh", "avoided_disposal_eur", "avoided_purchase_eur", "transport_cost_eur",
    "treatment_cost_eur", "transaction_cost_eur", "net_benefit_eur", "mca_score", "mca_coverage",
    "missing",
)  # fmt: skip


def _table_row(kind: str, row_id: str, name: str, chain: ChainAssessment) -> dict[str, object]:
    totals = chain.totals
    resource = totals["virgin_resource_saved"]
    missing = dict.fromkeys(reason for name in RESULTS for reason in totals[name].missing)
    score, coverage = mca_score(criteria_scores(chain))
    row: dict[str, object] = {
        "kind": kind,
        "id": row_id,
        "name": name,
        "flows": ";".join(a.exchange.exchange_id for a in chain.assessments),
        "virgin_resource_unit": resource.unit if resource.known else None,
        "mca_score": score,
        "mca_coverage": coverage,
        "missing": "; ".join(missing) or None,
    }
    for result in RESULTS:
        row[result] = totals[result].value
    return row


def assessment_table(
    dataset, factors: Factors | None = None, statuses: Iterable[str] | None = None
) -> pd.DataFrame:
    """One row per flow and per detected chain with every result; unknown results are empty."""
    from dashboard.chains import DEFAULT_STATUSES, detect_chains

    factors = factors or Factors()
    exchanges = {ex.exchange_id: ex for ex in flow_exchanges(dataset)}
    rows = []
    for ex in exchanges.values():
        row = _table_row("flow", ex.exchange_id, "", assess_chain([ex], factors))
        road = None
        detour = factors.lookup("detour_factor", "", "road")
        if ex.distance_km is not None and detour is not None:
            road = ex.distance_km * detour.value
        row.update(
            status=ex.status,
            material=ex.material,
            quantity=ex.quantity,
            unit=ex.unit,
            road_distance_km=road,
        )
        rows.append(row)
    chosen = DEFAULT_STATUSES if statuses is None else statuses
    for chain in detect_chains(dataset.flows, dataset.companies, chosen):
        assessed = assess_chain([exchanges[f] for f in chain.flow_ids], factors)
        rows.append(_table_row("chain", chain.chain_id, chain.name, assessed))
    frame = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    numeric = [c for c in TABLE_COLUMNS[6:] if c not in ("unit", "virgin_resource_unit", "missing")]
    for column in numeric:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float).round(3)
    return frame
