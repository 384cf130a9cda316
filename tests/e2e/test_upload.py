"""Uploading through the real Data page: a malformed file shows the problem table and changes
nothing; a valid upload with hostile names is selected and shown literally."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from dashboard.io.datasets import bundled_datasets, load_files
from dashboard.web import session
from dashboard.web.uploads import KEEP_DAYS

from .helpers import (
    MARKERS,
    chosen,
    go_to,
    grid_text,
    keyed,
    map_frame,
    marker_tooltip,
    upload_dataset,
)

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

STREAMS = b"stream_id,company_id,direction,material,quantity,unit\nS1,A,have,fly_ash,5,t/yr\n"


def test_malformed_upload_shows_problems_and_keeps_the_dataset(app_page: AppPage) -> None:
    app_page.open_page("data?dataset=kalundborg")
    before = chosen(app_page, session.DATASET)
    assert before == bundled_datasets()["kalundborg"]["title"]
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
    assert chosen(app_page, session.DATASET) == t("sidebar.uploaded", name=hostile)
    assert app_page.page.url.split("dataset=upload%3A")[1][:20].isalnum()
    expect(app_page.page.locator("img[src=x]")).to_have_count(0)
    go_to(app_page, "")
    app_page.screenshot("home-with-upload")
    app_page.assert_no_errors()
    heading = app_page.page.locator('[data-testid="stMain"] h3').first
    expect(heading).to_contain_text(hostile)
    sidebar = app_page.page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_contain_text(t("sidebar.uploaded", name=hostile))
    assert dialogs == []


INJECTIONS = {
    "A": "<img src=x onerror=alert(1)>",
    "B": 'Mill "North" {{ 7*7 }}',
    "C": ":material/warning: Heat {% raw %}",
    "D": "{# x Farm =1+1",
    "E": "${alert(2)}` Oy <script>alert(1)</script>",
}
PLACES = {"A": (59.93, 30.31, "23.51"), "B": (59.99, 30.62, "10.61"),
          "C": (59.80, 30.05, "35.11"), "D": (59.70, 30.40, "01.11"),
          "E": (59.85, 30.20, "38.21")}  # fmt: skip
EVERY_PAGE = ["", "map", "flows", "chains", "policy", "data", "about"]


def hostile_files() -> dict[str, bytes]:
    """A dataset with an injection string in every text field: names, sources and notes."""
    def write(header, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return buffer.getvalue().encode()

    texts = list(INJECTIONS.values())
    companies = write(
        ["company_id", "name", "nace", "lat", "lon", "provenance", "source"],
        [[c, name, PLACES[c][2], PLACES[c][0], PLACES[c][1], "synthetic", texts[i - 1]]
         for i, (c, name) in enumerate(INJECTIONS.items())],
    )  # fmt: skip
    streams = write(
        ["stream_id", "company_id", "direction", "material", "quantity", "unit", "source",
         "notes"],
        [["S1", "C", "have", "fly_ash", 5000, "t/yr", texts[0], texts[1]],
         ["S2", "A", "want", "fly_ash", 3000, "t/yr", texts[2], texts[3]],
         ["S3", "B", "have", "spent_grain", 900, "t/yr", texts[4], texts[0]],
         ["S4", "D", "want", "animal_feed", 800, "t/yr", texts[1], texts[2]]],
    )  # fmt: skip
    flows = write(
        ["flow_id", "source_company", "target_company", "material", "quantity", "unit",
         "status", "provenance", "source", "notes"],
        [["F1", "C", "A", "fly_ash", 2000, "t/yr", "existing", "synthetic", texts[3], texts[4]],
         ["F2", "A", "E", "ferrous_scrap", 300, "t/yr", "planned", "synthetic", texts[0],
          texts[1]],
         ["F3", "B", "D", "spent_grain", 500, "t/yr", "existing", "synthetic", texts[2],
          texts[3]]],
    )  # fmt: skip
    return {"companies.csv": companies, "streams.csv": streams, "flows.csv": flows}


def shown(locator) -> str:
    """Text as the reader sees it (without the invisible word joiners)."""
    return locator.inner_text().replace("\u2060", "")


def test_injection_strings_in_every_text_field_are_shown_literally_on_every_page(
    app_page: AppPage,
) -> None:
    dialogs: list[str] = []
    app_page.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    files = hostile_files()
    dataset, problems = load_files("x", files)
    assert problems == [] and dataset is not None
    name = "{{ 7*7 }} {% raw %} {# x :material/warning:"
    app_page.open_page("data")
    upload_dataset(app_page, files, name)
    assert chosen(app_page, session.DATASET) == t("sidebar.uploaded", name=name)
    main = app_page.page.locator('[data-testid="stMain"]')
    for path in EVERY_PAGE:
        go_to(app_page, path)
        app_page.screenshot(f"injection-{path or 'home'}")
        app_page.assert_no_errors()
        expect(main.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
        expect(app_page.page.locator("img[src=x]")).to_have_count(0)
        sidebar = shown(app_page.page.locator('[data-testid="stSidebar"]'))
        assert t("sidebar.uploaded", name=name) in sidebar, path
        assert 'North" 49' not in shown(main) and "Uploaded: 49" not in sidebar, path
    go_to(app_page, "")
    assert name in shown(main)
    go_to(app_page, "map")
    frame = map_frame(app_page)
    expect(frame.locator(MARKERS)).to_have_count(len(INJECTIONS))
    tooltips = [marker_tooltip(frame, i) for i in range(len(INJECTIONS))]
    for text in INJECTIONS.values():
        assert any(text in tooltip for tooltip in tooltips), text
    expect(frame.locator("img")).to_have_count(0)
    go_to(app_page, "chains")
    expect(main.locator(".js-plotly-plot").first).to_be_visible()
    labels = " ".join(
        main.locator(".js-plotly-plot text").evaluate_all("ts => ts.map(t => t.textContent)")
    )
    def squeezed(text: str) -> str:  # a long name is wrapped on lines, each its own <tspan>
        return "".join(text.split())

    assert squeezed(INJECTIONS["C"]) in squeezed(labels) and "&quot;" not in labels, labels
    assert dialogs == []


def test_an_upload_empties_the_uploader_its_link_opens_elsewhere_and_its_owner_deletes_it(
    app_page: AppPage, browser, base_url, screenshot_dir
) -> None:
    from .conftest import VIEWPORT, AppPage

    companies = b"company_id,name,nace,lat,lon\nA,Linked Oy,10.51,59.93,30.31\n"
    name = "shared link test"
    app_page.open_page("data")
    upload_dataset(app_page, {"companies.csv": companies, "streams.csv": STREAMS}, name)
    uploader = keyed(app_page, session.UPLOAD_FILES)
    expect(uploader.locator('[data-testid="stFileChip"]')).to_have_count(0)
    link = app_page.page.locator('[data-testid="stCode"]').first
    expect(link).to_contain_text("dataset=upload:")
    url = link.inner_text().strip()
    app_page.screenshot("upload-link")

    def visit(target: str, shot: str):
        context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
        other = AppPage(context.new_page(), base_url, screenshot_dir)
        other.page.goto(target)
        other.wait_until_finished()
        other.screenshot(shot)
        other.assert_no_errors()
        return context, other

    context, other = visit(url, "upload-link-opened")
    try:
        assert chosen(other, session.DATASET) == t("sidebar.uploaded", name=name)
        expect(keyed(other, session.UPLOAD_DELETE)).to_have_count(0)  # not the owner
    finally:
        context.close()
    keyed(app_page, session.UPLOAD_DELETE).locator("button").click()
    app_page.wait_until_finished()
    context, other = visit(url, "upload-link-dead")
    try:
        sidebar = other.page.locator('[data-testid="stSidebar"]')
        expect(sidebar).to_contain_text(t("sidebar.upload_gone", days=KEEP_DAYS))
        assert chosen(other, session.DATASET) != t("sidebar.uploaded", name=name)
    finally:
        context.close()
