"""The tornado and comparison charts."""

from __future__ import annotations

import html

import pandas as pd

from dashboard.analysis.assessment import assess_chain
from dashboard.analysis.mca import CRITERIA, compare_chains
from dashboard.analysis.sensitivity import sensitivity
from dashboard.domain.factors import Factors
from dashboard.domain.labels import number_text
from dashboard.i18n import t
from dashboard.views.chain_figures import (
    comparison_figure,
    parameter_labels,
    tornado_figure,
    tornado_rows,
)

from ..chain_data import exchange


def test_tornado_rows_put_the_largest_swing_on_top_and_drop_unknowns():
    frame = pd.DataFrame(
        [
            ("small", "ghg_avoided_t_co2e", 10.0, 9.0, 11.0),
            ("large", "ghg_avoided_t_co2e", 10.0, 2.0, 18.0),
            ("middle", "ghg_avoided_t_co2e", 10.0, 13.0, 6.0),
            ("unknown", "ghg_avoided_t_co2e", None, None, None),
            ("other output", "net_benefit_eur", 1.0, 0.0, 100.0),
        ],
        columns=["parameter", "output", "base", "low", "high"],
    )
    rows = tornado_rows(frame, "ghg_avoided_t_co2e", {"large": "<b>large</b>"})
    assert rows["parameter"].tolist() == ["large", "middle", "small"]
    figure = tornado_figure(rows, "GHG", "t CO2e", 25)
    assert list(figure.data[0].y) == ["&lt;b&gt;large&lt;/b&gt;", "middle", "small"]
    assert figure.layout.yaxis.autorange == "reversed"
    assert list(figure.data[0].base) == [10.0, 10.0, 10.0]
    assert list(figure.data[0].x) == [-8.0, 3.0, -1.0]  # low - base
    assert [trace.name for trace in figure.data] == ["−25 %", "+25 %"]


def test_tornado_of_a_real_chain_varies_distance_and_factors():
    factors = Factors()
    exchanges = [exchange("A", "B")]
    rows = tornado_rows(
        sensitivity(exchanges, factors), "ghg_avoided_t_co2e",
        parameter_labels(["distance", "ef_virgin.fly_ash"], factors),
    )  # fmt: skip
    swings = (rows["high"] - rows["low"]).abs().tolist()
    assert swings == sorted(swings, reverse=True)
    assert t("chainsui.parameter.distance") in rows["label"].tolist()


def test_comparison_figure_has_a_bar_group_per_chain():
    chain = assess_chain([exchange("A", "B")])
    frame = compare_chains({"x": chain, "y": chain})
    figure = comparison_figure(frame, {"x": "Chain <i>x</i>", "y": "y"})
    assert [trace.name for trace in figure.data] == ["Chain &lt;i&gt;x&lt;/i&gt;", "y"]
    assert len(figure.data[0].y) == len(CRITERIA) + 1  # the criteria and the MCA score


def test_tornado_bars_are_named_in_words_and_read_to_three_significant_figures():
    factors = Factors()
    chain = [exchange("A", "B")]
    swings = sensitivity(chain, factors, 25)
    labels = parameter_labels(swings["parameter"].unique(), factors)
    factor_ids = [p for p in swings["parameter"].unique() if factors.get(p) is not None]
    assert factor_ids
    for factor_id in factor_ids:
        assert factor_id not in labels[factor_id] and "_" not in labels[factor_id]
    rows = tornado_rows(swings, "net_benefit_eur", labels)
    figure = tornado_figure(rows, "Net benefit", "EUR/yr", 25)
    shown = list(figure.data[1].customdata)
    assert shown == [number_text(float(v)) for v in rows["high"]]
    assert "%{customdata}" in figure.data[1].hovertemplate
    assert figure.layout.xaxis.tickformat == ",.3~r"


def test_long_bar_labels_are_wrapped_and_shown_whole_on_hover():
    long = "Fate without: " + " → ".join(["Neva Demo Brewery (fictional) <b>"] * 6)
    rows = pd.DataFrame({"label": [long], "base": [1.0], "low": [0.5], "high": [2.0]})
    figure = tornado_figure(rows, "GHG", "t CO2e", 25)
    [label] = figure.data[0].y
    lines = label.split("<br>")
    assert len(lines) <= 2 and "&lt;b&gt;" in label
    assert all(len(html.unescape(line)) <= 60 for line in lines)
    assert figure.data[0].hovertext[0] == long.replace("<", "&lt;").replace(">", "&gt;")
