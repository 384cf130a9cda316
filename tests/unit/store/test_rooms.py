"""The training game's rooms, teams and chains in the store: codes, trainer keys, team tokens,
joining rules, chains a team may change (its own, while running, unlocked), idempotent
submissions (also when requests race), bounds, cascades and unreadable rows; the same on
SQLite and PostgreSQL."""

from __future__ import annotations

import math
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import create_engine, func, inspect, select, update
from sqlalchemy.orm import Session

from dashboard.domain.game import (
    CHAIN_NAME_MAX,
    DIFFICULTIES_MAX,
    DIFFICULTY_TEXT_MAX,
    LINKS_MAX,
    PAUSED,
    RUNNING,
    TEAM_NAME_MAX,
    Difficulty,
    Link,
    RoomSettings,
    RoomState,
    Score,
    Weights,
)
from dashboard.store import db
from dashboard.store import rooms as store
from dashboard.store.models import GameChainRow, GameTeamRow

from .test_uploads import newest_migration

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
SETTINGS = RoomSettings(
    dataset_id="kalundborg", deck="sectors", sectors=("C", "D"), rounds=2, hints=True,
    weights=Weights(ghg=2.0, net_benefit=0.5, resources=0.0, feasibility=3.0, realism=1.0),
    seed=7,
)  # fmt: skip
LINKS = (
    Link("asnaes", "gyproc", "gypsum", 200000.0, "t/yr"),
    Link("novo", "farms", "sludge", 1.5e5, "t/yr"),
)
DIFFICULTIES = (
    Difficulty("technical", "Гипс должен быть чистым"),
    Difficulty("legal", "Permit for sludge", measure_id="m-12", accepted=False),
)
SCORE = Score(71.5, (("ghg", 1200.0, 80.0), ("realism", None, 50.0)))


def running_room(url, now=NOW):
    made, key = store.create_room(SETTINGS, now=now, url=url)
    store.set_status(made.id, key, RoomState(RUNNING, 1, now), url=url)
    return made, key


def save(url, room_id, token, submission, **changes):
    values = dict(
        name="Gypsum loop", links=LINKS, difficulties=DIFFICULTIES, score=SCORE, round=1,
        submission=submission, now=NOW, url=url,
    )  # fmt: skip
    values.update(changes)
    return store.save_chain(room_id, token, **values)


def row_count(url, model, **where) -> int:
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    with Session(db.engine(url)) as session:
        return session.scalar(query)


# --- rooms ----------------------------------------------------------------------------------


def test_a_room_round_trips_and_is_found_by_its_code_as_typed(url):
    made, key = store.create_room(SETTINGS, now=NOW, url=url)
    assert made.settings == SETTINGS and made.status == RoomState()
    assert (made.created, made.expires) == (NOW, NOW + timedelta(hours=24))
    typed = f" {made.code[:3].lower()}-{made.code[3:].lower()} "
    assert store.normalise_code(typed) == made.code
    assert store.room_by_code(typed, now=NOW, url=url) == made
    assert store.room(made.id, url=url) == made
    assert store.room_by_code("ZZZZZZ", now=NOW, url=url) is None
    assert store.room("nope", url=url) is None
    assert store.is_trainer(made.id, key, url=url)
    assert not any(store.is_trainer(made.id, k, url=url) for k in (None, "", key + "x"))
    assert not store.is_trainer("nope", key, url=url)


def test_an_expired_room_is_not_found_by_its_code(url):
    made, _ = store.create_room(SETTINGS, now=NOW, lifetime=timedelta(hours=1), url=url)
    assert store.room_by_code(made.code, now=NOW + timedelta(minutes=59), url=url) == made
    assert store.room_by_code(made.code, now=NOW + timedelta(hours=1), url=url) is None


def test_codes_are_six_characters_of_the_alphabet_and_distinct(url):
    codes = [store.create_room(SETTINGS, now=NOW, url=url)[0].code for _ in range(200)]
    assert len(set(codes)) == 200
    assert all(len(c) == store.CODE_LENGTH == 6 for c in codes)
    assert set("".join(codes)) <= set(store.CODE_ALPHABET)
    assert not set("0O1IL") & set(store.CODE_ALPHABET)


