"""The Presentation page's parts: the trainer's decks (made, ordered, noted and saved in the
database), each slide drawn live from the dashboard's results, the full-screen projector view
(next and previous by buttons and keys, the slide number in the address), and the exports (one
self-contained HTML file, a PDF printed by the system's Chromium)."""

from __future__ import annotations

import hashlib
import html
import logging
from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from dashboard.analysis.mca import criteria_scores
from dashboard.analysis.policy.findings import exchanges_findings
from dashboard.domain import deck as dk
from dashboard.domain.labels import dataset_title, date_text
from dashboard.game.debrief import standings
from dashboard.i18n import language, t
from dashboard.io.pdf import NoBrowser, html_pdf
from dashboard.store import decks as store
from dashboard.store import sheets as sheet_store
from dashboard.views import case_views as cv
from dashboard.views import slides as sv
from dashboard.views.chain_options import listed_chains
from dashboard.views.deck_html import BODY_PX, deck_html
from dashboard.views.markdown import escape_markdown
from dashboard.views.report_html import html_table
from dashboard.views.sheet_view import sheet_label
from dashboard.web import cache, chain_actions, game_actions, session
from dashboard.web.chain_panels import slug
from dashboard.web.examples import library
from dashboard.web.widgets import deferred, show_flash

LOG = logging.getLogger(__name__)

PROJECTOR_CSS = f"""
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"] {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{ padding: 12px 32px 0 !important; max-width: none; }}
.st-key-{session.SLIDE} {{ background: #fff; color: #111; }}
.st-key-{session.SLIDE} h1 {{ font-size: 40px !important; line-height: 1.15; margin: 0 0 4px;
  padding: 0; color: #0d2b45; }}
.st-key-{session.SLIDE} .sub, .st-key-{session.SLIDE} li, .st-key-{session.SLIDE} td,
.st-key-{session.SLIDE} th, .st-key-{session.SLIDE} .caption {{ font-size: {BODY_PX}px;
  line-height: 1.35; }}
.st-key-{session.SLIDE} .sub {{ color: #333; margin: 0 0 8px; }}
.st-key-{session.SLIDE} ul {{ margin: 0; padding-left: 1.1em; }}
.st-key-{session.SLIDE} li {{ margin: 0 0 10px; }}
.st-key-{session.SLIDE} table {{ border-collapse: collapse; margin-top: 8px; }}
.st-key-{session.SLIDE} th, .st-key-{session.SLIDE} td {{ border: 1px solid #999;
  padding: 4px 8px; text-align: left; vertical-align: top; }}
.st-key-{session.SLIDE} td.n {{ text-align: right; white-space: nowrap; }}
.st-key-{session.SLIDE} .caption {{ color: #333; }}
.st-key-{session.SLIDE_CONTROLS} p {{ font-size: {BODY_PX}px; }}
"""
"""Full screen for a projector: no header, sidebar or navigation; slide text 24 px."""
REF_CHARS = 48
"""What a slide shows, in its line of the deck (a detected chain's name is long)."""
SLIDE_HEIGHT = 600
"""The slide's fixed height at 1280x720 (the controls take the rest)."""
KEYS_JS = f"""
<script>
(function () {{
  const doc = window.parent ? window.parent.document : document;
  if (doc.isDeckKeys) return;
  doc.isDeckKeys = true;
  doc.addEventListener('keydown', (e) => {{
    const tag = (e.target && e.target.tagName) || '';
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(tag) || e.target.isContentEditable) return;
    let key = null;
    if (['ArrowRight', 'PageDown', ' '].includes(e.key)) key = '{session.SLIDE_NEXT}';
    if (['ArrowLeft', 'PageUp'].includes(e.key)) key = '{session.SLIDE_PREV}';
    if (e.key === 'Escape') key = '{session.SLIDE_EXIT}';
    const button = key && doc.querySelector('.st-key-' + key + ' button');
    if (button && !button.disabled) {{ button.click(); e.preventDefault(); }}
  }});
}})();
</script>
"""


