"""A team's page: the round and its clock (live), the link builder, the team's chains with
their score, working and difficulties, its enterprises on the map, and hints when allowed."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from dashboard.domain.game import DIFFICULTY_CATEGORIES, GameChain
from dashboard.domain.labels import material_label, unit_label
from dashboard.game import rounds
from dashboard.game.difficulties import suggestions
from dashboard.i18n import set_language, t
from dashboard.views.game_map import game_layers, game_map, team_colour
from dashboard.views.game_tables import deck_table, links_table, working_table
from dashboard.views.game_text import (
    category_label,
    clock_text,
    difficulty_text,
    evidence_text,
    state_text,
)
from dashboard.views.markdown import escape_markdown
from dashboard.web import game_actions as act
from dashboard.web import session
from dashboard.web.widgets import number_table

LIVE_SECONDS = 3
"""How often a team's page looks for a change of the room (round, pause, lock)."""


def show_game_flash() -> None:
    message = session.take_game_flash()
    if message:
        kind, text = message
        (st.success if kind == "success" else st.warning)(escape_markdown(text))


def status_line(room_code: str, team_id: str | None) -> None:
    """The room's state and clock, redrawn every few seconds; a change of state or of the
    team's lock reruns the whole page, so its buttons follow."""

    @st.fragment(run_every=LIVE_SECONDS)
    def live() -> None:
        set_language(session.run_language() or "en")
        room = act.read_room(room_code)
        if room is None:
            st.warning(t("game.room_gone"))
            return
        team = next((x for x in act.read_teams(room) if x.id == team_id), None)
        signature = (
            room.status.state,
            room.status.round,
            room.status.hints_revealed,
            team.locked if team else None,
        )
        if session.state_changed(signature):
            st.rerun(scope="app")
        left = rounds.time_left(room.status, room.settings, act.now())
        words = state_text(room.status.state, room.status.round, room.settings.rounds)
        clock = clock_text(left)
        with st.container(key=session.PLAY_STATUS):
            st.markdown(
                f"**{escape_markdown(words)}**"
                + (f" · {t('game.time_left', clock=clock)}" if clock else "")
            )
            if team is not None and team.locked:
                st.warning(t("game.locked"))
            elif left == 0 and room.status.state == "running":
                st.info(t("game.time_up"))

    live()


def _stream_options(view: act.TeamView, direction: str) -> dict[str, list]:
    s = view.dataset.streams
    s = s[s["company_id"].isin(view.deck) & (s["direction"] == direction)]
    found: dict[str, list] = {}
    for row in s.itertuples(index=False):
        found.setdefault(row.company_id, []).append(row)
    return found


def builder(view: act.TeamView) -> None:
    """Pick a chain (or a new one), a giver, its material, a receiver and a quantity."""
    names = view.dataset.company_names()
    haves, wants = _stream_options(view, "have"), _stream_options(view, "want")
    chains = {c.id: c for c in view.chains}
    st.subheader(t("game.build"))
    choice = st.selectbox(
        t("game.chain"),
        [session.NEW_CHAIN, *chains],
        key=session.PLAY_CHAIN,
        format_func=lambda c: t("game.new_chain") if c == session.NEW_CHAIN else chains[c].name,
    )
    chain = chains.get(choice)
    if chain is None:
        st.text_input(
            t("game.chain_name"),
            key=session.PLAY_NAME,
            max_chars=60,
            placeholder=t("game.chain_default_name", number=len(chains) + 1),
        )
    if not haves:
        st.info(t("game.no_givers"))
        return
    giver = st.selectbox(
        t("game.giver"),
        sorted(haves, key=lambda c: names.get(c, c)),
        key=session.PLAY_GIVER,
        format_func=lambda c: names.get(c, c),
    )
    streams = {row.material: row for row in haves.get(giver, [])}
    material = st.selectbox(
        t("game.material"), list(streams), key=session.PLAY_MATERIAL, format_func=material_label
    )
    receivers = sorted((c for c in wants if c != giver), key=lambda c: names.get(c, c))
    receiver = st.selectbox(
        t("game.receiver"),
        receivers,
        key=session.PLAY_RECEIVER,
        format_func=lambda c: names.get(c, c),
    )
    have = streams.get(material)
    unit = str(have.unit) if have is not None else ""
    known = have is not None and have.quantity == have.quantity
    st.number_input(
        t("game.quantity", unit=unit_label(unit)),
        min_value=0.0,
        step=100.0,
        key=session.quantity_key(giver, material),
        value=float(have.quantity) if known else 0.0,
    )
    st.button(
        t("game.add_link"),
        key=session.PLAY_ADD,
        type="primary",
        disabled=not receiver,
        on_click=act.add_link,
        args=(view, act.click_token()),
    )