def test_a_taken_code_is_drawn_again(url, monkeypatch):
    first, _ = store.create_room(SETTINGS, now=NOW, url=url)
    draw, draws = store._new_code, []

    def taken_twice() -> str:
        draws.append(first.code if len(draws) < 2 else draw())
        return draws[-1]

    monkeypatch.setattr(store, "_new_code", taken_twice)
    second, _ = store.create_room(SETTINGS, now=NOW, url=url)
    assert len(draws) == 3 and second.code == draws[-1] != first.code
    assert store.room_by_code(first.code, now=NOW, url=url) == first


def test_the_trainer_sets_the_status_and_a_wrong_key_is_refused(url):
    made, key = store.create_room(SETTINGS, now=NOW, url=url)
    paused = RoomState(PAUSED, 2, NOW, 312.5, True)
    for wrong in (None, "", "guess"):
        with pytest.raises(store.NotTrainer) as refused:
            store.set_status(made.id, wrong, paused, url=url)
        assert refused.value.code == "not_trainer"
    assert store.room(made.id, url=url).status == RoomState()
    assert store.set_status(made.id, key, paused, url=url).status == paused
    assert store.room(made.id, url=url).status == paused


def test_deleting_a_room_takes_its_teams_and_chains_and_needs_the_key(url):
    made, key = running_room(url)
    other, _ = running_room(url)
    team, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    kept, kept_token = store.join_team(other.id, "Alpha", now=NOW, url=url)
    save(url, made.id, token, "s1")
    save(url, other.id, kept_token, "s1")
    with pytest.raises(store.NotTrainer):
        store.delete_room(made.id, "guess", url=url)
    assert store.teams(made.id, url=url) == [team]
    store.delete_room(made.id, key, url=url)
    assert store.room(made.id, url=url) is None
    assert row_count(url, GameTeamRow, room_id=made.id) == 0
    assert row_count(url, GameChainRow, room_id=made.id) == 0
    assert store.teams(other.id, url=url) == [kept] and len(store.chains(other.id, url=url)) == 1


def test_the_database_cascades_a_deleted_room_itself(url):
    made, _ = running_room(url)
    _, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    save(url, made.id, token, "s1")
    from dashboard.store.models import GameRoomRow

    with Session(db.engine(url)) as session, session.begin():
        session.execute(GameRoomRow.__table__.delete().where(GameRoomRow.id == made.id))
    assert row_count(url, GameTeamRow, room_id=made.id) == 0
    assert row_count(url, GameChainRow, room_id=made.id) == 0


# --- teams ----------------------------------------------------------------------------------


def test_teams_join_with_a_name_unique_in_the_room_whatever_the_case(url):
    made, _ = store.create_room(SETTINGS, now=NOW, url=url)
    other, _ = store.create_room(SETTINGS, now=NOW, url=url)
    alpha, token = store.join_team(made.id, "  Team   Alpha ", now=NOW, url=url)
    assert (alpha.name, alpha.room_id, alpha.locked, alpha.joined) == (
        "Team Alpha", made.id, False, NOW,
    )  # fmt: skip
    for taken in ("team alpha", "TEAM ALPHA", "Team\tAlpha"):
        with pytest.raises(store.NameTaken) as refused:
            store.join_team(made.id, taken, now=NOW, url=url)
        assert refused.value.code == "name_taken"
    store.join_team(other.id, "team alpha", now=NOW, url=url)  # another room
    beta, _ = store.join_team(made.id, "Beta", now=NOW + timedelta(seconds=1), url=url)
    assert store.teams(made.id, url=url) == [alpha, beta]
    assert store.team_by_token(made.id, token, url=url) == alpha


def test_bad_names_are_refused(url):
    made, _ = store.create_room(SETTINGS, now=NOW, url=url)
    for bad in ("", "   ", "x" * (TEAM_NAME_MAX + 1)):
        with pytest.raises(store.BadName) as refused:
            store.join_team(made.id, bad, now=NOW, url=url)
        assert refused.value.code == "bad_name" and isinstance(refused.value, ValueError)
    store.join_team(made.id, "x" * TEAM_NAME_MAX, now=NOW, url=url)


