"""The Flows page draws a Sankey diagram for every bundled dataset, offline, without errors, and
keeps the company selected on the Map page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dashboard.domain.reference import DATASETS_DIR, UNITS
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
    expect(page.locator(SANKEY_LINKS).first).to_be_attached(timeout=30_000)
    app_page.screenshot(f"flows-{dataset_id}")
    app_page.assert_no_errors()
    titles = page.locator(TITLES).all_text_contents()
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
