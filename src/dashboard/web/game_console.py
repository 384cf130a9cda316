"""The trainer's side of the game: making a room, the console (round controls, teams, locks,
the live scoreboard and map), the projector's board with the join code and QR code, and the
debrief with its exports."""

from __future__ import annotations

import os
import secrets
from urllib.parse import urlencode, urlsplit

import streamlit as st
from streamlit_folium import st_folium

from dashboard.analysis.assessment import factor_provenance
from dashboard.domain.factors import Factors
from dashboard.domain.game import (
    DECK_MODES,
    DECK_RANDOM,
    DECK_SECTORS,
    DIFFICULTY_CATEGORIES,
    ENDED,
    LOBBY,
    PAUSED,
    RUNNING,
    Room,
    RoomSettings,
    Weights,
)
from dashboard.domain.labels import dataset_title, section_label
from dashboard.game import rounds
from dashboard.game.debrief import compare_with_matcher, difficulty_groups, replay, standings
from dashboard.game.scoring import PARTS
from dashboard.i18n import set_language, t
from dashboard.views.game_map import game_layers, game_map, team_colour
from dashboard.views.game_report import Debrief, debrief_csv, debrief_html
from dashboard.views.game_tables import (
    chains_side_by_side,
    difficulty_table,
    missed_table,
    scoreboard,
    teams_only_table,
)
from dashboard.views.game_text import clock_text, part_label, state_text
from dashboard.views.markdown import escape_markdown
from dashboard.views.qr import qr_svg
from dashboard.web import game_actions as act
from dashboard.web import session
from dashboard.web.game_team import show_game_flash
from dashboard.web.widgets import deferred, number_table

LIVE_SECONDS = 3
"""How often the console and the board redraw the scoreboard and the map."""
PUBLIC_URL = "IS_DASHBOARD_PUBLIC_URL"
"""The address participants reach the app at (`http://192.168.1.20:8501`), when the trainer's
browser uses another one (`localhost`)."""


def create_form(dataset_id: str, dataset) -> None:
    """The room's settings: dataset (the sidebar's), enterprises in play, rounds, hints and the
    scoring weights."""
    st.subheader(t("game.create_heading"))
    st.caption(t("game.create_caption", dataset=dataset_title(dataset.meta, dataset.name)))
    deck = st.radio(
        t("game.deck"),
        DECK_MODES,
        key=session.GAME_DECK,
        horizontal=True,
        format_func=lambda m: t(f"game.deck_mode.{m}"),
        index=DECK_MODES.index(DECK_RANDOM),
    )
    sections = sorted(dataset.companies["nace_section"].dropna().unique())
    cols = st.columns(4)
    cols[0].multiselect(
        t("game.sectors"),
        sections,
        key=session.GAME_SECTORS,
        format_func=section_label,
        disabled=deck != DECK_SECTORS,
        select_all=False,
        filter_mode="contains",
    )
    cols[1].number_input(
        t("game.per_team"), 4, 40, 10, key=session.GAME_PER_TEAM, disabled=deck != DECK_RANDOM
    )
    cols[2].number_input(t("game.rounds"), 1, 6, 2, key=session.GAME_ROUNDS)
    cols[3].number_input(t("game.minutes"), 1, 90, 15, key=session.GAME_MINUTES)
    st.checkbox(t("game.hints_allowed"), key=session.GAME_HINTS)
    st.markdown(f"**{t('game.weights')}**")
    st.caption(t("game.weights_caption"))
    wcols = st.columns(len(PARTS))
    for i, part in enumerate(PARTS):
        wcols[i].slider(part_label(part), 0.0, 5.0, 1.0, 0.5, key=session.game_weight_key(part))
    st.button(
        t("game.create"),
        key=session.GAME_CREATE,
        type="primary",
        on_click=create,
        args=(dataset_id,),
    )


def create(dataset_id: str) -> None:
    """Make the room from the form's values as they are at the click (a callback)."""
    value = session.value
    deck = value(session.GAME_DECK) or DECK_RANDOM
    settings = RoomSettings(
        dataset_id=dataset_id,
        deck=deck,
        sectors=tuple(value(session.GAME_SECTORS) or ()) if deck == DECK_SECTORS else (),
        per_team=int(value(session.GAME_PER_TEAM) or 10),
        rounds=int(value(session.GAME_ROUNDS) or 2),
        round_minutes=int(value(session.GAME_MINUTES) or 15),
        hints=bool(value(session.GAME_HINTS)),
        weights=Weights(**{p: float(value(session.game_weight_key(p), 1.0)) for p in PARTS}),
        seed=secrets.randbelow(2**31),
    )
    act.create_room(settings)


