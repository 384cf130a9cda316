"""Workshops in the app: the facilitator's screen (a workshop's code, link and QR code, the cards
arriving live and the matches forming between them, accepting, rejecting and merging cards, and
the accepted cards as a dataset every page can use) and the phone's card form (have or want,
in the company's own words, with the List of Waste code and the NACE class suggested while
typing).

The page address holds who this browser is: `workshop` (the join code), `key` (the
facilitator's key) on the Workshop page, `me` (the phone's token) on the Cards page.
"""

from __future__ import annotations

import logging
import math
from dataclasses import replace
from datetime import UTC, datetime

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit_folium import st_folium

from dashboard.analysis.matching import MatchOptions, find_candidates
from dashboard.analysis.suggest import suggest_activity, suggest_waste
from dashboard.domain.labels import (
    ewc_formatted,
    ewc_title,
    material_label,
    place_label,
    sector_title,
    unit_label,
)
from dashboard.domain.places import NEAREST_KM, place_at, places
from dashboard.domain.reference import UNITS, ewc_materials, materials
from dashboard.domain.workshop import (
    ACCEPTED,
    FREQUENCIES,
    KINDS,
    MERGED,
    NEW,
    REJECTED,
    Card,
    CardFields,
    Workshop,
)  # fmt: skip
from dashboard.i18n import number, set_language, t
from dashboard.io.datasets import load_files
from dashboard.io.workshop import dataset_files
from dashboard.store import workshops as store
from dashboard.views.markdown import escape_markdown
from dashboard.views.place_map import place_map, point_layer
from dashboard.web import session
from dashboard.web.game_console import code_panel, join_url_for
from dashboard.web.uploads import accept_upload
from dashboard.web.widgets import table

LOG = logging.getLogger(__name__)
LIVE_SECONDS = 3
"""How often the facilitator's screen shows new cards and matches."""
SUGGESTIONS = 5
MATCHES_SHOWN = 30


def _guard(action, *args, **kwargs):
    """Run a store action; a refusal or a database error becomes a message, never a traceback."""
    try:
        return action(*args, **kwargs)
    except store.BadCard as refused:
        field = t(f"workshop.field.{refused.field}")
        session.flash("warning", t("workshop.refused.bad_card", field=field))
    except store.WorkshopRefused as refused:
        session.flash("warning", t(f"workshop.refused.{refused.code}"))
    except SQLAlchemyError:
        LOG.exception("a workshop action failed")
        session.flash("warning", t("workshop.refused.database"))
    return None


def read_workshop(code: str | None) -> Workshop | None:
    if not code:
        return None
    try:
        return store.workshop_by_code(code)
    except SQLAlchemyError:
        LOG.exception("reading the workshop failed")
        return None


def read_cards(workshop: Workshop, token: str | None = None) -> list[Card]:
    try:
        return store.cards(workshop.id, token=token)
    except SQLAlchemyError:
        LOG.exception("reading the cards failed")
        return []


def is_facilitator(workshop: Workshop) -> bool:
    try:
        return store.is_facilitator(workshop.id, session.url_param(session.KEY_PARAM))
    except SQLAlchemyError:
        LOG.exception("checking the facilitator key failed")
        return False


def show_flash() -> None:
    message = session.take_flash()
    if message is not None:
        (st.success if message[0] == "success" else st.warning)(message[1])


# -- the facilitator -----------------------------------------------------------------------


def intro(gone: bool) -> None:
    st.title(t("workshop.page_title"))
    st.markdown(t("workshop.intro"))
    if gone:
        st.warning(t("workshop.refused.closed"))
    show_flash()


def create_form() -> None:
    st.subheader(t("workshop.create_heading"))
    st.caption(t("workshop.create_caption"))
    st.text_input(t("workshop.title_field"), key=session.WS_TITLE, max_chars=120)
    st.button(t("workshop.create"), key=session.WS_CREATE, type="primary", on_click=create)


def create() -> None:
    """Make the workshop and put its code and the facilitator's key into the page address."""
    made = _guard(store.create_workshop, session.value(session.WS_TITLE) or "")
    if made is not None:
        workshop, key = made
        session.set_url_params(**{session.WORKSHOP_PARAM: workshop.code, session.KEY_PARAM: key})


def join_panel(workshop: Workshop) -> None:
    url = join_url_for("cards", session.WORKSHOP_PARAM, workshop.code)
    code_panel(url, workshop.code, t("workshop.join_with"), session.WS_BOARD, session.WS_QR,
               "workshop-code")  # fmt: skip


