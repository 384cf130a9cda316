"""Game (trainer): make a room for the training game, run it from the console, show the board
on the projector, and debrief."""

from dashboard.web import game_actions, game_console, session

room = game_actions.read_room(session.url_param(session.ROOM_PARAM))
if room is not None and game_actions.is_trainer(room):
    game_console.console(room)
elif room is not None and session.url_param(session.VIEW_PARAM) == session.BOARD_VIEW:
    game_console.board(room)
else:
    game_console.intro(room is None and session.url_param(session.ROOM_PARAM) is not None)
    data = session.data()
    game_console.create_form(data.key, data.full)