def join_url(code: str) -> str:
    """The link participants open: the Play page with the room's code."""
    return join_url_for("play", session.ROOM_PARAM, code)


def join_url_for(page: str, param: str, code: str) -> str:
    """The link to a page of this app with a join code, at the address participants reach."""
    base = os.environ.get(PUBLIC_URL) or _origin(st.context.url or "")
    return f"{base.rstrip('/')}/{page}?{urlencode({param: code})}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def join_panel(room: Room) -> None:
    """The join code, link and QR code, big enough for the back of the room."""
    code_panel(join_url(room.code), room.code, t("game.join_with"), session.GAME_BOARD,
               session.GAME_QR, "join-code")  # fmt: skip


def code_panel(url: str, code: str, intro: str, key: str, qr_key: str, test_id: str) -> None:
    """A join code (one of CODE_ALPHABET's, shown as it is), its link and the link's QR code."""
    with st.container(key=key):
        cols = st.columns([1, 2])
        with cols[0].container(key=qr_key):
            st.image(qr_svg(url), width=240)
        with cols[1]:
            st.markdown(intro)
            st.html(f'<div class="is-code" data-testid="{test_id}">{code}</div>')
            st.code(url, language=None)


def _board(room_code: str, with_map: bool) -> None:
    room = act.read_room(room_code)
    if room is None:
        st.warning(t("game.room_gone"))
        return
    teams = act.read_teams(room)
    chains = act.read_chains(room)
    left = rounds.time_left(room.status, room.settings, act.now())
    words = state_text(room.status.state, room.status.round, room.settings.rounds)
    st.markdown(
        f"### {escape_markdown(words)}"
        + (f" · {t('game.time_left', clock=clock_text(left))}" if left is not None else "")
    )
    by_id = {team.id: team for team in teams}
    number_table(scoreboard(standings(teams, chains), by_id), session.GAME_SCOREBOARD)
    if with_map:
        dataset = act.room_dataset(room.settings.dataset_id)
        if dataset is None:
            return
        played = act.in_play(room, teams)
        layers = [
            (
                team.name,
                team_colour(i),
                [k for c in chains if c.team_id == team.id for k in c.links],
            )
            for i, team in enumerate(teams)
        ]
        st_folium(
            game_map(dataset, played or tuple(dataset.companies["company_id"])),
            key=session.GAME_MAP,
            feature_group_to_add=game_layers(dataset, played, layers),
            returned_objects=[],
            height=420,
            use_container_width=True,
        )


def live_board(room_code: str, with_map: bool = True) -> None:
    """The scoreboard (and every team's chains on one map), redrawn every few seconds."""

    @st.fragment(run_every=LIVE_SECONDS)
    def live() -> None:
        set_language(session.run_language() or "en")
        _board(room_code, with_map)

    live()


def controls(room: Room) -> None:
    state = room.status.state
    with st.container(key=session.GAME_CONTROLS):
        cols = st.columns(6)
        buttons = [
            (session.GAME_START, state == LOBBY, "start"),
            (session.GAME_PAUSE, state == RUNNING, "pause"),
            (session.GAME_RESUME, state == PAUSED, "resume"),
            (session.GAME_NEXT, state in (RUNNING, PAUSED), "next"),
            (session.GAME_END, state != ENDED, "end"),
            (session.GAME_REVEAL, not rounds.hints_shown(room.status, room.settings), "reveal"),
        ]
        for col, (key, enabled, word) in zip(cols, buttons, strict=True):
            col.button(
                t(f"game.control.{word}"),
                key=key,
                disabled=not enabled,
                on_click=act.move,
                args=(room, key),
                use_container_width=True,
            )


def team_locks(room: Room) -> None:
    teams = act.read_teams(room)
    st.markdown(f"**{t('game.teams', count=len(teams))}**")
    if not teams:
        st.caption(t("game.no_teams"))
    for team in teams:
        session.set_value(session.game_lock_key(team.id), team.locked)
        st.toggle(
            escape_markdown(t("game.lock_team", team=team.name)),
            key=session.game_lock_key(team.id),
            on_change=act.lock,
            args=(room, team.id),
        )


