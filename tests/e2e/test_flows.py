"""The Flows page draws a Sankey diagram for every bundled dataset, offline, without errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from dashboard.dataset import bundled_datasets

from dashboard.i18n import t

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

SANKEY_LINKS = '[data-testid="stPlotlyChart"] .sankey .sankey-link'


@pytest.mark.parametrize("dataset_id", list(bundled_datasets()))
def test_flows_page_draws_a_sankey(app_page: AppPage, dataset_id: str) -> None:
    page = app_page.open_page(f"flows?dataset={dataset_id}")
    if dataset_id == "finland_eprtr":
        page.get_by_text(t("flows.with_candidates")).click()
        app_page.wait_until_finished()
    page.locator(SANKEY_LINKS).first.wait_for(state="attached", timeout=30_000)
    app_page.screenshot(f"flows-{dataset_id}")
    app_page.assert_no_errors()
    assert page.locator(SANKEY_LINKS).count() > 0
    titles = page.locator('[data-testid="stPlotlyChart"] .gtitle').all_text_contents()
    assert titles and all("Flows in " in title for title in titles)
    units = [title.split()[2] for title in titles]
    assert len(units) == len(set(units)), "one diagram per unit"


def test_company_clicked_on_the_map_stays_selected_on_the_flows_page(app_page: AppPage) -> None:
    from .test_map import _FREE_MARKER_JS, MARKERS, click_marker, map_frame, tooltip_of

    app_page.open_page("map?dataset=leningrad")
    frame = map_frame(app_page)
    index = frame.locator(MARKERS).evaluate_all(_FREE_MARKER_JS)
    name = tooltip_of(frame, index).splitlines()[0].strip()
    click_marker(app_page, frame, index)
    app_page.page.locator('[data-testid="stSidebarNavLink"]').filter(
        has_text=t("nav.flows")
    ).click()
    app_page.wait_until_finished()
    app_page.screenshot("flows-selected-company")
    app_page.assert_no_errors()
    toggle = app_page.page.get_by_text(t("flows.only_selected", name=name))
    assert toggle.count() == 1, name
