"""The Policy page in a real browser, offline: a chain's measures, catalogue filtering, and a
rejected catalogue upload that changes nothing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from dashboard.chains import detect_chains
from dashboard.dataset import load_path
from dashboard.reference import DATASETS_DIR

from dashboard.i18n import t

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


def grid_text(app_page: AppPage, key: str) -> str:
    """Cell texts of one st.dataframe (glide grid keeps an accessible table of its cells)."""
    grid = app_page.page.locator(f'.st-key-policy_box_{key} [data-testid="stDataFrame"]')
    grid.wait_for()
    cells = grid.locator('[role="gridcell"]').all_inner_texts()
    return grid.inner_text() + "\n" + "\n".join(cells)


def waste_oil_chain_name() -> str:
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    chains = detect_chains(dataset.flows, dataset.companies)
    return next(c.name for c in chains if "len-f13" in c.flow_ids)


def test_a_chain_shows_its_support_obligations_and_barriers(app_page: AppPage) -> None:
    page = app_page.open_page("policy?dataset=leningrad", screenshot="policy-leningrad")
    app_page.assert_no_errors()
    for category in ("support", "obligation", "barrier"):
        heading = page.get_by_role("heading", name=t(f"policy.category.{category}"))
        assert heading.first.is_visible()
    name = waste_oil_chain_name()
    select = page.locator(".st-key-policy_chain")
    select.click()
    page.get_by_role("option", name=name).click()
    app_page.wait_until_finished()
    assert page.get_by_text(re.compile(r"For this chain: support \d+")).is_visible()
    assert "RU-89FZ-LICENCE" in grid_text(app_page, "obligation")
    app_page.screenshot("policy-waste-oil-chain")
    app_page.assert_no_errors()


def test_filtering_the_catalogue_narrows_the_table(app_page: AppPage) -> None:
    page = app_page.open_page("policy?dataset=kalundborg")
    page.get_by_role("tab", name=t("policy.tab.catalogue"), exact=True).click()
    caption = page.get_by_text(re.compile(r"Showing \d+ of \d+ measures"))
    total = int(re.search(r"of (\d+)", caption.inner_text()).group(1))
    assert total >= 40
    box = page.locator(".st-key-policy_text input")
    box.fill("landfill tax")
    box.press("Enter")
    app_page.wait_until_finished()
    shown = int(re.search(r"Showing (\d+)", caption.inner_text()).group(1))
    assert 0 < shown < total
    assert "SE-WASTE-TAX" in grid_text(app_page, "catalogue")
    app_page.screenshot("policy-catalogue-filtered")
    app_page.assert_no_errors()


def test_a_malformed_catalogue_is_rejected_and_the_current_one_stays(app_page: AppPage) -> None:
    page = app_page.open_page("policy?dataset=kalundborg")
    page.get_by_role("tab", name=t("policy.tab.upload"), exact=True).click()
    current = page.get_by_text(re.compile(r"Current catalogue: .* \(\d+ measures\)"))
    before = current.inner_text()
    page.locator(
        '.st-key-policy_upload [data-testid="stFileUploaderDropzoneInput"]'
    ).set_input_files(
        [{"name": "mine.csv", "mimeType": "text/csv", "buffer": b"measure_id,name_en\nA,B\n"}]
    )
    app_page.wait_until_finished()
    page.get_by_role("button", name=t("policy.upload_button")).click()
    app_page.wait_until_finished()
    alert = page.locator('[data-testid="stAlert"]').first
    assert "The catalogue was not loaded" in alert.inner_text()
    assert "required column is missing" in grid_text(app_page, "problems")
    assert current.inner_text() == before
    app_page.screenshot("policy-upload-rejected")
    app_page.assert_no_errors()
