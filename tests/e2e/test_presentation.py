"""A deck in a real browser at 1280x720: a training deck is made, shown full screen and stepped
through by key and button; on every slide no text is under 24 px (chart text under 18 px),
nothing overflows the slide or the window, and the slide's number is in the address. The
exported HTML opens in Chromium with the network cut and draws its charts; the PDF has a page
per slide."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from dashboard.domain import deck as dk
from dashboard.io.cases import load_library
from dashboard.store import decks as store
from dashboard.views.slides import CHART_FONT_PX
from dashboard.web import session
from dashboard.web.presentation import SLIDE_HEIGHT

from .helpers import click, fill, keyed

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
PROJECTOR = {"width": 1280, "height": 720}
BODY_MIN_PX = 24

# Every text-bearing element of the slide (outside charts) under the body size, every chart
# text under the chart size, and the slide's and the window's overflow.
MEASURE_JS = """([slideSelector, bodyMin, chartMin]) => {
  const slide = document.querySelector(slideSelector);
  if (!slide) return null;
  const small = [];
  for (const el of slide.querySelectorAll('*')) {
    if (el.closest('.js-plotly-plot')) continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || !box.width) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < bodyMin) small.push(`${el.tagName} ${size}px: ${el.textContent.slice(0, 40)}`);
  }
  for (const el of slide.querySelectorAll('.js-plotly-plot text')) {
    if (!el.textContent.trim() || !el.getBoundingClientRect().width) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < chartMin) small.push(`chart ${size}px: ${el.textContent.slice(0, 30)}`);
  }
  const main = document.querySelector('[data-testid="stMain"]');
  const right = Math.max(...Array.from(slide.querySelectorAll('*'), e =>
    e.getBoundingClientRect().right));
  return {small, overflowY: slide.scrollHeight - slide.clientHeight,
          overflowX: slide.scrollWidth - slide.clientWidth, right, width: innerWidth,
          pageY: main.scrollHeight - innerHeight, height: slide.clientHeight};
}"""
CHARTS_DRAWN_JS = """(selector) => Array.from(document.querySelectorAll(selector)).every(
  c => c.querySelector('.main-svg'))"""


def make_deck(app: AppPage) -> str:
    name = f"Class {time.time_ns()}"
    app.open_page("present", screenshot="present")
    fill(app, session.DECK_NEW_NAME, name)
    click(app, session.DECK_CREATE)
    expect(keyed(app, session.DECK_PRESENT)).to_be_visible()
    app.screenshot("present-editor")
    match = re.search(r"deck=([0-9a-f]{32})", app.page.url)
    assert match, app.page.url
    return match.group(1)


def check_slide(app: AppPage, number: int, count: int, shot: str = "present-slide") -> None:
    page = app.page
    expect(page).to_have_url(re.compile(rf"[?&]slide={number}(&|$)"))
    app.wait_until_finished()
    slide = keyed(app, session.SLIDE)
    expect(slide.locator('[data-testid="slide-caption"]')).to_contain_text(f"{number} / {count}")
    app.wait_until_finished()
    page.wait_for_function(CHARTS_DRAWN_JS, arg=f".st-key-{session.SLIDE} .js-plotly-plot")
    found = page.evaluate(MEASURE_JS, [f".st-key-{session.SLIDE}", BODY_MIN_PX,
                                       CHART_FONT_PX - 2])  # fmt: skip
    app.screenshot(f"{shot}-{number}")
    assert found is not None and found["height"] == SLIDE_HEIGHT
    assert found["small"] == [], (number, found["small"])
    assert found["overflowY"] <= 0 and found["overflowX"] <= 0, (number, found)
    assert found["right"] <= found["width"] and found["pageY"] <= 0, (number, found)


def slides_of(deck_id: str, server_env: dict[str, str]) -> int:
    return len(store.get_deck(deck_id, server_env["IS_DASHBOARD_DB"]).slides)


def test_a_deck_is_shown_full_screen_and_stepped_through(
    app_page: AppPage, server_env: dict[str, str]
) -> None:
    deck_id = make_deck(app_page)
    count = slides_of(deck_id, server_env)
    page = app_page.page
    page.set_viewport_size(PROJECTOR)
    click(app_page, session.DECK_PRESENT)
    expect(page).to_have_url(re.compile(r"view=present"))
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    for number in range(1, count + 1):
        check_slide(app_page, number, count)
        if number == count:
            break
        if number % 2:
            page.keyboard.press("ArrowRight")
        else:
            keyed(app_page, session.SLIDE_NEXT).locator("button").click()
    expect(keyed(app_page, session.SLIDE_NEXT).locator("button")).to_be_disabled()
    page.keyboard.press("ArrowLeft")
    check_slide(app_page, count - 1, count)
    page.reload()  # the address alone brings the same slide back
    check_slide(app_page, count - 1, count)
    page.keyboard.press("Escape")
    expect(page).not_to_have_url(re.compile(r"view=present"))
    expect(keyed(app_page, session.DECK_PRESENT)).to_be_visible()
    assert app_page.blocked_requests == []  # nothing asked of the internet
    app_page.assert_no_errors()


def test_every_case_of_the_library_fits_a_slide(
    app_page: AppPage, server_env: dict[str, str]
) -> None:
    slides = [dk.Slide(dk.CASE, e.case.id) for e in load_library()[0]]
    deck_id = store.create_deck(f"Cases {time.time_ns()}", "leningrad", slides,
                                server_env["IS_DASHBOARD_DB"])  # fmt: skip
    app_page.page.set_viewport_size(PROJECTOR)
    for number in range(1, len(slides) + 1):
        app_page.page.goto(app_page.url_for(
            f"present?dataset=leningrad&deck={deck_id}&view=present&slide={number}"))
        check_slide(app_page, number, len(slides), shot="present-case")
    app_page.assert_no_errors()


def download(app: AppPage, button_key: str) -> bytes:
    button = keyed(app, button_key).locator("button")
    expect(button).to_be_enabled(timeout=120_000)
    with app.page.expect_download(timeout=180_000) as made:
        button.click()
    return Path(made.value.path()).read_bytes()


def test_the_exported_html_opens_offline_with_its_charts_and_the_pdf_has_every_slide(
    app_page: AppPage, browser: Browser, tmp_path: Path, server_env: dict[str, str]
) -> None:
    deck_id = make_deck(app_page)
    count = slides_of(deck_id, server_env)
    exported = tmp_path / "deck.html"
    exported.write_bytes(download(app_page, session.DECK_HTML))
    offline = browser.new_context(viewport=PROJECTOR, offline=True)
    try:
        requests: list[str] = []
        page = offline.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(exported.as_uri() + "#2")
        expect(page.locator('[data-testid="slide"]')).to_have_count(count)
        expect(page.locator("#slide-2")).to_have_class(re.compile("current"))
        charts = page.locator(".js-plotly-plot")
        assert charts.count() >= 5
        page.wait_for_function(CHARTS_DRAWN_JS, arg=".js-plotly-plot")
        page.screenshot(path=str(app_page.screenshot_dir / "present-export-offline.png"))
        page.keyboard.press("ArrowRight")
        expect(page.locator("#slide-3")).to_have_class(re.compile("current"))
        assert page.evaluate("location.hash") == "#3"
        assert all(u.startswith(("file:", "data:", "blob:", "about:")) for u in requests), requests
    finally:
        offline.close()
    click(app_page, session.DECK_PDF_MAKE)
    pdf = PdfReader(io.BytesIO(download(app_page, session.DECK_PDF)))
    assert len(pdf.pages) == count
    app_page.assert_no_errors()