def test_a_closed_room_is_refused(url):
    made, key = store.create_room(SETTINGS, now=NOW, lifetime=timedelta(hours=1), url=url)
    with pytest.raises(store.RoomClosed) as refused:
        store.join_team("nope", "Alpha", now=NOW, url=url)
    assert refused.value.code == "room_closed"
    with pytest.raises(store.RoomClosed):
        store.join_team(made.id, "Alpha", now=NOW + timedelta(hours=1), url=url)
    store.set_status(made.id, key, RoomState("ended", 3), url=url)
    with pytest.raises(store.RoomClosed):
        store.join_team(made.id, "Alpha", now=NOW, url=url)


def test_a_room_takes_at_most_thirty_teams(url):
    made, _ = store.create_room(SETTINGS, now=NOW, url=url)
    for i in range(store.MAX_TEAMS):
        store.join_team(made.id, f"Team {i}", now=NOW + timedelta(minutes=i), url=url)
    with pytest.raises(store.RoomFull) as refused:
        store.join_team(made.id, "One more", now=NOW + timedelta(hours=1), url=url)
    assert refused.value.code == "room_full" and store.MAX_TEAMS == 30
    assert len(store.teams(made.id, url=url)) == 30


def test_more_than_twenty_joins_a_minute_are_refused_then_allowed_again(url):
    made, _ = store.create_room(SETTINGS, now=NOW, url=url)
    for i in range(store.JOINS_PER_MINUTE):
        store.join_team(made.id, f"Team {i}", now=NOW + timedelta(seconds=i), url=url)
    with pytest.raises(store.TooManyJoins) as refused:
        store.join_team(made.id, "Late", now=NOW + timedelta(seconds=30), url=url)
    assert refused.value.code == "too_many_joins"
    store.join_team(made.id, "Late", now=NOW + timedelta(seconds=60), url=url)  # 0 s has gone
    with pytest.raises(store.TooManyJoins):
        store.join_team(made.id, "Later", now=NOW + timedelta(seconds=60), url=url)


def test_a_token_finds_only_its_own_team_in_its_own_room(url):
    made, _ = store.create_room(SETTINGS, now=NOW, url=url)
    other, _ = store.create_room(SETTINGS, now=NOW, url=url)
    alpha, alpha_token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    beta, beta_token = store.join_team(made.id, "Beta", now=NOW, url=url)
    assert store.team_by_token(made.id, alpha_token, url=url) == alpha
    assert store.team_by_token(made.id, beta_token, url=url) == beta
    assert store.team_by_token(other.id, alpha_token, url=url) is None
    for wrong in (None, "", alpha_token + "x"):
        assert store.team_by_token(made.id, wrong, url=url) is None
    assert len(alpha_token) >= 24 and alpha_token != beta_token


def test_the_trainer_locks_a_team_and_a_wrong_key_is_refused(url):
    made, key = store.create_room(SETTINGS, now=NOW, url=url)
    other, other_key = store.create_room(SETTINGS, now=NOW, url=url)
    team, _ = store.join_team(made.id, "Alpha", now=NOW, url=url)
    with pytest.raises(store.NotTrainer):
        store.set_locked(made.id, other_key, team.id, True, url=url)
    with pytest.raises(store.NotYourTeam):  # not a team of that room
        store.set_locked(other.id, other_key, team.id, True, url=url)
    assert store.set_locked(made.id, key, team.id, True, url=url) == replace(team, locked=True)
    assert store.teams(made.id, url=url)[0].locked
    assert not store.set_locked(made.id, key, team.id, False, url=url).locked


# --- chains ---------------------------------------------------------------------------------


