"""Rounds as pure transitions of RoomState: the clock is the round's start time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from dashboard.domain.game import ENDED, LOBBY, PAUSED, RUNNING, RoomSettings, RoomState
from dashboard.game import rounds
from dashboard.game.rounds import BadMove

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SETTINGS = RoomSettings(rounds=3, round_minutes=15)
ROUND_S = 15 * 60


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def running() -> RoomState:
    return rounds.start(RoomState(), SETTINGS, T0)


def test_lobby_start_runs_round_one():
    lobby = RoomState()
    assert lobby.state == LOBBY and lobby.round == 0
    assert rounds.time_left(lobby, SETTINGS, T0) is None
    assert not rounds.accepting(lobby, SETTINGS, T0)
    status = rounds.start(lobby, SETTINGS, T0)
    assert (status.state, status.round, status.round_started) == (RUNNING, 1, T0)
    assert status.paused_left_s is None
    assert rounds.accepting(status, SETTINGS, T0)


def test_time_left_counts_down_with_now():
    status = running()
    assert rounds.time_left(status, SETTINGS, T0) == ROUND_S
    assert rounds.time_left(status, SETTINGS, at(60)) == ROUND_S - 60
    assert rounds.time_left(status, SETTINGS, at(ROUND_S - 0.5)) == pytest.approx(0.5)
    assert rounds.time_left(status, SETTINGS, at(ROUND_S)) == 0
    assert rounds.time_left(status, SETTINGS, at(ROUND_S + 600)) == 0


def test_not_accepting_when_the_time_is_up():
    status = running()
    assert rounds.accepting(status, SETTINGS, at(ROUND_S - 1))
    assert not rounds.accepting(status, SETTINGS, at(ROUND_S))
    assert not rounds.accepting(status, SETTINGS, at(ROUND_S + 1))


def test_pause_keeps_the_time_left():
    paused = rounds.pause(running(), SETTINGS, at(100))
    assert paused.state == PAUSED
    assert paused.paused_left_s == ROUND_S - 100
    # The clock does not run while paused.
    for later in (200, 5000, 10**6):
        assert rounds.time_left(paused, SETTINGS, at(later)) == ROUND_S - 100
        assert not rounds.accepting(paused, SETTINGS, at(later))


@pytest.mark.parametrize("tz", [UTC, timezone(timedelta(hours=3))])
def test_resume_restores_the_paused_time_left(tz):
    start = T0.astimezone(tz)
    status = rounds.start(RoomState(), SETTINGS, start)
    paused = rounds.pause(status, SETTINGS, start + timedelta(seconds=250.5))
    left = rounds.time_left(paused, SETTINGS, start + timedelta(seconds=300))
    resumed_at = start + timedelta(hours=2)
    resumed = rounds.resume(paused, SETTINGS, resumed_at)
    assert resumed.state == RUNNING and resumed.round == 1 and resumed.paused_left_s is None
    assert rounds.time_left(resumed, SETTINGS, resumed_at) == pytest.approx(left, abs=1e-3)
    assert rounds.time_left(resumed, SETTINGS, resumed_at + timedelta(seconds=60)) == (
        pytest.approx(left - 60, abs=1e-3)
    )
    assert rounds.accepting(resumed, SETTINGS, resumed_at)
    assert resumed.round_started.utcoffset() == tz.utcoffset(None)


def test_paused_at_the_end_resumes_with_no_time():
    paused = rounds.pause(running(), SETTINGS, at(ROUND_S + 30))
    assert paused.paused_left_s == 0
    resumed = rounds.resume(paused, SETTINGS, at(ROUND_S + 90))
    assert rounds.time_left(resumed, SETTINGS, at(ROUND_S + 90)) == pytest.approx(0, abs=1e-3)
    assert not rounds.accepting(resumed, SETTINGS, at(ROUND_S + 91))


def test_next_round_then_the_end_after_the_last():
    status = running()
    status = rounds.next_round(status, SETTINGS, at(ROUND_S))
    assert (status.state, status.round, status.round_started) == (RUNNING, 2, at(ROUND_S))
    assert rounds.time_left(status, SETTINGS, at(ROUND_S)) == ROUND_S
    status = rounds.start(status, SETTINGS, at(2 * ROUND_S))  # start again: the next round
    assert (status.state, status.round) == (RUNNING, 3)
    ended = rounds.next_round(status, SETTINGS, at(3 * ROUND_S))
    assert ended.state == ENDED and ended.round == 3
    assert rounds.time_left(ended, SETTINGS, at(3 * ROUND_S)) is None
    assert not rounds.accepting(ended, SETTINGS, at(3 * ROUND_S))


def test_next_round_from_a_pause_runs_with_a_fresh_clock():
    paused = rounds.pause(running(), SETTINGS, at(100))
    status = rounds.next_round(paused, SETTINGS, at(500))
    assert (status.state, status.round, status.paused_left_s) == (RUNNING, 2, None)
    assert rounds.time_left(status, SETTINGS, at(500)) == ROUND_S


def test_a_one_round_room_ends_after_round_one():
    one = RoomSettings(rounds=1, round_minutes=5)
    status = rounds.start(RoomState(), one, T0)
    assert rounds.next_round(status, one, at(10)).state == ENDED


@pytest.mark.parametrize(
    ("move", "status", "code"),
    [
        (lambda s: rounds.pause(s, SETTINGS, T0), RoomState(), "not_running"),
        (lambda s: rounds.pause(s, SETTINGS, T0), RoomState(state=PAUSED, round=1), "not_running"),
        (lambda s: rounds.pause(s, SETTINGS, T0), RoomState(state=ENDED, round=3), "not_running"),
        (lambda s: rounds.resume(s, SETTINGS, T0), RoomState(), "not_paused"),
        (lambda s: rounds.resume(s, SETTINGS, T0), RoomState(RUNNING, 1, T0), "not_paused"),
        (lambda s: rounds.next_round(s, SETTINGS, T0), RoomState(), "no_round"),
        (lambda s: rounds.next_round(s, SETTINGS, T0), RoomState(state=ENDED), "no_round"),
        (lambda s: rounds.start(s, SETTINGS, T0), RoomState(state=ENDED), "no_round"),
        (lambda s: rounds.end(s), RoomState(state=ENDED), "ended"),
    ],
)
def test_bad_moves(move, status, code):
    with pytest.raises(BadMove) as raised:
        move(status)
    assert raised.value.code == code
    assert isinstance(raised.value, ValueError)


def test_end_from_any_state_but_ended():
    for status in (RoomState(), running(), rounds.pause(running(), SETTINGS, at(5))):
        ended = rounds.end(status)
        assert ended.state == ENDED and ended.paused_left_s is None


def test_hints_shown_when_allowed_or_revealed():
    status = running()
    assert not rounds.hints_shown(status, SETTINGS)
    assert rounds.hints_shown(status, RoomSettings(hints=True))
    revealed = rounds.reveal_hints(status)
    assert revealed.hints_revealed and revealed.state == status.state
    assert rounds.hints_shown(revealed, SETTINGS)
