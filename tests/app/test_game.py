"""The game's pages in AppTest: the trainer makes and starts a room, a team joins with the code,
builds a link, records a difficulty and answers a suggestion; the console's scoreboard shows
it; a locked team, a paused room and a wrong trainer key change nothing; names are escaped."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.analysis.matching import find_candidates
from dashboard.domain.game import LOBBY, PAUSED, RUNNING
from dashboard.domain.reference import DATASETS_DIR
from dashboard.game.deck import deal
from dashboard.i18n import t
from dashboard.io.datasets import load_path
from dashboard.store import rooms
from dashboard.views.markdown import escape_markdown
from dashboard.web import session

from ..paths import APP


@pytest.fixture
def game_store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'game.sqlite'}"
    monkeypatch.setenv("IS_DASHBOARD_DB", url)
    return url


@pytest.fixture(scope="module")
def leningrad():
    dataset, problems = load_path(DATASETS_DIR / "leningrad")
    assert problems == []
    return dataset


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def page(path: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(path).run()
    return ok(at)


def trainer() -> AppTest:
    at = page("app_pages/game.py")
    at.number_input(key=session.GAME_PER_TEAM).set_value(12)
    at.button(key=session.GAME_CREATE).click().run()
    ok(at)
    assert at.query_params[session.ROOM_PARAM] and at.query_params[session.KEY_PARAM]
    return at


def joined(code: str, name: str) -> AppTest:
    at = page("app_pages/play.py", room=code)
    assert at.text_input(key=session.JOIN_CODE).value == code
    at.text_input(key=session.JOIN_NAME).input(name)
    at.button(key=session.JOIN_BUTTON).click().run()
    ok(at)
    assert at.query_params.get(session.TEAM_PARAM)
    return at


def a_candidate(leningrad, room, team):
    deck = set(deal(leningrad, room.settings, team.id))
    found = find_candidates(leningrad)  # the wants as the whole region's flows leave them
    found = found[found["source_company"].isin(deck) & found["target_company"].isin(deck)]
    assert not found.empty
    return found.iloc[0]


def build(at: AppTest, row, quantity: float | None = None) -> None:
    at.selectbox(key=session.PLAY_GIVER).set_value(row["source_company"]).run()
    at.selectbox(key=session.PLAY_MATERIAL).set_value(row["have_material"]).run()
    at.selectbox(key=session.PLAY_RECEIVER).set_value(row["target_company"]).run()
    key = session.quantity_key(row["source_company"], row["have_material"])
    at.number_input(key=key).set_value(float(quantity or row["quantity"])).run()
    at.button(key=session.PLAY_ADD).click().run()
    ok(at)


def room_of(at: AppTest):
    return rooms.room_by_code(at.query_params[session.ROOM_PARAM])


def test_a_trainer_runs_a_room_and_a_team_builds_a_scored_chain(game_store, leningrad):
    console = trainer()
    room = room_of(console)
    assert room.status.state == LOBBY and room.settings.per_team == 12
    assert room.code in console.title[0].value
    console.button(key=session.GAME_START).click().run()
    assert room_of(ok(console)).status.state == RUNNING

    team_page = joined(room.code, "Neva <script>alert(1)</script>")
    assert "\\<script\\>" in team_page.title[0].value  # shown as text, escaped for markdown
    [team] = rooms.teams(room.id)
    row = a_candidate(leningrad, room, team)
    build(team_page, row)
    assert [s.value for s in team_page.success], [w.value for w in team_page.warning]
    [chain] = rooms.chains(room.id)
    assert chain.team_id == team.id and len(chain.links) == 1 and chain.score.total > 0
    assert chain.links[0].quantity == pytest.approx(float(row["quantity"]))

    key = session.chain_widget_key("diff_category", chain.id)
    team_page.selectbox(key=key).set_value("economic")
    team_page.text_input(key=session.chain_widget_key("diff_text", chain.id)).input(
        "=1+1 the receiver will not pay for transport"
    )
    team_page.button(key=session.chain_widget_key("diff_add", chain.id)).click().run()
    ok(team_page)
    accepts = [b for b in team_page.button if b.key.startswith(f"play_accept_{chain.id}_")]
    if accepts:
        accepts[0].click().run()
        ok(team_page)
    [stored] = rooms.chains(room.id)
    assert stored.version >= 2
    assert any(d.text.startswith("=1+1") for d in stored.difficulties)
    shown = " ".join(m.value for m in team_page.markdown)
    assert "=1\\+1" in shown or "=1+1" in shown

    console.run()
    board = ok(console).dataframe[0].value
    assert board.iloc[0][t("game.col.team")] == "Neva <script>alert(1)</script>"
    assert board.iloc[0][t("game.col.points")] == pytest.approx(stored.score.total)


def test_a_refused_link_says_why_and_stores_nothing(game_store, leningrad):
    console = trainer()
    console.button(key=session.GAME_START).click().run()
    room = room_of(console)
    team_page = joined(room.code, "Ladoga")
    [team] = rooms.teams(room.id)
    row = a_candidate(leningrad, room, team)
    build(team_page, row, quantity=float(row["have_quantity"]) * 10)
    assert rooms.chains(room.id) == []
    warning = team_page.warning[0].value
    assert warning.startswith(t("game.refusal.more_than_have", left="").split(":")[0]) or (
        warning.startswith(t("game.refusal.more_than_want", left="").split(":")[0])
    )


def test_a_locked_team_and_a_paused_room_change_nothing(game_store, leningrad):
    console = trainer()
    console.button(key=session.GAME_START).click().run()
    room = room_of(console)
    team_page = joined(room.code, "Vyborg")
    [team] = rooms.teams(room.id)
    row = a_candidate(leningrad, room, team)

    console.session_state[session.GAME_TABS] = t("game.tab.teams")
    console.run()
    console.toggle(key=session.game_lock_key(team.id)).set_value(True).run()
    assert rooms.teams(room.id)[0].locked
    team_page.run()
    build(team_page, row)
    assert rooms.chains(room.id) == []
    assert escape_markdown(t("game.refused.locked")) in [w.value for w in team_page.warning]

    console.toggle(key=session.game_lock_key(team.id)).set_value(False).run()
    console.button(key=session.GAME_PAUSE).click().run()
    assert room_of(console).status.state == PAUSED
    team_page.run()
    build(team_page, row)
    assert rooms.chains(room.id) == []


def test_without_the_trainer_key_the_console_is_not_shown(game_store):
    console = trainer()
    code = console.query_params[session.ROOM_PARAM]
    stranger = page("app_pages/game.py", room=code, key="not-the-key")
    assert not [b for b in stranger.button if b.key == session.GAME_START]
    board = page("app_pages/game.py", room=code, view=session.BOARD_VIEW)
    assert code in board.title[0].value
    assert not [b for b in board.button if b.key == session.GAME_START]


def test_a_code_that_is_not_a_room_is_refused_politely(game_store):
    at = page("app_pages/play.py")
    at.text_input(key=session.JOIN_CODE).input("ZZZZZZ")
    at.text_input(key=session.JOIN_NAME).input("Team")
    at.button(key=session.JOIN_BUTTON).click().run()
    assert escape_markdown(t("game.refused.room_closed")) in [w.value for w in ok(at).warning]
    assert session.TEAM_PARAM not in at.query_params


def test_the_debrief_lists_the_chains_and_what_the_matcher_found(game_store, leningrad):
    console = trainer()
    console.button(key=session.GAME_START).click().run()
    room = room_of(console)
    team_page = joined(room.code, "Onega")
    [team] = rooms.teams(room.id)
    build(team_page, a_candidate(leningrad, room, team))
    assert rooms.chains(room.id), [w.value for w in team_page.warning]  # failed once in CI
    console.button(key=session.GAME_END).click().run()
    console.session_state[session.GAME_TABS] = t("game.tab.debrief")
    ok(console.run())
    frames = [df.value for df in console.dataframe]
    [chains] = [f for f in frames if t("game.col.round") in f.columns]
    assert list(chains[t("game.col.team")]) == ["Onega"]
    [groups] = [f for f in frames if t("game.col.what_teams_said") in f.columns]
    assert len(groups) == 6
    assert [f for f in frames if t("game.col.score") in f.columns]  # what the matcher found