def card_rows(cards: list[Card]) -> pd.DataFrame:
    """The cards as the facilitator reads them, newest last; text from people as it is."""
    columns = [t(f"workshop.column.{c}") for c in (
        "number", "status", "kind", "company", "description", "material", "ewc", "quantity",
        "unit", "frequency", "place", "shareable",
    )]  # fmt: skip
    rows = []
    for n, card in enumerate(cards, 1):
        f = card.fields
        rows.append([
            n, t(f"workshop.status.{card.status}"), t(f"workshop.kind.{f.kind}"), f.company,
            f.description, material_label(f.material) if f.material else "",
            ewc_formatted(f.ewc_code) if f.ewc_code else "", f.quantity,
            unit_label(f.unit) if f.unit else "",
            t(f"workshop.frequency.{f.frequency}") if f.frequency else "",
            place_label(f.place_id) if f.place_id else "",
            t("workshop.yes") if f.shareable else t("workshop.no"),
        ])  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def card_matches(workshop: Workshop, cards: list[Card]) -> pd.DataFrame:
    """The candidate exchanges between the cards not rejected or merged, best first."""
    live = [c for c in cards if c.status in (NEW, ACCEPTED)]
    files, _ = dataset_files(workshop, live, statuses=(NEW, ACCEPTED))
    dataset = load_files("workshop", files)[0]
    if dataset is None or dataset.streams.empty:
        return pd.DataFrame()
    found = find_candidates(dataset, MatchOptions(max_per_have=3)).head(MATCHES_SHOWN)
    return pd.DataFrame(
        {
            t("workshop.match.giver"): found["source_name"],
            t("workshop.match.receiver"): found["target_name"],
            t("workshop.match.material"): found["have_material"].map(material_label),
            t("workshop.match.distance"): found["distance_km"].round(1),
            t("workshop.match.score"): found["score"].round(1),
        }
    )


def live_cards(code: str) -> None:
    """The cards and the matches between them, redrawn every few seconds."""

    @st.fragment(run_every=LIVE_SECONDS)
    def live() -> None:
        set_language(session.run_language() or "en")
        workshop = read_workshop(code)
        if workshop is None:
            return
        cards = read_cards(workshop)
        if session.cards_changed(tuple(c.id for c in cards)):
            st.rerun()
        st.subheader(t("workshop.cards_heading", count=len(cards)))
        if not cards:
            st.info(t("workshop.no_cards"))
            return
        table(card_rows(cards), session.WS_CARDS, hide_index=True)
        st.subheader(t("workshop.matches_heading"))
        matches = card_matches(workshop, cards)
        if matches.empty:
            st.caption(t("workshop.no_matches"))
        else:
            table(matches, session.WS_MATCHES, hide_index=True)

    live()


def card_label(number: int, card: Card) -> str:
    f = card.fields
    return f"{number}. {t(f'workshop.kind.{f.kind}')} · {f.company} · {f.description[:40]}"


def settle_panel(workshop: Workshop, cards: list[Card]) -> None:
    """Accept, reject, reopen or merge cards, and make the dataset of the accepted ones."""
    st.subheader(t("workshop.settle_heading"))
    labels = {card.id: card_label(n, card) for n, card in enumerate(cards, 1)}
    session.keep_only(session.WS_PICK, labels)
    st.multiselect(
        t("workshop.pick"), list(labels), key=session.WS_PICK, format_func=labels.get,
        select_all=False, filter_mode="contains",
    )  # fmt: skip
    cols = st.columns(3)
    for col, (button, status) in zip(cols, ((session.WS_ACCEPT, ACCEPTED),
                                            (session.WS_REJECT, REJECTED),
                                            (session.WS_REOPEN, NEW)), strict=True):  # fmt: skip
        col.button(t(f"workshop.set.{status}"), key=button, on_click=settle,
                   args=(workshop, status))  # fmt: skip
    targets = {card.id: labels[card.id] for card in cards if card.status != MERGED}
    session.keep_only(session.WS_MERGE_INTO, targets)
    st.selectbox(t("workshop.merge_into"), list(targets), key=session.WS_MERGE_INTO, index=None,
                 format_func=targets.get, placeholder=t("workshop.merge_placeholder"))  # fmt: skip
    st.button(t("workshop.merge"), key=session.WS_MERGE, on_click=merge, args=(workshop,))
    accepted = [c for c in cards if c.status == ACCEPTED]
    st.caption(t("workshop.dataset_caption", count=len(accepted)))
    st.button(t("workshop.use_dataset"), key=session.WS_USE, type="primary",
              disabled=not accepted, on_click=use_dataset, args=(workshop,))  # fmt: skip


