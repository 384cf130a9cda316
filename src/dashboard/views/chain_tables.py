"""A chain's assessment as tables: totals, per exchange, per partner, criteria, and the working
(formula and values used) of every result. Unknown values stay empty, with the reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from dashboard.analysis.assessment import (
    RESULTS,
    STATUS_GROUPS,
    Assessment,
    ChainAssessment,
    Missing,
    Result,
    default_fate,
    known_part,
    partner_table,
)
from dashboard.analysis.mca import CRITERIA, outcomes_unknown
from dashboard.domain import reference
from dashboard.domain.factors import Factor, Factors
from dashboard.domain.fates import FATES
from dashboard.domain.labels import (
    exchange_label,
    factor_label,
    fate_label,
    number_text,
    significant_all,
    status_label,
    unit_label,
)
from dashboard.i18n import has, t
from dashboard.views.markdown import escape_markdown


def result_label(name: str) -> str:
    """A result's heading, with its unit."""
    return t(f"chainsui.result.{name}")


def criterion_label(criterion: str) -> str:
    return t(f"assess.criterion.{criterion}")


def formula_text(result: Result) -> str:
    fate = result.inputs.get("fate")
    if fate is not None:
        return t(f"assess.formula.{result.formula}", fate=fate_label(str(fate)))
    return t(f"assess.formula.{result.formula}")


def missing_text(missing: Missing) -> str:
    """Why a result is unknown, in words; prefixed with the exchange in a chain total."""
    params = dict(missing.params)
    if "units" in params:  # the units a total could not add, each written in the language
        params["units"] = ", ".join(unit_label(u) for u in params["units"].split(", "))
    text = t(f"assess.missing.{missing.code}", **params)
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


def exchange_table(
    chain: ChainAssessment, names: Mapping[str, str], exact: bool = False
) -> pd.DataFrame:
    """One row per exchange with every result (to 3 significant figures, all digits when
    `exact`); unknown results are empty, with the reasons."""
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
    frame = pd.DataFrame(rows, columns=columns)
    return _exact(frame) if exact else _rounded(frame)


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


ROUNDED = (*RESULTS, "value", "distance_km", "transfer_eur", "published", "tool")
"""Columns of results a person reads: shown to `SIGNIFICANT_DIGITS` significant figures."""


def _rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """Results to 3 significant figures (`domain.labels.significant`), quantities as given;
    the values stay numbers (sortable), unknown ones NaN."""
    for column in frame.columns:
        if column in ROUNDED:
            frame[column] = significant_all(frame[column])
        elif column == "quantity":
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


def _exact(frame: pd.DataFrame) -> pd.DataFrame:
    for column in frame.columns:
        if column in ROUNDED or column == "quantity":
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


def csv_table(chain: ChainAssessment, names: Mapping[str, str]) -> pd.DataFrame:
    """The exchange table plus a chain-total row, with readable headings, every number in
    full precision (for machines: CSV)."""
    table = exchange_table(chain, names, exact=True)
    total = dict.fromkeys(table.columns)
    total.update({name: chain.totals[name].value for name in RESULTS})
    total["exchange"] = t("chainsui.total")
    total["virgin_resource_unit"] = chain.totals["virgin_resource_saved"].unit or None
    total["unknown"] = reasons_text(chain.totals.values())
    table = pd.DataFrame([*table.to_dict("records"), total], columns=table.columns)
    return _exact(table).rename(columns=column_labels())