@dataclass(frozen=True)
class Scene:
    """What the slides of one deck are drawn from."""

    data: session.PageData
    title: str
    """The dataset's title in the reader's language."""
    chains: dict
    """The dataset's chains (saved, then detected) by key, read once per run."""


def _stored(action, *args):
    return chain_actions.stored(action, *args, name_key=None,
                                name_taken=lambda taken: t("deck.name_taken",
                                                           suggestion=taken.suggestion))


def _sheets(scene: Scene, chain_key: str, label: str) -> dict:
    listing = chain_actions.stored(sheet_store.read_sheets, scene.data.key, chain_key)
    if listing is None:
        return {}
    return {sheet_label(s, label): s for s in sheet_store.latest_per_scorer(listing.sheets)}


def _chain_slide(slide: dk.Slide, scene: Scene) -> sv.SlideContent:
    full, _, key = scene.data
    listed = scene.chains.get(slide.ref or "")
    if listed is None:
        return sv.gone_slide(slide.kind)
    exchanges = chain_actions.chain_exchanges(listed.members, full, key)
    if not exchanges:
        return sv.gone_slide(slide.kind)
    factors = chain_actions.session_factors()
    assessed = cache.assessment(exchanges, factors)
    names = full.company_names()
    if slide.kind == dk.CHAIN:
        return sv.chain_slide(listed.name, exchanges, assessed, names, factors)
    if slide.kind == dk.WORKING:
        return sv.working_slide(listed.name, assessed, names, factors)
    if slide.kind == dk.PROFILE:
        return sv.profile_slide(listed.name, _sheets(scene, slide.ref, listed.label),
                                criteria_scores(assessed))  # fmt: skip
    split = exchanges_findings(full, session.policy_catalogue(), exchanges)
    return sv.policy_slide(listed.name, split, language())


def _game_slide(code: str) -> sv.SlideContent:
    room = game_actions.read_room(code)
    if room is None:
        return sv.gone_slide(dk.GAME)
    teams = game_actions.read_teams(room)
    return sv.game_slide(room.code, standings(teams, game_actions.read_chains(room)),
                         {team.id: team for team in teams})  # fmt: skip


def content(slide: dk.Slide, deck: dk.Deck, scene: Scene) -> sv.SlideContent:
    """The slide drawn from today's data, in the reader's language; a slide that fails says
    so (the failure is logged) and the deck goes on."""
    try:
        return _content(slide, deck, scene)
    except Exception:
        LOG.exception("the %s slide failed", slide.kind)
        return sv.SlideContent(kind_label(slide.kind), points=(t("deck.failed"),), gone=True)


def _content(slide: dk.Slide, deck: dk.Deck, scene: Scene) -> sv.SlideContent:
    entries, _ = library()
    if slide.kind == dk.TITLE:
        return sv.title_slide(deck.name, scene.title, date_text(datetime.now()))
    if slide.kind == dk.INTRO:
        return sv.intro_slide(entries)
    if slide.kind == dk.WORLD:
        return sv.world_slide(entries)
    if slide.kind == dk.CASE:
        chosen = [e for e in entries if e.case.id == slide.ref]
        return sv.case_slide(chosen[0]) if chosen else sv.gone_slide(dk.CASE)
    if slide.kind == dk.REGION:
        full, _, key = scene.data
        found = cache.candidates(key, full, session.filters())
        return sv.region_slide(full, scene.title, len(found))
    if slide.kind == dk.GAME:
        return _game_slide(slide.ref or "")
    return _chain_slide(slide, scene)


def scene() -> Scene:
    data = session.data()
    saved, _ = chain_actions.saved_chains(data.key)
    chains = listed_chains(saved, cache.chains(data.key, data.full), data.full)
    return Scene(data, dataset_title(data.full.meta, data.full.name), chains)