def edit_panel(workshop: Workshop, cards: list[Card]) -> None:
    """Correct one card: what the company wrote and the codes, as the dataset will have them."""
    st.subheader(t("workshop.edit_heading"))
    labels = {card.id: card_label(n, card) for n, card in enumerate(cards, 1)}
    session.keep_only(session.WS_EDIT_PICK, labels)
    chosen = st.selectbox(t("workshop.edit_pick"), list(labels), key=session.WS_EDIT_PICK,
                          index=None, format_func=labels.get,
                          placeholder=t("workshop.edit_placeholder"))  # fmt: skip
    card = next((c for c in cards if c.id == chosen), None)
    if card is None:
        return
    f, key = card.fields, lambda field: session.ws_edit_key(field, card.id)
    options = _material_options()
    towns = _place_options()
    with st.form(key=session.WS_EDIT_FORM):
        st.text_input(t("cards.company"), value=f.company, key=key("company"), max_chars=120)
        st.text_input(t("cards.description"), value=f.description, key=key("description"),
                      max_chars=500)  # fmt: skip
        cols = st.columns(2)
        cols[0].selectbox(t("cards.material"), list(options), format_func=options.get,
                          index=_position(options, f.material), key=key("material"))  # fmt: skip
        cols[1].text_input(t("workshop.edit_ewc"), value=ewc_formatted(f.ewc_code).rstrip("*")
                           if f.ewc_code else "", key=key("ewc_code"))  # fmt: skip
        cols = st.columns(3)
        cols[0].number_input(t("cards.quantity"), min_value=0.0, value=f.quantity,
                             key=key("quantity"))  # fmt: skip
        cols[1].selectbox(t("cards.unit"), UNITS, key=key("unit"),
                          index=_position(UNITS, f.unit) or 0)  # fmt: skip
        cols[2].text_input(t("workshop.edit_nace"), value=f.nace or "", key=key("nace"))
        st.selectbox(t("cards.place"), list(towns), format_func=towns.get, key=key("place"),
                     index=_position(towns, f.place_id))  # fmt: skip
        st.checkbox(t("cards.shareable"), value=f.shareable, key=key("shareable"))
        st.form_submit_button(t("workshop.edit_save"), on_click=save_edit,
                              args=(workshop, card), key=session.WS_EDIT_SAVE)  # fmt: skip


def _place_point(place_id: str | None) -> tuple[float | None, float | None]:
    """The coordinates of a bundled town, (None, None) for none."""
    towns = places()
    if place_id not in towns.index:
        return None, None
    return float(towns.at[place_id, "lat"]), float(towns.at[place_id, "lon"])


def _position(options, value) -> int | None:
    """Where `value` stands among the options (of a list or the keys of a dict), or None."""
    listed = list(options)
    return listed.index(value) if value in listed else None


def save_edit(workshop: Workshop, card: Card) -> None:
    value = lambda field: session.value(session.ws_edit_key(field, card.id))  # noqa: E731
    place_id = value("place")
    lat, lon = _place_point(place_id)
    quantity = value("quantity")
    fields = replace(
        card.fields, company=value("company") or "", description=value("description") or "",
        material=value("material"), ewc_code=value("ewc_code") or None,
        quantity=None if quantity is None else float(quantity), unit=value("unit"),
        nace=value("nace") or None, place_id=place_id, lat=lat, lon=lon,
        shareable=bool(value("shareable")),
    )  # fmt: skip
    done = _guard(store.update_card, workshop.id, card.id, fields, version=card.version,
                  key=session.url_param(session.KEY_PARAM))  # fmt: skip
    if done is not None:
        session.flash("success", t("workshop.edited", company=done.fields.company))


def settle(workshop: Workshop, status: str) -> None:
    chosen = list(session.value(session.WS_PICK) or [])
    if not chosen:
        session.flash("warning", t("workshop.pick_first"))
        return
    done = _guard(store.set_status, workshop.id, session.url_param(session.KEY_PARAM), chosen,
                  status)  # fmt: skip
    if done is not None:
        session.flash("success", t("workshop.settled", count=len(done),
                                   status=t(f"workshop.status.{status}")))  # fmt: skip
        session.set_value(session.WS_PICK, [])


