"""The interface in Russian: from the link, from a Russian browser, and by the sidebar switch."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from dashboard.web import session

from .conftest import VIEWPORT, AppPage
from .helpers import NAV_LINKS, keyed

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


def test_a_russian_link_opens_in_russian_and_the_switch_goes_back(app_page: AppPage) -> None:
    app_page.open_page("?lang=ru&dataset=leningrad")
    main = app_page.page.locator('[data-testid="stMain"]')
    expect(main.locator("h1").first).to_have_text(t("home.title", "ru"))
    expect(app_page.page.locator(NAV_LINKS).first).to_have_text(t("nav.home", "ru"))
    app_page.screenshot("home-ru")
    app_page.assert_no_errors()
    keyed(app_page, session.LANGUAGE).get_by_text(t("language.en"), exact=True).click()
    app_page.wait_until_finished()
    expect(main.locator("h1").first).to_have_text(t("home.title", "en"))
    expect(app_page.page).to_have_url(re.compile(r"lang=en"))


def test_a_russian_browser_gets_russian(browser, base_url, screenshot_dir) -> None:
    context = browser.new_context(viewport=VIEWPORT, locale="ru-RU")
    try:
        page = AppPage(context.new_page(), base_url, screenshot_dir)
        page.open_page("map?dataset=leningrad")
        expect(page.page.locator('[data-testid="stMain"] h1').first).to_have_text(
            t("map.title", "ru")
        )
        page.screenshot("map-ru")
        page.assert_no_errors()
    finally:
        context.close()


FORMATTED = (
    "() => [document.documentElement.lang,"
    " new Intl.NumberFormat(navigator.languages).format(12345.6)]"
)


@pytest.mark.parametrize(
    ("browser_locale", "lang", "written"),
    [("en-US", "ru", "12\u00a0345,6"), ("ru-RU", "en", "12,345.6")],
)
def test_tables_write_numbers_in_the_chosen_language_not_the_browsers(
    browser, base_url, screenshot_dir, browser_locale, lang, written
) -> None:
    """Streamlit's tables format numbers in the browser's locale; the page reports the chosen
    language's instead."""
    context = browser.new_context(viewport=VIEWPORT, locale=browser_locale)
    try:
        page = AppPage(context.new_page(), base_url, screenshot_dir)
        page.open_page(f"?lang={lang}&dataset=leningrad")
        page.page.wait_for_function(f"() => ({FORMATTED})()[0] === '{lang}'")
        assert page.page.evaluate(FORMATTED) == [lang, written]
        page.assert_no_errors()
    finally:
        context.close()
