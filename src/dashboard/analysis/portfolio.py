"""A facilitator's portfolio of followed chains: how many are at each stage, how long stages
took, why chains stopped, and what running chains delivered year by year against the ex-ante
assessment (the funder's report). Ids and numbers only; every metric keeps its own unit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import pandas as pd

from dashboard.analysis.assessment import ChainAssessment, weakest
from dashboard.domain.pipeline import METRICS, STAGES, STOP_REASONS, STOPPED, Pipeline, spans

EX_ANTE = {
    "diverted_t": "waste_diverted_t",
    "ghg_avoided_t_co2e": "ghg_avoided_t_co2e",
    "money_saved_eur": "net_benefit_eur",
}
"""The assessment's result each realised metric is set against (jobs are not assessed)."""


def ex_ante(chain: ChainAssessment) -> dict[str, float | None]:
    """The assessment's yearly figure for each realised metric; None where it is unknown."""
    return {m: chain.totals[r].value if r in chain.totals else None for m, r in EX_ANTE.items()} | {
        "jobs": None
    }


def stage_counts(pipelines: Iterable[Pipeline]) -> pd.DataFrame:
    """Chains at each stage now, every stage listed in order."""
    now = pd.Series([p.stage for p in pipelines], dtype=object).value_counts()
    return pd.DataFrame({"stage": STAGES, "chains": [int(now.get(s, 0)) for s in STAGES]})


def stage_times(pipelines: Iterable[Pipeline], today: date) -> pd.DataFrame:
    """Per stage (stopped aside): how many chains left it and the median and longest days they
    spent there, and how many are there now with the median days so far."""
    left: dict[str, list[int]] = {s: [] for s in STAGES[:-1]}
    there: dict[str, list[int]] = {s: [] for s in STAGES[:-1]}
    for pipeline in pipelines:
        for span in spans(pipeline, today):
            if span.stage in left:
                (there if span.end is None else left)[span.stage].append(span.days)
    rows = []
    for stage in left:
        done, now = pd.Series(left[stage], dtype=float), pd.Series(there[stage], dtype=float)
        rows.append({
            "stage": stage,
            "left": len(done),
            "median_days": done.median() if len(done) else None,
            "longest_days": done.max() if len(done) else None,
            "there_now": len(now),
            "median_days_so_far": now.median() if len(now) else None,
        })  # fmt: skip
    return pd.DataFrame(rows)


def stop_reasons(pipelines: Iterable[Pipeline]) -> pd.DataFrame:
    """Stopped chains by the reason given, the most frequent first; reasons no chain gave are
    left out."""
    reasons = pd.Series([p.reason for p in pipelines if p.stage == STOPPED], dtype=object)
    counts = reasons.value_counts()
    rows = [{"reason": r, "chains": int(counts[r])} for r in STOP_REASONS if r in counts]
    return pd.DataFrame(rows, columns=["reason", "chains"]).sort_values(
        "chains", ascending=False, kind="stable"
    )


def chain_years(
    pipelines: Iterable[Pipeline], expected: Mapping[str, Mapping[str, float | None]]
) -> pd.DataFrame:
    """One row per followed chain and reported year: the realised figures beside the ex-ante
    ones (`expected`, per chain id), their provenance and source."""
    rows = []
    for pipeline in pipelines:
        before = expected.get(pipeline.chain_id, {})
        for result in sorted(pipeline.years, key=lambda r: r.year):
            row: dict[str, object] = {"chain_id": pipeline.chain_id, "year": result.year}
            for metric in METRICS:
                row[metric] = result.values.get(metric)
                row[f"{metric}_ex_ante"] = before.get(metric)
            row["provenance"], row["source"] = result.provenance, result.source
            rows.append(row)
    columns = ["chain_id", "year"]
    for metric in METRICS:
        columns += [metric, f"{metric}_ex_ante"]
    return pd.DataFrame(rows, columns=[*columns, "provenance", "source"])


def realised_by_year(
    pipelines: Iterable[Pipeline], expected: Mapping[str, Mapping[str, float | None]] | None = None
) -> pd.DataFrame:
    """Per year and metric: the sum of what chains reported, how many chains reported it and
    how many reported the year without it (their part is unknown, not 0), and the least certain
    provenance of the figures summed; `ex_ante` is what the assessment expected of the chains
    that reported it (unknown when it is unknown for one of them)."""
    rows = []
    years: dict[int, list] = {}
    for pipeline in pipelines:
        for result in pipeline.years:
            years.setdefault(result.year, []).append((pipeline.chain_id, result))
    for year in sorted(years):
        for metric, unit in METRICS.items():
            known = [(c, r) for c, r in years[year] if r.values.get(metric) is not None]
            before = [(expected or {}).get(c, {}).get(metric) for c, _ in known]
            rows.append({
                "year": year, "metric": metric, "unit": unit,
                "value": float(sum(r.values[metric] for _, r in known)) if known else None,
                "ex_ante": None if not known or None in before else float(sum(before)),
                "chains": len(known), "unknown": len(years[year]) - len(known),
                "provenance": weakest(r.provenance for _, r in known),
            })  # fmt: skip
    columns = ["year", "metric", "unit", "value", "ex_ante", "chains", "unknown", "provenance"]
    return pd.DataFrame(rows, columns=columns)
