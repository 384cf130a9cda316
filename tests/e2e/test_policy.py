"""The Policy page in a real browser, offline: a chain's measures, catalogue filtering, and a
rejected catalogue upload that changes nothing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dashboard.analysis.chains import detect_chains
from dashboard.analysis.policy.catalogue import bundled_catalogue, load_catalogue
from dashboard.analysis.policy.findings import by_category, chain_findings, flow_findings
from dashboard.domain.labels import chain_name
from dashboard.domain.reference import DATASETS_DIR
from dashboard.i18n import t
from dashboard.io.datasets import load_path
from dashboard.views.policy_text import reason_groups
from dashboard.web import session

from .helpers import choose, click, fill, grid_text, keyed, open_tab, upload

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

CATALOGUE_TAB, UPLOAD_TAB = 1, 2


def waste_oil_chain():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    chain = next(c for c in detect_chains(dataset.flows) if "len-f13" in c.flow_ids)
    return dataset, chain


def rows(grid) -> int:
    """How many data rows a data grid holds (its accessible row count, without the header)."""
    inner = grid.locator('[role="grid"]').first
    expect(inner).to_have_attribute("aria-rowcount", re.compile(r"\d+"))
    return int(inner.get_attribute("aria-rowcount")) - 1


def test_a_chain_shows_its_support_obligations_and_barriers(app_page: AppPage) -> None:
    dataset, chain = waste_oil_chain()
    found = by_category(chain_findings(flow_findings(dataset, bundled_catalogue()), chain.flow_ids))
    page = app_page.open_page("policy?dataset=leningrad", screenshot="policy-leningrad")
    app_page.assert_no_errors()
    label = t("chainsui.detected_label", name=chain_name(chain, dataset.company_names()))
    choose(app_page, session.POLICY_CHAIN, label)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text(t("policy.summary", **{k: len(v) for k, v in found.items()}))
    for category, items in found.items():
        if items:
            grid = keyed(app_page, session.policy_box(category)).locator('[data-testid="stDataFrame"]')
            text = grid_text(grid)
            assert all(i.measure.measure_id in text for i in items[:3]), category
    assert "RU-89FZ-LICENCE" in grid_text(
        keyed(app_page, session.policy_box("obligation")).locator('[data-testid="stDataFrame"]')
    )
    app_page.screenshot("policy-waste-oil-chain")
    app_page.assert_no_errors()


def test_filtering_the_catalogue_narrows_the_table(app_page: AppPage) -> None:
    catalogue = bundled_catalogue()
    app_page.open_page("policy?dataset=kalundborg")
    open_tab(app_page, session.POLICY_TABS, CATALOGUE_TAB)
    main = app_page.page.locator('[data-testid="stMain"]')
    total = len(catalogue.measures)
    assert total >= 40
    caption = t("policy.catalogue_caption", shown=total, total=total, name=catalogue.name)
    expect(main).to_contain_text(caption)
    fill(app_page, session.POLICY_TEXT, "landfill tax")
    grid = keyed(app_page, session.policy_box("catalogue")).locator('[data-testid="stDataFrame"]')
    assert "SE-WASTE-TAX" in grid_text(grid)
    shown = rows(grid)
    assert 0 < shown < total
    expect(main).to_contain_text(
        t("policy.catalogue_caption", shown=shown, total=total, name=catalogue.name)
    )
    app_page.screenshot("policy-catalogue-filtered")
    app_page.assert_no_errors()


def test_a_malformed_catalogue_is_rejected_and_the_current_one_stays(app_page: AppPage) -> None:
    catalogue = bundled_catalogue()
    data = b"measure_id,name_en\nA,B\n"
    _, problems = load_catalogue(data, name="mine.csv")
    app_page.open_page("policy?dataset=kalundborg")
    open_tab(app_page, session.POLICY_TABS, UPLOAD_TAB)
    main = app_page.page.locator('[data-testid="stMain"]')
    current = t("policy.current", name=catalogue.name, count=len(catalogue.measures))
    expect(main).to_contain_text(current)
    upload(app_page, session.POLICY_UPLOAD, {"mine.csv": data})
    click(app_page, session.POLICY_UPLOAD_BUTTON)
    alert = app_page.page.locator('[data-testid="stAlert"]').first
    expect(alert).to_contain_text(
        t("policy.rejected", count=len(problems), current=catalogue.name)
    )
    grid = keyed(app_page, session.policy_box("problems")).locator('[data-testid="stDataFrame"]')
    assert problems[0].message in grid_text(grid)
    expect(main).to_contain_text(current)
    app_page.screenshot("policy-upload-rejected")
    app_page.assert_no_errors()


VIEWPORTS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_why_opens_on_one_click_and_says_each_reason_once(app_page: AppPage, size: str) -> None:
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    chain = next(c for c in detect_chains(dataset.flows) if "len-f01" in c.flow_ids)
    found = chain_findings(flow_findings(dataset, bundled_catalogue()), chain.flow_ids)
    item = next(i for i in found if i.measure.measure_id == "RU-268FZ-SECONDARY")
    (reason, ids), = reason_groups(item)
    width, height = VIEWPORTS[size]
    app_page.page.set_viewport_size({"width": width, "height": height})
    app_page.open_page("policy?dataset=leningrad")
    choose(app_page, session.POLICY_CHAIN, t("chainsui.detected_label", name=chain_name(
        chain, dataset.company_names())))  # fmt: skip
    why = keyed(app_page, session.policy_box(f"why_{item.measure.category}"))
    expander = why.locator('[data-testid="stExpander"]').filter(has_text="RU-268FZ-SECONDARY")
    expander.locator("summary").click()
    body = expander.locator('[data-testid="stExpanderDetails"]')
    expect(body).to_be_visible()
    expect(body).to_contain_text(reason)
    assert body.inner_text().count(reason[:40]) == 1
    expect(body).to_contain_text(t("policy.applies_to", count=len(ids)))
    box = body.locator("li").first.bounding_box()
    assert box and box["height"] > 30 and box["width"] <= width
    app_page.screenshot(f"policy-leningrad-why-{size}")
    app_page.assert_no_errors()


WHAT_IF_TAB = 3


def test_the_what_if_runs_in_russian_and_its_rerun_stays_russian(app_page: AppPage) -> None:
    """The what-if is a fragment: its own rerun skips the app's entry point, which sets the
    language, so a run must still show Russian (the AppTest reruns the whole script and cannot
    see this)."""
    from dashboard.analysis import scenario as sc

    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    expected = sc.evaluate(dataset, sc.Scenario("x", (("gate_fee.landfill.RU", "0.0"),)))
    app_page.open_page("policy?dataset=leningrad&lang=ru")
    open_tab(app_page, session.POLICY_TABS, WHAT_IF_TAB)
    app_page.wait_until_finished()
    fill(app_page, session.scenario_input_key("gate_fee.landfill.RU"), "0")
    click(app_page, session.SCENARIO_RUN)
    main = app_page.page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text(t("scenario.heading.comparison", "ru"))
    expect(main).not_to_contain_text(t("scenario.heading.comparison", "en"))
    grid = keyed(app_page, session.scenario_box("comparison")).locator('[data-testid="stDataFrame"]')
    text = grid_text(grid)
    assert t("scenario.metric.candidates_viable", "ru") in text
    assert t("scenario.metric.candidates_viable", "en") not in text
    viable = (expected.baseline.candidates[sc.VIABLE], expected.after.candidates[sc.VIABLE])
    assert viable[0] != viable[1] and all(str(v) in text for v in viable)
    app_page.screenshot("policy-what-if-ru")
    app_page.assert_no_errors()
