"""A workshop in real browsers: the facilitator opens one; two company representatives, each on
a phone-sized screen of their own, join by the code and send a have and a want card, picking
the suggested waste code (one clicks the company's location on the map, the other types the
town); the facilitator's screen shows both cards and the match between them
without a reload, then accepts them and uses them as a dataset."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, expect

from dashboard.analysis.suggest import suggest_activity
from dashboard.domain.labels import (
    ewc_formatted,
    material_label,
    place_label,
    sector_title,
)
from dashboard.domain.reference import ewc_materials
from dashboard.i18n import t
from dashboard.store import workshops
from dashboard.web import session
from dashboard.web.workshop import card_label, waste_label

from .conftest import VIEWPORT, AppPage, new_app
from .helpers import add_option, click, click_map_at, fill, grid_text, keyed, open_and_click

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600), pytest.mark.usefixtures("failure_shots")]

PHONE = {"width": 390, "height": 844}
LIVE_TIMEOUT_MS = 90_000
CLICKED = (59.4612, 32.0833)
"""Where the first phone clicks: 4 km from Kirishi's centre."""
def pick(app: AppPage, key: str, typed: str, label: str) -> None:
    """Pick the option `label` of a selectbox after typing `typed` into it."""
    box = keyed(app, key).locator("input").first

    def search() -> None:
        box.click()
        box.fill(typed)

    open_and_click(app, search, label)
    app.wait_until_finished()


def send_card(app: AppPage, kind: str, company: str, text: str, quantity: str, place: str,
              activity: str, ewc: str | None = None, material: str | None = None,
              on_map: tuple[float, float] | None = None) -> None:  # fmt: skip
    """Fill in and send a card; the place is typed, or clicked `on_map` (lat, lon) near it."""
    keyed(app, session.CARD_KIND).get_by_text(t(f"workshop.kind.{kind}"), exact=True).click()
    app.wait_until_finished()
    fill(app, session.CARD_COMPANY, company)
    fill(app, session.CARD_TEXT, text)
    if ewc is not None:
        label = waste_label(ewc, ewc_materials()[ewc])
        pick(app, session.CARD_EWC, ewc_formatted(ewc), label)
    if material is not None:
        pick(app, session.CARD_MATERIAL, material_label(material), material_label(material))
    fill(app, session.CARD_QTY, quantity)
    if on_map is None:
        pick(app, session.CARD_PLACE, "Kirishi", place_label(place))
    else:
        click_map_at(app, *on_map)
        expect(keyed(app, session.CARD_PLACE).locator("input").first).to_have_value(
            place_label(place)
        )
    fill(app, session.CARD_ACTIVITY, activity)
    code = suggest_activity(activity)[0].code
    pick(app, session.CARD_NACE, code, f"{code} · {sector_title(code)}")
    click(app, session.CARD_ADD)
    expect(app.page.get_by_test_id("stAlertContentSuccess")).to_contain_text(company)


def test_a_facilitator_sees_two_phones_cards_become_a_match_and_a_dataset(
    browser: Browser, base_url: str, screenshot_dir: Path, server_env: dict
) -> None:
    url = server_env["IS_DASHBOARD_DB"]
    boss = new_app(browser, base_url, screenshot_dir, VIEWPORT)
    boss.open_page("workshop", screenshot="workshop-create")
    fill(boss, session.WS_TITLE, "Kirishi <b>park</b>")
    click(boss, session.WS_CREATE)
    code_box = boss.page.get_by_test_id("workshop-code")
    expect(code_box).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    code = code_box.inner_text()
    expect(keyed(boss, session.WS_QR).locator("img")).to_be_visible()
    expect(boss.page.locator('[data-testid="stMain"] h1').first).to_have_text(
        t("workshop.title", title="Kirishi <b>park</b>")
    )

    phones = []
    for company, kind, text, quantity, extra in (
        ("Kirishi <i>CHP</i>", "have", "fly ash from the coal boilers", "12000",
         {"ewc": "100102", "on_map": CLICKED}),
        ("Pikalyovo cement", "want", "raw material for the kiln", "50000",
         {"material": "cement_raw_material"}),
    ):  # fmt: skip
        app = new_app(browser, base_url, screenshot_dir, PHONE)
        app.open_page(f"cards?workshop={code}", screenshot=f"cards-join-{kind}")
        expect(keyed(app, session.WS_JOIN_CODE).locator("input")).to_have_value(code)
        click(app, session.WS_JOIN)
        activity = "production of electricity" if kind == "have" else "manufacture of cement"
        send_card(app, kind, company, text, quantity, "gn548442", activity, **extra)
        app.screenshot(f"cards-sent-{kind}-phone")
        phones.append(app)

    cards = keyed(boss, session.WS_CARDS)
    for company in ("Kirishi <i>CHP</i>", "Pikalyovo cement"):  # live, without a reload
        expect(cards.get_by_text(company, exact=True).first).to_be_attached(
            timeout=LIVE_TIMEOUT_MS
        )
    matches = keyed(boss, session.WS_MATCHES)
    for company in ("Kirishi <i>CHP</i>", "Pikalyovo cement"):
        expect(matches.get_by_text(company, exact=True).first).to_be_attached(
            timeout=LIVE_TIMEOUT_MS
        )
    assert "Kirishi <i>CHP</i>" in grid_text(matches)
    boss.screenshot("workshop-live")

    made = workshops.workshop_by_code(code, url=url)
    labels = [c.fields.company for c in workshops.cards(made.id, url=url)]
    assert labels == ["Kirishi <i>CHP</i>", "Pikalyovo cement"]
    have = workshops.cards(made.id, url=url)[0].fields
    assert have.place_id == "gn548442"
    assert abs(have.lat - CLICKED[0]) < 0.005 and abs(have.lon - CLICKED[1]) < 0.005
    for n, card in enumerate(workshops.cards(made.id, url=url), 1):
        add_option(boss, session.WS_PICK, card_label(n, card))
    click(boss, session.WS_ACCEPT)
    expect(boss.page.get_by_test_id("stAlertContentSuccess")).to_contain_text("2")
    click(boss, session.WS_USE)
    expect(boss.page.get_by_test_id("stAlertContentSuccess")).to_contain_text(f"workshop-{code}")
    assert {c.status for c in workshops.cards(made.id, url=url)} == {"accepted"}
    boss.screenshot("workshop-dataset")

    for app in [boss, *phones]:
        app.assert_no_errors()
        app.page.context.close()
