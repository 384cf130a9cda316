"""Workshops and their cards in the store: codes, facilitator keys, phones that change only
their own new cards, the facilitator who settles them, bounds and stale saves; on SQLite and
PostgreSQL."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from dashboard.domain.workshop import ACCEPTED, CARDS_PER_AUTHOR, MERGED, NEW, CardFields
from dashboard.store import workshops as store
from dashboard.store.rooms import CODE_ALPHABET

NOW = datetime.now(UTC).replace(microsecond=0)
ASH = CardFields(
    kind="have", company="  Kirishi   CHP ", description="fly ash from the coal boilers",
    quantity=12000.0, unit="t/yr", frequency="continuous", place_id="gn548442", lat=59.45,
    lon=32.02, shareable=True, ewc_code="10 01 02", material="fly_ash", nace="35.11",
)  # fmt: skip
CEMENT = CardFields(
    kind="want", company="Cement plant", description="raw meal substitute", quantity=50000.0,
    unit="t/yr", lat=59.6, lon=33.5, nace="23.51",
)  # fmt: skip


def test_a_workshop_has_a_code_and_a_key_only_its_facilitator_holds(url):
    made, key = store.create_workshop("  Kirishi   industrial park ", now=NOW, url=url)
    assert made.title == "Kirishi industrial park" and len(made.code) == 6
    assert set(made.code) <= set(CODE_ALPHABET)
    assert store.workshop_by_code(made.code.lower()[:3] + "-" + made.code[3:], now=NOW, url=url) == made
    assert store.is_facilitator(made.id, key, url=url)
    assert not store.is_facilitator(made.id, "guess", url=url)
    assert not store.is_facilitator(made.id, None, url=url)
    assert store.workshop_by_code(made.code, now=NOW + timedelta(days=8), url=url) is None
    with pytest.raises(store.BadCard):
        store.create_workshop("", url=url)


def test_a_phone_adds_cards_and_sees_only_its_own(url):
    made, _ = store.create_workshop("W", now=NOW, url=url)
    alice, bob = store.new_token(), store.new_token()
    card = store.add_card(made.id, alice, ASH, now=NOW, url=url)
    assert card.fields.company == "Kirishi CHP" and card.fields.ewc_code == "100102"
    assert card.status == NEW and card.version == 1 and card.created == NOW
    store.add_card(made.id, bob, CEMENT, now=NOW + timedelta(seconds=1), url=url)
    assert [c.fields.company for c in store.cards(made.id, url=url)] == ["Kirishi CHP", "Cement plant"]
    assert [c.id for c in store.cards(made.id, token=alice, url=url)] == [card.id]


def test_a_phone_changes_its_own_new_card_only(url):
    made, key = store.create_workshop("W", now=NOW, url=url)
    alice, bob = store.new_token(), store.new_token()
    card = store.add_card(made.id, alice, ASH, now=NOW, url=url)
    changed = store.update_card(made.id, card.id, replace(ASH, quantity=9000.0), version=1,
                                token=alice, now=NOW, url=url)  # fmt: skip
    assert changed.fields.quantity == 9000.0 and changed.version == 2
    with pytest.raises(store.NotYourCard):
        store.update_card(made.id, card.id, ASH, version=2, token=bob, url=url)
    with pytest.raises(store.Stale):
        store.update_card(made.id, card.id, ASH, version=1, token=alice, url=url)
    store.set_status(made.id, key, [card.id], ACCEPTED, url=url)
    with pytest.raises(store.CardSettled):
        store.update_card(made.id, card.id, ASH, version=3, token=alice, url=url)
    edited = store.update_card(made.id, card.id, replace(ASH, company="Kirishi GRES"), version=3,
                               key=key, url=url)  # fmt: skip
    assert edited.fields.company == "Kirishi GRES" and edited.status == ACCEPTED


def test_only_the_facilitator_accepts_and_merges_cards_of_one_kind(url):
    made, key = store.create_workshop("W", now=NOW, url=url)
    token = store.new_token()
    first = store.add_card(made.id, token, ASH, now=NOW, url=url)
    second = store.add_card(made.id, token, ASH, now=NOW, url=url)
    want = store.add_card(made.id, token, CEMENT, now=NOW, url=url)
    with pytest.raises(store.NotFacilitator):
        store.set_status(made.id, "guess", [first.id], ACCEPTED, url=url)
    with pytest.raises(store.BadCard):
        store.set_status(made.id, key, [want.id], MERGED, merged_into=first.id, url=url)
    with pytest.raises(store.BadCard):
        store.set_status(made.id, key, [first.id], MERGED, url=url)
    (merged,) = store.set_status(made.id, key, [second.id], MERGED, merged_into=first.id, url=url)
    assert merged.status == MERGED and merged.merged_into == first.id
    with pytest.raises(store.BadCard):
        store.set_status(made.id, key, [want.id], MERGED, merged_into=second.id, url=url)
    other, other_key = store.create_workshop("Other", now=NOW, url=url)
    with pytest.raises(store.NotYourCard):
        store.set_status(other.id, other_key, [first.id], ACCEPTED, url=url)


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("kind", {"kind": "offer"}),
        ("company", {"company": "   "}),
        ("company", {"company": "x" * 121}),
        ("description", {"description": ""}),
        ("quantity", {"quantity": -1.0}),
        ("quantity", {"quantity": math.inf}),
        ("unit", {"unit": "kg"}),
        ("frequency", {"frequency": "hourly"}),
        ("lat", {"lat": 91.0}),
        ("lat", {"lon": None}),
        ("ewc_code", {"ewc_code": "999999"}),
        ("material", {"material": "unobtainium"}),
        ("nace", {"nace": "ZZ"}),
    ],
)
def test_a_bad_card_names_its_field_and_changes_nothing(url, field, change):
    made, _ = store.create_workshop("W", now=NOW, url=url)
    with pytest.raises(store.BadCard) as refused:
        store.add_card(made.id, store.new_token(), replace(ASH, **change), now=NOW, url=url)
    assert refused.value.field == field
    assert store.cards(made.id, url=url) == []


def test_a_closed_workshop_takes_no_cards_and_a_phone_has_a_limit(url):
    made, _ = store.create_workshop("W", now=NOW, lifetime=timedelta(hours=1), url=url)
    token = store.new_token()
    with pytest.raises(store.WorkshopClosed):
        store.add_card(made.id, token, ASH, now=NOW + timedelta(hours=2), url=url)
    with pytest.raises(store.WorkshopClosed):
        store.add_card("no-such-workshop", token, ASH, url=url)
    for _ in range(CARDS_PER_AUTHOR):
        store.add_card(made.id, token, CEMENT, now=NOW, url=url)
    with pytest.raises(store.TooManyCards):
        store.add_card(made.id, token, CEMENT, now=NOW, url=url)
    store.add_card(made.id, store.new_token(), CEMENT, now=NOW, url=url)