def ref_label(slide: dk.Slide, scene_: Scene) -> str:
    """What a slide shows, in words: the case's or chain's name, or the room code."""
    if slide.ref is None:
        return ""
    if dk.REFERENCE[slide.kind] == dk.CASE_REF:
        chosen = [e for e in library()[0] if e.case.id == slide.ref]
        return cv.name(chosen[0].case) if chosen else slide.ref
    if dk.REFERENCE[slide.kind] == dk.CHAIN_REF:
        listed = scene_.chains.get(slide.ref)
        return listed.label if listed else slide.ref
    return slide.ref


# -- drawing a slide ---------------------------------------------------------------------------


def draw(slide: sv.SlideContent, number: int, count: int) -> None:
    """One slide as the projector shows it, in a container of fixed height."""
    with st.container(key=session.SLIDE, height=SLIDE_HEIGHT, border=False):
        sub = f'<p class="sub">{html.escape(slide.subtitle)}</p>' if slide.subtitle else ""
        st.html(f'<h1 data-testid="slide-title">{html.escape(slide.title)}</h1>{sub}')
        text = ""
        if slide.points:
            text += "<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in slide.points) + "</ul>"
        if slide.table is not None and not slide.table.empty:
            text += html_table(slide.table)
        if text and slide.figure is not None:
            left, right = st.columns([2, 3])
        else:
            left = right = st.container()
        if text:
            left.html(text)
        if slide.figure is not None:
            right.plotly_chart(slide.figure, key=session.SLIDE_CHART, width="stretch", theme=None,
                               config={"displayModeBar": False})  # fmt: skip
        caption = " · ".join(p for p in (slide.caption, f"{number} / {count}") if p)
        st.html(f'<p class="caption" data-testid="slide-caption">{html.escape(caption)}</p>')


# -- the deck's state in the address -------------------------------------------------------------


def open_deck() -> dk.Deck | None:
    deck_id = session.url_param(session.DECK_PARAM)
    return _stored(store.get_deck, deck_id) if deck_id else None


def current_number(deck: dk.Deck) -> int:
    return dk.slide_number(session.url_param(session.SLIDE_PARAM), len(deck.slides))


def go_to(number: int) -> None:
    session.set_url_params(**{session.SLIDE_PARAM: str(number)})


def present(deck_id: str, number: int) -> None:
    session.set_url_params(**{session.DECK_PARAM: deck_id, session.SLIDE_PARAM: str(number),
                              session.VIEW_PARAM: session.PRESENT_VIEW})  # fmt: skip


def leave() -> None:
    session.set_url_params(**{session.VIEW_PARAM: None})


def projector(deck: dk.Deck) -> None:
    """The full-screen view: the slide, then previous / number / next / leave."""
    st.html(f"<style>{PROJECTOR_CSS}</style>")
    st.html(KEYS_JS, unsafe_allow_javascript=True)
    if not deck.slides:
        st.info(t("deck.empty"))
        st.button(t("deck.exit"), key=session.SLIDE_EXIT, on_click=leave)
        return
    number = current_number(deck)
    draw(content(deck.slides[number - 1], deck, scene()), number, len(deck.slides))
    with st.container(key=session.SLIDE_CONTROLS, horizontal=True, vertical_alignment="center"):
        st.button(t("deck.previous"), key=session.SLIDE_PREV, disabled=number == 1,
                  on_click=go_to, args=(number - 1,))  # fmt: skip
        st.button(t("deck.next"), key=session.SLIDE_NEXT, disabled=number == len(deck.slides),
                  on_click=go_to, args=(number + 1,))  # fmt: skip
        st.button(t("deck.exit"), key=session.SLIDE_EXIT, on_click=leave)
        st.markdown(t("deck.keys"))


# -- editing -----------------------------------------------------------------------------------


def _save(deck: dk.Deck, slides) -> None:
    try:
        store.save_slides(deck.deck_id, slides, deck.version)
    except store.Stale:
        session.flash("warning", t("deck.stale"))
        return
    except (KeyError, dk.BadSlide):
        session.flash("warning", t("deck.not_saved"))
        return
    except Exception as error:  # the database: said, never a traceback
        LOG.exception("saving the deck failed")
        session.flash("warning", t("chainsui.store_error", error=type(error).__name__))
        return