def merge(workshop: Workshop) -> None:
    chosen = list(session.value(session.WS_PICK) or [])
    into = session.value(session.WS_MERGE_INTO)
    if not chosen or into is None:
        session.flash("warning", t("workshop.pick_first"))
        return
    done = _guard(store.set_status, workshop.id, session.url_param(session.KEY_PARAM),
                  [c for c in chosen if c != into], MERGED, merged_into=into)  # fmt: skip
    if done is not None:
        session.flash("success", t("workshop.merged", count=len(done)))
        session.set_value(session.WS_PICK, [])


def use_dataset(workshop: Workshop) -> None:
    """Validate the accepted cards as a dataset, keep it as an upload and select it."""
    files, left_out = dataset_files(workshop, read_cards(workshop))
    name = f"workshop-{workshop.code}"
    problems = accept_upload(name, files)
    if problems:
        session.flash("warning", t("workshop.dataset_rejected", count=len(problems)))
        return
    text = t("workshop.dataset_made", name=name)
    if left_out:
        reasons = ", ".join(sorted({t(f"workshop.lacks.{why}") for why in left_out.values()}))
        text += " " + t("workshop.dataset_left_out", count=len(left_out), reasons=reasons)
    session.flash("success", text)


def facilitator_page(workshop: Workshop) -> None:
    st.title(t("workshop.title", title=escape_markdown(workshop.title)))
    show_flash()
    join_panel(workshop)
    live_cards(workshop.code)
    cards = read_cards(workshop)
    settle_panel(workshop, cards)
    edit_panel(workshop, cards)


# -- the phone -----------------------------------------------------------------------------


def join_form(gone: bool) -> None:
    st.title(t("cards.title"))
    if gone:
        st.warning(t("workshop.refused.closed"))
    session.default(session.WS_JOIN_CODE, session.url_param(session.WORKSHOP_PARAM) or "")
    st.text_input(t("cards.code"), key=session.WS_JOIN_CODE, max_chars=12)
    st.button(t("cards.join"), key=session.WS_JOIN, type="primary", on_click=join)


def join() -> None:
    found = read_workshop(session.value(session.WS_JOIN_CODE) or "")
    if found is None:
        session.flash("warning", t("workshop.refused.closed"))
        return
    session.set_url_params(**{session.WORKSHOP_PARAM: found.code,
                              session.TOKEN_PARAM: store.new_token()})  # fmt: skip


def waste_label(code: str, material_id: str) -> str:
    """'10 01 02 · Coal fly ash (fly ash)': a suggested entry as the card form lists it."""
    material = f" ({material_label(material_id)})" if material_id else ""
    return f"{ewc_formatted(code)} · {ewc_title(code)}{material}"


def _waste_options(text: str) -> dict[str, str]:
    found = suggest_waste(text, SUGGESTIONS) if text.strip() else []
    return {s.code: waste_label(s.code, s.material_id) for s in found}


def _activity_options(text: str) -> dict[str, str]:
    found = suggest_activity(text, SUGGESTIONS) if text.strip() else []
    return {s.code: f"{s.code} · {sector_title(s.code)}" for s in found}


def _material_options() -> dict[str, str]:
    labels = {m: material_label(m) for m in materials().index}
    return dict(sorted(labels.items(), key=lambda item: item[1].casefold()))


def _place_options() -> dict[str, str]:
    towns = places().sort_values("population", ascending=False)
    return {place_id: place_label(place_id) for place_id in towns.index}


def picked_on_map() -> str | None:
    """Take a new click on the card's map: its nearest town becomes the card's place and the
    point its location. Returns a message when no town is near enough."""
    click = session.new_click(session.CARD_MAP, "last_clicked")
    if not click:
        return None
    lat, lon = round(float(click["lat"]), 5), round(float(click["lng"]), 5)
    town = place_at(lat, lon)
    if town is None:
        return t("cards.map_far", km=number(NEAREST_KM))
    session.set_value(session.CARD_PLACE, town)
    session.set_card_point((town, lat, lon))
    return None


