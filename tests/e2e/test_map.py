"""The Map page in a real browser with every non-local request blocked: Leaflet comes from the
bundled files, every company gets a marker, a click on a marker opens that company's panel, and
hostile names from an uploaded dataset stay text in tooltips and the panel."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from dashboard.dataset import load_or_raise
from dashboard.reference import DATASETS_DIR
from playwright.sync_api import FrameLocator, expect

from dashboard.i18n import t

from .test_upload import upload

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = "path.is-company"
TOOLTIP = ".leaflet-tooltip"
HOSTILE = "<img src=x onerror=alert(1)>"
BACKTICK = "${alert(2)}` Oy"

# Centre of the first company marker that no other map element covers, or null.
_FREE_MARKER_JS = """(markers) => {
  for (const [i, m] of markers.entries()) {
    const r = m.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (document.elementFromPoint(x, y) === m) return i;
  }
  return null;
}"""


def map_frame(app_page: AppPage) -> FrameLocator:
    frame = app_page.page.frame_locator(MAP_FRAME)
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=30_000)
    return frame


def tooltip_of(frame: FrameLocator, index: int) -> str:
    frame.locator(MARKERS).nth(index).hover()
    tooltip = frame.locator(TOOLTIP).last
    expect(tooltip).to_be_visible()
    return tooltip.inner_text()


def click_marker(app_page: AppPage, frame: FrameLocator, index: int) -> None:
    frame.locator(MARKERS).nth(index).click()
    app_page.wait_until_finished()


def panel_heading(app_page: AppPage, name: str):
    return app_page.page.locator('[data-testid="stMain"] h3').filter(has_text=name)


def test_map_draws_offline_with_one_marker_per_company(app_page: AppPage) -> None:
    companies = load_or_raise(DATASETS_DIR / "leningrad").companies.dropna(subset=["lat", "lon"])
    app_page.open_page("map?dataset=leningrad", screenshot="map-leningrad")
    app_page.assert_no_errors()
    frame = map_frame(app_page)
    expect(frame.locator(MARKERS)).to_have_count(len(companies))
    legend = frame.locator(".is-legend").filter(has_text=t("map.legend.sectors"))
    expect(legend).to_contain_text("C · Manufacturing")
    scripts = app_page.page.frame(url=re.compile("streamlit_folium")).evaluate(
        "() => [...document.scripts].map(s => s.src).filter(Boolean)"
    )
    assert any(s.endswith("/app/static/vendor/leaflet-1.9.4/leaflet.js") for s in scripts)
    assert app_page.blocked_requests == []


def test_clicking_a_marker_shows_that_companys_panel(app_page: AppPage) -> None:
    app_page.open_page("map?dataset=leningrad")
    frame = map_frame(app_page)
    index = frame.locator(MARKERS).evaluate_all(_FREE_MARKER_JS)
    assert index is not None, "every marker is covered by another map element"
    name = tooltip_of(frame, index).splitlines()[0].strip()
    expect(panel_heading(app_page, name)).to_have_count(0)
    click_marker(app_page, frame, index)
    expect(panel_heading(app_page, name)).to_be_visible()
    expect(app_page.page.get_by_text(t("map.panel.haves"))).to_be_visible()
    app_page.screenshot("map-panel")
    app_page.assert_no_errors()


def test_hostile_names_from_an_upload_stay_text(app_page: AppPage) -> None:
    dialogs: list[str] = []
    app_page.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    app_page.open_page("data")
    companies = (
        "company_id,name,nace,lat,lon\n"
        f'A,"{HOSTILE}",23.51,59.93,30.31\n'
        f'B,"{BACKTICK}",23.61,59.99,30.62\n'
        "C,Plain Oy,35.11,59.80,30.05\n"
    ).encode()
    streams = (
        b"stream_id,company_id,direction,material,quantity,unit\n"
        b"S1,A,have,fly_ash,5000,t/yr\nS2,B,want,fly_ash,3000,t/yr\nS3,C,want,fly_ash,900,t/yr\n"
    )
    upload(app_page, {"companies.csv": companies, "streams.csv": streams}, "hostile")
    app_page.page.locator('[data-testid="stSidebarNavLink"]').filter(has_text=t("nav.map")).click()
    app_page.wait_until_finished()
    frame = map_frame(app_page)
    expect(frame.locator(MARKERS)).to_have_count(3)
    tooltips = [tooltip_of(frame, i) for i in range(3)]
    hostile = next(i for i, text in enumerate(tooltips) if HOSTILE in text)
    assert any(BACKTICK in text for text in tooltips)
    click_marker(app_page, frame, hostile)
    expect(panel_heading(app_page, HOSTILE)).to_be_visible()
    app_page.screenshot("map-hostile")
    app_page.assert_no_errors()
    assert frame.locator("img").count() == 0
    assert app_page.page.locator("img[src=x]").count() == 0
    assert dialogs == []
