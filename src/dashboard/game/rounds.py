"""A room's rounds: start, pause, resume, next round, end, and the time left, as pure
transitions of `RoomState`. The clock is the round's start time, so a server restart or a
reload changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from dashboard.domain.game import ENDED, LOBBY, PAUSED, RUNNING, RoomSettings, RoomState


class BadMove(ValueError):
    """A transition the room's state does not allow (the code names it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _round_seconds(settings: RoomSettings) -> float:
    return settings.round_minutes * 60.0


def time_left(status: RoomState, settings: RoomSettings, now: datetime) -> float | None:
    """Seconds left in the round (0 when its time is up), None outside a round."""
    if status.state == PAUSED:
        return status.paused_left_s
    if status.state != RUNNING or status.round_started is None:
        return None
    spent = (now - status.round_started).total_seconds()
    return max(0.0, _round_seconds(settings) - spent)


def accepting(status: RoomState, settings: RoomSettings, now: datetime) -> bool:
    """Teams may submit: a round runs and its time is not up."""
    left = time_left(status, settings, now)
    return status.state == RUNNING and left is not None and left > 0


def start(status: RoomState, settings: RoomSettings, now: datetime) -> RoomState:
    """Lobby -> round 1; after a round's time is up or from a pause at its end, the next."""
    if status.state == LOBBY:
        return replace(status, state=RUNNING, round=1, round_started=now, paused_left_s=None)
    return next_round(status, settings, now)


def pause(status: RoomState, settings: RoomSettings, now: datetime) -> RoomState:
    if status.state != RUNNING:
        raise BadMove("not_running")
    return replace(status, state=PAUSED, paused_left_s=time_left(status, settings, now))


def resume(status: RoomState, settings: RoomSettings, now: datetime) -> RoomState:
    if status.state != PAUSED:
        raise BadMove("not_paused")
    left = status.paused_left_s or 0.0
    started = now.timestamp() - (_round_seconds(settings) - left)
    return replace(
        status, state=RUNNING, paused_left_s=None,
        round_started=datetime.fromtimestamp(started, tz=now.tzinfo),
    )  # fmt: skip


def next_round(status: RoomState, settings: RoomSettings, now: datetime) -> RoomState:
    """The next round, or the end after the last."""
    if status.state in (LOBBY, ENDED):
        raise BadMove("no_round")
    if status.round >= settings.rounds:
        return end(status)
    return replace(
        status, state=RUNNING, round=status.round + 1, round_started=now, paused_left_s=None
    )


def end(status: RoomState) -> RoomState:
    if status.state == ENDED:
        raise BadMove("ended")
    return replace(status, state=ENDED, paused_left_s=None)


def reveal_hints(status: RoomState) -> RoomState:
    return replace(status, hints_revealed=True)


def hints_shown(status: RoomState, settings: RoomSettings) -> bool:
    """Teams see the matcher's candidates: allowed when the room was made, or revealed."""
    return settings.hints or status.hints_revealed
