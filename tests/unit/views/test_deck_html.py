"""The deck's HTML export: one page that needs nothing from outside (plotly.js inline, no
address to fetch), a section per slide with its number, charts drawn by script, every text from
data escaped, notes kept off the slides; and its PDF, printed by Chromium, a page per slide."""

from __future__ import annotations

import io
import re

import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs
from pypdf import PdfReader

from dashboard.io import pdf
from dashboard.views.deck_html import SLIDE_PX, deck_html
from dashboard.views.slides import SlideContent, projector

from ..chain_data import HOSTILE

SLIDES = [
    SlideContent(f"Deck {HOSTILE}", "=1+1", points=("one", f"two {HOSTILE}")),
    SlideContent("Chart", figure=projector(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])))),
    SlideContent("Both", points=("p",), figure=projector(go.Figure(go.Scatter(x=[1], y=[1]))),
                 caption=f"source {HOSTILE}"),
]


def test_the_page_is_self_contained_and_escaped():
    page = deck_html(f"Deck {HOSTILE}", SLIDES, ["", f"say {HOSTILE}", ""])
    assert page.startswith("<!DOCTYPE html>")
    assert HOSTILE not in page
    assert "Deck &lt;script&gt;alert(1)&lt;/script&gt;" in page and "=1+1" in page
    library = get_plotlyjs()
    assert page.count(library) == 1
    own = page.replace(library, "")  # the library names plotly.com in a link it does not show
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", own)
    assert "<script src" not in own and "<link" not in own
    assert own.count("Plotly.newPlot") == 2 and page.count('data-testid="slide"') == 3
    assert "1&nbsp;/&nbsp;3" in page and "3&nbsp;/&nbsp;3" in page
    assert '<aside class="note">say &lt;script&gt;' in page
    assert f"size: {SLIDE_PX[0]}px {SLIDE_PX[1]}px" in page


def test_the_pdf_has_a_page_per_slide_at_the_slides_size():
    if pdf.chromium() is None:
        pytest.fail("no Chromium: `make test` installs it (as root)")
    data = pdf.html_pdf(deck_html("Deck", SLIDES, []))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(SLIDES)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (960, 540)  # 1280x720 px
    assert "Chart" in reader.pages[1].extract_text()


def test_no_browser_is_said_not_crashed(monkeypatch, tmp_path):
    monkeypatch.setenv("IS_DASHBOARD_CHROMIUM", str(tmp_path / "none"))
    with pytest.raises(pdf.NoBrowser):
        pdf.html_pdf("<p>x</p>")
