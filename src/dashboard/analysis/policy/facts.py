"""The facts of an exchange that eligibility rules test: its two companies (country, region,
NACE, size), its material, waste status and hazard, and whether it crosses a border.

A material's default waste status and hazard are documented in `policy_measures.md` ("Facts");
a dataset may declare them per stream or flow (extra columns `waste_status`, `hazard_class`,
`hazardous`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import pandas as pd

from dashboard.analysis.policy.catalogue import TOKENS
from dashboard.domain import reference
from dashboard.domain.taxonomy import hazardous_by_default
from dashboard.domain.values import cell_text, flag, optional_number

# Default waste status of a material in an exchange (see policy_measures.md, "Facts").
NOT_WASTE_GROUPS = ("energy", "water")
BY_PRODUCT_MATERIALS = frozenset(
    ("fgd_gypsum", "slag", "sulphur", "spent_grain", "yeast_slurry", "whey", "bark",
     "wood_residues", "manure")
)  # fmt: skip
PRODUCT_MATERIALS = frozenset(
    ("co2", "construction_material", "biomass_fuel", "wood_raw_material", "fibre_raw_material",
     "animal_feed", "biogas_feedstock", "fertiliser", "sulphuric_acid", "solvent_recovery",
     "fuel_oil", "plastics_raw_material", "rubber_raw_material")
)  # fmt: skip


@dataclass(frozen=True)
class Party:
    """One end of an exchange: what the rules look at."""

    company_id: str
    name: str
    country: str | None = None
    region: str | None = None
    nace_code: str | None = None
    nace_section: str | None = None
    employees: int | None = None


@dataclass(frozen=True)
class ExchangeFacts:
    """The facts of a flow or candidate exchange that eligibility rules test."""

    exchange_id: str
    source: Party
    target: Party
    material: str
    waste_status: str
    hazardous: bool
    hazard_class: str = ""

    @property
    def cross_border(self) -> bool | None:
        if not self.source.country or not self.target.country:
            return None
        return self.source.country != self.target.country


@cache
def material_defaults() -> pd.DataFrame:
    """Per material: default waste status, hazard by nature, and the rule that decided."""
    table = reference.materials()
    mapped = {m for m in reference.ewc_materials().values() if m}
    rows = []
    for material, group in table["group"].items():
        if group in NOT_WASTE_GROUPS:
            status, rule = "not_waste", "energy_water"
        elif material in BY_PRODUCT_MATERIALS:
            status, rule = "by_product", "by_product_route"
        elif material in PRODUCT_MATERIALS:
            status, rule = "not_waste", "product"
        elif material in mapped:
            status, rule = "waste", "ewc_entries"
        else:
            status, rule = "not_waste", "no_ewc_entry"
        rows.append(
            {
                "material": material,
                "group": group,
                "waste_status": status,
                "rule": rule,
                "hazardous": hazardous_by_default(material),
            }
        )
    return pd.DataFrame(rows).set_index("material")


def waste_status(material: str, ewc_code: str | None = None, declared: str | None = None) -> str:
    """Waste status of a material in an exchange: declared by the dataset, else from an EWC
    code given on the stream, else the material's default."""
    if declared in TOKENS["waste_status"]:
        return declared
    if ewc_code:
        return "waste"
    defaults = material_defaults()
    return defaults.at[material, "waste_status"] if material in defaults.index else "not_waste"


def _party(companies: pd.DataFrame, company_id: str) -> Party:
    if company_id not in companies.index:
        return Party(company_id, company_id)
    row = companies.loc[company_id]
    employees = optional_number(row.get("employees"))
    return Party(
        company_id,
        str(row["name"]),
        _text(row.get("country")),
        _text(row.get("region_code")),
        _text(row.get("nace_code")),
        _text(row.get("nace_section")),
        None if employees is None else int(employees),
    )


def _text(value: object) -> str | None:
    return cell_text(value) or None