def move(deck: dk.Deck, index: int, step: int) -> None:
    _save(deck, dk.moved(deck.slides, index, step))
    go_to(min(max(index + step, 0), len(deck.slides) - 1) + 1)


def remove(deck: dk.Deck, index: int) -> None:
    _save(deck, dk.without(deck.slides, index))
    go_to(max(min(index, len(deck.slides) - 2), 0) + 1)


def save_note(deck: dk.Deck, index: int) -> None:
    note = str(session.value(session.slide_key("note", index)) or "")
    if len(note.strip()) > dk.NOTE_MAX:
        session.flash("warning", t("deck.note_long", count=dk.NOTE_MAX))
        return
    _save(deck, dk.with_note(deck.slides, index, note))


def add(deck: dk.Deck) -> None:
    kind = session.value(session.DECK_ADD_KIND)
    need = dk.REFERENCE.get(kind)
    ref = (session.value(session.DECK_ADD_ROOM) if need == dk.ROOM_REF
           else session.value(session.DECK_ADD_REF)) if need else None  # fmt: skip
    if need and not (ref or "").strip():
        session.flash("warning", t("deck.needs_ref"))
        return
    ref = ref.strip().upper() if need == dk.ROOM_REF else ref
    _save(deck, (*deck.slides, dk.Slide(kind, ref)))
    go_to(len(deck.slides) + 1)


def create(dataset_key: str, case_id: str | None, chain_key: str | None) -> None:
    name = str(session.value(session.DECK_NEW_NAME) or "").strip() or t("deck.default_name")
    try:
        deck_id = store.create_deck(name, dataset_key, dk.training_deck(case_id, chain_key, None))
    except store.DuplicateName as taken:
        session.set_value(session.DECK_NEW_NAME, taken.suggestion)
        session.flash("warning", t("deck.name_taken", suggestion=taken.suggestion))
        return
    except dk.BadSlide:
        session.flash("warning", t("deck.bad_name", count=dk.NAME_MAX))
        return
    except Exception as error:
        LOG.exception("creating the deck failed")
        session.flash("warning", t("chainsui.store_error", error=type(error).__name__))
        return
    session.set_value(session.DECK_PICK, deck_id)
    session.set_url_params(**{session.DECK_PARAM: deck_id, session.SLIDE_PARAM: "1"})


def pick() -> None:
    chosen = session.value(session.DECK_PICK)
    session.set_url_params(**{session.DECK_PARAM: chosen, session.SLIDE_PARAM: "1"})


def rename(deck: dk.Deck) -> None:
    try:
        store.rename_deck(deck.deck_id, str(session.value(session.DECK_RENAME) or ""))
    except store.DuplicateName as taken:
        session.flash("warning", t("deck.name_taken", suggestion=taken.suggestion))
    except dk.BadSlide:
        session.flash("warning", t("deck.bad_name", count=dk.NAME_MAX))


def delete(deck: dk.Deck) -> None:
    _stored(store.delete_deck, deck.deck_id)
    session.set_url_params(**{session.DECK_PARAM: None, session.SLIDE_PARAM: None})
    session.set_value(session.DECK_PICK, None)


def kind_label(kind: str) -> str:
    return t(f"deck.kind.{kind}")


def signature(deck: dk.Deck) -> str:
    """Changes when the deck or the reader's language does (a made PDF is then stale)."""
    return hashlib.sha1(f"{deck.version}:{language()}".encode()).hexdigest()[:12]


def export_html(deck: dk.Deck, scene_: Scene) -> str:
    slides = [content(s, deck, scene_) for s in deck.slides]
    return deck_html(deck.name, slides, [s.note for s in deck.slides])


def make_pdf(deck: dk.Deck) -> None:
    try:
        with st.spinner(t("deck.pdf_making")):
            data = html_pdf(export_html(deck, scene()))
    except NoBrowser as error:
        LOG.warning("no PDF: %s", error)
        session.flash("warning", t("deck.pdf_failed", reason=str(error)))
        return
    session.set_deck_pdf(deck.deck_id, signature(deck), data)