def card_form(workshop: Workshop) -> None:
    """A have or want card; the code suggestions follow what is typed."""
    st.title(t("cards.workshop", title=escape_markdown(workshop.title)))
    show_flash()
    far = picked_on_map()
    st.radio(t("cards.kind"), KINDS, key=session.CARD_KIND, horizontal=True,
             format_func=lambda k: t(f"workshop.kind.{k}"))  # fmt: skip
    st.text_input(t("cards.company"), key=session.CARD_COMPANY, max_chars=120)
    st.text_input(t("cards.description"), key=session.CARD_TEXT, max_chars=500,
                  placeholder=t("cards.description_placeholder"))  # fmt: skip
    waste = _waste_options(session.value(session.CARD_TEXT) or "")
    session.keep_only(session.CARD_EWC, waste)
    st.selectbox(t("cards.ewc"), list(waste), key=session.CARD_EWC, index=None,
                 format_func=waste.get, placeholder=t("cards.ewc_placeholder"),
                 help=t("cards.ewc_help"))  # fmt: skip
    options = _material_options()
    st.selectbox(t("cards.material"), list(options), key=session.CARD_MATERIAL, index=None,
                 format_func=options.get, placeholder=t("cards.material_placeholder"),
                 help=t("cards.material_help"))  # fmt: skip
    cols = st.columns(3)
    cols[0].number_input(t("cards.quantity"), min_value=0.0, value=None, key=session.CARD_QTY)
    cols[1].selectbox(t("cards.unit"), UNITS, key=session.CARD_UNIT)
    cols[2].selectbox(t("cards.frequency"), FREQUENCIES, key=session.CARD_FREQUENCY, index=None,
                      format_func=lambda f: t(f"workshop.frequency.{f}"),
                      placeholder=t("cards.frequency_placeholder"))  # fmt: skip
    towns = _place_options()
    st.selectbox(t("cards.place"), list(towns), key=session.CARD_PLACE, index=None,
                 format_func=towns.get, placeholder=t("cards.place_placeholder"))  # fmt: skip
    st.caption(t("cards.map_help"))
    if far:
        st.warning(far)
    st_folium(place_map(), key=session.CARD_MAP, feature_group_to_add=point_layer(_point()),
              returned_objects=["last_clicked"], height=280, use_container_width=True)  # fmt: skip
    st.text_input(t("cards.activity"), key=session.CARD_ACTIVITY, max_chars=200)
    activities = _activity_options(session.value(session.CARD_ACTIVITY) or "")
    session.keep_only(session.CARD_NACE, activities)
    st.selectbox(t("cards.nace"), list(activities), key=session.CARD_NACE, index=None,
                 format_func=activities.get, placeholder=t("cards.nace_placeholder"))  # fmt: skip
    st.checkbox(t("cards.shareable"), key=session.CARD_SHARE, help=t("cards.shareable_help"))
    st.button(t("cards.add"), key=session.CARD_ADD, type="primary", on_click=add_card,
              args=(workshop,))  # fmt: skip
    mine = read_cards(workshop, session.url_param(session.TOKEN_PARAM))
    st.subheader(t("cards.mine", count=len(mine)))
    if mine:
        table(card_rows(mine), session.CARD_MINE, hide_index=True)


def _point() -> tuple[str, float, float] | None:
    """The point picked on the map while its town is still the card's place."""
    point = session.card_point()
    return point if point is not None and point[0] == session.value(session.CARD_PLACE) else None


def fields_from_form() -> CardFields:
    value = session.value
    place_id = value(session.CARD_PLACE)
    point = _point()
    lat, lon = point[1:] if point is not None else _place_point(place_id)
    quantity = value(session.CARD_QTY)
    ewc = value(session.CARD_EWC)
    material = value(session.CARD_MATERIAL) or ((ewc_materials().get(ewc) or None) if ewc else None)
    return CardFields(
        kind=value(session.CARD_KIND) or KINDS[0], company=value(session.CARD_COMPANY) or "",
        description=value(session.CARD_TEXT) or "",
        quantity=None if quantity is None or not math.isfinite(quantity) else float(quantity),
        unit=value(session.CARD_UNIT), frequency=value(session.CARD_FREQUENCY),
        place_id=place_id, lat=lat, lon=lon, shareable=bool(value(session.CARD_SHARE)),
        ewc_code=ewc, material=material, nace=value(session.CARD_NACE),
    )  # fmt: skip


def add_card(workshop: Workshop) -> None:
    token = session.url_param(session.TOKEN_PARAM)
    made = _guard(store.add_card, workshop.id, token or "", fields_from_form(),
                  now=datetime.now(UTC))  # fmt: skip
    if made is not None:
        session.flash("success", t("cards.added", company=made.fields.company))
        for key in (session.CARD_TEXT, session.CARD_QTY, session.CARD_EWC):
            session.set_value(key, None if key != session.CARD_TEXT else "")
