"""Pure builders of the Chains page: members and their exchanges, tables and working, the
diagram, the tornado and comparison charts, map layers and the printable report."""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
import pytest

from dashboard import chain_members as cm
from dashboard import chain_tables as ct
from dashboard import chain_view as cv
from dashboard.assessment import (
    CRITERIA,
    Exchange,
    assess_chain,
    compare_chains,
    criteria_scores,
    mca_score,
    sensitivity,
)
from dashboard.chains import detect_chains
from dashboard.dataset import load_path
from dashboard.factors import Factors, bundled
from dashboard.i18n import t
from dashboard.matching import find_candidates
from dashboard.reference import DATASETS_DIR
from dashboard.store import Member, StoredChain

HOSTILE = "<script>alert(1)</script>"
NAMES = {"A": "Brewery", "B": f"Biogas {HOSTILE}", "C": "Farm & Co", "D": "Mill"}


def exchange(source, target, material="fly_ash", quantity=1000.0, status="existing", **kw):
    fields = dict(exchange_id=f"{source}{target}", source_company=source, target_company=target,
                  material=material, quantity=quantity, unit="t/yr", distance_km=10.0,
                  source_country="FI", target_country="FI", status=status)  # fmt: skip
    return Exchange(**(fields | kw))


@pytest.fixture(scope="module")
def leningrad():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    return dataset


# -- members ----------------------------------------------------------------------------------


def test_options_cover_flows_and_candidates_with_unique_readable_labels(leningrad):
    candidates = find_candidates(leningrad)
    options = cm.exchange_options(leningrad, candidates)
    flows = [k for k in options if k.startswith("flow:")]
    assert len(flows) == len(leningrad.flows)
    assert len(options) == len(leningrad.flows) + len(candidates)
    labels = [o.label for o in options.values()]
    assert len(set(labels)) == len(labels)
    first = options[f"flow:{leningrad.flows['flow_id'].iloc[0]}"].label
    assert re.fullmatch(r".+ → .+ → .+ \(.+\) · .+", first)


def test_a_stored_candidate_becomes_an_exchange_from_the_datasets_streams(leningrad):
    row = find_candidates(leningrad).iloc[0]
    [member] = cm.candidate_members(pd.DataFrame([row]))
    assert member.ref_id == f"{row['have_stream_id']}>{row['want_stream_id']}"
    [ex] = cm.member_exchanges([member], leningrad)
    assert (ex.source_company, ex.target_company) == (row["source_company"], row["target_company"])
    assert ex.use == row["want_material"] and ex.status == "candidate"
    assert ex.distance_km == pytest.approx(row["distance_km"], abs=0.06)


def test_a_flow_that_no_longer_exists_falls_back_to_its_stored_fields(leningrad):
    [flow] = cm.flow_members(leningrad.flows.head(1))
    gone = Member("flow", "no-such-flow", flow.source_company, flow.target_company,
                  flow.material, flow.quantity, flow.unit)  # fmt: skip
    [kept, fallback] = cm.member_exchanges([flow, gone], leningrad)
    assert kept.exchange_id == flow.ref_id and kept.status == leningrad.flows["status"].iloc[0]
    assert fallback.exchange_id == "no-such-flow"
    assert (fallback.material, fallback.quantity) == (flow.material, flow.quantity)
    assert fallback.distance_km == pytest.approx(kept.distance_km)


def test_listed_chains_put_saved_ones_first_and_follow_the_shown_companies(leningrad):
    detected = detect_chains(leningrad.flows, leningrad.companies)
    when = datetime(2026, 1, 1)
    saved = StoredChain("abc", "Team <i>A</i>", "leningrad", when, when, (Member("flow", "x"),))
    listed = cm.listed_chains([saved], detected, leningrad.flows)
    assert next(iter(listed)) == "saved:abc"
    assert listed["saved:abc"].label == t("chainsui.saved_label", name="Team <i>A</i>")
    assert len(listed) == len(detected) + 1
    first = listed[f"detected:{detected[0].chain_id}"]
    assert [m.ref_id for m in first.members] == list(detected[0].flow_ids)
    only = cm.listed_chains([], detected, leningrad.flows, detected[-1].companies)
    assert f"detected:{detected[-1].chain_id}" in only and len(only) < len(detected)


# -- tables and the working -------------------------------------------------------------------


def test_unknown_quantity_stays_empty_with_its_reason_never_zero():
    chain = assess_chain([exchange("A", "B"), exchange("B", "C", quantity=None)])
    table = ct.exchange_table(chain, NAMES)
    assert pd.isna(table.loc[1, "ghg_avoided_t_co2e"])
    assert "quantity unknown" in table.loc[1, "unknown"]
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
    assert "Q = 1,000 t/yr" in ghg["inputs"] and "[ef_virgin.fly_ash" in ghg["inputs"]
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


# -- the diagram ------------------------------------------------------------------------------


def test_diagram_puts_companies_in_path_order_and_escapes_labels():
    exchanges = [exchange("B", "C", "digestate", 400.0, "planned"), exchange("A", "B", HOSTILE)]
    diagram = cv.chain_diagram(exchanges, NAMES)
    assert [(n.company_id, n.x) for n in diagram.nodes] == [("A", 0), ("B", 1), ("C", 2)]
    biogas = next(n for n in diagram.nodes if n.company_id == "B")
    assert "&lt;script&gt;" in biogas.label and "<script>" not in biogas.label
    assert [(e.source, e.target) for e in diagram.edges] == [("B", "C"), ("A", "B")]
    assert diagram.edges[1].label == "&lt;script&gt;alert(1)&lt;/script&gt;<br>1,000 t/yr"
    assert diagram.edges[0].label.endswith("<br>400 t/yr")
    assert diagram.edges[0].points[0] == (1.0, 0.0) and diagram.edges[0].points[-1] == (2.0, 0.0)


