"""A whole game in real browsers: the trainer makes a room and starts it; three teams, each in
its own browser context (one on a phone-sized screen), join by the code, build a chain and
record a difficulty; the trainer's scoreboard shows them without a reload; a team's reload
keeps its team; the trainer ends the game, opens the debrief and downloads it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, expect

from dashboard.analysis.matching import find_candidates
from dashboard.domain.game import RUNNING, RoomSettings, RoomState
from dashboard.domain.labels import material_label
from dashboard.domain.reference import DATASETS_DIR
from dashboard.game.deck import deal
from dashboard.i18n import t
from dashboard.io.datasets import load_path
from dashboard.store import rooms
from dashboard.web import session

from .conftest import VIEWPORT, AppPage, new_app, run_streamlit_server
from .helpers import click, fill, grid_text, keyed, open_and_click, open_tab

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600), pytest.mark.usefixtures("failure_shots")]

PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
TEAMS = (("Neva <b>1</b>", PHONE), ("Ladoga", VIEWPORT), ("Onega", VIEWPORT))
LIVE_TIMEOUT_MS = 90_000


@pytest.fixture(scope="module")
def leningrad():
    dataset, problems = load_path(DATASETS_DIR / "leningrad")
    assert problems == []
    return dataset


def downloaded(app: AppPage, key: str) -> str:
    button = keyed(app, key).locator("button").first
    expect(button).to_be_enabled()
    with app.page.expect_download(timeout=60_000) as made:
        button.click()
    app.wait_until_finished()
    return made.value.path().read_text(encoding="utf-8")


def pick(app: AppPage, key: str, label: str) -> None:
    """Pick a selectbox option by typing it and clicking the option of exactly that name."""
    box = keyed(app, key).locator("input").first

    def typed() -> None:
        box.click()
        box.fill(label)

    open_and_click(app, typed, label)
    app.wait_until_finished()
    expect(box).to_have_value(label)


def join(app: AppPage, code: str, name: str) -> None:
    app.open_page(f"play?room={code}", screenshot=f"game-join-{name[:4]}")
    expect(keyed(app, session.JOIN_CODE).locator("input")).to_have_value(code)
    fill(app, session.JOIN_NAME, name)
    click(app, session.JOIN_BUTTON)
    expect(app.page.locator('[data-testid="stMain"] h1').first).to_have_text(
        t("game.team_title", team=name)
    )


def build_a_link(app: AppPage, leningrad, room, team) -> None:
    """Pick the giver, material and receiver of a candidate the matcher finds in the team's
    deck, at the matcher's quantity, and add the link."""
    names = leningrad.company_names()
    deck = set(deal(leningrad, room.settings, team.id))
    found = find_candidates(leningrad)
    row = found[found["source_company"].isin(deck) & found["target_company"].isin(deck)].iloc[0]
    pick(app, session.PLAY_GIVER, names[row["source_company"]])
    pick(app, session.PLAY_MATERIAL, material_label(row["have_material"]))
    pick(app, session.PLAY_RECEIVER, names[row["target_company"]])
    fill(app, session.quantity_key(row["source_company"], row["have_material"]),
         f"{float(row['quantity']):.0f}")  # fmt: skip
    click(app, session.PLAY_ADD)
    expect(app.page.locator('[class*="st-key-play_card_"]')).to_have_count(1)