def test_a_team_saves_edits_and_deletes_its_own_chain(url):
    made, _ = running_room(url)
    team, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    saved = save(url, made.id, token, "s1")
    assert (saved.room_id, saved.team_id, saved.round, saved.name, saved.version) == (
        made.id, team.id, 1, "Gypsum loop", 1,
    )  # fmt: skip
    assert (saved.links, saved.difficulties, saved.score) == (LINKS, DIFFICULTIES, SCORE)
    assert saved.created == saved.updated == NOW
    assert store.chains(made.id, url=url) == [saved]
    later = NOW + timedelta(minutes=5)
    edited = save(url, made.id, token, "e1", chain_id=saved.id, name="  Loop 2 ", links=LINKS[:1],
                  difficulties=(), score=None, round=2, now=later)  # fmt: skip
    assert (edited.id, edited.name, edited.links, edited.difficulties, edited.score) == (
        saved.id, "Loop 2", LINKS[:1], (), None,
    )  # fmt: skip
    assert (edited.round, edited.created, edited.updated, edited.version) == (1, NOW, later, 2)
    assert store.chains(made.id, team_id=team.id, url=url) == [edited]
    store.delete_chain(made.id, token, saved.id, now=NOW, url=url)
    assert store.chains(made.id, url=url) == []


def test_a_score_with_an_unknown_part_is_kept(url):
    """Realism is unknown (value and points None) when the rules expect no difficulty kind: such
    a score was refused as bad text, so a team's first CO2 link could not be added."""
    made, _ = running_room(url)
    _, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    score = Score(40.0, (("ghg", 2927.7, 29.3), ("realism", None, None)))
    assert save(url, made.id, token, "s1", score=score).score == score
    assert store.chains(made.id, url=url)[0].score == score


def test_chains_are_listed_oldest_first_and_per_team(url):
    made, _ = running_room(url)
    alpha, alpha_token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    beta, beta_token = store.join_team(made.id, "Beta", now=NOW, url=url)
    second = save(url, made.id, alpha_token, "a2", now=NOW + timedelta(minutes=2))
    first = save(url, made.id, beta_token, "b1", now=NOW + timedelta(minutes=1))
    assert store.chains(made.id, url=url) == [first, second]
    assert store.chains(made.id, team_id=alpha.id, url=url) == [second]
    assert store.chains(made.id, team_id=beta.id, url=url) == [first]


def test_a_team_cannot_change_another_teams_chain_nor_use_a_foreign_token(url):
    made, _ = running_room(url)
    other, _ = running_room(url)
    _, alpha_token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    _, beta_token = store.join_team(made.id, "Beta", now=NOW, url=url)
    _, stranger = store.join_team(other.id, "Alpha", now=NOW, url=url)
    theirs = save(url, made.id, alpha_token, "s1")
    with pytest.raises(store.NotYourTeam) as refused:
        save(url, made.id, beta_token, "e1", chain_id=theirs.id, name="Stolen")
    assert refused.value.code == "not_your_team"
    with pytest.raises(store.NotYourTeam):
        store.delete_chain(made.id, beta_token, theirs.id, now=NOW, url=url)
    for token in (stranger, None, "guess"):
        with pytest.raises(store.NotYourTeam):
            save(url, made.id, token, "x1")
    with pytest.raises(store.NotYourTeam):
        save(url, made.id, alpha_token, "e2", chain_id="no-such-chain")
    assert store.chains(made.id, url=url) == [theirs]


def test_a_locked_team_is_refused(url):
    made, key = running_room(url)
    team, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    saved = save(url, made.id, token, "s1")
    store.set_locked(made.id, key, team.id, True, url=url)
    for attempt in (lambda: save(url, made.id, token, "s2"),
                    lambda: save(url, made.id, token, "e1", chain_id=saved.id, name="New"),
                    lambda: store.delete_chain(made.id, token, saved.id, now=NOW, url=url)):  # fmt: skip
        with pytest.raises(store.Locked) as refused:
            attempt()
        assert refused.value.code == "locked"
    assert store.chains(made.id, url=url) == [saved]


