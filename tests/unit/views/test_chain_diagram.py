"""The chain diagram: companies in path order, escaped labels, dashes by status, cycles."""

from __future__ import annotations

import pytest

from dashboard.views.chain_diagram import chain_diagram, diagram_figure, diagram_svg

from ..chain_data import HOSTILE, NAMES, exchange


def test_diagram_puts_companies_in_path_order_and_escapes_labels():
    exchanges = [exchange("B", "C", "digestate", 400.0, "planned"), exchange("A", "B", HOSTILE)]
    diagram = chain_diagram(exchanges, NAMES)
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
    dashes = [e.dash for e in chain_diagram(exchanges, NAMES).edges]
    assert dashes[0] == "solid" and dashes[1] != "solid" and dashes[2] != "solid"
    figure = diagram_figure(chain_diagram(exchanges, NAMES))
    assert [trace.line.dash for trace in figure.data[:3]] == dashes
    assert len(figure.layout.annotations) == 2 * len(exchanges)  # an arrowhead and a label each


@pytest.mark.timeout(10)
def test_a_cycle_and_parallel_exchanges_still_get_a_layout():
    exchanges = [exchange("A", "B"), exchange("B", "A", "heat"), exchange("A", "B", "steam")]
    diagram = chain_diagram(exchanges, NAMES)
    assert [n.company_id for n in diagram.nodes] == ["A", "B"]
    middles = {e.points[len(e.points) // 2] for e in diagram.edges}
    assert len(middles) == 3  # the three arrows are bent apart
    assert "<svg" in diagram_svg(diagram)
