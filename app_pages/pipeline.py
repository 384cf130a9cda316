"""Pipeline (Living Lab): follow saved chains from idea to operation, record what they delivered
each year beside the ex-ante assessment, and export the portfolio as a funder's report."""

from dashboard.web import pipeline, session


def render(data: session.PageData) -> None:
    pipeline.render(data)


render(session.data())
