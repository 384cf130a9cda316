"""Workshops in AppTest: the facilitator opens one, a phone joins with its code and sends a card
with the suggested waste code, the card and the match it makes appear on the facilitator's
screen, the facilitator accepts the cards and uses them as a dataset; text from people is shown
as written; a wrong key or a closed code changes nothing."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.analysis.suggest import suggest_activity
from dashboard.domain.places import places
from dashboard.i18n import t
from dashboard.store import workshops
from dashboard.web import session

from ..paths import APP


@pytest.fixture(autouse=True)
def workshop_store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'workshop.sqlite'}"
    monkeypatch.setenv("IS_DASHBOARD_DB", url)
    return url


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def facilitator() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    ok(at.switch_page("app_pages/workshop.py").run())
    at.text_input(key=session.WS_TITLE).input("Kirishi <b>park</b>").run()
    ok(at.button(key=session.WS_CREATE).click().run())
    return at


def phone(code: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params[session.WORKSHOP_PARAM] = code
    at.run()
    ok(at.switch_page("app_pages/cards.py").run())
    assert at.text_input(key=session.WS_JOIN_CODE).value == code
    ok(at.button(key=session.WS_JOIN).click().run())
    assert at.query_params[session.TOKEN_PARAM]
    return at


def first_activity(text: str) -> str:
    return suggest_activity(text)[0].code


def test_a_phone_card_reaches_the_facilitator_and_becomes_a_dataset():
    boss = facilitator()
    code = boss.query_params[session.WORKSHOP_PARAM]
    assert [h.value for h in boss.title] == [
        t("workshop.title", title="Kirishi \\<b\\>park\\</b\\>")
    ]
    one = phone(code)
    one.radio(key=session.CARD_KIND).set_value("have").run()
    one.text_input(key=session.CARD_COMPANY).input("=Kirishi CHP").run()
    one.text_input(key=session.CARD_TEXT).input("fly ash from the coal boilers").run()
    suggested = one.selectbox(key=session.CARD_EWC)
    assert suggested.options[0].startswith("10 01 02 · Coal fly ash")
    suggested.set_value("100102").run()
    one.number_input(key=session.CARD_QTY).set_value(12000.0).run()
    one.selectbox(key=session.CARD_PLACE).set_value("gn548442").run()
    one.text_input(key=session.CARD_ACTIVITY).input("production of electricity").run()
    one.selectbox(key=session.CARD_NACE).set_value(
        first_activity("production of electricity")
    ).run()
    one.checkbox(key=session.CARD_SHARE).check().run()
    ok(one.button(key=session.CARD_ADD).click().run())
    assert [s.value for s in one.success] == [t("cards.added", company="=Kirishi CHP")]
    two = phone(code)
    two.radio(key=session.CARD_KIND).set_value("want").run()
    two.text_input(key=session.CARD_COMPANY).input("Pikalyovo cement").run()
    two.text_input(key=session.CARD_TEXT).input("raw material for cement").run()
    two.selectbox(key=session.CARD_MATERIAL).set_value("cement_raw_material").run()
    two.number_input(key=session.CARD_QTY).set_value(50000.0).run()
    two.selectbox(key=session.CARD_PLACE).set_value("gn548442").run()
    two.text_input(key=session.CARD_ACTIVITY).input("manufacture of cement").run()
    two.selectbox(key=session.CARD_NACE).set_value(first_activity("manufacture of cement")).run()
    ok(two.button(key=session.CARD_ADD).click().run())
    made = workshops.workshop_by_code(code)
    cards = workshops.cards(made.id)
    assert [c.fields.company for c in cards] == ["=Kirishi CHP", "Pikalyovo cement"]
    assert cards[0].fields.ewc_code == "100102" and cards[0].fields.material == "fly_ash"
    assert cards[1].fields.material == "cement_raw_material"
    ok(boss.run())
    (shown,) = [d.value for d in boss.dataframe if t("workshop.column.company") in d.value]
    assert list(shown[t("workshop.column.company")]) == ["=Kirishi CHP", "Pikalyovo cement"]
    (matches,) = [d.value for d in boss.dataframe if t("workshop.match.giver") in d.value]
    assert matches[[t("workshop.match.giver"), t("workshop.match.receiver")]].values.tolist() == [
        ["=Kirishi CHP", "Pikalyovo cement"]
    ]
    boss.multiselect(key=session.WS_PICK).set_value([c.id for c in cards]).run()
    ok(boss.button(key=session.WS_ACCEPT).click().run())
    assert {c.status for c in workshops.cards(made.id)} == {"accepted"}
    ok(boss.button(key=session.WS_USE).click().run())
    assert [s.value for s in boss.success] == [t("workshop.dataset_made", name=f"workshop-{code}")]
    data = boss.session_state[session._DATA]
    assert list(data.full.companies["name"]) == ["=Kirishi CHP", "Pikalyovo cement"]
    assert set(data.full.streams["provenance"]) == {"estimated"}


def test_without_the_key_the_workshop_shows_only_the_form_to_open_one():
    boss = facilitator()
    code = boss.query_params[session.WORKSHOP_PARAM]
    stranger = AppTest.from_file(APP, default_timeout=120)
    stranger.query_params[session.WORKSHOP_PARAM] = code
    stranger.query_params[session.KEY_PARAM] = "guess"
    stranger.run()
    ok(stranger.switch_page("app_pages/workshop.py").run())
    assert stranger.button(key=session.WS_CREATE)
    assert not [d for d in stranger.dataframe]


def test_a_closed_code_says_so_and_joins_nothing():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params[session.WORKSHOP_PARAM] = "ZZZZZZ"
    at.run()
    ok(at.switch_page("app_pages/cards.py").run())
    assert [w.value for w in at.warning] == [t("workshop.refused.closed")]
    ok(at.button(key=session.WS_JOIN).click().run())
    assert session.TOKEN_PARAM not in at.query_params


def test_the_facilitator_corrects_a_card_and_a_bad_code_is_named():
    boss = facilitator()
    code = boss.query_params[session.WORKSHOP_PARAM]
    made = workshops.workshop_by_code(code)
    card = workshops.add_card(made.id, workshops.new_token(), workshops.CardFields(
        kind="have", company="Kiriši CHP", description="ash", quantity=10.0, unit="t/yr",
    ))  # fmt: skip
    ok(boss.run())
    boss.selectbox(key=session.WS_EDIT_PICK).set_value(card.id).run()
    boss.text_input(key=session.ws_edit_key("company", card.id)).input("Kirishi CHP")
    boss.text_input(key=session.ws_edit_key("ewc_code", card.id)).input("10 01 02")
    boss.text_input(key=session.ws_edit_key("nace", card.id)).input("35.11")
    boss.selectbox(key=session.ws_edit_key("place", card.id)).set_value("gn548442")
    ok(boss.button(key=session.WS_EDIT_SAVE).click().run())
    (saved,) = workshops.cards(made.id)
    assert saved.fields.company == "Kirishi CHP" and saved.fields.ewc_code == "100102"
    assert saved.fields.nace == "35.11" and saved.fields.place_id == "gn548442"
    assert saved.version == 2 and saved.fields.lat is not None
    boss.selectbox(key=session.WS_EDIT_PICK).set_value(card.id).run()
    boss.text_input(key=session.ws_edit_key("ewc_code", card.id)).input("99 99 99")
    ok(boss.button(key=session.WS_EDIT_SAVE).click().run())
    assert [w.value for w in boss.warning] == [
        t("workshop.refused.bad_card", field=t("workshop.field.ewc_code"))
    ]
    assert workshops.cards(made.id)[0].version == 2


def click_map(at: AppTest, lat: float, lon: float) -> AppTest:
    """What the map component returns after a click (AppTest draws no components)."""
    at.session_state[session.CARD_MAP] = {"last_clicked": {"lat": lat, "lng": lon}}
    return ok(at.run())


def sent_card(boss: AppTest, one: AppTest, company: str):
    """Send a card from `one` with what a dataset needs but the place; return it as stored."""
    one.text_input(key=session.CARD_COMPANY).input(company).run()
    one.text_input(key=session.CARD_TEXT).input("fly ash").run()
    one.selectbox(key=session.CARD_MATERIAL).set_value("fly_ash").run()
    one.number_input(key=session.CARD_QTY).set_value(30.0).run()
    ok(one.button(key=session.CARD_ADD).click().run())
    made = workshops.workshop_by_code(boss.query_params[session.WORKSHOP_PARAM])
    return workshops.cards(made.id)[-1].fields


def test_a_point_picked_on_the_map_names_its_town_and_is_the_cards_location():
    boss = facilitator()
    one = phone(boss.query_params[session.WORKSHOP_PARAM])
    click_map(one, 59.4612, 32.0833)
    assert one.selectbox(key=session.CARD_PLACE).value == "gn548442"
    card = sent_card(boss, one, "Kirishi refinery")
    assert (card.place_id, card.lat, card.lon) == ("gn548442", 59.4612, 32.0833)
    click_map(one, 70.0, 0.0)
    assert one.warning[0].value == t("cards.map_far", km="30")
    assert one.selectbox(key=session.CARD_PLACE).value == "gn548442"


def test_a_town_typed_after_a_map_pick_puts_the_card_at_the_town():
    boss = facilitator()
    one = phone(boss.query_params[session.WORKSHOP_PARAM])
    click_map(one, 59.4612, 32.0833)
    one.selectbox(key=session.CARD_PLACE).set_value("gn561887").run()
    card = sent_card(boss, one, "Gatchina works")
    town = places().loc["gn561887"]
    assert (card.place_id, card.lat, card.lon) == ("gn561887", town["lat"], town["lon"])
