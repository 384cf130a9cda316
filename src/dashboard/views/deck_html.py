"""A deck as one self-contained HTML file: every slide at 1280x720, interactive charts with
plotly.js inline (no file or address outside the page), next and previous by buttons and keys,
the slide number in the address (`#3`), the trainer's notes behind the N key, and one slide per
page when printed (the PDF export prints this file with Chromium)."""

from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from dashboard.i18n import language, t
from dashboard.views.report_html import html_table
from dashboard.views.slides import CHART_WIDE_PX, SlideContent

SLIDE_PX = (1280, 720)
BODY_PX = 24
CHART_NARROW_PX = 700
DECK_CSS = f"""
* {{ box-sizing: border-box; }}
html, body {{ margin: 0; background: #111; }}
body {{ font: {BODY_PX}px/1.35 "DejaVu Sans", system-ui, sans-serif; color: #111; }}
.slide {{ position: absolute; top: 0; left: 0; width: {SLIDE_PX[0]}px; height: {SLIDE_PX[1]}px;
  background: #fff; padding: 28px 40px 16px; display: flex; flex-direction: column;
  overflow: hidden; visibility: hidden; }}
.slide.current {{ visibility: visible; }}
h1 {{ font-size: 40px; line-height: 1.15; margin: 0 0 4px; color: #0d2b45; }}
.sub {{ font-size: 24px; color: #333; margin: 0 0 10px; }}
.body {{ flex: 1; display: flex; gap: 24px; min-height: 0; }}
.text {{ flex: 1 1 40%; min-width: 0; }}
.chart {{ flex: 0 0 auto; }}
ul {{ margin: 0; padding-left: 1.1em; }} li {{ margin: 0 0 10px; }}
table {{ border-collapse: collapse; margin-top: 8px; font-size: 24px; }}
th, td {{ border: 1px solid #999; padding: 4px 8px; text-align: left; vertical-align: top; }}
td.n {{ text-align: right; white-space: nowrap; }} th {{ background: #e8eef3; }}
footer {{ display: flex; justify-content: space-between; gap: 24px; font-size: 24px;
  padding-right: 290px;
  color: #333; margin-top: 6px; }}
.note {{ display: none; position: absolute; left: 40px; right: 40px; bottom: 60px;
  background: #fffde7; border: 2px solid #f9a825; padding: 12px; white-space: pre-wrap; }}
body.notes .note {{ display: block; }}
nav {{ position: fixed; right: 16px; bottom: 16px; display: flex; gap: 8px; }}
nav button {{ font-size: 24px; padding: 4px 16px; }}
@media print {{
  @page {{ size: {SLIDE_PX[0]}px {SLIDE_PX[1]}px; margin: 0; }}
  html, body {{ background: #fff; }}
  .slide {{ position: relative; visibility: visible; break-after: page; }}
  nav, .note {{ display: none !important; }}
  footer {{ padding-right: 0; }}
}}
"""
DECK_JS = """
(function () {
  const slides = Array.from(document.querySelectorAll('.slide'));
  let current = 0;
  function show(i) {
    current = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach((s, j) => s.classList.toggle('current', j === current));
    history.replaceState(null, '', '#' + (current + 1));
  }
  document.addEventListener('keydown', (e) => {
    if (['ArrowRight', 'PageDown', ' '].includes(e.key)) { show(current + 1); e.preventDefault(); }
    else if (['ArrowLeft', 'PageUp'].includes(e.key)) { show(current - 1); e.preventDefault(); }
    else if (e.key === 'Home') show(0);
    else if (e.key === 'End') show(slides.length - 1);
    else if (e.key === 'n' || e.key === 'N') document.body.classList.toggle('notes');
  });
  document.getElementById('prev').onclick = () => show(current - 1);
  document.getElementById('next').onclick = () => show(current + 1);
  show((parseInt(location.hash.slice(1), 10) || 1) - 1);
})();
"""


def figure_html(figure: go.Figure, width: int, div_id: str) -> str:
    """The figure as a div and its drawing script (plotly.js comes once, in the page's head)."""
    sized = go.Figure(figure)
    sized.update_layout(width=width, autosize=False)
    return sized.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                         config={"displayModeBar": False, "responsive": False})  # fmt: skip


def slide_html(slide: SlideContent, number: int, count: int, note: str = "") -> str:
    """One slide as a section; every text escaped."""
    text = ""
    if slide.points:
        text += "<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in slide.points) + "</ul>"
    if slide.table is not None and not slide.table.empty:
        text += html_table(slide.table)
    chart = ""
    if slide.figure is not None:
        width = CHART_NARROW_PX if text else CHART_WIDE_PX
        chart = f'<div class="chart">{figure_html(slide.figure, width, f"chart-{number}")}</div>'
    body = (f'<div class="text">{text}</div>' if text else "") + chart
    sub = f'<p class="sub">{html.escape(slide.subtitle)}</p>' if slide.subtitle else ""
    aside = f'<aside class="note">{html.escape(note)}</aside>' if note else ""
    return (
        f'<section class="slide" id="slide-{number}" data-testid="slide">'
        f"<h1>{html.escape(slide.title)}</h1>{sub}<div class=\"body\">{body}</div>"
        f'<footer><span>{html.escape(slide.caption)}</span>'
        f"<span>{number}&nbsp;/&nbsp;{count}</span></footer>{aside}</section>"
    )


def deck_html(name: str, slides: Sequence[SlideContent], notes: Sequence[str]) -> str:
    """The whole deck as one page that needs nothing else to open, offline included."""
    sections = "".join(
        slide_html(s, i + 1, len(slides), notes[i] if i < len(notes) else "")
        for i, s in enumerate(slides)
    )
    return (
        f'<!DOCTYPE html><html lang="{language()}"><head><meta charset="utf-8">'
        f"<title>{html.escape(name)}</title><style>{DECK_CSS}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script></head><body>{sections}'
        f'<nav><button id="prev" type="button">{html.escape(t("deck.previous"))}</button>'
        f'<button id="next" type="button">{html.escape(t("deck.next"))}</button></nav>'
        f"<script>{DECK_JS}</script></body></html>"
    )
