"""A chain's assessment as tables: unknowns stay empty with their reason, the working lists
formula and values, comparison, factor edits."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.assessment import assess_chain
from dashboard.analysis.mca import compare_chains
from dashboard.domain.factors import Factors, bundled
from dashboard.i18n import t
from dashboard.views import chain_tables as ct

from ..chain_data import NAMES, exchange


def test_unknown_quantity_stays_empty_with_its_reason_never_zero():
    chain = assess_chain([exchange("A", "B"), exchange("B", "C", quantity=None)])
    table = ct.exchange_table(chain, NAMES)
    assert pd.isna(table.loc[1, "ghg_avoided_t_co2e"])
    assert t("assess.missing.quantity") in table.loc[1, "unknown"]
    totals = ct.totals_table(chain).set_index("result")["value"]
    assert pd.isna(totals[ct.result_label("ghg_avoided_t_co2e")])
    csv = ct.csv_table(chain, NAMES)
    assert csv.iloc[-1][t("chainsui.col.exchange")] == t("chainsui.total")
    assert pd.isna(csv.iloc[-1][ct.result_label("net_benefit_eur")])


def test_the_working_lists_formula_and_values_used_escaped():
    factors = Factors()
    chain = assess_chain([exchange("A", "B")], factors)
    working = ct.working_table(chain.assessments[0], factors).set_index("result")
    ghg = working.loc[ct.result_label("ghg_avoided_t_co2e")]
    assert ghg["formula"] == t("assess.formula.ghg_mass")
    assert (
        "Q = 1,000 t/yr" in ghg["inputs"]
        and "[Footprint of the resource replaced: fly ash · ef_virgin.fly_ash]" in ghg["inputs"]
    )
    markdown = ct.working_markdown(ct.working_table(chain.assessments[0], factors))
    assert "\\[Q × \\(EF\\_virgin" in markdown  # Markdown characters escaped
    total = ct.working_markdown(ct.totals_working(chain, NAMES))
    assert "Brewery → " in total and "\\<script\\>" in total


def test_comparison_table_labels_chains_and_shows_the_known_weight_in_per_cent():
    frame = compare_chains({"k": assess_chain([exchange("A", "B", quantity=None)])})
    table = ct.comparison_table(frame, {"k": "Chain K"})
    assert table.loc[0, "chain"] == "Chain K"
    assert 0 < table.loc[0, "coverage"] < 100
    assert pd.isna(table.loc[0, "ghg_avoided_t_co2e"])
    assert set(table.columns) <= set(ct.column_labels())


def test_factor_edits_become_overrides_and_a_default_value_drops_one():
    rows = bundled()
    ids = [rows[0].factor_id, rows[1].factor_id]
    edits = {0: {"value": rows[0].default * 2}, "1": {"note": "x"}}
    overrides = ct.edited_overrides({}, edits, ids, rows)
    assert overrides == {ids[0]: rows[0].default * 2}
    assert ct.edited_overrides(overrides, {0: {"value": rows[0].default}}, ids, rows) == {}
    assert ct.edited_overrides(overrides, {0: {"value": None}}, ids, rows) == {}


def test_tables_people_read_round_to_three_significant_figures_and_csv_keeps_all_digits():
    chain = assess_chain([exchange("A", "B", quantity=123_456.0)])
    exact = chain.totals["net_benefit_eur"].value
    assert exact is not None and round(exact, 0) != float(f"{exact:.3g}")
    shown = ct.totals_table(chain).set_index("result").loc[ct.result_label("net_benefit_eur")]
    assert shown["value"] == float(f"{exact:.3g}")
    assert ct.exchange_table(chain, {})["net_benefit_eur"].iloc[0] == float(f"{exact:.3g}")
    assert ct.exchange_table(chain, {})["quantity"].iloc[0] == 123_456.0  # data as given
    csv = ct.csv_table(chain, {})
    assert csv[ct.result_label("net_benefit_eur")].iloc[-1] == exact
