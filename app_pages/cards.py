"""Cards (company representatives, on their phones): join a workshop with its code, then fill in
what the company has and wants, with the waste and activity codes suggested while typing."""

from dashboard.web import session, workshop


def render(found, joined: bool) -> None:
    if found is not None and joined:
        workshop.card_form(found)
    else:
        asked = session.url_param(session.WORKSHOP_PARAM)
        workshop.join_form(gone=found is None and asked is not None)


found = workshop.read_workshop(session.url_param(session.WORKSHOP_PARAM))
render(found, joined=session.url_param(session.TOKEN_PARAM) is not None)
