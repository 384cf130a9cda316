"""The chain diagram: companies in path order, escaped labels, dashes by status, cycles, and the
library's cases drawn with few overlapping texts."""

from __future__ import annotations

import itertools

import pytest

from dashboard.io.cases import load_library
from dashboard.views.case_views import flow_exchanges
from dashboard.views.chain_diagram import (
    _overlap,
    chain_diagram,
    diagram_figure,
    diagram_svg,
    label_boxes,
)

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


def overlaps(diagram) -> int:
    """Pairs of texts whose estimated boxes overlap: edge labels with each other and with node
    names, node names with each other, and the notes with any of them."""
    boxes = label_boxes(diagram)
    texts = boxes["names"] + boxes["labels"] + boxes["notes"]
    return sum(_overlap(a, b) > 0 for a, b in itertools.combinations(texts, 2))


@pytest.mark.parametrize("scale, width", [(1.0, 1000), (20 / 13, 740)], ids=["page", "slide"])
def test_the_cases_are_drawn_with_few_overlapping_texts(scale, width):
    entries, _ = load_library()
    counts = {}
    for entry in entries:
        exchanges = flow_exchanges(entry.dataset)
        diagram = chain_diagram(exchanges, entry.dataset.company_names(), scale, width)
        counts[entry.case.id] = (len(exchanges), overlaps(diagram))
    print(sorted(counts.items(), key=lambda item: -item[1][0]))
    assert counts and all(n == 0 for size, n in counts.values() if size <= 12), counts
    if scale == 1:
        assert all(n <= 9 for size, n in counts.values()), counts  # Kalundborg had 18


def test_labels_that_do_not_fit_are_numbered_and_listed_in_the_notes():
    exchanges = [exchange("A", "B", f"material_{i}", 1000.0 + i) for i in range(8)]
    diagram = chain_diagram(exchanges, NAMES)
    marks = [e.mark for e in diagram.edges if e.mark]
    assert marks == [str(i) for i in range(1, len(marks) + 1)] and marks
    notes = "<br>".join(note.text for note in diagram.notes).split("<br>")
    assert [line.split(":")[0] for line in notes] == marks
    figure = diagram_figure(diagram)
    texts = [a.text for a in figure.layout.annotations]
    assert all(mark in texts for mark in marks) and overlaps(diagram) == 0
    assert "material 2" in diagram_svg(diagram)
