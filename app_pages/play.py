"""Play (teams): join a room with its code and a team name, then build chains between the
enterprises dealt to the team."""

from dashboard.web import game_actions, game_team, session


def render(room, view) -> None:
    if view is not None:
        game_team.team_page(view)
    else:
        asked = session.url_param(session.ROOM_PARAM)
        game_team.join_form(room, gone=room is None and asked is not None)


room = game_actions.read_room(session.url_param(session.ROOM_PARAM))
team = game_actions.my_team(room) if room is not None else None
render(room, game_actions.team_view(room, team) if team is not None else None)
