"""A trainer's deck: an ordered list of slides, each a live view of the dashboard (a kind, the
case, chain or game room it shows, and the trainer's note). The views live in
`dashboard.views.slides`, the rows in `dashboard.store.decks`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

TITLE, INTRO, WORLD, CASE, REGION = "title", "intro", "world", "case", "region"
CHAIN, WORKING, PROFILE, POLICY, GAME = "chain", "working", "profile", "policy", "game"
SLIDE_KINDS = (TITLE, INTRO, WORLD, CASE, REGION, CHAIN, WORKING, PROFILE, POLICY, GAME)
"""Every kind of slide, in the order of the training."""

CASE_REF, CHAIN_REF, ROOM_REF = "case", "chain", "room"
REFERENCE = {CASE: CASE_REF, CHAIN: CHAIN_REF, WORKING: CHAIN_REF, PROFILE: CHAIN_REF,
             POLICY: CHAIN_REF, GAME: ROOM_REF}  # fmt: skip
"""What a slide of each kind shows: a case of the library, a chain (saved or detected) of the
deck's dataset, or a game room by its code. Other kinds need nothing."""

NAME_MAX = 120
NOTE_MAX = 2000
SLIDES_MAX = 40


class BadSlide(ValueError):
    """A slide that cannot be kept (unknown kind, missing reference, over-long note)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Slide:
    kind: str
    ref: str | None = None
    """The case id, the chain key (`saved:<id>` or `detected:<id>`) or the room code."""
    note: str = ""
    """The trainer's note: shown to the trainer, never on the projector."""


@dataclass(frozen=True)
class Deck:
    deck_id: str
    name: str
    dataset_id: str
    slides: tuple[Slide, ...]
    updated: datetime
    version: int
    """Raised by one at every save: a save based on an older version is refused."""


def checked(slide: Slide) -> Slide:
    """The slide, its reference and note trimmed; `BadSlide` when it cannot be kept."""
    if slide.kind not in SLIDE_KINDS:
        raise BadSlide("kind")
    ref = (slide.ref or "").strip() or None
    if slide.kind in REFERENCE and ref is None:
        raise BadSlide("reference")
    if slide.kind not in REFERENCE:
        ref = None
    note = slide.note.strip()
    if len(note) > NOTE_MAX:
        raise BadSlide("note")
    return Slide(slide.kind, ref, note)


def checked_slides(slides: Sequence[Slide]) -> tuple[Slide, ...]:
    if len(slides) > SLIDES_MAX:
        raise BadSlide("too_many")
    return tuple(checked(s) for s in slides)


def moved(slides: Sequence[Slide], index: int, step: int) -> tuple[Slide, ...]:
    """The slides with the one at `index` moved `step` places (kept within the deck)."""
    order = list(slides)
    target = min(max(index + step, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    return tuple(order)


def with_note(slides: Sequence[Slide], index: int, note: str) -> tuple[Slide, ...]:
    return tuple(replace(s, note=note) if i == index else s for i, s in enumerate(slides))


def without(slides: Sequence[Slide], index: int) -> tuple[Slide, ...]:
    return tuple(s for i, s in enumerate(slides) if i != index)


def training_deck(case_id: str | None, chain_key: str | None, room_code: str | None) -> tuple[
    Slide, ...
]:
    """The training's sequence: title, what IS is, the world's examples (one case shown), the
    region, a chain assessed step by step (its working, profile and policies), the game's
    results. Slides whose case, chain or room is not there yet are left out."""
    slides = [Slide(TITLE), Slide(INTRO), Slide(WORLD)]
    if case_id:
        slides.append(Slide(CASE, case_id))
    slides.append(Slide(REGION))
    if chain_key:
        slides += [Slide(kind, chain_key) for kind in (CHAIN, WORKING, PROFILE, POLICY)]
    if room_code:
        slides.append(Slide(GAME, room_code))
    return tuple(slides)


def slide_number(text: object, count: int) -> int:
    """The 1-based slide number a URL asks for, kept within the deck (1 when unreadable)."""
    try:
        number = int(str(text))
    except ValueError:
        return 1
    return min(max(number, 1), max(count, 1))
