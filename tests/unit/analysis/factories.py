"""Small hand-made factor tables and exchanges for the assessment tests."""

from __future__ import annotations

from dashboard.domain.exchange import Exchange
from dashboard.domain.factors import Factor, Factors


def row(kind, material="", route="", country="", value=0.0, unit="u", sector=""):
    fid = ".".join(x for x in (kind, material, route, country, sector) if x)
    return Factor(
        fid, kind, material, route, country, sector, value, unit, "test", "", "estimated", "",
        value,
    )


def small_factors() -> Factors:
    return Factors(
        (
            row("ef_virgin", "fly_ash", value=800, unit="kg CO2e/t clinker"),
            row("virgin_share", "fly_ash", value=0.5, unit="t clinker/t"),
            row("fate", "fly_ash", "landfill", value=1, unit="share"),
            row("market_price", "fly_ash", "", "FI", 5, "EUR/t"),
            row("ef_disposal", "fly_ash", "landfill", value=10, unit="kg CO2e/t"),
            row("gate_fee", "", "landfill", "FI", 100, "EUR/t"),
            row("ef_processing", "fly_ash", value=20, unit="kg CO2e/t"),
            row("ef_processing", value=0, unit="kg CO2e/unit"),
            row("ef_transport", "", "road", value=0.1, unit="kg CO2e/tkm"),
            row("virgin_distance", "group:minerals", value=50, unit="km"),
            row("detour_factor", "", "road", value=1.5, unit="km/km"),
            row("transport_cost", "", "road", value=0.2, unit="EUR/tkm"),
            row("transport_cost", "group:energy", "pipe", value=1000, unit="EUR/km/yr"),
            row("price_virgin", "fly_ash", value=40, unit="EUR/t clinker"),
            row("treatment_cost", "fly_ash", value=2, unit="EUR/t"),
            row("treatment_cost", value=0, unit="EUR/unit"),
            row("transaction_cost", value=1000, unit="EUR/yr"),
            row("ef_virgin", "surplus_heat", value=200, unit="kg CO2e/MWh natural gas"),
            row("virgin_share", "surplus_heat", value=1.1, unit="MWh natural gas/MWh"),
            row("fate", "surplus_heat", "none", value=1, unit="share"),
            row("price_virgin", "surplus_heat", value=30, unit="EUR/MWh natural gas"),
            row("market_price", "surplus_heat", value=10, unit="EUR/MWh"),
            row("electricity_use", value=0, unit="MWh/unit"),
            row("ef_electricity", value=100, unit="kg CO2e/MWh"),
            row("price_electricity", value=150, unit="EUR/MWh"),
        )
    )


def ash(quantity=1000.0, distance=10.0, **kw) -> Exchange:
    fields = dict(exchange_id="x1", source_company="S", target_company="T", material="fly_ash",
                  quantity=quantity, unit="t/yr", distance_km=distance, source_country="FI",
                  target_country="FI", status="existing")  # fmt: skip
    return Exchange(**(fields | kw))


def heat(quantity=1000.0) -> Exchange:
    return Exchange("h1", "T", "U", "surplus_heat", quantity, "MWh/yr", 2.0, status="planned")


def values(assessment):
    return {name: r.value for name, r in assessment.results.items()}
