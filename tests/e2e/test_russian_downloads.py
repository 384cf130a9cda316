"""Downloads made on click (outside the page run) are in the language of the page that offered
them: the chain's HTML report, the policy findings and a diagram's links."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from dashboard.web import session
from dashboard.web.chain_panels import PANELS

from .conftest import AppPage
from .helpers import keyed, open_tab

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


def download(app_page: AppPage, key: str) -> bytes:
    button = keyed(app_page, key).locator("button").first
    expect(button).to_be_enabled()
    with app_page.page.expect_download() as made:
        button.click()
    return Path(made.value.path()).read_bytes()


def header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_russian_chain_report_is_written_in_russian(app_page: AppPage) -> None:
    app_page.open_page("chains?lang=ru&dataset=leningrad")
    open_tab(app_page, session.TABS, list(PANELS).index("export"))
    report = download(app_page, session.HTML).decode("utf-8")
    assert '<html lang="ru">' in report
    assert t("chainsui.report.chain", "ru") in report
    assert t("chainsui.report.chain", "en") not in report
    app_page.assert_no_errors()


def test_russian_findings_and_links_have_russian_headers(app_page: AppPage) -> None:
    app_page.open_page("policy?lang=ru&dataset=leningrad")
    findings = header(download(app_page, session.POLICY_DOWNLOAD_MEASURES))
    assert t("export.col.measure_name", "ru") in findings and "measure_name" not in findings
    app_page.open_page("flows?lang=ru&dataset=leningrad")
    links = header(download(app_page, session.sankey_key("csv", "t/yr")))
    assert links[:2] == [t("export.col.unit", "ru"), t("export.col.source", "ru")]
    app_page.assert_no_errors()