def _have_facts(streams: pd.DataFrame) -> dict[tuple[str, str], dict[str, object]]:
    """(company, material) -> hazard flag, first EWC code and declared status of its haves."""
    haves = streams[streams["direction"] == "have"]
    found: dict[tuple[str, str], dict[str, object]] = {}
    for row in haves.to_dict("records"):
        facts = found.setdefault(
            (row["company_id"], row["material"]),
            {"hazardous": False, "ewc_code": None, "waste_status": None, "hazard_class": None},
        )
        facts["hazardous"] = facts["hazardous"] or flag(row.get("hazardous"))
        for key in ("ewc_code", "waste_status", "hazard_class"):
            value = cell_text(row.get(key))
            if value and not facts[key]:
                facts[key] = value
    return found


class FactsBuilder:
    """Builds exchange facts for one dataset (companies and have streams indexed once)."""

    def __init__(self, dataset):
        self.companies = dataset.companies.set_index("company_id", drop=False)
        self.haves = _have_facts(dataset.streams)

    def facts(
        self, exchange_id: str, source: str, target: str, material: str, row: Mapping | None = None
    ) -> ExchangeFacts:
        """Facts of one exchange; `row` may declare `waste_status`, `hazard_class` or
        `hazardous` (extra flow columns), which override what the streams say."""
        row = row or {}
        have = self.haves.get((source, material), {})
        declared = cell_text(row.get("waste_status")).lower() or str(have.get("waste_status") or "")
        hazard_class = cell_text(row.get("hazard_class")) or str(have.get("hazard_class") or "")
        flagged = have.get("hazardous")
        hazardous = (
            bool(flagged) if flagged is not None else hazardous_by_default(material)
        ) or cell_text(row.get("hazardous")).lower() == "true"
        return ExchangeFacts(
            exchange_id=exchange_id,
            source=_party(self.companies, source),
            target=_party(self.companies, target),
            material=material,
            waste_status=waste_status(material, have.get("ewc_code"), declared.lower()),
            hazardous=hazardous,
            hazard_class=hazard_class.upper(),
        )


def flow_facts(dataset, flow_ids: Iterable[str] | None = None) -> list[ExchangeFacts]:
    """Facts of the dataset's flows (all, or `flow_ids` in that order)."""
    builder = FactsBuilder(dataset)
    flows = dataset.flows.set_index("flow_id", drop=False)
    ids = list(flows.index) if flow_ids is None else [f for f in flow_ids if f in flows.index]
    return [
        builder.facts(
            str(flow_id),
            flows.at[flow_id, "source_company"],
            flows.at[flow_id, "target_company"],
            flows.at[flow_id, "material"],
            flows.loc[flow_id].to_dict(),
        )
        for flow_id in ids
    ]


def candidate_facts(dataset, candidates: pd.DataFrame) -> list[ExchangeFacts]:
    """Facts of matching-engine candidates (`have_stream_id`, `want_stream_id`,
    `source_company`, `target_company`, `have_material`, `hazardous`)."""
    builder = FactsBuilder(dataset)
    return [
        builder.facts(
            f"{row['have_stream_id']}>{row['want_stream_id']}",
            row["source_company"],
            row["target_company"],
            row["have_material"],
            {"hazardous": row.get("hazardous")},
        )
        for row in candidates.to_dict("records")
    ]


def exchange_facts(dataset, exchanges: Iterable) -> list[ExchangeFacts]:
    """Facts of assessment exchanges (flows or candidates, see `dashboard.assessment.Exchange`):
    a flow's own row may declare waste status or hazard; a candidate brings its hazard flag."""
    builder = FactsBuilder(dataset)
    flows = dataset.flows.set_index("flow_id", drop=False)
    return [
        builder.facts(
            ex.exchange_id,
            ex.source_company,
            ex.target_company,
            ex.material,
            flows.loc[ex.exchange_id].to_dict()
            if ex.exchange_id in flows.index
            else {"hazardous": str(bool(ex.hazardous)).lower()},
        )
        for ex in exchanges
    ]