def slide_rows(deck: dk.Deck, shown: int, scene_: Scene) -> None:
    """The deck's slides in order, one line each: what it shows, then show, move up or down,
    and remove."""
    for i, slide in enumerate(deck.slides):
        row = st.container(border=True, key=session.slide_key("row", i), horizontal=True,
                           vertical_alignment="center", wrap=False)  # fmt: skip
        with row:
            label = f"**{i + 1}. {kind_label(slide.kind)}**"
            what = ref_label(slide, scene_)
            if what:
                label += f" · {escape_markdown(sv.short(what, REF_CHARS))}"
            if slide.note:
                label += " ✎"
            st.markdown(label, width="stretch")
        with row.container(horizontal=True, wrap=False, width="content"):
            st.button(t("deck.show"), key=session.slide_key("show", i), on_click=go_to,
                      args=(i + 1,), type="primary" if i + 1 == shown else "secondary")
            st.button("↑", key=session.slide_key("up", i), disabled=i == 0, on_click=move,
                      args=(deck, i, -1), help=t("deck.up"))  # fmt: skip
            st.button("↓", key=session.slide_key("down", i), on_click=move,
                      disabled=i == len(deck.slides) - 1, args=(deck, i, 1),
                      help=t("deck.down"))  # fmt: skip
            st.button("✕", key=session.slide_key("remove", i), on_click=remove,
                      args=(deck, i), help=t("deck.remove"))  # fmt: skip


def note_box(deck: dk.Deck, index: int) -> None:
    """The note of the slide shown, saved when it changes."""
    session.set_value(session.slide_key("note", index), deck.slides[index].note)
    st.text_area(t("deck.note"), key=session.slide_key("note", index), height=100,
                 max_chars=dk.NOTE_MAX, on_change=save_note, args=(deck, index),
                 placeholder=t("deck.note_placeholder"))  # fmt: skip


def add_form(deck: dk.Deck, scene_: Scene) -> None:
    st.markdown(f"**{t('deck.add_heading')}**")
    cols = st.columns([3, 4, 2], vertical_alignment="bottom")
    kind = cols[0].selectbox(t("deck.add_kind"), dk.SLIDE_KINDS, key=session.DECK_ADD_KIND,
                             format_func=kind_label)  # fmt: skip
    need = dk.REFERENCE.get(kind)
    if need == dk.CASE_REF:
        entries = {e.case.id: cv.name(e.case) for e in library()[0]}
        session.keep_only(session.DECK_ADD_REF, entries)
        cols[1].selectbox(t("deck.add_case"), list(entries), key=session.DECK_ADD_REF,
                          format_func=entries.get)  # fmt: skip
    elif need == dk.CHAIN_REF:
        chains = scene_.chains
        session.keep_only(session.DECK_ADD_REF, chains)
        cols[1].selectbox(t("deck.add_chain"), list(chains), key=session.DECK_ADD_REF,
                          format_func=lambda k: chains[k].label,
                          placeholder=t("deck.no_chains"))  # fmt: skip
    elif need == dk.ROOM_REF:
        cols[1].text_input(t("deck.add_room"), key=session.DECK_ADD_ROOM, max_chars=12)
    cols[2].button(t("deck.add"), key=session.DECK_ADD, on_click=add, args=(deck,),
                   type="primary", width="stretch",
                   disabled=len(deck.slides) >= dk.SLIDES_MAX)  # fmt: skip


