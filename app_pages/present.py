"""Presentation: a trainer's decks of live slides (the world's examples, the region, a chain
assessed step by step, its policies, the game's results), shown full screen on a projector and
exported as one HTML file or a PDF."""

from dashboard.web import presentation, session


def render(data: session.PageData, deck, presenting: bool) -> None:
    if deck is not None and presenting:
        presentation.projector(deck)
    else:
        presentation.decks_page(data.key)


opened = presentation.open_deck()
render(
    session.data(),
    opened,
    presenting=session.url_param(session.VIEW_PARAM) == session.PRESENT_VIEW,
)
