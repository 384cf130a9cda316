"""The Chains page in a real browser: a team builds a chain from a flow and a candidate exchange,
names and saves it, sees its assessment at once, and finds it again after a reload and after a
server restart (the servers share the session's temporary chain store, see `server_env`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from dashboard.dataset import load_or_raise
from dashboard.matching import find_candidates
from dashboard.reference import DATASETS_DIR
from playwright.sync_api import expect

from dashboard import chain_members as cm
from dashboard.i18n import t

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

NAME = "Team <b>A</b>: ash & grain"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def options_to_pick() -> list[cm.Option]:
    """The first flow and the best candidate of the Leningrad dataset."""
    dataset = load_or_raise(DATASETS_DIR / "leningrad")
    options = cm.exchange_options(dataset, find_candidates(dataset)).values()
    flow = next(o for o in options if o.member.kind == "flow")
    candidate = next(o for o in options if o.member.kind == "candidate")
    return [flow, candidate]


def choose(app_page: AppPage, label: str, option: str) -> None:
    page = app_page.page
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)
    box.locator("input").first.fill(option[:60])
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    app_page.wait_until_finished()


def chain_choice(app_page: AppPage) -> str:
    box = app_page.page.locator('[data-testid="stSelectbox"]').filter(has_text=t("chainsui.pick"))
    inputs = box.locator("input")
    return inputs.first.input_value() if inputs.count() else box.inner_text()


def test_a_team_builds_saves_and_finds_its_chain_again(
    app_page: AppPage, start_fresh_server: Callable[[], str]
) -> None:
    page = app_page.page
    app_page.open_page("chains?dataset=leningrad", screenshot="chains-leningrad")
    app_page.assert_no_errors()
    expect(page.locator(MAP_FRAME)).to_be_visible()

    page.get_by_text(t("chainsui.build.heading")).click()
    name_box = page.get_by_label(t("chainsui.build.name"))
    name_box.fill(NAME)
    name_box.press("Enter")
    app_page.wait_until_finished()
    picked = options_to_pick()
    for option in picked:
        choose(app_page, t("chainsui.build.members"), option.label)
    companies = {c for o in picked for c in (o.member.source_company, o.member.target_company)}
    build = page.locator('[data-testid="stExpander"]').filter(has_text=t("chainsui.build.save"))
    expect(build.locator('[data-testid="stMetric"]')).to_have_count(4)
    app_page.screenshot("chains-draft")

    page.get_by_role("button", name=t("chainsui.build.save")).click()
    app_page.wait_until_finished()
    expect(page.get_by_text(t("chainsui.build.saved", name=NAME))).to_be_visible()
    assert t("chainsui.saved_label", name=NAME) in chain_choice(app_page)
    ghg = page.locator('[data-testid="stMetric"]').filter(
        has_text=t("chainsui.result.ghg_avoided_t_co2e")
    )
    expect(ghg.first).to_be_visible()
    markers = page.frame_locator(MAP_FRAME).locator("path.is-company")
    expect(markers).to_have_count(len(companies), timeout=15_000)
    page.get_by_role("tab", name=t("chainsui.tab.assessment")).click()
    expect(page.get_by_text(t("chainsui.per_partner"), exact=True)).to_be_visible()
    app_page.screenshot("chains-saved")
    app_page.assert_no_errors()

    page.reload()
    app_page.wait_until_finished()
    assert t("chainsui.saved_label", name=NAME) in chain_choice(app_page)
    app_page.assert_no_errors()

    app_page.base_url = start_fresh_server()
    app_page.open_page("chains?dataset=leningrad", screenshot="chains-after-restart")
    assert t("chainsui.saved_label", name=NAME) in chain_choice(app_page)
    app_page.assert_no_errors()
    assert page.locator("b", has_text="A").count() == 0