def test_a_trainer_and_three_teams_play_a_whole_game(
    browser: Browser, base_url: str, screenshot_dir: Path, server_env: dict, leningrad
) -> None:
    url = server_env["IS_DASHBOARD_DB"]
    trainer = new_app(browser, base_url, screenshot_dir, PROJECTOR)
    trainer.open_page("game", screenshot="game-create")
    click(trainer, session.GAME_CREATE)
    code_box = trainer.page.get_by_test_id("join-code")
    expect(code_box).to_have_text(re.compile(r"^[A-Z2-9]{6}$"))
    code = code_box.inner_text()
    expect(keyed(trainer, session.GAME_QR).locator("img")).to_be_visible()
    room = rooms.room_by_code(code, url=url)
    click(trainer, session.GAME_START)
    trainer.screenshot("game-console-projector")

    teams = []
    for name, viewport in TEAMS:
        app = new_app(browser, base_url, screenshot_dir, viewport)
        join(app, code, name)
        [team] = [x for x in rooms.teams(room.id, url=url) if x.name == name]
        build_a_link(app, leningrad, rooms.room_by_code(code, url=url), team)
        teams.append((app, team))

    phone, phone_team = teams[0]
    [chain] = rooms.chains(room.id, team_id=phone_team.id, url=url)
    pick(phone, session.chain_widget_key("diff_category", chain.id),
               t("game.difficulty.legal"))  # fmt: skip
    fill(phone, session.chain_widget_key("diff_text", chain.id), "The heat tariff <i>is</i> set")
    click(phone, session.chain_widget_key("diff_add", chain.id))
    card = keyed(phone, session.chain_widget_key("card", chain.id))
    expect(card).to_contain_text("The heat tariff <i>is</i> set")  # literal, not markup
    phone.screenshot("game-team-phone")
    phone.page.reload(wait_until="load")
    phone.wait_until_finished()
    expect(keyed(phone, session.chain_widget_key("card", chain.id))).to_be_visible()

    board = keyed(trainer, session.GAME_SCOREBOARD)
    for _, team in teams:  # the live scoreboard, redrawn without a reload
        expect(board.get_by_text(team.name, exact=True).first).to_be_attached(
            timeout=LIVE_TIMEOUT_MS
        )
    assert all(name in grid_text(board) for name, _ in TEAMS)
    trainer.screenshot("game-scoreboard-projector")

    projector = new_app(browser, base_url, screenshot_dir, PROJECTOR)
    projector.open_page(f"game?room={code}&view=board", screenshot="game-board-projector")
    expect(projector.page.get_by_test_id("join-code")).to_have_text(code)
    expect(keyed(projector, session.GAME_START)).to_have_count(0)

    click(trainer, session.GAME_END)
    open_tab(trainer, session.GAME_TABS, 2)
    trainer.wait_until_finished()
    expect(keyed(trainer, session.GAME_DEBRIEF)).to_be_visible()
    report = downloaded(trainer, session.GAME_HTML)
    assert "Neva &lt;b&gt;1&lt;/b&gt;" in report and "<b>1</b>" not in report
    assert all(name in report for name in ("Ladoga", "Onega"))
    table = downloaded(trainer, session.GAME_CSV)
    assert table.count("\n") == 1 + len(TEAMS)
    trainer.screenshot("game-debrief")

    for app in [trainer, projector, *(a for a, _ in teams)]:
        app.assert_no_errors()
        app.page.context.close()


def test_a_server_restart_mid_round_loses_nothing_submitted(
    browser: Browser, server_env: dict, screenshot_dir: Path, tmp_path: Path, leningrad
) -> None:
    """A team adds a link on one server; the server stops; on a new server the team's own
    address brings back its team and its chain, and it goes on building."""
    url = server_env["IS_DASHBOARD_DB"]
    room, key = rooms.create_room(RoomSettings(per_team=10, seed=5), url=url)
    rooms.set_status(room.id, key, RoomState(RUNNING, 1, datetime.now(UTC)), url=url)
    with run_streamlit_server(server_env, tmp_path / "first.log") as first:
        app = new_app(browser, first, screenshot_dir, VIEWPORT)
        join(app, room.code, "Svir")
        [team] = rooms.teams(room.id, url=url)
        build_a_link(app, leningrad, room, team)
        address = app.page.url.removeprefix(first)
    [before] = rooms.chains(room.id, url=url)
    with run_streamlit_server(server_env, tmp_path / "second.log") as second:
        app.base_url = second
        app.open_page(address, screenshot="game-after-restart")
        expect(app.page.locator('[data-testid="stMain"] h1').first).to_have_text(
            t("game.team_title", team="Svir")
        )
        expect(keyed(app, session.chain_widget_key("card", before.id))).to_be_visible()
        gone = ("disconnected from server", first)  # the page lost its first server meanwhile
        app.console_errors[:] = [e for e in app.console_errors if not any(g in e for g in gone)]
        app.assert_no_errors()
        app.page.context.close()
    assert rooms.chains(room.id, url=url) == [before]
