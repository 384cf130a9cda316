"""A chain's assessment as tables: totals, per exchange, per partner, criteria, and the working
(formula and values used) of every result. Unknown values stay empty, with the reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from dashboard.analysis.assessment import (
    RESULTS,
    Assessment,
    ChainAssessment,
    Missing,
    Result,
    partner_table,
)
from dashboard.analysis.mca import CRITERIA
from dashboard.domain.factors import Factor, Factors
from dashboard.domain.labels import exchange_label, number_text, status_label
from dashboard.i18n import t
from dashboard.views.markdown import escape_markdown


def result_label(name: str) -> str:
    """A result's heading, with its unit."""
    return t(f"chainsui.result.{name}")


def criterion_label(criterion: str) -> str:
    return t(f"assess.criterion.{criterion}")


def formula_text(result: Result) -> str:
    return t(f"assess.formula.{result.formula}")


def missing_text(missing: Missing) -> str:
    """Why a result is unknown, in words; prefixed with the exchange in a chain total."""
    text = t(f"assess.missing.{missing.code}", **dict(missing.params))
    return f"{missing.exchange}: {text}" if missing.exchange else text


def _reason_list(results: Iterable[Result]) -> list[str]:
    return list(dict.fromkeys(missing_text(m) for result in results for m in result.missing))


def reasons_text(results: Iterable[Result]) -> str | None:
    """Every distinct reason why the results are unknown, or None."""
    return "; ".join(_reason_list(results)) or None


def reasons_summary(results: Iterable[Result], limit: int = 4) -> str | None:
    """The first `limit` distinct reasons why results are unknown, and how many more."""
    reasons = _reason_list(results)
    if not reasons:
        return None
    text = "; ".join(reasons[:limit])
    if len(reasons) > limit:
        text += " " + t("chainsui.more_reasons", count=len(reasons) - limit)
    return text


def exchange_table(chain: ChainAssessment, names: Mapping[str, str]) -> pd.DataFrame:
    """One row per exchange with every result; unknown results are empty, with the reasons."""
    rows = []
    for a in chain.assessments:
        ex = a.exchange
        row: dict[str, object] = {
            "exchange": exchange_label(ex, names),
            "status": status_label(ex.status),
            "quantity": ex.quantity,
            "unit": ex.unit,
            "distance_km": ex.distance_km,
        }
        row.update({name: a.results[name].value for name in RESULTS})
        resource = a.results["virgin_resource_saved"]
        row["virgin_resource_unit"] = resource.unit or None
        row["unknown"] = reasons_text(a.results.values())
        rows.append(row)
    columns = [
        "exchange",
        "status",
        "quantity",
        "unit",
        "distance_km",
        *RESULTS,
        "virgin_resource_unit",
        "unknown",
    ]
    return _rounded(pd.DataFrame(rows, columns=columns))


def totals_table(chain: ChainAssessment) -> pd.DataFrame:
    """The chain totals: result, value, unit, why unknown."""
    rows = [
        {
            "result": result_label(name),
            "value": chain.totals[name].value,
            "unit": chain.totals[name].unit or None,
            "unknown": reasons_text([chain.totals[name]]),
        }
        for name in RESULTS
    ]
    return _rounded(pd.DataFrame(rows, columns=["result", "value", "unit", "unknown"]))


def partner_frame(chain: ChainAssessment, names: Mapping[str, str]) -> pd.DataFrame:
    """Each partner's share of the economic results (`partner_table`), with its name."""
    table = partner_table(chain.assessments)
    table.insert(0, "company", table["company_id"].map(lambda c: names.get(c, c)))
    return _rounded(table.drop(columns="company_id"))


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    for column in frame.columns:
        if column in RESULTS or column in ("value", "quantity", "distance_km"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float).round(1)
    return frame


def csv_table(chain: ChainAssessment, names: Mapping[str, str]) -> pd.DataFrame:
    """The exchange table plus a chain-total row, with readable headings (for CSV)."""
    table = exchange_table(chain, names)
    total = dict.fromkeys(table.columns)
    total.update({name: chain.totals[name].value for name in RESULTS})
    total["exchange"] = t("chainsui.total")
    total["virgin_resource_unit"] = chain.totals["virgin_resource_saved"].unit or None
    total["unknown"] = reasons_text(chain.totals.values())
    table = pd.DataFrame([*table.to_dict("records"), total], columns=table.columns)
    return _rounded(table).rename(columns=column_labels())


LABELLED_COLUMNS = (
    "exchange", "status", "quantity", "unit", "distance_km", "virgin_resource_unit", "unknown",
    "company", "exchanges", "result", "value", "formula", "inputs", "factor_id", "used_as",
    "default", "source", "source_url", "provenance", "criterion", "score", "weight", "kind",
    "material", "note", "chain", "coverage", "mca_score",
)  # fmt: skip


def column_labels() -> dict[str, str]:
    """Headings of the assessment tables' columns."""
    labels = {name: result_label(name) for name in RESULTS}
    labels.update({criterion: criterion_label(criterion) for criterion in CRITERIA})
    labels.update({column: t(f"chainsui.col.{column}") for column in LABELLED_COLUMNS})
    return labels


# -- the working ------------------------------------------------------------------------------


def _symbol_unit(symbol: str, a: Assessment, factors: Factors) -> str:
    if symbol == "Q":
        return a.exchange.unit or ""
    if symbol == "d":
        return "km"
    factor = factors.get(a.factor_ids.get(symbol, ""))
    return factor.unit if factor else ""