LABELLED_COLUMNS = (
    "exchange", "status", "quantity", "unit", "distance_km", "virgin_resource_unit", "unknown",
    "company", "exchanges", "result", "value", "formula", "inputs", "factor_id", "used_as",
    "default", "source", "source_url", "provenance", "criterion", "score", "weight", "kind",
    "material", "note", "chain", "coverage", "mca_score", "transfer_eur", "fate", "default_fate",
    "figure", "published", "year", "tool", "tool_known",
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


def inputs_text(result: Result, a: Assessment, factors: Factors) -> str:
    """'Q = 1,000 t/yr; EF_virgin = 800 kg CO2e/t [ef_virgin.fly_ash]; ...'."""
    parts = []
    for symbol, value in result.inputs.items():
        if symbol == "fate":
            continue
        text = f"{symbol} = {number_text(value)}"
        unit = _symbol_unit(symbol, a, factors)
        text += f" {unit_label(unit)}" if unit and isinstance(value, int | float) else ""
        factor = factors.get(a.factor_ids[symbol]) if symbol in a.factor_ids else None
        if factor is not None:
            text += f" [{factor_label(factor)} · {a.factor_ids[symbol]}]"
        parts.append(text)
    return "; ".join(parts)


def _working_row(label: str, result: Result, a: Assessment, factors: Factors) -> dict:
    return {
        "result": label,
        "value": result.value,
        "unit": result.unit or None,
        "formula": formula_text(result),
        "inputs": inputs_text(result, a, factors) or None,
        "unknown": reasons_text([result]),
    }


def working_table(a: Assessment, factors: Factors) -> pd.DataFrame:
    """Each result of one exchange: value, unit, formula, the input values used, why unknown;
    first the fate assumed without the exchange, last the transfer between the partners."""
    fate = t("chainsui.working.fate", fate=fate_label(a.fate), factor=a.factor_ids.get("fate", "-"))
    rows = [_working_row(fate, a.fate_emission, a, factors)]
    if a.electricity.value != 0.0:
        rows.append(_working_row(t("chainsui.working.electricity"), a.electricity, a, factors))
    rows += [_working_row(result_label(name), a.results[name], a, factors) for name in RESULTS]
    rows.append(_working_row(t("chainsui.working.transfer"), a.transfer, a, factors))
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
        value = number_text(row.value) + (f" {unit_label(row.unit)}" if known and row.unit else "")
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


def mca_note(
    scores: Mapping[str, float | None], weights: Mapping[str, float], coverage: float
) -> str:
    """What the MCA score rests on: the share of the weight known, or why it is unknown."""
    if outcomes_unknown(scores, weights):
        return t("chainsui.mca_unknown")
    return t("chainsui.mca_coverage", coverage=f"{coverage:.0%}")


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


# -- fates ------------------------------------------------------------------------------------


def fate_options() -> dict[str, str]:
    """Fate label -> fate code, in the order a user picks from."""
    return {fate_label(fate): fate for fate in FATES}


def fate_table(chain: ChainAssessment, factors: Factors, names: Mapping[str, str]) -> pd.DataFrame:
    """Per exchange: the fate assumed (editable), the bundled default with its source and
    provenance, and the GHG result under the fate assumed."""
    rows = []
    for a in chain.assessments:
        default = default_fate(a.exchange, factors)
        rows.append(
            {
                "exchange": exchange_label(a.exchange, names),
                "fate": fate_label(a.fate) if a.fate else None,
                "default_fate": fate_label(default.route) if default else None,
                "source": default.source if default else None,
                "provenance": default.provenance if default else None,
                "note": default.note if default else None,
                "ghg_avoided_t_co2e": a.results["ghg_avoided_t_co2e"].value,
            }
        )
    columns = [
        "exchange", "fate", "default_fate", "source", "provenance", "note", "ghg_avoided_t_co2e",
    ]  # fmt: skip
    return _rounded(pd.DataFrame(rows, columns=columns))


def edited_fates(
    choices: Mapping[str, str],
    edited_rows: Mapping[int | str, Mapping[str, object]],
    ids: Sequence[str],
    defaults: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Fate choices after edits of the fate table's `fate` column (row position -> changes, as
    `st.data_editor` reports them; `ids` are the exchange ids of its rows, `defaults` their
    bundled fates). Choosing the default again, or clearing the cell, drops the choice."""
    options, defaults = fate_options(), defaults or {}
    result = dict(choices)
    for position, change in edited_rows.items():
        if "fate" not in change:
            continue
        exchange_id, fate = ids[int(position)], options.get(str(change["fate"]))
        if fate is None or fate == defaults.get(exchange_id):
            result.pop(exchange_id, None)
        else:
            result[exchange_id] = fate
    return result


def status_table(chain: ChainAssessment, names: Sequence[str]) -> pd.DataFrame:
    """The chain's totals of existing, planned and proposed exchanges apart (`names`: the
    results to show), one row per status group that the chain has."""
    rows = []
    for group in STATUS_GROUPS:
        totals = chain.by_status.get(group)
        if totals is None:
            continue
        row: dict[str, object] = {"status": t(f"chainsui.status_group.{group}")}
        row.update({name: totals[name].value for name in names})
        row["unknown"] = reasons_summary(totals[name] for name in names)
        rows.append(row)
    return _rounded(pd.DataFrame(rows, columns=["status", *names, "unknown"]))


# -- published totals -------------------------------------------------------------------------


def _tool_figure(unit: str, chain: ChainAssessment) -> tuple[float, int, int] | None:
    results = [a.results for a in chain.assessments]
    if unit == "t CO2/yr":
        return known_part(r["ghg_avoided_t_co2e"].value for r in results)
    if unit == "EUR/yr":
        return known_part(r["net_benefit_eur"].value for r in results)
    if unit == "m3/yr":
        water = [r["virgin_resource_saved"] for r in results]
        return known_part(w.value for w in water if w.unit.startswith("m3"))
    if unit == "t/yr":
        units = reference.materials()["unit"]
        mass = [a.exchange for a in chain.assessments
                if (a.exchange.unit or units.get(a.exchange.material)) == "t/yr"]  # fmt: skip
        return known_part(ex.quantity for ex in mass)
    return None


def reconciliation_table(published: Iterable[Mapping], chain: ChainAssessment) -> pd.DataFrame:
    """Each published total beside the tool's figure for the same exchanges: the sum of the
    exchanges whose result is known, and how many of them are known."""
    rows = []
    for figure in published:
        tool = _tool_figure(str(figure.get("unit", "")), chain)
        rows.append(
            {
                "figure": t(f"chainsui.published.{figure.get('figure_id')}")
                if has(f"chainsui.published.{figure.get('figure_id')}")
                else figure.get("figure_id"),
                "published": figure.get("value"),
                "unit": figure.get("unit"),
                "year": figure.get("year"),
                "tool": tool[0] if tool and tool[1] else None,
                "tool_known": t("chainsui.published.known", known=tool[1], total=tool[2])
                if tool
                else None,
                "source": figure.get("source"),
                "provenance": figure.get("provenance"),
            }
        )
    columns = ["figure", "published", "unit", "year", "tool", "tool_known", "source", "provenance"]
    return _rounded(pd.DataFrame(rows, columns=columns))
