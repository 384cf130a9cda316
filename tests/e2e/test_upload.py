"""Uploading through the real Data page: a malformed file shows the problem table and changes
nothing; a valid upload with hostile names is selected and shown literally."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from dashboard.io.datasets import bundled_datasets, load_files
from dashboard.web import session
from dashboard.web.cache import UPLOAD_PREFIX

from .helpers import chosen, go_to, grid_text, keyed, upload_dataset

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

STREAMS = b"stream_id,company_id,direction,material,quantity,unit\nS1,A,have,fly_ash,5,t/yr\n"


def test_malformed_upload_shows_problems_and_keeps_the_dataset(app_page: AppPage) -> None:
    app_page.open_page("data?dataset=kalundborg")
    before = chosen(app_page, session.DATASET)
    assert before == "kalundborg"
    companies = b"company_id,name,nace,lat,lon\nA,Alpha,10.51,95,30.3\nA,Again,XX,59.9,30.3\n"
    files = {"companies.csv": companies, "streams.csv": STREAMS}
    _, problems = load_files("broken", files)
    upload_dataset(app_page, files, "broken")
    app_page.screenshot("upload-rejected")
    app_page.assert_no_errors()
    title = bundled_datasets()["kalundborg"]["title"]
    alert = app_page.page.locator('[data-testid="stAlert"]').first
    expect(alert).to_contain_text(t("data.rejected", count=len(problems), current=title))
    text = grid_text(keyed(app_page, session.UPLOAD_PROBLEMS_TABLE))
    for problem in problems:
        assert problem.message in text, problem
    assert chosen(app_page, session.DATASET) == before


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
    upload_dataset(app_page, {"companies.csv": companies, "streams.csv": STREAMS}, hostile)
    app_page.screenshot("upload-accepted")
    app_page.assert_no_errors()
    success = app_page.page.locator('[data-testid="stAlert"]').first
    expect(success).to_contain_text(t("data.accepted", name=hostile))
    assert chosen(app_page, session.DATASET) == UPLOAD_PREFIX + hostile
    expect(app_page.page.locator("img[src=x]")).to_have_count(0)
    go_to(app_page, "")
    app_page.screenshot("home-with-upload")
    app_page.assert_no_errors()
    heading = app_page.page.locator('[data-testid="stMain"] h3').first
    expect(heading).to_contain_text(hostile)
    sidebar = app_page.page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text(t("sidebar.uploaded", name=hostile))
    assert dialogs == []
