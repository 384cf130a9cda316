"""The Presentation page in AppTest: a training deck is made and saved, its slides are moved,
noted, added and removed (each change kept in the database), the projector view steps through
every slide by the address's number without an error, a slide whose chain is gone says so, and
the page reads in Russian."""

from __future__ import annotations

import uuid

from streamlit.testing.v1 import AppTest

from dashboard.domain import deck as dk
from dashboard.i18n import t
from dashboard.store import decks as store
from dashboard.web import session

from ..paths import APP


def page(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/present.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def made_deck(at: AppTest) -> dk.Deck:
    name = f"Deck {uuid.uuid4().hex[:6]}"
    at.text_input(key=session.DECK_NEW_NAME).set_value(name)
    at.button(key=session.DECK_CREATE).click().run()
    assert not at.exception, [e.value for e in at.exception]
    [deck] = [d for d in store.list_decks("leningrad") if d.name == name]
    return deck


def test_a_training_deck_is_made_with_the_trainings_slides():
    at = page()
    deck = made_deck(at)
    kinds = [s.kind for s in deck.slides]
    assert kinds[:4] == [dk.TITLE, dk.INTRO, dk.WORLD, dk.CASE]
    assert dk.REGION in kinds and dk.CHAIN in kinds and dk.POLICY in kinds
    assert at.query_params[session.DECK_PARAM] == deck.deck_id
    shown = [m.value for m in at.markdown]
    assert any(t("deck.kind.world") in text for text in shown)


def test_slides_are_moved_noted_added_and_removed_in_the_database():
    at = page()
    deck = made_deck(at)
    at.button(key=session.slide_key("down", 0)).click().run()
    kept = store.get_deck(deck.deck_id)
    assert [s.kind for s in kept.slides[:2]] == [dk.INTRO, dk.TITLE]
    at.text_area(key=session.slide_key("note", 1)).input("Say <b>hello</b>").run()
    assert store.get_deck(deck.deck_id).slides[1].note == "Say <b>hello</b>"
    at.selectbox(key=session.DECK_ADD_KIND).set_value(dk.GAME).run()
    at.text_input(key=session.DECK_ADD_ROOM).input("abc234").run()
    at.button(key=session.DECK_ADD).click().run()
    added = store.get_deck(deck.deck_id).slides[-1]
    assert (added.kind, added.ref) == (dk.GAME, "ABC234")
    at.button(key=session.slide_key("remove", 0)).click().run()
    left = store.get_deck(deck.deck_id)
    assert len(left.slides) == len(deck.slides) and left.slides[0].kind == dk.TITLE
    assert not at.exception


def test_the_projector_steps_through_every_slide():
    at = page()
    deck = made_deck(at)
    for number in range(1, len(deck.slides) + 1):
        at = page(deck=deck.deck_id, view="present", slide=str(number))
        titles = [h for h in at.get("html") if 'data-testid="slide-title"' in h.proto.body]
        assert len(titles) == 1, number
        caption = [h for h in at.get("html") if 'data-testid="slide-caption"' in h.proto.body]
        assert f"{number} / {len(deck.slides)}" in caption[0].proto.body
    at.button(key=session.SLIDE_PREV).click().run()
    assert at.query_params[session.SLIDE_PARAM] == str(len(deck.slides) - 1)
    at.button(key=session.SLIDE_EXIT).click().run()
    assert session.VIEW_PARAM not in at.query_params


def test_a_slide_whose_chain_is_gone_says_so():
    deck_id = store.create_deck(f"Gone {uuid.uuid4().hex[:6]}", "leningrad",
                                [dk.Slide(dk.CHAIN, "saved:" + "0" * 32)])  # fmt: skip
    at = page(deck=deck_id, view="present", slide="1")
    assert t("deck.gone") in "".join(h.proto.body for h in at.get("html"))


def test_the_page_reads_in_russian():
    at = page(lang="ru")
    assert at.title[0].value == t("deck.title", "ru")
    deck = made_deck(at)
    at = page(lang="ru", deck=deck.deck_id, view="present", slide="2")
    body = "".join(h.proto.body for h in at.get("html"))
    assert t("deck.intro.title", "ru") in body
