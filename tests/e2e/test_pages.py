"""Every page opens in a real browser, offline, without errors, and shows its title."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from dashboard.i18n import t

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
    ("data", "nav.data"),
    ("about", "nav.about"),
]

NAV_LINKS = '[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]'


def nav_labels(app_page: AppPage) -> list[str]:
    return [text.strip() for text in app_page.page.locator(NAV_LINKS).all_inner_texts()]


def test_sidebar_lists_every_page(app_page: AppPage) -> None:
    app_page.open_page("", screenshot="sidebar")
    app_page.assert_no_errors()
    assert nav_labels(app_page) == [t(key) for _, key in PAGES]


@pytest.mark.parametrize(("path", "nav_key"), PAGES, ids=[key for _, key in PAGES])
def test_page_opens_without_errors(app_page: AppPage, path: str, nav_key: str) -> None:
    page = app_page.open_page(path, screenshot=nav_key.removeprefix("nav."))
    app_page.assert_no_errors()
    heading = page.locator('[data-testid="stMain"] h1').first
    assert heading.is_visible(), f"/{path}: no h1 title in the main area"
    assert heading.inner_text().strip(), f"/{path}: the h1 title is empty"
    # The page ran inside app.py's st.navigation, not on its own (see the test below).
    assert nav_labels(app_page) == [t(key) for _, key in PAGES]


def test_deep_link_on_fresh_server_runs_inside_navigation(
    app_page: AppPage, start_fresh_server: Callable[[], str]
) -> None:
    """A shared link to a page works for the first visitor after a restart (pages live in
    app_pages/, because a pages/ folder switches Streamlit to its legacy folder mode)."""
    app_page.base_url = start_fresh_server()
    path, _ = PAGES[1]
    app_page.open_page(path, screenshot=f"fresh-server-{path}")
    app_page.assert_no_errors()
    assert nav_labels(app_page) == [t(key) for _, key in PAGES]
    assert app_page.page.title() == t("app.title")
