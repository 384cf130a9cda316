"""Sensitivity of a chain's headline results: each output when the distance and each factor
used vary by a percentage (the data of a tornado chart)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.analysis.assessment import ChainAssessment, assess_chain
from dashboard.domain.exchange import Exchange
from dashboard.domain.factors import Factors

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