def test_a_room_not_running_is_refused(url):
    made, key = store.create_room(SETTINGS, now=NOW, url=url)
    _, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    with pytest.raises(store.NotRunning) as refused:  # the lobby
        save(url, made.id, token, "s1")
    assert refused.value.code == "not_running"
    store.set_status(made.id, key, RoomState(RUNNING, 1, NOW), url=url)
    saved = save(url, made.id, token, "s1")
    store.set_status(made.id, key, RoomState(PAUSED, 1, NOW, 60.0), url=url)
    with pytest.raises(store.NotRunning):
        save(url, made.id, token, "e1", chain_id=saved.id, name="New")
    with pytest.raises(store.NotRunning):
        store.delete_chain(made.id, token, saved.id, now=NOW, url=url)
    assert store.chains(made.id, url=url) == [saved]


def test_the_same_submission_twice_is_stored_once(url):
    made, _ = running_room(url)
    team, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    first = save(url, made.id, token, "s1")
    again = save(url, made.id, token, "s1", name="Changed meanwhile", now=NOW + timedelta(1))
    assert again == first
    assert row_count(url, GameChainRow, team_id=team.id) == 1
    edit = dict(chain_id=first.id, name="Edited", now=NOW + timedelta(minutes=1))
    edited = save(url, made.id, token, "e1", **edit)
    assert save(url, made.id, token, "e1", **edit) == edited and edited.version == 2
    assert store.chains(made.id, url=url) == [edited]
    assert save(url, made.id, token, "e2", **edit).version == 3
    _, beta_token = store.join_team(made.id, "Beta", now=NOW, url=url)
    assert save(url, made.id, beta_token, "s1").id != first.id  # keys are per team


def test_eight_racing_requests_with_one_submission_store_one_chain(url):
    made, _ = running_room(url)
    team, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    start = threading.Barrier(8)
    results, errors = [], []

    def send():
        start.wait()
        try:
            results.append(save(url, made.id, token, "race-1"))
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and len(results) == 8
    assert len({chain.id for chain in results}) == 1
    assert row_count(url, GameChainRow, team_id=team.id) == 1


