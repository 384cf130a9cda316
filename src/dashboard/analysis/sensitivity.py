"""Sensitivity of a chain's headline results: each output when the distance and each factor
used vary by a percentage, and when each exchange's fate takes each of its alternatives (the
data of a tornado chart)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pandas as pd

from dashboard.analysis.assessment import ChainAssessment, assess_chain
from dashboard.domain.exchange import Exchange
from dashboard.domain.factors import Factors
from dashboard.domain.fates import FATES

SENSITIVITY_OUTPUTS = ("ghg_avoided_t_co2e", "net_benefit_eur")
DISTANCE = "distance"
FATE_PREFIX = "fate:"
# symbols whose factor is a choice or moves money between partners only
NOT_VARIED = ("fate", "p_t")


def sensitivity(
    exchanges: Iterable[Exchange], factors: Factors | None = None, percent: float = 25.0
) -> pd.DataFrame:
    """Tornado data: each output when the distance and each factor used vary by +-percent.

    Columns: parameter, output, base, low, high, low_case, high_case. A factor's low and high
    are at -percent and +percent; a fate's (parameter `fate:<exchange id>`) are the lowest and
    highest outcome over the fates the exchange could have, `low_case` and `high_case` naming
    them. Rows are sorted by swing, largest first; factors of value 0 are left out.
    """
    exchanges = list(exchanges)
    factors = factors or Factors()
    p = percent / 100
    base = assess_chain(exchanges, factors)
    ids = sorted(
        {i for a in base.assessments for s, i in a.factor_ids.items() if s not in NOT_VARIED}
    )
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
        rows += _fate_rows(exchanges, factors, base, output)
    frame = pd.DataFrame(rows, columns=[*COLUMNS])
    swing = (frame["high"].astype(float) - frame["low"].astype(float)).abs()
    frame = frame.assign(_swing=swing).sort_values(
        ["output", "_swing", "parameter"], ascending=[True, False, True], na_position="last"
    )
    return frame.drop(columns="_swing").reset_index(drop=True)


COLUMNS = ("parameter", "output", "base", "low", "high", "low_case", "high_case")


def _fate_rows(
    exchanges: list[Exchange], factors: Factors, base: ChainAssessment, output: str
) -> list[dict]:
    """Per exchange, the chain total under each other fate its residue could have."""
    rows = []
    for i, a in enumerate(base.assessments):
        outcomes = {a.fate: base.totals[output].value}
        for fate in FATES:
            if fate == a.fate:
                continue
            varied = [*exchanges[:i], replace(exchanges[i], fate=fate), *exchanges[i + 1 :]]
            outcomes[fate] = assess_chain(varied, factors).totals[output].value
        known = {fate: value for fate, value in outcomes.items() if value is not None}
        if len(known) < 2:
            continue
        low, high = min(known, key=known.get), max(known, key=known.get)  # type: ignore[arg-type]
        rows.append(
            {
                "parameter": FATE_PREFIX + a.exchange.exchange_id,
                "output": output,
                "base": base.totals[output].value,
                "low": known[low],
                "high": known[high],
                "low_case": low,
                "high_case": high,
            }
        )
    return rows
