"""Every page opens in a real browser, offline, without errors, and shows its title."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t

from .helpers import NAV_LINKS, nav_paths

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

# (url path, translation key of its navigation label), in navigation order.
# A new page is one line here. The default page (home) is served at the root URL: Streamlit
# ignores a default page's url_path, and /home shows "Page not found" and logs a console error.
PAGES = [
    ("", "nav.home"),
    ("map", "nav.map"),
    ("flows", "nav.flows"),
    ("chains", "nav.chains"),
    ("policy", "nav.policy"),
    ("examples", "nav.examples"),
    ("present", "nav.present"),
    ("game", "nav.game"),
    ("play", "nav.play"),
    ("workshop", "nav.workshop"),
    ("cards", "nav.cards"),
    ("pipeline", "nav.pipeline"),
    ("data", "nav.data"),
    ("about", "nav.about"),
]


def assert_navigation(app_page: AppPage) -> None:
    """The page ran inside app.py's st.navigation: the sidebar lists every page, in order."""
    expect(app_page.page.locator(NAV_LINKS)).to_have_count(len(PAGES))
    assert nav_paths(app_page) == [path for path, _ in PAGES]
    expect(app_page.page.locator(NAV_LINKS)).to_have_text([t(key) for _, key in PAGES])


def test_sidebar_lists_every_page(app_page: AppPage) -> None:
    app_page.open_page("", screenshot="sidebar")
    app_page.assert_no_errors()
    assert_navigation(app_page)


@pytest.mark.parametrize(("path", "nav_key"), PAGES, ids=[key for _, key in PAGES])
def test_page_opens_without_errors(app_page: AppPage, path: str, nav_key: str) -> None:
    page = app_page.open_page(path, screenshot=nav_key.removeprefix("nav."))
    app_page.assert_no_errors()
    heading = page.locator('[data-testid="stMain"] h1').first
    expect(heading).to_be_visible()
    expect(heading).not_to_be_empty()
    assert_navigation(app_page)


def test_deep_link_on_fresh_server_runs_inside_navigation(
    app_page: AppPage, start_fresh_server: Callable[[], str]
) -> None:
    """A shared link to a page works for the first visitor after a restart (pages live in
    app_pages/, because a pages/ folder switches Streamlit to its legacy folder mode)."""
    app_page.base_url = start_fresh_server()
    path, _ = PAGES[1]
    app_page.open_page(path, screenshot=f"fresh-server-{path}")
    app_page.assert_no_errors()
    assert_navigation(app_page)
    expect(app_page.page).to_have_title(t("app.title"))
