"""What the browser tests do on a page, each step waiting for the app's rerun to finish.

Elements are found by widget key (Streamlit gives a keyed element the class `st-key-<key>`)
or by test id, never by the interface's English text; expected texts come from the catalogue.
Assertions use Playwright's retrying `expect`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from playwright.sync_api import FrameLocator, Locator, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.web import session

if TYPE_CHECKING:
    from .conftest import AppPage

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = "path.is-company"
NAV_LINKS = '[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]'
MAP_TIMEOUT_MS = 120_000


OPEN_TRIES, OPEN_WAIT_MS = 4, 8_000


def keyed(app: AppPage, key: str) -> Locator:
    """The element of the widget (or container) with this key."""
    return app.page.locator(f".st-key-{key}")


def click(app: AppPage, key: str) -> None:
    """Click the button with this key and wait for the rerun."""
    button = keyed(app, key).locator("button").first
    expect(button).to_be_enabled()
    button.click()
    app.wait_until_finished()


def fill(app: AppPage, key: str, text: str) -> None:
    """Type into the text input with this key and confirm with Enter."""
    box = keyed(app, key).locator("input, textarea").first
    box.fill(text)
    box.press("Enter")
    app.wait_until_finished()


def toggle(app: AppPage, key: str) -> None:
    """Flip the toggle or checkbox with this key."""
    keyed(app, key).locator("label").first.click()
    app.wait_until_finished()


def open_and_click(app: AppPage, opener: Callable[[], None], label: str) -> None:
    """Open a select's list (`opener`) and click its option `label`; a rerun that draws the
    box anew closes its list, so it is opened again (OPEN_TRIES times)."""
    option = app.page.get_by_role("option", name=label, exact=True)
    for _ in range(OPEN_TRIES - 1):
        opener()
        try:
            option.click(timeout=OPEN_WAIT_MS)
            return
        except PlaywrightTimeout:
            app.page.keyboard.press("Escape")
    opener()
    option.click()


def choose(app: AppPage, key: str, label: str) -> None:
    """Pick the option `label` of the selectbox with this key."""
    open_and_click(app, keyed(app, key).locator('[role="combobox"]').first.click, label)
    app.wait_until_finished()


def add_option(app: AppPage, key: str, label: str) -> None:
    """Add the option `label` to the multiselect with this key, typing the start of it to find
    it among many."""
    box = keyed(app, key).locator("input").first

    def typed() -> None:
        box.click()
        box.fill(label[:60])

    open_and_click(app, typed, label)
    app.page.keyboard.press("Escape")
    app.wait_until_finished()


def chosen(app: AppPage, key: str) -> str:
    """The shown value of the selectbox with this key."""
    select = keyed(app, key)
    inputs = select.locator("input")
    return inputs.first.input_value() if inputs.count() else select.inner_text()


def upload(app: AppPage, key: str, files: dict[str, bytes], mime: str = "text/csv") -> None:
    """Put files into the file uploader with this key."""
    target = keyed(app, key).locator('[data-testid="stFileUploaderDropzoneInput"]')
    target.set_input_files([{"name": n, "mimeType": mime, "buffer": b} for n, b in files.items()])
    expect(keyed(app, key).locator('[data-testid="stFileChip"]')).to_have_count(
        len(files)
    )
    app.wait_until_finished()


def upload_dataset(app: AppPage, files: dict[str, bytes], name: str) -> None:
    """On the Data page: upload files under a name and press the load button."""
    upload(app, session.UPLOAD_FILES, files)
    fill(app, session.UPLOAD_NAME_INPUT, name)
    click(app, session.UPLOAD_BUTTON)


def open_tab(app: AppPage, key: str, index: int) -> None:
    """Open the tab at `index` of the tab group with this key."""
    select_tab(app, keyed(app, key).locator('[role="tab"]').nth(index))


def select_tab(app: AppPage, tab: Locator) -> None:
    """Click a tab and wait for the rerun it may start; a rerun that was already under way
    draws the tabs anew with the old one selected, so the click is repeated (OPEN_TRIES)."""
    for _ in range(OPEN_TRIES):
        app.wait_until_finished()
        tab.click()
        app.wait_until_finished()
        if tab.get_attribute("aria-selected") == "true":
            return
    expect(tab).to_have_attribute("aria-selected", "true")


def go_to(app: AppPage, url_path: str) -> None:
    """Follow the sidebar link to a page (by its URL path; '' for the default page)."""
    app.page.locator(f'{NAV_LINKS}[href$="/{url_path}"]').click()
    app.wait_until_finished()


def nav_paths(app: AppPage) -> list[str]:
    """The URL path of every sidebar link, in order."""
    hrefs = app.page.locator(NAV_LINKS).evaluate_all("links => links.map(a => a.href)")
    return [re.sub(r"^https?://[^/]+/?", "", href).split("?")[0] for href in hrefs]


def grid_text(grid: Locator) -> str:
    """Every cell text of an `st.dataframe` (the grid keeps an accessible table of its cells)."""
    expect(grid).to_be_visible()
    cells = grid.locator('[role="gridcell"]').all_inner_texts()
    return grid.inner_text() + "\n" + "\n".join(cells)


# -- the map ----------------------------------------------------------------------------------

# Resolves once Leaflet has drawn and stopped moving: no zoom or pan animation, and every
# company marker's position unchanged between two animation frames.
_SETTLED_JS = """async () => {
  const deadline = Date.now() + 45000;
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const boxes = () => [...document.querySelectorAll("path.is-company")]
    .map(m => m.getBoundingClientRect()).map(r => [r.x, r.y, r.width, r.height].join());
  while (Date.now() < deadline) {
    const map = window.map;
    if (map && !map._animatingZoom && !map._panAnim?._inProgress) {
      const before = boxes().join(";");
      await frame(); await frame();
      if (before === boxes().join(";")) return true;
    }
    await new Promise(r => setTimeout(r, 50));
  }
  return false;
}"""

# Fires a company marker's own click handler (the one streamlit-folium listens to), found by
# its coordinates as the map received them (rounded to 5 decimals); false when there is none.
_CLICK_MARKER_JS = """([lat, lon]) => {
  let hit = null;
  window.map.eachLayer(layer => {
    if (layer.options && layer.options.className === "is-company" && layer.getLatLng) {
      const at = layer.getLatLng();
      if (Math.abs(at.lat - lat) < 1e-6 && Math.abs(at.lng - lon) < 1e-6) hit = layer;
    }
  });
  if (!hit) return false;
  hit.fire("click", {latlng: hit.getLatLng()});
  return true;
}"""

# Opens a company marker's tooltip and returns its text, by the marker's position in the list.
_TOOLTIP_JS = """(index) => {
  const markers = [];
  window.map.eachLayer(l => { if (l.options && l.options.className === "is-company") markers.push(l); });
  markers.sort((a, b) => a._leaflet_id - b._leaflet_id);
  const marker = markers[index];
  marker.openTooltip();
  const node = document.createElement("div");
  node.innerHTML = marker.getTooltip().getContent().replace(/<br>/g, "\\n");
  return node.textContent;
}"""

# The index of the first marker whose centre is at least `gap` px from every other marker's
# centre (so that nothing covers it), or null.
_ALONE_JS = """([markers, gap]) => {
  const centres = markers.map(m => { const r = m.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2, Math.max(r.width, r.height) / 2]; });
  for (const [i, [x, y, r]] of centres.entries()) {
    const clear = centres.every(([u, v, s], j) => j === i || Math.hypot(u - x, v - y) > r + s + gap);
    if (clear && document.elementFromPoint(x, y) === markers[i]) return i;
  }
  return null;
}"""


def map_frame(app: AppPage) -> FrameLocator:
    """The map's frame, once Leaflet has drawn it and it has settled."""
    frame = app.page.frame_locator(MAP_FRAME)
    expect(frame.locator(".leaflet-container")).to_be_visible(timeout=MAP_TIMEOUT_MS)
    settled = frame.locator(".leaflet-container").evaluate(f"async () => await ({_SETTLED_JS})()")
    assert settled, "the map did not stop moving"
    return frame


