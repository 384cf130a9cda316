"""The Chains page in a real browser: a team builds a chain from a flow and a candidate exchange,
names and saves it, sees its assessment at once, and finds it again after a reload and after a
server restart (the servers share the session's temporary chain store, see `server_env`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dashboard.analysis.matching import find_candidates
from dashboard.domain.reference import DATASETS_DIR
from dashboard.i18n import t
from dashboard.io.datasets import load_or_raise
from dashboard.views.chain_options import Option, exchange_options
from dashboard.web import session
from dashboard.web.chain_panels import PANELS

from .helpers import MAP_FRAME, MARKERS, add_option, chosen, click, fill, keyed, open_tab

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

NAME = "Team <b>A</b>: ash & grain"
ASSESSMENT_TAB = list(PANELS).index("assessment")
MAP_TAB = list(PANELS).index("map")


def options_to_pick() -> list[Option]:
    """The first flow and the best candidate of the Leningrad dataset."""
    dataset = load_or_raise(DATASETS_DIR / "leningrad")
    options = exchange_options(dataset, find_candidates(dataset)).values()
    flow = next(o for o in options if o.member.kind == "flow")
    candidate = next(o for o in options if o.member.kind == "candidate")
    return [flow, candidate]


def test_a_team_builds_saves_and_finds_its_chain_again(
    app_page: AppPage, start_fresh_server: Callable[[], str]
) -> None:
    page = app_page.page
    app_page.open_page("chains?dataset=leningrad", screenshot="chains-leningrad")
    app_page.assert_no_errors()
    expect(page.locator(MAP_FRAME)).to_have_count(0)  # drawn when its tab is opened
    open_tab(app_page, session.TABS, MAP_TAB)
    app_page.wait_until_finished()
    expect(page.locator(MAP_FRAME)).to_be_visible()

    keyed(app_page, session.BUILD).locator("summary").click()
    fill(app_page, session.NEW_NAME, NAME)
    picked = options_to_pick()
    for option in picked:
        add_option(app_page, session.NEW_MEMBERS, option.label)
    companies = {c for o in picked for c in (o.member.source_company, o.member.target_company)}
    # an existing flow and a candidate: their totals are shown apart, not as one headline
    draft_totals = keyed(app_page, session.chain_table_key("draft_by_status"))
    expect(draft_totals.locator('[data-testid="stDataFrame"]')).to_be_visible()
    expect(keyed(app_page, session.BUILD).locator('[data-testid="stMetric"]')).to_have_count(0)
    app_page.screenshot("chains-draft")

    click(app_page, session.SAVE)
    alert = page.locator('[data-testid="stAlert"]').first
    expect(alert).to_contain_text(t("chainsui.build.saved", name=NAME))
    assert t("chainsui.saved_label", name=NAME) in chosen(app_page, session.CHAIN)
    expect(page.locator('[data-testid="stMain"] [data-testid="stMetric"]')).to_have_count(
        1, timeout=45_000
    )  # the MCA score; the results are in the table by status
    expect(keyed(app_page, session.chain_table_key("by_status"))).to_be_visible()
    markers = page.frame_locator(MAP_FRAME).locator(MARKERS)
    expect(markers).to_have_count(len(companies), timeout=45_000)
    open_tab(app_page, session.TABS, ASSESSMENT_TAB)
    app_page.wait_until_finished()
    expect(
        keyed(app_page, session.chain_table_key("partners")).locator('[data-testid="stDataFrame"]')
    ).to_be_visible()
    app_page.screenshot("chains-saved")
    app_page.assert_no_errors()

    page.reload()
    app_page.wait_until_finished()
    assert t("chainsui.saved_label", name=NAME) in chosen(app_page, session.CHAIN)
    app_page.assert_no_errors()

    app_page.base_url = start_fresh_server()
    app_page.open_page("chains?dataset=leningrad", screenshot="chains-after-restart")
    assert t("chainsui.saved_label", name=NAME) in chosen(app_page, session.CHAIN)
    app_page.assert_no_errors()
    expect(page.locator("b", has_text="A")).to_have_count(0)


FATES_TAB = list(PANELS).index("fates")


def test_a_facilitator_sees_each_fate_and_the_published_totals(app_page: AppPage) -> None:
    page = app_page.page
    app_page.open_page("chains?dataset=leningrad")
    app_page.assert_no_errors()
    open_tab(app_page, session.TABS, FATES_TAB)
    app_page.wait_until_finished()
    editor = page.locator('[class*="st-key-chainsui_fate_editor_"] [data-testid="stDataFrame"]')
    expect(editor).to_be_visible()
    expect(keyed(app_page, session.FATES_RESET).locator("button")).to_be_visible()
    app_page.screenshot("chains-fates")

    app_page.open_page("chains?dataset=kalundborg")
    published = keyed(app_page, session.RECONCILIATION)
    published.locator("summary").click()
    expect(published).to_contain_text("consequential")
    expect(published.locator('[data-testid="stDataFrame"]')).to_be_visible()
    app_page.screenshot("chains-kalundborg-published")
    app_page.assert_no_errors()


def test_a_delete_acts_on_the_chain_named_on_screen(app_page: AppPage, server_env) -> None:
    """After "Delete for good" the picker names a chain that exists and the confirmation is
    closed; a second delete removes the chain then named on screen, nothing else."""
    from dashboard.domain.members import flow_members
    from dashboard.store import chains as store

    url = server_env["IS_DASHBOARD_DB"]
    dataset = load_or_raise(DATASETS_DIR / "kalundborg")
    members = flow_members(dataset.flows)[:3]
    names = ["Keep A", "Keep B", "Delete me"]
    ids = {name: store.create_chain(name, "kalundborg", [m], url=url)
           for name, m in zip(names, members, strict=True)}  # fmt: skip
    page = app_page.page
    app_page.open_page("chains?dataset=kalundborg")
    assert chosen(app_page, session.CHAIN) == t("chainsui.saved_label", name="Delete me")

    def delete_shown() -> str:
        manage = keyed(app_page, session.MANAGE)
        if not manage.locator("details").evaluate("node => node.open"):
            manage.locator("summary").click()
        keyed(app_page, session.MANAGE).locator('[data-testid="stPopover"] button').click()
        click(app_page, session.DELETE)
        return chosen(app_page, session.CHAIN)

    shown = delete_shown()
    app_page.screenshot("chains-after-delete")
    left = {c.name for c in store.list_chains("kalundborg", url)}
    assert left == {"Keep A", "Keep B"}
    assert shown in {t("chainsui.saved_label", name=n) for n in left} or shown.startswith(
        t("chainsui.detected_label", name="")
    )
    expect(keyed(app_page, session.DELETE)).to_have_count(0)
    expect(page.locator('[data-testid="stAlert"]').first).to_contain_text(
        t("chainsui.manage.deleted", name="Delete me")
    )
    named = chosen(app_page, session.CHAIN)
    second = delete_shown()
    gone = {n for n in names if store.get_chain(ids[n], url) is None}
    assert gone == {"Delete me"} | {n for n in left if t("chainsui.saved_label", name=n) == named}
    assert second != named
    app_page.assert_no_errors()


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("dataset_id", ["leningrad", "kalundborg"])
def test_the_chains_page_at_projector_and_desktop_sizes(
    app_page: AppPage, dataset_id: str, width: int, height: int
) -> None:
    """Screenshots of the first tab, the sensitivity and the multi-criteria tabs; the headline
    numbers read to 3 significant figures, an unknown one as the catalogue's word."""
    page = app_page.page
    page.set_viewport_size({"width": width, "height": height})
    app_page.open_page(f"chains?dataset={dataset_id}", screenshot=f"chains-{dataset_id}-{width}")
    metrics = page.locator('[data-testid="stMain"] [data-testid="stMetricValue"]')
    expect(metrics.first).to_be_visible()
    for value in metrics.all_inner_texts():
        digits = value.replace(",", "").replace(".", "").replace("-", "").strip("0")
        assert value == t("label.unknown") or len(digits) <= 3, value
    if dataset_id == "kalundborg":
        expect(metrics.last).to_have_text(t("label.unknown"))  # the MCA score
    for panel in ("sensitivity", "mca"):
        open_tab(app_page, session.TABS, list(PANELS).index(panel))
        app_page.wait_until_finished()
        app_page.screenshot(f"chains-{dataset_id}-{width}-{panel}")
    expect(page.locator("text=None")).to_have_count(0)
    app_page.assert_no_errors()