def exports(deck: dk.Deck, scene_: Scene) -> None:
    st.markdown(f"**{t('deck.export_heading')}**")
    st.caption(t("deck.export_intro"))
    cols = st.columns(2)
    cols[0].download_button(
        t("deck.export_html"), deferred("deck HTML", lambda: export_html(deck, scene_).encode()),
        file_name=f"{slug(deck.name)}.html", mime="text/html", on_click="ignore",
        key=session.DECK_HTML, width="stretch",
    )  # fmt: skip
    made = session.deck_pdf(deck.deck_id, signature(deck))
    if made is None:
        cols[1].button(t("deck.pdf_make"), key=session.DECK_PDF_MAKE, on_click=make_pdf,
                       args=(deck,), width="stretch")  # fmt: skip
    else:
        cols[1].download_button(t("deck.export_pdf"), made, file_name=f"{slug(deck.name)}.pdf",
                                mime="application/pdf", on_click="ignore", key=session.DECK_PDF,
                                width="stretch")  # fmt: skip


def manage(deck: dk.Deck) -> None:
    with st.expander(t("deck.manage")):
        cols = st.columns([4, 1, 1], vertical_alignment="bottom")
        if session.value(session.DECK_RENAME) is None:
            session.set_value(session.DECK_RENAME, deck.name)
        cols[0].text_input(t("deck.name"), key=session.DECK_RENAME, max_chars=dk.NAME_MAX)
        cols[1].button(t("deck.rename"), key=session.DECK_RENAME_BUTTON, on_click=rename,
                       args=(deck,), width="stretch")  # fmt: skip
        with cols[2].popover(t("deck.delete"), width="stretch"):
            st.caption(t("deck.delete_confirm", name=escape_markdown(deck.name)))
            st.button(t("deck.delete"), key=session.DECK_DELETE, type="primary",
                      on_click=delete, args=(deck,))  # fmt: skip


def editor(deck: dk.Deck, scene_: Scene) -> None:
    """A deck being prepared: its slides with notes, the one shown, adding, exporting."""
    number = current_number(deck)
    st.button(t("deck.present"), key=session.DECK_PRESENT, type="primary",
              on_click=present, args=(deck.deck_id, number),
              disabled=not deck.slides)  # fmt: skip
    st.caption(t("deck.present_help"))
    left, right = st.columns([1, 1])
    with left:
        slide_rows(deck, number, scene_)
        add_form(deck, scene_)
        exports(deck, scene_)
        manage(deck)
    with right:
        if deck.slides:
            st.markdown(f"**{t('deck.preview', number=number)}**")
            draw(content(deck.slides[number - 1], deck, scene_), number, len(deck.slides))
            note_box(deck, number - 1)
        else:
            st.info(t("deck.empty"))


def decks_page(dataset_key: str) -> None:
    """Pick or make a deck of the dataset, then prepare it."""
    st.title(t("deck.title"))
    st.markdown(t("deck.intro"))
    show_flash()
    listed = _stored(store.list_decks, dataset_key) or []
    chosen = open_deck()
    if chosen is not None and chosen.dataset_id != dataset_key:
        st.info(t("deck.other_dataset"))
        chosen = None
    by_id = {d.deck_id: d for d in listed}
    if chosen is not None:
        session.set_value(session.DECK_PICK, chosen.deck_id)
    else:
        session.keep_only(session.DECK_PICK, by_id)
    cols = st.columns([3, 2, 1], vertical_alignment="bottom")
    if by_id:
        cols[0].selectbox(t("deck.pick"), list(by_id), key=session.DECK_PICK,
                          format_func=lambda k: by_id[k].name, on_change=pick,
                          index=None, placeholder=t("deck.pick_placeholder"))  # fmt: skip
    cols[1].text_input(t("deck.new_name"), key=session.DECK_NEW_NAME, max_chars=dk.NAME_MAX,
                       placeholder=t("deck.default_name"))  # fmt: skip
    entries = library()[0]
    scene_ = scene()
    case_id = "kalundborg" if any(e.case.id == "kalundborg" for e in entries) else (
        entries[0].case.id if entries else None)  # fmt: skip
    cols[2].button(t("deck.create"), key=session.DECK_CREATE, on_click=create, width="stretch",
                   args=(dataset_key, case_id, next(iter(scene_.chains), None)))  # fmt: skip
    st.caption(t("deck.create_help"))
    if chosen is None:
        if not by_id:
            st.info(t("deck.none"))
        return
    editor(chosen, scene_)