def inputs_text(name: str, a: Assessment, factors: Factors) -> str:
    """'Q = 1,000 t/yr; EF_virgin = 800 kg CO2e/t [ef_virgin.fly_ash]; ...'."""
    parts = []
    for symbol, value in a.results[name].inputs.items():
        text = f"{symbol} = {number_text(value)}"
        unit = _symbol_unit(symbol, a, factors)
        text += f" {unit}" if unit and isinstance(value, int | float) else ""
        if symbol in a.factor_ids:
            text += f" [{a.factor_ids[symbol]}]"
        parts.append(text)
    return "; ".join(parts)


def working_table(a: Assessment, factors: Factors) -> pd.DataFrame:
    """Each result of one exchange: value, unit, formula, the input values used, why unknown."""
    rows = [
        {
            "result": result_label(name),
            "value": a.results[name].value,
            "unit": a.results[name].unit or None,
            "formula": formula_text(a.results[name]),
            "inputs": inputs_text(name, a, factors) or None,
            "unknown": reasons_text([a.results[name]]),
        }
        for name in RESULTS
    ]
    frame = pd.DataFrame(rows, columns=["result", "value", "unit", "formula", "inputs", "unknown"])
    return _rounded(frame)


def totals_working(chain: ChainAssessment, names: Mapping[str, str]) -> pd.DataFrame:
    """Each chain total with the exchange values it adds up."""
    labels = {a.exchange.exchange_id: exchange_label(a.exchange, names) for a in chain.assessments}
    rows = []
    for name in RESULTS:
        total = chain.totals[name]
        inputs = "; ".join(
            f"{labels.get(key, key)} = {number_text(value)}" for key, value in total.inputs.items()
        )
        rows.append(
            {
                "result": result_label(name),
                "value": total.value,
                "unit": total.unit or None,
                "formula": formula_text(total),
                "inputs": inputs or None,
                "unknown": reasons_text([total]),
            }
        )
    frame = pd.DataFrame(rows, columns=["result", "value", "unit", "formula", "inputs", "unknown"])
    return _rounded(frame)


def working_markdown(frame: pd.DataFrame) -> str:
    """A working table as a Markdown list, every text escaped: each result with its value, its
    formula, the values used and why it is unknown."""
    items = []
    for row in frame.itertuples(index=False):
        known = row.value == row.value
        value = number_text(row.value) + (f" {row.unit}" if known and row.unit else "")
        lines = [f"**{escape_markdown(row.result)} = {escape_markdown(value)}**"]
        lines.append(t("chainsui.working.formula", formula=escape_markdown(row.formula)))
        if row.inputs:
            lines.append(t("chainsui.working.values", values=escape_markdown(row.inputs)))
        if row.unknown:
            lines.append(t("chainsui.working.unknown", reasons=escape_markdown(row.unknown)))
        items.append("- " + "  \n  ".join(lines))
    return "\n".join(items)


def factor_sources(chain: ChainAssessment, factors: Factors) -> pd.DataFrame:
    """The factors a chain's assessment used, with their symbols, values and sources."""
    used: dict[str, list[str]] = {}
    for a in chain.assessments:
        for symbol, factor_id in a.factor_ids.items():
            used.setdefault(factor_id, [])
            if symbol not in used[factor_id]:
                used[factor_id].append(symbol)
    rows = []
    for factor_id in sorted(used):
        factor = factors.get(factor_id)
        if factor is None:
            continue
        rows.append(
            {
                "factor_id": factor_id,
                "used_as": ", ".join(used[factor_id]),
                "value": factor.value,
                "default": factor.default,
                "unit": factor.unit,
                "source": factor.source,
                "source_url": factor.source_url or None,
                "provenance": factor.provenance,
            }
        )
    columns = [
        "factor_id",
        "used_as",
        "value",
        "default",
        "unit",
        "source",
        "source_url",
        "provenance",
    ]
    return pd.DataFrame(rows, columns=columns)


def criteria_table(
    scores: Mapping[str, float | None], weights: Mapping[str, float]
) -> pd.DataFrame:
    """Criterion, score (0..1, empty when unknown) and weight."""
    rows = [
        {"criterion": criterion_label(c), "score": scores.get(c), "weight": weights.get(c, 1.0)}
        for c in CRITERIA
    ]
    frame = pd.DataFrame(rows, columns=["criterion", "score", "weight"])
    frame["score"] = pd.to_numeric(frame["score"], errors="coerce").astype(float).round(2)
    return frame


def comparison_table(frame: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """`compare_chains` output for display: chain labels, scores to 2 decimals, the known
    weight in per cent."""
    table = frame.rename(columns={"score": "mca_score"}).assign(
        chain=frame["chain"].map(lambda k: labels.get(k, k)),
        coverage=(pd.to_numeric(frame["coverage"]) * 100).round(0),
    )
    scores = [*CRITERIA, "mca_score"]
    table[scores] = table[scores].apply(pd.to_numeric, errors="coerce").astype(float).round(2)
    return _rounded(table)


def edited_overrides(
    overrides: Mapping[str, float],
    edited_rows: Mapping[int | str, Mapping[str, float | None]],
    ids: Sequence[str],
    rows: Iterable[Factor],
) -> dict[str, float]:
    """Session overrides after edits of a factor table's `value` column (row position ->
    changes, as `st.data_editor` reports them; `ids` are the factor ids of its rows). A value
    set back to its default, or cleared, drops the override."""
    defaults = {row.factor_id: row.default for row in rows}
    result = dict(overrides)
    for position, change in edited_rows.items():
        if "value" not in change:
            continue
        factor_id, value = ids[int(position)], change["value"]
        if value is None or float(value) == defaults[factor_id]:
            result.pop(factor_id, None)
        else:
            result[factor_id] = float(value)
    return result
