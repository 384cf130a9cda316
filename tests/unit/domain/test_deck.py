"""A deck's slides: checked (kinds, references, notes), moved within the deck, noted, removed,
the training's sequence, and the slide number an address asks for."""

from __future__ import annotations

import pytest

from dashboard.domain import deck as dk


def test_a_slide_is_checked_and_trimmed():
    assert dk.checked(dk.Slide(dk.CASE, " kalundborg ", "  say it  ")) == dk.Slide(
        dk.CASE, "kalundborg", "say it"
    )
    assert dk.checked(dk.Slide(dk.TITLE, "ignored")).ref is None
    for bad, code in ((dk.Slide("poster"), "kind"), (dk.Slide(dk.CHAIN, "  "), "reference"),
                      (dk.Slide(dk.INTRO, note="x" * (dk.NOTE_MAX + 1)), "note")):  # fmt: skip
        with pytest.raises(dk.BadSlide) as refused:
            dk.checked(bad)
        assert refused.value.code == code
    with pytest.raises(dk.BadSlide):
        dk.checked_slides([dk.Slide(dk.TITLE)] * (dk.SLIDES_MAX + 1))


def test_slides_move_within_the_deck_and_are_noted_and_removed():
    slides = tuple(dk.Slide(k) for k in (dk.TITLE, dk.INTRO, dk.WORLD))
    assert [s.kind for s in dk.moved(slides, 0, 1)] == [dk.INTRO, dk.TITLE, dk.WORLD]
    assert [s.kind for s in dk.moved(slides, 2, -5)] == [dk.WORLD, dk.TITLE, dk.INTRO]
    assert dk.moved(slides, 2, 1) == slides
    assert dk.with_note(slides, 1, "hello")[1].note == "hello"
    assert [s.kind for s in dk.without(slides, 1)] == [dk.TITLE, dk.WORLD]


def test_the_training_deck_leaves_out_what_is_not_there():
    full = dk.training_deck("kalundborg", "saved:1", "ABC234")
    assert [s.kind for s in full] == list(dk.SLIDE_KINDS)
    assert {s.ref for s in full if s.kind in (dk.CHAIN, dk.WORKING, dk.PROFILE, dk.POLICY)} == {
        "saved:1"
    }
    bare = dk.training_deck(None, None, None)
    assert [s.kind for s in bare] == [dk.TITLE, dk.INTRO, dk.WORLD, dk.REGION]
    assert dk.checked_slides(full) == full


@pytest.mark.parametrize(("text", "number"), [("3", 3), ("0", 1), ("99", 5), ("x", 1), (None, 1)])
def test_the_slide_number_is_kept_within_the_deck(text, number):
    assert dk.slide_number(text, 5) == number
