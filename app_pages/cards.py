"""Cards (company representatives, on their phones): join a workshop with its code, then fill in
what the company has and wants, with the waste and activity codes suggested while typing."""

from dashboard.web import session, workshop

found = workshop.read_workshop(session.url_param(session.WORKSHOP_PARAM))
if found is not None and session.url_param(session.TOKEN_PARAM):
    workshop.card_form(found)
else:
    workshop.join_form(gone=found is None and session.url_param(session.WORKSHOP_PARAM) is not None)
