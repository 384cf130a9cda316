"""The Examples page in a real browser: every documented case is a marker on the world map,
and choosing a case shows its sheet and diagram."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dashboard.io.cases import load_library
from dashboard.views.case_views import name
from dashboard.web import session

from .helpers import choose, keyed, map_frame

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
ENTRIES, _ = load_library()


def test_every_case_is_on_the_world_map_and_a_chosen_case_shows_its_sheet(
    app_page: AppPage,
) -> None:
    app_page.open_page("examples", screenshot="examples")
    frame = map_frame(app_page)
    expect(frame.locator("path.is-case")).to_have_count(len(ENTRIES))
    entry = max(ENTRIES, key=lambda e: len(e.case.exchanges))
    choose(app_page, session.EX_CASE, name(entry.case))
    heading = app_page.page.locator('[data-testid="stMain"] h3').first
    expect(heading).to_have_text(name(entry.case))
    expect(keyed(app_page, session.EX_DIAGRAM)).to_be_visible()
    expect(keyed(app_page, session.examples_table_key("sources"))).to_be_visible()
    app_page.screenshot("examples-case")
    app_page.assert_no_errors()
