"""Workshop (facilitator): open a workshop, show its code and QR code, watch the companies'
have and want cards arrive and the matches form, settle the cards and use them as a dataset."""

from dashboard.web import access, session, workshop


def render(found, facilitator: bool) -> None:
    if not access.facilitators_only():
        return
    if found is not None and facilitator:
        workshop.facilitator_page(found)
    else:
        workshop.intro(gone=found is None and session.url_param(session.WORKSHOP_PARAM) is not None)
        workshop.create_form()


found = workshop.read_workshop(session.url_param(session.WORKSHOP_PARAM))
render(found, facilitator=found is not None and workshop.is_facilitator(found))