def test_potential_and_candidate_links_are_dashed_existing_solid():
    exchanges = [
        exchange("A", "B"),
        exchange("B", "C", status="potential"),
        exchange("C", "D", status="candidate"),
    ]
    dashes = [e.dash for e in cv.chain_diagram(exchanges, NAMES).edges]
    assert dashes[0] == "solid" and dashes[1] != "solid" and dashes[2] != "solid"
    figure = cv.diagram_figure(cv.chain_diagram(exchanges, NAMES))
    assert [trace.line.dash for trace in figure.data[:3]] == dashes
    assert len(figure.layout.annotations) == 2 * len(exchanges)  # an arrowhead and a label each


@pytest.mark.timeout(10)
def test_a_cycle_and_parallel_exchanges_still_get_a_layout():
    exchanges = [exchange("A", "B"), exchange("B", "A", "heat"), exchange("A", "B", "steam")]
    diagram = cv.chain_diagram(exchanges, NAMES)
    assert [n.company_id for n in diagram.nodes] == ["A", "B"]
    middles = {e.points[len(e.points) // 2] for e in diagram.edges}
    assert len(middles) == 3  # the three arrows are bent apart
    assert "<svg" in cv.diagram_svg(diagram)


# -- charts -----------------------------------------------------------------------------------


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
    rows = cv.tornado_rows(frame, "ghg_avoided_t_co2e", {"large": "<b>large</b>"})
    assert rows["parameter"].tolist() == ["large", "middle", "small"]
    figure = cv.tornado_figure(rows, "GHG", "t CO2e", 25)
    assert list(figure.data[0].y) == ["&lt;b&gt;large&lt;/b&gt;", "middle", "small"]
    assert figure.layout.yaxis.autorange == "reversed"
    assert list(figure.data[0].base) == [10.0, 10.0, 10.0]
    assert list(figure.data[0].x) == [-8.0, 3.0, -1.0]  # low - base
    assert [trace.name for trace in figure.data] == ["−25 %", "+25 %"]


def test_tornado_of_a_real_chain_varies_distance_and_factors():
    factors = Factors()
    exchanges = [exchange("A", "B")]
    rows = cv.tornado_rows(
        sensitivity(exchanges, factors), "ghg_avoided_t_co2e",
        cv.parameter_labels(["distance", "ef_virgin.fly_ash"], factors),
    )  # fmt: skip
    swings = (rows["high"] - rows["low"]).abs().tolist()
    assert swings == sorted(swings, reverse=True)
    assert t("chainsui.parameter.distance") in rows["label"].tolist()


def test_comparison_figure_has_a_bar_group_per_chain():
    chain = assess_chain([exchange("A", "B")])
    frame = compare_chains({"x": chain, "y": chain})
    figure = cv.comparison_figure(frame, {"x": "Chain <i>x</i>", "y": "y"})
    assert [trace.name for trace in figure.data] == ["Chain &lt;i&gt;x&lt;/i&gt;", "y"]
    assert len(figure.data[0].y) == len(CRITERIA) + 1  # the criteria and the MCA score


def test_map_layers_draw_only_the_chains_companies(leningrad):
    members = cm.flow_members(leningrad.flows.head(2))
    exchanges = cm.member_exchanges(members, leningrad)
    assert len(cv.map_lines(exchanges, leningrad)) == 2
    fmap = cv.chain_map(exchanges, leningrad)
    for layer in cv.map_layers(exchanges, leningrad):
        layer.add_to(fmap)
    html = fmap.get_root().render()
    names = leningrad.companies.set_index("company_id")["name"]
    chain = {c for ex in exchanges for c in (ex.source_company, ex.target_company)}
    plain = names[names.str.fullmatch(r"[\w .()-]+")]
    assert all(plain[c] in html for c in chain if c in plain.index)
    assert not any(plain[c] in html for c in set(plain.index) - chain)


# -- the report -------------------------------------------------------------------------------


def report(chain, factors=None):
    factors = factors or Factors()
    scores = criteria_scores(chain)
    return cv.report_html(
        title=f"Chain {HOSTILE}", dataset_title="Test <data>", chain=chain, names=NAMES,
        factors=factors, scores=scores, weights={}, mca=mca_score(scores),
        generated=datetime(2026, 1, 2, 3, 4),
    )  # fmt: skip


def test_report_escapes_data_and_runs_no_script():
    chain = assess_chain([exchange("A", "B", HOSTILE), exchange("B", "C", quantity=None)])
    text = report(chain)
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text.lower()
    assert "Chain &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "Biogas &lt;script&gt;" in text and "Test &lt;data&gt;" in text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)  # no external assets
    assert "quantity unknown" in text and "2026-01-02 03:04" in text


def test_report_contains_the_formulas_values_and_sources():
    factors = Factors()
    factors.override("ef_virgin.fly_ash", 1250.0)
    chain = assess_chain([exchange("A", "B")], factors)
    text = report(chain, factors)
    for formula in ("assess.formula.ghg_mass", "assess.formula.net_benefit"):
        assert t(formula).replace("&", "&amp;") in text
    source = factors.get("ef_virgin.fly_ash")
    assert "EF_virgin = 1,250 " in text
    assert "ef_virgin.fly_ash" in text and source.source.replace("&", "&amp;")[:40] in text
    assert "<svg" in text and "Brewery" in text
