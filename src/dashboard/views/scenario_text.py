"""A policy what-if in words: its changes, its metrics side by side, the exchanges and chains
that changed state, and why a change cannot be applied, in the reader's language; the table a
person downloads."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.analysis import scenario as sc
from dashboard.domain.labels import ARROW, chain_name, material_label, significant_all
from dashboard.i18n import t
from dashboard.views.people_csv import for_people
from dashboard.views.policy_text import code_word


def error_text(error: sc.ScenarioError) -> str:
    """Why a change cannot be applied: 'co2_price.XX=+10%: no carbon price of XX to change'."""
    return t(f"scenario.error.{error.code}", change=error.key, value=error.value)


def country_text(country: str) -> str:
    return t("scenario.every_country") if country in ("", sc.EVERY_COUNTRY) else country


def change_label(key: str) -> str:
    """What a change's key sets: 'Landfill: gate fee incl. tax, RU', 'Waste status: slag'."""
    kind, _, rest = key.partition(".")
    if kind == sc.GATE_FEE:
        route, _, country = rest.partition(".")
        return t(f"scenario.key.gate_fee.{route}", country=country_text(country))
    if kind == sc.CO2_PRICE:
        return t("scenario.key.co2_price", country=country_text(rest))
    if kind == sc.STATUS:
        return t("scenario.key.status", material=material_label(rest))
    if kind == sc.TRANSPORT:
        return t(f"scenario.key.transport.{rest}")
    return t("scenario.key.factor", factor=rest)


def factor_change_label(key: str, factor_id: str) -> str:
    """What a change set in one factor: a gate fee by its own country (a change for every
    country sets several), any other factor by the change's key."""
    return change_label(factor_id if factor_id.startswith(f"{sc.GATE_FEE}.") else key)


def metric_label(metric: str) -> str:
    return t(f"scenario.metric.{metric}")


def state_label(state: str) -> str:
    return t(f"scenario.state.{state}")


def status_word(status: str) -> str:
    return code_word("status", status)


def changes_table(result: sc.ScenarioResult) -> pd.DataFrame:
    """The scenario's changes: what each sets, its unit, the value before and after (a status:
    its new word; a carbon price: 0 before, the baseline counts none)."""
    applied = result.applied
    rows: list[dict[str, object]] = [
        {"change": factor_change_label(c.key, c.factor_id), "factor": c.factor_id, "unit": c.unit,
         "baseline": c.before, "scenario": c.after}
        for c in applied.factor_changes
    ]  # fmt: skip
    for country, price in applied.co2_prices.items():
        key = sc.CO2_PRICE if country == sc.EVERY_COUNTRY else f"{sc.CO2_PRICE}.{country}"
        rows.append({"change": change_label(key), "factor": key, "unit": sc.CO2_UNIT,
                     "baseline": 0.0, "scenario": price})  # the baseline counts none  # fmt: skip
    for material, status in applied.statuses.items():
        key = f"{sc.STATUS}.{material}"
        rows.append({"change": change_label(key), "factor": key, "unit": "", "baseline": None,
                     "scenario": None, "status": status_word(status)})  # fmt: skip
    columns = ["change", "factor", "unit", "baseline", "scenario", "status"]
    frame = pd.DataFrame(rows, columns=columns)
    frame[["baseline", "scenario"]] = frame[["baseline", "scenario"]].astype(float)
    return frame.fillna({"status": ""})


def _significant(frame: pd.DataFrame, columns: list[str], rows=None) -> pd.DataFrame:
    """Numbers a person reads, to 3 significant figures (counts stay exact)."""
    rows = frame.index if rows is None else rows
    for column in columns:
        frame.loc[rows, column] = significant_all(frame.loc[rows, column])
    return frame


def comparison_table(result: sc.ScenarioResult) -> pd.DataFrame:
    """Every metric in words with its unit, baseline, scenario and difference; the counts of
    unknown results only where there are some."""
    frame = sc.comparison(result)
    unknown = frame["metric"].str.endswith("_unknown")
    frame = frame[~unknown | (frame["baseline"] != 0) | (frame["scenario"] != 0)].copy()
    frame = _significant(frame, ["baseline", "scenario", "difference"], frame["unit"] != sc.COUNT)
    return frame.assign(metric=frame["metric"].map(metric_label)).reset_index(drop=True)


def _exchange(source: str, material: str, target: str, names: Mapping[str, str]) -> str:
    """'A → fly ash → B': a candidate exchange by its companies' names and its material."""
    return ARROW.join([str(names.get(source, source)), material_label(material),
                       str(names.get(target, target))])  # fmt: skip


def _chain_names(result: sc.ScenarioResult, names: Mapping[str, str]) -> dict[str, str]:
    return {c.chain_id: chain_name(c, names) for c in result.chains}


def changed_table(result: sc.ScenarioResult, names: Mapping[str, str]) -> pd.DataFrame:
    """The candidate exchanges and chains that changed state: what, from, to, and the net
    benefit in each state (EUR/yr, empty when unknown)."""
    chains = _chain_names(result, names)
    rows = []
    for c in result.changed:
        if c.kind == sc.CHAIN:
            what = chains.get(c.exchange_id, c.exchange_id)
        else:
            what = _exchange(c.source_company, c.material, c.target_company, names)
        rows.append({
            "kind": t(f"scenario.kind.{c.kind}"), "exchange": what,
            "baseline_state": state_label(c.baseline), "scenario_state": state_label(c.scenario),
            "baseline": c.baseline_net, "scenario": c.scenario_net,
        })  # fmt: skip
    columns = ["kind", "exchange", "baseline_state", "scenario_state", "baseline", "scenario"]
    frame = pd.DataFrame(rows, columns=columns)
    frame[["baseline", "scenario"]] = frame[["baseline", "scenario"]].astype(float)
    return _significant(frame, ["baseline", "scenario"])


def download_table(result: sc.ScenarioResult, names: Mapping[str, str]) -> pd.DataFrame:
    """The scenario's table (`analysis.scenario.scenario_table`) for a person: each row named
    in words, states and statuses in words, headers in the reader's language."""
    frame = sc.scenario_table(result)
    chains = _chain_names(result, names)
    named = []
    for row in frame.itertuples(index=False):
        if row.kind == "change" and row.id.startswith((f"{sc.CO2_PRICE}", f"{sc.STATUS}.")):
            named.append(change_label(row.id))
        elif row.kind == "change":
            named.append(factor_change_label(row.name, row.id))
        elif row.kind == "metric":
            named.append(metric_label(row.id))
        elif row.kind == sc.CHAIN:
            named.append(chains.get(row.id, row.id))
        else:
            named.append(_exchange(row.source_company, row.material, row.target_company, names))
    statuses = frame["name"].where(frame["id"].str.startswith(f"{sc.STATUS}."))
    states = {c: frame[c].map(state_label, na_action="ignore")
              for c in ("baseline_state", "scenario_state")}  # fmt: skip
    frame = frame.assign(
        name=named, status=statuses.map(status_word, na_action="ignore"),
        material=frame["material"].map(material_label, na_action="ignore"), **states,
    ).drop(columns=["source_company", "target_company"])
    return for_people(frame)
