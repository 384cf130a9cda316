"""Uploading through the real Data page: a malformed file shows the problem table and changes
nothing; a valid upload with hostile names is selected and shown literally."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from dashboard.i18n import t

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

STREAMS = b"stream_id,company_id,direction,material,quantity,unit\nS1,A,have,fly_ash,5,t/yr\n"


def upload(app_page: AppPage, files: dict[str, bytes], name: str) -> None:
    page = app_page.page
    page.get_by_role("tab", name=t("data.tab.upload")).click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [{"name": n, "mimeType": "text/csv", "buffer": b} for n, b in files.items()]
    )
    app_page.wait_until_finished()
    box = page.get_by_label(t("data.upload_name"))
    box.fill(name)
    box.press("Enter")
    app_page.wait_until_finished()
    page.get_by_role("button", name=t("data.upload_button")).click()
    app_page.wait_until_finished()


def dataset_choice(app_page: AppPage) -> str:
    select = app_page.page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    inputs = select.locator("input")
    return inputs.first.input_value() if inputs.count() else select.inner_text()


def test_malformed_upload_shows_problems_and_keeps_the_dataset(app_page: AppPage) -> None:
    app_page.open_page("data?dataset=kalundborg")
    before = dataset_choice(app_page)
    assert "kalundborg" in before
    companies = b"company_id,name,nace,lat,lon\nA,Alpha,10.51,95,30.3\nA,Again,XX,59.9,30.3\n"
    upload(app_page, {"companies.csv": companies, "streams.csv": STREAMS}, "broken")
    app_page.screenshot("upload-rejected")
    app_page.assert_no_errors()
    alert = app_page.page.locator('[data-testid="stAlert"]').first
    assert t("data.rejected", count=3, current="Kalundborg Symbiosis (Denmark)") in (
        alert.inner_text().replace("\n", " ")
    )
    grid = app_page.page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    text = grid.inner_text()
    for expected in ("lat", "95 is outside [-90, 90]", "duplicate id 'A' (first used on row 2)"):
        assert expected in text or _grid_has(app_page, expected), expected
    assert dataset_choice(app_page) == before


def _grid_has(app_page: AppPage, text: str) -> bool:
    """Glide data grid draws on a canvas; its accessible table holds the cell texts."""
    cells = app_page.page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
    return any(text in c for c in cells.all_inner_texts())


def test_valid_upload_with_hostile_names_is_selected_and_shown_literally(
    app_page: AppPage,
) -> None:
    dialogs: list[str] = []
    app_page.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    app_page.open_page("data")
    hostile = "<img src=x onerror=alert(1)>"
    companies = (
        f'company_id,name,nace,lat,lon\nA,"{hostile}",10.51,59.93,30.31\nB,=1+1,35.11,59.44,32.02\n'
    ).encode()
    upload(app_page, {"companies.csv": companies, "streams.csv": STREAMS}, hostile)
    app_page.screenshot("upload-accepted")
    app_page.assert_no_errors()
    success = app_page.page.locator('[data-testid="stAlert"]').first
    assert hostile in success.inner_text()
    assert f"upload:{hostile}" in dataset_choice(app_page)
    assert app_page.page.locator("img[src=x]").count() == 0
    app_page.page.locator('[data-testid="stSidebarNavLink"]').first.click()
    app_page.wait_until_finished()
    app_page.screenshot("home-with-upload")
    app_page.assert_no_errors()
    heading = app_page.page.locator('[data-testid="stMain"] h3').first
    assert hostile in heading.inner_text()
    assert "Uploaded: " + hostile in app_page.page.locator('[data-testid="stSidebar"]').inner_text()
    assert dialogs == []
