"""Every page in Russian on every bundled dataset: it opens without errors, shows its Russian
title, and the layout holds with Russian's longer words (no clipped buttons, tabs, labels,
metrics, expander headings, Plotly legends or map legends)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from dashboard.io.datasets import bundled_datasets

from .helpers import MAP_FRAME, map_frame
from .test_pages import PAGES

if TYPE_CHECKING:
    from .conftest import AppPage

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

# Translation key of each page's h1, by the page's navigation key.
TITLE_KEYS = {
    "nav.home": "home.title",
    "nav.map": "map.title",
    "nav.flows": "flows.title",
    "nav.chains": "chainsui.title",
    "nav.policy": "policy.title",
    "nav.examples": "examples.title",
    "nav.present": "deck.title",
    "nav.data": "data.title",
    "nav.about": "about.title",
    "nav.game": "game.title",
    "nav.play": "game.join_title",
    "nav.workshop": "workshop.page_title",
    "nav.cards": "cards.title",
    "nav.pipeline": "pipeline.title",
}
DATASETS = list(bundled_datasets())
CASES = [(path, nav, dataset) for path, nav in PAGES for dataset in DATASETS]
LAYOUT_SETTLE_S = 5.0

# Evaluated in the page with the map frame's selector: every interface element whose text is
# cut, as {where, kind, text, why}. An element of KINDS in the main area or the sidebar counts
# as cut when
# - it or a descendant hides overflowing content (overflow other than visible, or an
#   ellipsis) and that content is wider than its box;
# - a line of its text reaches past a box between it and the area that clips it (sideways;
#   up or down only where the box hides, rather than scrolls, its overflow);
# - its own box reaches past the window or, in the same way, past such an ancestor.
# Plotly legends must lie inside their plot and each legend entry inside the legend's box;
# Leaflet legends in the map frame must lie inside the map, without sideways overflow.
_CLIPPED_JS = """(mapFrame) => {
  const found = [];
  const text = el => (el.innerText || el.textContent || "").trim().replace(/\\s+/g, " ");
  const short = s => s.length > 80 ? s.slice(0, 77) + "..." : s;
  const px = r => `[${Math.round(r.left)}..${Math.round(r.right)} x ` +
    `${Math.round(r.top)}..${Math.round(r.bottom)}]`;
  const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) &&
    el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
  const hides = v => v !== "visible";
  const report = (where, kind, el, why) =>
    found.push({where, kind, text: short(text(el)), why});

  const areas = {
    main: document.querySelector('[data-testid="stMain"]'),
    sidebar: document.querySelector('[data-testid="stSidebar"]'),
  };
  const KINDS = [
    ["button", "button"],
    ["tab", '[role="tab"]'],
    ["navigation link", '[data-testid="stSidebarNavLink"]'],
    ["widget label", '[data-testid="stWidgetLabel"]'],
    ["metric label", '[data-testid="stMetricLabel"]'],
    ["metric value", '[data-testid="stMetricValue"]'],
    ["expander heading", '[data-testid="stExpander"] summary'],
  ];
  const viewWidth = document.documentElement.clientWidth;

  const named = node => node === null ? "" : node.tagName.toLowerCase() +
    (node.dataset.testid ? `[data-testid=${node.dataset.testid}]` : "") +
    ([...node.classList].filter(c => c.startsWith("st-key-")).map(c => "." + c).join(""));
  // Is `box` outside `up` (which clips its overflow) sideways, or up/down when it hides it?
  const outside = (box, up) => {
    const style = getComputedStyle(up), outer = up.getBoundingClientRect();
    if (hides(style.overflowX) && (box.left < outer.left - 1 || box.right > outer.right + 1))
      return outer;
    const hidden = ["hidden", "clip"].includes(style.overflowY);
    if (hidden && (box.top < outer.top - 1 || box.bottom > outer.bottom + 1)) return outer;
    return null;
  };
  const cutInside = (el, area) => {
    for (const node of [el, ...el.querySelectorAll("*")]) {
      if (!(node instanceof HTMLElement) || !shown(node)) continue;
      const style = getComputedStyle(node);
      const ellipsis = style.textOverflow === "ellipsis";
      if ((hides(style.overflowX) || ellipsis) && node.scrollWidth > node.clientWidth + 1)
        return `${named(node)}: content ${node.scrollWidth}px wide in a ${node.clientWidth}px box`;
    }
    // Each line of text must lie inside every box between it and the area that clips it.
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || !shown(node.parentElement)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects()) {
        for (let up = node.parentElement; up && up !== area; up = up.parentElement) {
          const outer = outside(line, up);
          if (outer)
            return `text ${JSON.stringify(short(node.textContent.trim()))} at ${px(line)} is ` +
              `cut by ${named(up)} ${px(outer)}`;
        }
      }
    }
    return "";
  };
  const cutByContainer = (el, area) => {
    const box = el.getBoundingClientRect();
    if (box.left < -1 || box.right > viewWidth + 1)
      return `box ${px(box)} reaches past the window (width ${viewWidth})`;
    for (let up = el.parentElement; up && up !== area.parentElement; up = up.parentElement) {
      const outer = outside(box, up);
      if (outer) return `box ${px(box)} reaches past its container ${named(up)} ${px(outer)}`;
    }
    return "";
  };

  for (const [where, area] of Object.entries(areas)) {
    if (!area) continue;
    for (const [kind, selector] of KINDS) {
      for (const el of area.querySelectorAll(selector)) {
        if (!shown(el) || !text(el)) continue;
        const why = cutInside(el, area) || cutByContainer(el, area);
        if (why) report(where, kind, el, why);
      }
    }
  }

  for (const plot of document.querySelectorAll(".js-plotly-plot")) {
    if (!shown(plot)) continue;
    const paper = plot.querySelector(".main-svg").getBoundingClientRect();
    for (const legend of plot.querySelectorAll(".legend")) {
      const box = legend.getBoundingClientRect();
      if (box.width === 0) continue;
      if (box.left < paper.left - 1 || box.right > paper.right + 1 ||
          box.top < paper.top - 1 || box.bottom > paper.bottom + 1)
        report("plotly", "legend", legend, `legend ${px(box)} reaches past the plot ${px(paper)}`);
      const bg = legend.querySelector(".bg");
      const frame = bg ? bg.getBoundingClientRect() : box;
      for (const entry of legend.querySelectorAll(".traces")) {
        const at = entry.getBoundingClientRect();
        if (at.width > 0 && (at.left < frame.left - 1 || at.right > frame.right + 1))
          report("plotly", "legend entry", entry,
                 `entry ${px(at)} reaches past the legend box ${px(frame)}`);
      }
    }
  }

  for (const iframe of document.querySelectorAll(mapFrame)) {
    if (!shown(iframe)) continue;
    const doc = iframe.contentDocument;
    const map = doc && doc.querySelector(".leaflet-container");
    if (!map) {
      found.push({where: "map", kind: "map", text: "", why: "no map in the frame"});
      continue;
    }
    const outer = map.getBoundingClientRect();
    const frameWidth = doc.documentElement.clientWidth;
    if (outer.left < -1 || outer.right > frameWidth + 1)
      report("map", "map", map, `map ${px(outer)} is wider than its frame (${frameWidth})`);
    for (const legend of doc.querySelectorAll(".is-legend")) {
      const box = legend.getBoundingClientRect();
      if (box.width === 0) continue;
      if (box.left < outer.left - 1 || box.right > outer.right + 1 ||
          box.top < outer.top - 1 || box.bottom > outer.bottom + 1)
        report("map", "legend", legend, `legend ${px(box)} reaches past the map ${px(outer)}`);
      else if (legend.scrollWidth > legend.clientWidth + 1)
        report("map", "legend", legend,
               `content ${legend.scrollWidth}px wide in a ${legend.clientWidth}px legend`);
    }
  }
  return found;
}"""


def wait_for_drawings(app_page: AppPage) -> None:
    """Every visible Plotly chart has drawn, and the map has drawn and settled, with its
    legends open."""
    page = app_page.page
    charts = page.locator('[data-testid="stPlotlyChart"]')
    for index in range(charts.count()):
        chart = charts.nth(index)
        if chart.is_visible():
            expect(chart.locator(".js-plotly-plot .main-svg").first).to_be_attached()
    maps = page.locator(MAP_FRAME).count()
    assert maps <= 1, f"{maps} maps on one page: wait for each of them"
    if maps:  # open every legend: the long Russian entries must fit the map too
        map_frame(app_page).locator(".is-legend details").evaluate_all(
            "boxes => boxes.forEach(box => { box.open = true; })"
        )


def clipped_elements(app_page: AppPage) -> list[dict[str, str]]:
    """The clipped elements, once the layout has settled (or what is still clipped after
    LAYOUT_SETTLE_S)."""
    deadline = time.monotonic() + LAYOUT_SETTLE_S
    while True:
        found = app_page.page.evaluate(_CLIPPED_JS, MAP_FRAME)
        if not found or time.monotonic() > deadline:
            return found
        app_page.page.wait_for_timeout(250)


@pytest.mark.parametrize(
    ("path", "nav_key", "dataset"),
    CASES,
    ids=[f"{nav.removeprefix('nav.')}-{dataset}" for _, nav, dataset in CASES],
)
def test_page_in_russian_keeps_its_layout(
    app_page: AppPage, path: str, nav_key: str, dataset: str
) -> None:
    name = f"ru-{nav_key.removeprefix('nav.')}-{dataset}"
    page = app_page.open_page(f"{path}?lang=ru&dataset={dataset}", screenshot=name)
    app_page.assert_no_errors()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(
        t(TITLE_KEYS[nav_key], "ru")
    )
    wait_for_drawings(app_page)
    clipped = clipped_elements(app_page)
    app_page.screenshot(name)  # again, now that charts and the map have drawn
    assert not clipped, f"{page.url}: {len(clipped)} element(s) cut in Russian:\n" + "\n".join(
        f"  - {c['where']} {c['kind']} {c['text']!r}: {c['why']}" for c in clipped
    )
    app_page.assert_no_errors()