def _difficulties(view: act.TeamView, chain: GameChain, scored) -> None:
    catalogue = act.catalogue()
    st.markdown(f"**{t('game.difficulties')}**")
    for d in chain.difficulties:
        if d.accepted:
            st.markdown(
                f"- *{escape_markdown(category_label(d.category))}*: "
                f"{escape_markdown(difficulty_text(d, catalogue))}"
            )
    answered = {d.measure_id for d in chain.difficulties if d.measure_id}
    offered = [s for s in suggestions(scored.findings) if s.measure_id not in answered]
    if offered:
        st.caption(t("game.suggested"))
    for s in offered:
        cols = st.columns([6, 1, 1])
        cols[0].markdown(
            f"*{escape_markdown(category_label(s.category))}*: "
            f"{escape_markdown(difficulty_text(s, catalogue))}"
        )
        cols[1].button(
            t("game.accept"),
            key=session.chain_widget_key("accept", chain.id, s.measure_id or ""),
            on_click=act.answer_suggestion,
            args=(view, chain.id, s, True, act.click_token()),
        )
        cols[2].button(
            t("game.reject"),
            key=session.chain_widget_key("reject", chain.id, s.measure_id or ""),
            on_click=act.answer_suggestion,
            args=(view, chain.id, s, False, act.click_token()),
        )
    cols = st.columns([2, 5, 1], vertical_alignment="bottom")
    cols[0].selectbox(
        t("game.category"),
        DIFFICULTY_CATEGORIES,
        format_func=category_label,
        key=session.chain_widget_key("diff_category", chain.id),
    )
    cols[1].text_input(
        t("game.difficulty_text"),
        max_chars=300,
        key=session.chain_widget_key("diff_text", chain.id),
    )
    cols[2].button(
        t("game.add"),
        key=session.chain_widget_key("diff_add", chain.id),
        on_click=act.add_difficulty,
        args=(view, chain.id, act.click_token()),
    )
    with st.expander(t("game.rules_expect")):
        for e in scored.evidence:
            st.markdown(
                f"- *{escape_markdown(category_label(e.category))}*: "
                f"{escape_markdown(evidence_text(e, catalogue, view.dataset.company_names()))}"
            )


def chain_card(view: act.TeamView, chain: GameChain) -> None:
    names = view.dataset.company_names()
    scored = act.scored(view.dataset, view.room, chain)
    with st.container(border=True, key=session.chain_widget_key("card", chain.id)):
        total = chain.score.total if chain.score else scored.score.total
        st.markdown(f"#### {escape_markdown(chain.name)} · {t('game.points', points=total)}")
        number_table(links_table(chain, names), session.chain_widget_key("links", chain.id))
        with st.expander(t("game.working")):
            weights = {p: getattr(view.room.settings.weights, p) for p, _, _ in scored.score.parts}
            number_table(
                working_table(scored.score, weights), session.chain_widget_key("working", chain.id)
            )
            st.caption(t("game.working_caption"))
        _difficulties(view, chain, scored)
        cols = st.columns(2)
        cols[0].button(
            t("game.drop_last_link"),
            key=session.chain_widget_key("drop_link", chain.id),
            on_click=act.drop_last_link,
            args=(view, chain.id, act.click_token()),
        )
        cols[1].button(
            t("game.remove_chain"),
            key=session.chain_widget_key("remove", chain.id),
            on_click=act.remove_chain,
            args=(view, chain.id),
        )


def enterprises(view: act.TeamView) -> None:
    st.subheader(t("game.enterprises"))
    number_table(deck_table(view.dataset, view.deck), session.PLAY_DECK)
    links = [k for c in view.chains for k in c.links]
    st_folium(
        game_map(view.dataset, view.deck),
        key=session.PLAY_MAP,
        feature_group_to_add=game_layers(
            view.dataset, view.deck, [(view.team.name, team_colour(0), links)]
        ),
        returned_objects=[],
        height=380,
        use_container_width=True,
    )


def hint_list(view: act.TeamView) -> None:
    found = act.hints(view.room, view.deck)
    with st.expander(t("game.hints"), expanded=False):
        if found.empty:
            st.caption(t("game.no_hints"))
        for row in found.itertuples(index=False):
            st.markdown(
                "- "
                + escape_markdown(
                    t(
                        "game.hint",
                        giver=row.source_name,
                        material=material_label(row.have_material),
                        receiver=row.target_name,
                        km=f"{row.distance_km:.0f}",
                    )
                )
            )


def team_page(view: act.TeamView) -> None:
    st.title(escape_markdown(t("game.team_title", team=view.team.name)))
    status_line(view.room.code, view.team.id)
    show_game_flash()
    builder(view)
    if rounds.hints_shown(view.room.status, view.room.settings):
        hint_list(view)
    with st.container(key=session.PLAY_CHAINS):
        st.subheader(t("game.your_chains"))
        if not view.chains:
            st.caption(t("game.no_chains_yet"))
        for chain in view.chains:
            chain_card(view, chain)
    enterprises(view)


def join_form(room, gone: bool) -> None:
    """The code (from the link or typed) and a team name."""
    st.title(t("game.join_title"))
    if gone:
        st.warning(t("game.room_gone"))
    show_game_flash()
    if room is not None:
        session.default(session.JOIN_CODE, room.code)
    st.text_input(t("game.code"), key=session.JOIN_CODE, max_chars=12)
    st.text_input(t("game.team_name"), key=session.JOIN_NAME, max_chars=40)
    st.button(t("game.join"), key=session.JOIN_BUTTON, type="primary", on_click=act.join)
