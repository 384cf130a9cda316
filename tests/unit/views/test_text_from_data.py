"""Text from data is shown as typed: Streamlit Markdown, plotly labels and the report's SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from dashboard.analysis import sankey_links as sankey
from dashboard.analysis.sankey_links import SankeyDefinition
from dashboard.views.chain_diagram import chain_diagram, diagram_figure, diagram_svg
from dashboard.views.markdown import WORD_JOINER, escape_markdown
from dashboard.views.plotly_text import escape_plotly
from dashboard.views.sankey_figure import sankey_figure

from ..chain_data import exchange
from ..sankey_data import flows_dataset, known_links

QUOTED = 'Mill "North" & Sons'
SHORTCODES = [
    ":material/warning:", ":streamlit:", ":smile:", ":red[alarm]", "https://example.org",
    "www.example.org", "info@example.org", "a -> b", "x >= 1", "$x^2$", "&amp;", "[a](b)",
]  # fmt: skip


def plain(markdown: str) -> str:
    """What a reader sees once CommonMark's backslash escapes are undone."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


@pytest.mark.parametrize("text", SHORTCODES)
def test_markdown_escaping_breaks_every_streamlit_pattern_and_keeps_the_text(text):
    escaped = escape_markdown(text)
    assert plain(escaped) == text
    assert not re.search(r":[a-z_/]+:|:red\[|https?://|www\.|@ex|->|>=", escaped)


def test_plotly_text_escapes_markup_but_not_quotes():
    assert escape_plotly('<b>"x"</b> & \'y\'') == "&lt;b&gt;\"x\"&lt;/b&gt; &amp; 'y'"


def test_a_quote_in_a_name_is_a_quote_in_the_sankey():
    dataset = flows_dataset()
    company = dataset.companies["company_id"].iloc[0]
    names = dataset.company_names() | {company: QUOTED}
    known, _ = known_links(dataset)
    links = sankey.sankey_links(known, dataset.companies, SankeyDefinition("company"))
    figure = sankey_figure(links, names, links["unit"].iloc[0])
    labels = list(figure.data[0].node.label)
    assert 'Mill "North" &amp; Sons' in labels
    assert not any("&quot;" in label for label in labels)


def test_a_quote_in_a_name_is_a_quote_in_the_diagram_and_its_svg():
    diagram = chain_diagram([exchange("A", "B")], {"A": QUOTED, "B": "<b>Farm</b>"})
    assert diagram.nodes[0].label == 'Mill "North" &amp; Sons'
    root = ET.fromstring(diagram_svg(diagram))
    texts = ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]
    assert QUOTED in texts and "<b>Farm</b>" in texts


def test_charts_write_numbers_with_the_separators_of_the_language():
    from dashboard.analysis import summary
    from dashboard.i18n import use_language
    from dashboard.views import home_charts

    dataset = flows_dataset()
    known, _ = known_links(dataset)
    links = sankey.sankey_links(known, dataset.companies, SankeyDefinition("company"))
    for code, expected in (("en", ".,"), ("ru", ",\u00a0")):
        with use_language(code):
            figures = [
                sankey_figure(links, dataset.company_names(), links["unit"].iloc[0]),
                home_charts.sector_bar(summary.by_sector(dataset.companies)),
                home_charts.provenance_bar(summary.by_provenance(dataset)),
                diagram_figure(chain_diagram([exchange("A", "B")], {"A": "a", "B": "b"})),
            ]
            assert [f.layout.separators for f in figures] == [expected] * len(figures), code
