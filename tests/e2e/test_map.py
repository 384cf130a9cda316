"""The Map page in a real browser with every non-local request blocked: Leaflet comes from the
bundled files, every company gets a marker, selecting a marker opens that company's panel (by
the marker's own click handler, and by a real click on a marker that nothing covers), and
hostile names from an uploaded dataset stay text in tooltips and the panel."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dashboard.domain.labels import section_label
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_or_raise
from dashboard.web import session

from .helpers import (
    MAP_FRAME,
    MARKERS,
    add_option,
    chosen,
    go_to,
    keyed,
    lone_marker,
    map_frame,
    marker_tooltip,
    select_on_map,
    toggle,
    upload_dataset,
)

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

HOSTILE = "<img src=x onerror=alert(1)>"
BACKTICK = "${alert(2)}` Oy"

# The Leaflet layer behind a marker element: its position and its tooltip's text.
_MARKER_JS = """(path) => {
  let found = null;
  window.map.eachLayer(l => { if (l._path === path) found = l; });
  const node = document.createElement("div");
  node.innerHTML = found.getTooltip().getContent().replace(/<br>/g, "\\n");
  return {lat: found.getLatLng().lat, lon: found.getLatLng().lng, text: node.textContent};
}"""


def leningrad_companies():
    return load_or_raise(DATASETS_DIR / "leningrad").companies.dropna(subset=["lat", "lon"])


def panel_heading(app_page: AppPage, name: str):
    return app_page.page.locator('[data-testid="stMain"] h3').filter(has_text=name)


def test_map_draws_offline_with_one_marker_per_company(app_page: AppPage) -> None:
    companies = leningrad_companies()
    app_page.open_page("map?dataset=leningrad", screenshot="map-leningrad")
    app_page.assert_no_errors()
    frame = map_frame(app_page)
    expect(frame.locator(MARKERS)).to_have_count(len(companies))
    expect(frame.locator(".is-legend").first).to_be_visible()
    legends = frame.locator(".is-legend").all_text_contents()
    assert any(section_label("C") in legend for legend in legends), legends
    scripts = app_page.page.frame(url=re.compile("streamlit_folium")).evaluate(
        "() => [...document.scripts].map(s => s.src).filter(Boolean)"
    )
    assert any(s.endswith("/app/static/vendor/leaflet-1.9.4/leaflet.js") for s in scripts)
    assert app_page.blocked_requests == []


def test_selecting_a_marker_shows_that_companys_panel(app_page: AppPage) -> None:
    company = leningrad_companies().iloc[5]
    app_page.open_page("map?dataset=leningrad")
    expect(panel_heading(app_page, company["name"])).to_have_count(0)
    select_on_map(app_page, company["lat"], company["lon"])
    expect(panel_heading(app_page, company["name"])).to_be_visible()
    assert chosen(app_page, session.MAP_COMPANY) == company["name"]
    expect(app_page.page.locator(f".st-key-{session.panel_key('haves')}")).to_be_visible()
    app_page.screenshot("map-panel")
    app_page.assert_no_errors()


def test_a_real_click_on_a_marker_that_stands_alone_selects_it(app_page: AppPage) -> None:
    app_page.open_page("map?dataset=leningrad")
    frame = map_frame(app_page)
    index = lone_marker(frame)
    assert index is not None, "every marker has another marker close by"
    marker = frame.locator(MARKERS).nth(index)
    name = marker.evaluate(f"(path) => ({_MARKER_JS})(path).text").splitlines()[0].strip()
    marker.click()
    app_page.wait_until_finished()
    expect(panel_heading(app_page, name)).to_be_visible()
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
    upload_dataset(app_page, {"companies.csv": companies, "streams.csv": streams}, "hostile")
    go_to(app_page, "map")
    frame = map_frame(app_page)
    expect(frame.locator(MARKERS)).to_have_count(3)
    tooltips = [marker_tooltip(frame, i) for i in range(3)]
    assert any(HOSTILE in text for text in tooltips)
    assert any(BACKTICK in text for text in tooltips)
    select_on_map(app_page, 59.93, 30.31)
    expect(panel_heading(app_page, HOSTILE)).to_be_visible()
    app_page.screenshot("map-hostile")
    app_page.assert_no_errors()
    expect(frame.locator("img")).to_have_count(0)
    expect(app_page.page.locator("img[src=x]")).to_have_count(0)
    assert dialogs == []


# The share of the map's area that legends cover, and the companies' markers that lie outside
# the map or under a legend.
_COVER_JS = """(container) => {
  const map = container.getBoundingClientRect();
  const clip = r => Math.max(0, Math.min(r.right, map.right) - Math.max(r.left, map.left)) *
    Math.max(0, Math.min(r.bottom, map.bottom) - Math.max(r.top, map.top));
  const legends = [...container.querySelectorAll(".is-legend")].map(e => e.getBoundingClientRect());
  const covered = legends.reduce((sum, r) => sum + clip(r), 0) / (map.width * map.height);
  const hidden = [...container.querySelectorAll("path.is-company")].filter(m => {
    const r = m.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    const inside = (b) => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom;
    return !inside(map) || legends.some(inside);
  }).length;
  return {covered, hidden, legends: legends.length, width: map.width, height: map.height};
}"""


def map_cover(app_page: AppPage) -> dict:
    frame = map_frame(app_page)
    return frame.locator(".leaflet-container").evaluate(f"(c) => ({_COVER_JS})(c)")


@pytest.mark.parametrize("dataset", ["kalundborg", "leningrad"])
def test_the_default_view_shows_every_company_clear_of_collapsed_legends(
    app_page: AppPage, dataset: str
) -> None:
    app_page.open_page(f"map?dataset={dataset}")
    toggle(app_page, session.MAP_CHOROPLETH)
    cover = map_cover(app_page)
    print(f"{dataset} at 1366x900: {cover}")
    assert cover["legends"] >= 2
    assert cover["hidden"] == 0, cover
    assert cover["covered"] < 0.08, cover
    app_page.assert_no_errors()


# Size of the arrowheads' SVGs in screen px, after zooming the map to `zoom` and settling.
_ARROWS_AT_ZOOM_JS = """async (zoom) => {
  const map = window.map;
  await new Promise(done => { map.once("zoomend", done); map.setZoom(zoom, {animate: false}); });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return [...document.querySelectorAll(".is-arrow svg polygon")].map(p => {
    const r = p.getBoundingClientRect();
    return [Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10, p.getBBox().width];
  });
}"""


def test_arrowheads_keep_their_size_in_pixels_at_every_zoom(app_page: AppPage) -> None:
    app_page.open_page("map?dataset=leningrad")
    frame = map_frame(app_page)
    container = frame.locator(".leaflet-container")
    far = container.evaluate(f"(c) => ({_ARROWS_AT_ZOOM_JS})(7)")
    near = container.evaluate(f"(c) => ({_ARROWS_AT_ZOOM_JS})(11)")
    lengths = sorted({length for _w, _h, length in far})
    print(f"{len(far)} arrowheads, {lengths} px long at zoom 7 and 11")
    assert len(far) > 10
    assert far == near, "the same width and height on screen at zoom 7 and 11"
    assert max(lengths) <= 16
    app_page.assert_no_errors()


_TOWNS_AT_ZOOM_JS = """async (zoom) => {
  const map = window.map;
  await new Promise(done => { map.once("zoomend", done); map.setZoom(zoom, {animate: false}); });
  return [...document.querySelectorAll(".is-town")].map(e => e.textContent);
}"""


def test_towns_are_labelled_offline_more_of_them_closer_in(app_page: AppPage) -> None:
    app_page.open_page("map?dataset=leningrad")
    container = map_frame(app_page).locator(".leaflet-container")
    far = container.evaluate(f"(c) => ({_TOWNS_AT_ZOOM_JS})(6)")
    near = container.evaluate(f"(c) => ({_TOWNS_AT_ZOOM_JS})(10)")
    assert "Saint Petersburg" in far and "Kingisepp" not in far
    assert "Kingisepp" in near and len(near) > len(far)
    assert app_page.blocked_requests == []
    app_page.assert_no_errors()


def test_the_place_search_centres_the_map_on_the_town(app_page: AppPage) -> None:
    app_page.open_page("map?dataset=leningrad")
    box = keyed(app_page, session.MAP_PLACE).locator("input").first
    box.fill("Кингис")
    app_page.page.get_by_role("option", name="Kingisepp · Кингисепп", exact=True).click()
    app_page.wait_until_finished()
    container = map_frame(app_page).locator(".leaflet-container")
    expect(container.locator(".is-town", has_text="Kingisepp")).to_be_visible()
    centre = container.evaluate("() => window.map.getCenter()")
    assert abs(centre["lat"] - 59.376) < 0.01 and abs(centre["lng"] - 28.614) < 0.01
    app_page.assert_no_errors()


def test_the_place_filter_is_kept_in_the_address(app_page: AppPage) -> None:
    app_page.open_page("map?dataset=kalundborg")
    add_option(app_page, session.PLACE, "Kalundborg (DK-85)")
    expect(app_page.page).to_have_url(re.compile(r"place=gn2619154"))  # GeoNames' Kalundborg
    frame = map_frame(app_page)
    expect(frame.locator(MARKERS)).to_have_count(15)
    app_page.assert_no_errors()


def test_the_online_street_map_warns_and_keeps_the_offline_map(app_page: AppPage) -> None:
    app_page.open_page("map?dataset=kalundborg")
    toggle(app_page, session.MAP_TILES)
    expect(app_page.page.locator('[data-testid="stAlertContentWarning"]')).to_be_visible()
    frame = map_frame(app_page)
    expect(frame.locator(".leaflet-tile-pane img").first).to_be_attached()
    drawn = frame.locator(".leaflet-boundaries-pane path").evaluate_all(
        "paths => paths.filter(p => p.getBBox().width > 50).length"
    )
    assert drawn > 0, "the bundled boundaries are still drawn under the tiles"
    expect(frame.locator(".is-town").first).to_be_visible()
    app_page.screenshot("map-tiles-offline")
    assert app_page.blocked_requests, "the tiles were asked for (and refused: offline)"
    app_page.console_errors.clear()  # each refused tile is a console error


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("dataset", ["kalundborg", "leningrad"])
def test_the_map_is_as_tall_as_the_window_allows(
    browser, base_url, screenshot_dir, dataset: str, width: int, height: int
) -> None:
    from .conftest import AppPage

    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    try:
        app = AppPage(context.new_page(), base_url, screenshot_dir)
        app.open_page(f"map?dataset={dataset}", screenshot=f"map-{dataset}-{width}x{height}")
        frame = map_frame(app)
        box = app.page.locator(MAP_FRAME).bounding_box()
        cover = frame.locator(".leaflet-container").evaluate(f"(c) => ({_COVER_JS})(c)")
        print(f"{dataset} at {width}x{height}: map {box['width']:.0f}x{box['height']:.0f}, {cover}")
        assert box["height"] == pytest.approx(min(max(height - 380, 360), 1000), abs=41)
        if box["height"] > 360:
            assert box["y"] + box["height"] <= height, "the whole map is in the window"
        assert cover["hidden"] == 0, cover
        app.assert_no_errors()
    finally:
        context.close()
