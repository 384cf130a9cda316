"""Game (trainer): make a room for the training game, run it from the console, show the board
on the projector, and debrief."""

from dashboard.web import access, game_actions, game_console, session


def render(data: session.PageData, room, trainer: bool, board: bool) -> None:
    if room is not None and trainer:
        game_console.console(room)
    elif room is not None and board:
        game_console.board(room)
    elif access.facilitators_only():
        game_console.intro(room is None and session.url_param(session.ROOM_PARAM) is not None)
        game_console.create_form(data.key, data.full)


room = game_actions.read_room(session.url_param(session.ROOM_PARAM))
render(
    session.data(),
    room,
    trainer=room is not None and game_actions.is_trainer(room),
    board=session.url_param(session.VIEW_PARAM) == session.BOARD_VIEW,
)