def _map_eval(frame: FrameLocator, script: str, argument: object) -> object:
    return frame.locator(".leaflet-container").evaluate(
        f"(node, argument) => ({script})(argument)", argument
    )


def select_on_map(app: AppPage, lat: float, lon: float) -> None:
    """Select the company at (lat, lon) as a click on its marker does, and wait for the rerun."""
    frame = map_frame(app)
    assert _map_eval(frame, _CLICK_MARKER_JS, [round(lat, 5), round(lon, 5)]), (lat, lon)
    app.wait_until_finished()


def marker_tooltip(frame: FrameLocator, index: int) -> str:
    """The text of a company marker's tooltip, opened by the marker itself."""
    text = _map_eval(frame, _TOOLTIP_JS, index)
    expect(frame.locator(".leaflet-tooltip").last).to_be_visible()
    return str(text)


def lone_marker(frame: FrameLocator, gap: float = 12.0) -> int | None:
    """A marker that no other marker comes near, on a settled map."""
    return frame.locator(MARKERS).evaluate_all(f"(markers) => ({_ALONE_JS})([markers, {gap}])")


# The page position of a point of the map, from Leaflet's own projection of it.
_POINT_JS = """([lat, lon]) => {
  const at = window.map.latLngToContainerPoint([lat, lon]);
  const box = window.map.getContainer().getBoundingClientRect();
  return [box.left + at.x, box.top + at.y];
}"""


def click_map_at(app: AppPage, lat: float, lon: float) -> None:
    """Click the map with the mouse where (lat, lon) is drawn, and wait for the rerun."""
    app.page.locator(MAP_FRAME).scroll_into_view_if_needed()
    frame = map_frame(app)
    x, y = _map_eval(frame, _POINT_JS, [lat, lon])
    box = app.page.locator(MAP_FRAME).bounding_box()
    assert box is not None and 0 <= x <= box["width"] and 0 <= y <= box["height"], (x, y, box)
    app.page.mouse.click(box["x"] + x, box["y"] + y)
    app.wait_until_finished()
