"""The team's write path (`web.game_submit`, what the Play page calls) on SQLite and
PostgreSQL: teammates adding links to one chain at once lose none, a resent request is
applied once, a refused link stores nothing, and a paused room takes nothing."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from dashboard.analysis.matching import find_candidates
from dashboard.domain.game import PAUSED, RUNNING, Difficulty, Link, RoomSettings, RoomState
from dashboard.store import rooms
from dashboard.web import game_submit as submit


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'game.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def game(url, leningrad):
    room, key = rooms.create_room(RoomSettings(deck="all"), url=url)
    rooms.set_status(room.id, key, RoomState(RUNNING, 1, datetime.now(UTC)), url=url)
    team, token = rooms.join_team(room.id, "Neva", url=url)
    deck = tuple(leningrad.companies["company_id"])
    return room, key, submit.Player(room.code, token, team.id, leningrad, deck, url=url)


def links_into_one_receiver(leningrad, count: int) -> list[Link]:
    """`count` small links from different givers of one material to one receiver (a star:
    each shares the receiver, so all belong to one connected chain)."""
    found = find_candidates(leningrad)
    for _, group in found.groupby(["target_company", "have_material"]):
        givers = group.drop_duplicates("source_company")
        if len(givers) >= count:
            return [Link(r.source_company, r.target_company, r.have_material,
                         round(float(r.quantity) / 100, 3), r.unit)
                    for r in givers.head(count).itertuples()]  # fmt: skip
    pytest.skip("no receiver with enough givers of one material")


def test_teammates_adding_to_one_chain_at_once_lose_no_link(game, leningrad):
    room, _, player = game
    first, *others = links_into_one_receiver(leningrad, 4)
    made = submit.add_link(player, None, first, "Star", "k0").chain
    results = []

    def add(link: Link, key: str) -> None:
        results.append(submit.add_link(player, made.id, link, "", key))

    threads = [threading.Thread(target=add, args=(k, f"k{i + 1}")) for i, k in enumerate(others)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.chain is not None for r in results), [r.code for r in results]
    [stored] = rooms.chains(room.id, url=player.url)
    assert sorted(stored.links, key=str) == sorted([first, *others], key=str)
    assert stored.version == 4


def test_a_resent_request_is_applied_once_even_after_a_teammates_edit(game, leningrad):
    room, _, player = game
    first, second = links_into_one_receiver(leningrad, 2)
    made = submit.add_link(player, None, first, "Pair", "new").chain

    def note(text):
        return lambda room_, chains, chain: (chain.links, [*chain.difficulties,
                                                          Difficulty("legal", text)])  # fmt: skip

    submit.edit(player, made.id, "mine", note("permit"))
    submit.add_link(player, made.id, second, "", "teammate")
    again = submit.edit(player, made.id, "mine", note("permit"))
    assert [d.text for d in again.chain.difficulties] == ["permit"]
    assert submit.add_link(player, None, first, "Pair", "new").chain.id == made.id
    assert len(rooms.chains(room.id, url=player.url)) == 1


def test_a_refused_link_and_a_paused_room_store_nothing(game, leningrad):
    room, key, player = game
    [link] = links_into_one_receiver(leningrad, 1)
    too_much = replace(link, quantity=link.quantity * 1e6)
    refused = submit.add_link(player, None, too_much, "Big", "big")
    assert refused.refusal is not None and refused.refusal.code.startswith("more_than")
    rooms.set_status(room.id, key, RoomState(PAUSED, 1, paused_left_s=60.0), url=player.url)
    assert submit.add_link(player, None, link, "Later", "later").code == "not_running"
    assert rooms.chains(room.id, url=player.url) == []