def debrief(room: Room) -> None:
    dataset = act.room_dataset(room.settings.dataset_id)
    if dataset is None:
        st.warning(t("game.dataset_gone"))
        return
    teams = act.read_teams(room)
    everything = act.read_chains(room)
    last = max(room.status.round, 1)
    shown = last
    if last > 1:
        shown = st.select_slider(
            t("game.replay"), list(range(1, last + 1)), value=last, key=session.GAME_REPLAY
        )
    chains = replay(everything, shown)
    names = dataset.company_names()
    by_id = {team.id: team for team in teams}
    scored = {c.id: act.scored(dataset, room, c) for c in chains}
    provenance = {
        cid: factor_provenance(s.assessment.assessments, Factors()) for cid, s in scored.items()
    }
    comparison = compare_with_matcher(dataset, act.in_play(room, teams), chains)
    content = Debrief(
        room.code,
        dataset_title(dataset.meta, dataset.name),
        act.now(),
        shown,
        room.settings.rounds,
        scoreboard(standings(teams, chains), by_id),
        chains_side_by_side(chains, by_id, names, provenance),
        difficulty_table(
            difficulty_groups(chains, scored, DIFFICULTY_CATEGORIES), by_id, act.catalogue()
        ),
        missed_table(comparison),
        teams_only_table(comparison, names),
        comparison.candidates,
    )
    with st.container(key=session.GAME_DEBRIEF):
        st.subheader(t("game.debrief.chains"))
        number_table(content.chains, session.debrief_key("chains"))
        st.subheader(t("game.debrief.difficulties"))
        st.caption(t("game.debrief.difficulties_caption"))
        number_table(content.difficulties, session.debrief_key("difficulties"))
        st.subheader(t("game.debrief.missed"))
        st.caption(t("game.debrief.missed_caption", count=comparison.candidates))
        number_table(content.missed, session.debrief_key("missed"))
        st.subheader(t("game.debrief.teams_only"))
        st.caption(t("game.debrief.teams_only_caption"))
        number_table(content.teams_only, session.debrief_key("teams_only"))
    cols = st.columns(2)
    cols[0].download_button(
        t("game.download_html"),
        deferred("game debrief html", lambda: debrief_html(content).encode()),
        file_name=f"debrief-{room.code}.html",
        mime="text/html",
        key=session.GAME_HTML,
        on_click="ignore",
    )
    cols[1].download_button(
        t("game.download_csv"),
        deferred("game debrief csv", debrief_csv, content),
        file_name=f"debrief-{room.code}.csv",
        mime="text/csv",
        key=session.GAME_CSV,
        on_click="ignore",
    )


def console(room: Room) -> None:
    st.title(t("game.console_title", code=room.code))
    show_game_flash()
    join_panel(room)
    board_link = (
        f"?{urlencode({session.ROOM_PARAM: room.code, session.VIEW_PARAM: session.BOARD_VIEW})}"
    )
    st.caption(t("game.board_link", link=board_link))
    controls(room)
    live, teams, debriefing = st.tabs(
        [t("game.tab.live"), t("game.tab.teams"), t("game.tab.debrief")],
        key=session.GAME_TABS,
        on_change="rerun",
    )
    if live.open:  # only the open tab is drawn (the debrief costs most)
        with live:
            live_board(room.code)
    if teams.open:
        with teams:
            team_locks(room)
            with st.expander(t("game.delete_room")):
                st.checkbox(t("game.delete_confirm"), key=session.GAME_DELETE_CONFIRM)
                st.button(
                    t("game.delete"),
                    key=session.GAME_DELETE,
                    on_click=act.delete_room,
                    args=(room,),
                    disabled=not session.value(session.GAME_DELETE_CONFIRM),
                )
    if debriefing.open:
        with debriefing:
            debrief(room)


def board(room: Room) -> None:
    """The projector's view: join code and QR, the round and clock, scoreboard and map."""
    st.title(t("game.board_title", code=room.code))
    join_panel(room)
    live_board(room.code)


def intro(gone: bool) -> None:
    st.title(t("game.title"))
    if gone:
        st.warning(t("game.room_gone"))
    show_game_flash()
    st.markdown(t("game.intro"))
