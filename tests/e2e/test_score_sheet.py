"""A facilitator scores a chain by hand in the browser: picks a level in the sheet, names
themself, saves, and sees the chain's profile; the sheet is in the database."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from dashboard.store import sheets
from dashboard.web import session
from dashboard.web.chain_panels import PANELS

from .conftest import AppPage
from .helpers import click, fill, keyed, open_and_click, open_tab

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]
LEVEL_COLUMN = 4  # area, criterion, evidence, suggested, level
ROW = 1  # the second criterion of the sheet


def test_a_chain_scored_by_hand_is_saved_and_shows_its_profile(
    app_page: AppPage, server_env
) -> None:
    app_page.open_page("chains?dataset=leningrad")
    open_tab(app_page, session.TABS, list(PANELS).index("mca"))
    app_page.wait_until_finished()
    expect(keyed(app_page, session.SCORER)).to_be_visible()
    fill(app_page, session.SCORER, "Team Neva")
    grid = app_page.page.locator('[class*="st-key-mca_criteria_"] [data-testid="stDataFrameResizable"]')
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    row_height = 35

    def open_level_cell() -> None:  # again if a rerun closed the cell's editor
        app_page.page.mouse.click(box["x"] + 30, box["y"] + row_height * (ROW + 1) + row_height / 2)
        for _ in range(LEVEL_COLUMN):
            app_page.page.keyboard.press("ArrowRight")
        app_page.page.keyboard.press("Enter")

    open_and_click(app_page, open_level_cell, t("mca.level.4"))
    app_page.page.keyboard.press("Escape")
    app_page.wait_until_finished()
    click(app_page, session.SHEET_SAVE)
    expect(app_page.page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(
        "Team Neva"
    )
    expect(keyed(app_page, session.SHEET_MATRIX)).to_be_visible()
    expect(keyed(app_page, session.SHEET_RADAR)).to_be_visible()
    keyed(app_page, session.SHEET_MATRIX).scroll_into_view_if_needed()
    app_page.screenshot("score-sheet-profile")
    app_page.assert_no_errors()
    [saved] = [s for s in sheets.read_sheets("leningrad", url=server_env["IS_DASHBOARD_DB"]).sheets
               if s.scorer == "Team Neva"]  # fmt: skip
    levels = saved.levels()
    assert levels[saved.entries[ROW].criterion] == 4
    assert [c for c, lv in levels.items() if lv is not None] == [saved.entries[ROW].criterion]
