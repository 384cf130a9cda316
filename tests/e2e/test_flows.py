"""The Flows page draws a Sankey diagram for every bundled dataset, offline, without errors, and
keeps the company selected on the Map page."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dashboard.domain.reference import DATASETS_DIR, UNITS
from dashboard.i18n import t
from dashboard.io.datasets import bundled_datasets, load_or_raise
from dashboard.web import session

from .helpers import go_to, keyed, select_on_map, toggle

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

SANKEY_LINKS = '[data-testid="stPlotlyChart"] .sankey .sankey-link'
TITLES = '[data-testid="stPlotlyChart"] .gtitle'


@pytest.mark.parametrize("dataset_id", list(bundled_datasets()))
def test_flows_page_draws_a_sankey(app_page: AppPage, dataset_id: str) -> None:
    page = app_page.open_page(f"flows?dataset={dataset_id}")
    if dataset_id == "finland_eprtr":
        toggle(app_page, session.SANKEY_CANDIDATES)
    expect(page.locator(SANKEY_LINKS).first).to_be_attached(timeout=90_000)
    app_page.screenshot(f"flows-{dataset_id}")
    app_page.assert_no_errors()
    structure = page.locator(f".st-key-{session.SANKEY_STRUCTURE} .gtitle").all_text_contents()
    titles = [title for title in page.locator(TITLES).all_text_contents() if title not in structure]
    units = [[unit for unit in UNITS if unit in title] for title in titles]
    assert titles and all(len(found) >= 1 for found in units), titles
    assert len({found[0] for found in units}) == len(titles), "one diagram per unit"


def test_company_selected_on_the_map_stays_selected_on_the_flows_page(app_page: AppPage) -> None:
    company = load_or_raise(DATASETS_DIR / "leningrad").companies.iloc[0]
    app_page.open_page("map?dataset=leningrad")
    select_on_map(app_page, company["lat"], company["lon"])
    go_to(app_page, "flows")
    app_page.screenshot("flows-selected-company")
    app_page.assert_no_errors()
    expect(keyed(app_page, session.SANKEY_ONLY_SELECTED)).to_contain_text(company["name"])


VIEWPORTS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}
NODE_LABELS = ".sankey .node-label"

# Bounding boxes of every node label of every Sankey on the page, per chart.
_LABEL_BOXES_JS = """(charts) => charts.map(chart =>
  [...chart.querySelectorAll('.sankey .node-label')].map(label => {
    const r = label.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom, label.textContent];
  }).filter(b => b[2] > b[0] && b[3] > b[1]))"""


def overlapping(boxes: list[list]) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes overlap by more than a pixel each way."""
    found = []
    for i, (l1, t1, r1, b1, a) in enumerate(boxes):
        for l2, t2, r2, b2, b in boxes[i + 1 :]:
            if min(r1, r2) - max(l1, l2) > 1 and min(b1, b2) - max(t1, t2) > 1:
                found.append((a, b))
    return found


def set_viewport(app_page: AppPage, size: str) -> None:
    width, height = VIEWPORTS[size]
    app_page.page.set_viewport_size({"width": width, "height": height})
    app_page.wait_until_finished()


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_leningrad_with_potential_exchanges_draws_labels_that_never_overlap(
    app_page: AppPage, size: str
) -> None:
    app_page.open_page("flows?dataset=leningrad")
    set_viewport(app_page, size)
    toggle(app_page, session.SANKEY_CANDIDATES)
    page = app_page.page
    expect(page.locator(NODE_LABELS).first).to_be_attached(timeout=90_000)
    charts = page.locator('[data-testid="stPlotlyChart"]')
    boxes = charts.evaluate_all(_LABEL_BOXES_JS)
    assert boxes and all(boxes)
    assert [overlapping(chart) for chart in boxes] == [[] for _ in boxes]
    app_page.screenshot(f"flows-leningrad-candidates-{size}")
    app_page.assert_no_errors()


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_kalundborg_shows_its_structure_by_number_of_exchanges(
    app_page: AppPage, size: str
) -> None:
    app_page.open_page("flows?dataset=kalundborg")
    set_viewport(app_page, size)
    structure = keyed(app_page, session.SANKEY_STRUCTURE)
    expect(structure.locator(".gtitle")).to_contain_text("not quantity", timeout=90_000)
    links = structure.locator(".sankey .sankey-link")
    assert links.count() >= 10
    boxes = structure.locator('[data-testid="stPlotlyChart"]').evaluate_all(_LABEL_BOXES_JS)
    assert overlapping(boxes[0]) == []
    app_page.screenshot(f"flows-kalundborg-{size}")
    app_page.assert_no_errors()


def test_images_are_rendered_with_progress_then_downloaded_titled(app_page: AppPage) -> None:
    page = app_page.open_page("flows?dataset=leningrad")
    unit = "MWh/yr"
    png = keyed(app_page, session.sankey_key("png", unit)).locator("button").first
    expect(png).to_be_disabled()
    keyed(app_page, session.sankey_key("prepare", unit)).locator("button").click()
    status = page.locator('[data-testid="stExpander"]').filter(has_text="(")
    app_page.wait_until_finished(timeout_s=90)
    expect(status.first).to_contain_text(t("flows.exported", seconds="")[:12])
    expect(png).to_be_enabled()
    with page.expect_download() as download:
        png.click()
    data = Path(download.value.path()).read_bytes()
    width, height = struct.unpack(">II", data[16:24])
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and width == 1600 and height > 400
    app_page.screenshot("flows-images-ready")
    app_page.assert_no_errors()