def test_racing_joins_under_one_name_give_one_team_and_name_taken(url):
    made, _ = store.create_room(SETTINGS, now=NOW, url=url)
    start = threading.Barrier(6)
    outcomes = []

    def join():
        start.wait()
        try:
            store.join_team(made.id, "Alpha", now=NOW, url=url)
            outcomes.append("joined")
        except store.GameRefused as refused:
            outcomes.append(refused.code)
        except Exception as error:
            outcomes.append(repr(error))

    threads = [threading.Thread(target=join) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["joined"] + ["name_taken"] * 5
    assert len(store.teams(made.id, url=url)) == 1


def test_chains_out_of_bounds_are_refused(url):
    made, _ = running_room(url)
    _, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    link, difficulty = LINKS[0], DIFFICULTIES[0]
    bad = [
        dict(name="   "), dict(name="x" * (CHAIN_NAME_MAX + 1)),
        dict(links=(link,) * (LINKS_MAX + 1)),
        dict(difficulties=(difficulty,) * (DIFFICULTIES_MAX + 1)),
        dict(difficulties=(replace(difficulty, text="x" * (DIFFICULTY_TEXT_MAX + 1)),)),
        dict(difficulties=(replace(difficulty, category="weather"),)),
        dict(links=(replace(link, quantity=math.inf),)),
        dict(links=(replace(link, quantity=math.nan),)),
        dict(score=Score(math.nan)), dict(submission=""), dict(submission="k" * 65),
    ]  # fmt: skip
    for i, changes in enumerate(bad):
        with pytest.raises(store.BadText) as refused:
            save(url, made.id, token, changes.pop("submission", f"s{i}"), **changes)
        assert refused.value.code == "bad_text" and isinstance(refused.value, ValueError)
        assert isinstance(refused.value, store.GameRefused)
    assert store.chains(made.id, url=url) == []
    limits = dict(name=" " + "x" * CHAIN_NAME_MAX + " ", links=(link,) * LINKS_MAX,
                  difficulties=(replace(difficulty, text="x" * DIFFICULTY_TEXT_MAX),)
                  * DIFFICULTIES_MAX)  # fmt: skip
    assert save(url, made.id, token, "ok", **limits).name == "x" * CHAIN_NAME_MAX


def test_a_chain_row_that_cannot_be_read_is_skipped(url):
    made, _ = running_room(url)
    _, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    good = save(url, made.id, token, "s1")
    broken = [save(url, made.id, token, f"s{i}", now=NOW + timedelta(minutes=i)) for i in (2, 3, 4)]
    damage = ({"links": "{not json"}, {"difficulties": '[{"category": "weather", "text": ""}]'},
              {"score": '{"total": "lots"}'})  # fmt: skip
    with Session(db.engine(url)) as session, session.begin():
        for chain, values in zip(broken, damage, strict=True):
            session.execute(update(GameChainRow).where(GameChainRow.id == chain.id).values(values))
    assert store.chains(made.id, url=url) == [good]


def test_every_refusal_is_a_game_refusal_with_its_code():
    codes = {cls.__name__: cls.code for cls in store.GameRefused.__subclasses__()}
    assert codes == {
        "NotTrainer": "not_trainer", "NameTaken": "name_taken", "RoomClosed": "room_closed",
        "RoomFull": "room_full", "TooManyJoins": "too_many_joins",
        "NotYourTeam": "not_your_team", "Locked": "locked", "NotRunning": "not_running",
        "BadName": "bad_name", "BadText": "bad_text", "Stale": "stale",
    }  # fmt: skip


def test_an_edit_on_an_old_version_is_stale_and_lost_by_nobody(url):
    """Two teammates edit one chain from the same version: the second is told to redo its edit
    on the newer version, so neither link is lost."""
    made, _ = running_room(url)
    _, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    first = save(url, made.id, token, "s1", links=LINKS[:1])
    mine = save(url, made.id, token, "a", chain_id=first.id, base_version=1, links=LINKS)
    assert mine.version == 2
    with pytest.raises(store.Stale):
        save(url, made.id, token, "b", chain_id=first.id, base_version=1, links=LINKS[:1])
    redone = save(url, made.id, token, "b", chain_id=first.id, base_version=2, links=LINKS)
    assert redone.version == 3 and redone.links == LINKS


def test_an_expired_room_takes_no_more_chains(url):
    made, _ = running_room(url)
    _, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    with pytest.raises(store.RoomClosed):
        save(url, made.id, token, "late", now=made.expires + timedelta(seconds=1))


# --- the migration --------------------------------------------------------------------------


def test_the_game_tables_are_at_the_newest_migration_and_go_on_downgrade(tmp_path):
    engine = db.engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with engine.connect() as connection:
        assert db.current(connection) == db.head() == newest_migration() >= "0006"
    tables = set(inspect(engine).get_table_names())
    assert {"game_room", "game_team", "game_chain", "scenario", "chain"} <= tables
    unique = {i["name"] for i in inspect(engine).get_indexes("game_team") if i["unique"]}
    assert "uq_game_team_room_name" in unique
    unique = {i["name"] for i in inspect(engine).get_indexes("game_chain") if i["unique"]}
    assert "uq_game_chain_team_submission" in unique
    old = create_engine(str(engine.url))
    with old.begin() as connection:
        command.downgrade(db._config(connection), "0005")
    tables = set(inspect(old).get_table_names())
    assert not {"game_room", "game_team", "game_chain"} & tables and "scenario" in tables


def test_an_edit_sent_again_after_a_teammates_edit_is_applied_once(url):
    """A's edit, B's edit, then A's edit again (a retry whose answer was lost): A's is not
    applied a second time over B's."""
    made, _ = running_room(url)
    _, token = store.join_team(made.id, "Alpha", now=NOW, url=url)
    first = save(url, made.id, token, "new", links=LINKS[:1])
    a = save(url, made.id, token, "a", chain_id=first.id, links=LINKS)
    b = save(url, made.id, token, "b", chain_id=first.id, links=LINKS[:1])
    again = save(url, made.id, token, "a", chain_id=first.id, links=LINKS)
    assert (a.version, b.version, again.version) == (2, 3, 3)
    assert again.links == LINKS[:1]
    assert save(url, made.id, token, "new", links=LINKS) == again  # the create, resent
    assert row_count(url, GameChainRow, team_id=first.team_id) == 1
