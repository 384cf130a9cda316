"""Access in the shared database: failed facilitator sign-ins, counted per client across every
server process (the rate limit), and company links (a token opening one company's own data)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dashboard.domain.access import FAILURE_WINDOW
from dashboard.store.db import engine
from dashboard.store.models import CompanyLinkRow, SignInFailureRow
from dashboard.store.rows import BadRow, aware, now_utc

LINK_DAYS = 90


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def record_failure(client: str, *, now: datetime | None = None, url: str | None = None) -> None:
    """Count a failed sign-in of `client`; failures older than the window are forgotten."""
    now = now_utc(now)
    with Session(engine(url)) as session, session.begin():
        session.execute(delete(SignInFailureRow).where(SignInFailureRow.at < now - FAILURE_WINDOW))
        session.add(SignInFailureRow(client_hash=_hash(client), at=now))


def failures(client: str, *, now: datetime | None = None, url: str | None = None):
    """The times of `client`'s failed sign-ins within the window."""
    now = now_utc(now)
    with Session(engine(url)) as session:
        found = session.scalars(select(SignInFailureRow.at).where(
            SignInFailureRow.client_hash == _hash(client),
            SignInFailureRow.at > now - FAILURE_WINDOW,
        )).all()  # fmt: skip
    return [aware(at) for at in found]


def clear_failures(client: str, *, url: str | None = None) -> None:
    with Session(engine(url)) as session, session.begin():
        session.execute(delete(SignInFailureRow).where(
            SignInFailureRow.client_hash == _hash(client)))  # fmt: skip


def create_company_link(
    dataset_id: str, company_id: str, *, days: int = LINK_DAYS, now: datetime | None = None,
    url: str | None = None,
) -> str:  # fmt: skip
    """A new token opening `company_id`'s own data in `dataset_id` for `days` days."""
    now, token = now_utc(now), secrets.token_urlsafe(24)
    with Session(engine(url)) as session, session.begin():
        session.add(CompanyLinkRow(
            token_hash=_hash(token), dataset_id=dataset_id, company_id=company_id, created=now,
            expires=now + timedelta(days=days),
        ))  # fmt: skip
    return token


def company_of(
    token: str | None, *, now: datetime | None = None, url: str | None = None
) -> tuple[str, str] | None:
    """(dataset id, company id) a company link opens, or None (unknown, expired, unreadable)."""
    if not token:
        return None
    with Session(engine(url)) as session:
        row = session.get(CompanyLinkRow, _hash(token))
        if row is None:
            return None
        try:
            if aware(row.expires) <= now_utc(now):
                return None
        except BadRow:
            return None
        return row.dataset_id, row.company_id


def revoke_company_links(dataset_id: str, company_id: str, *, url: str | None = None) -> int:
    """End every link to a company's data; how many there were."""
    with Session(engine(url)) as session, session.begin():
        return session.execute(delete(CompanyLinkRow).where(
            CompanyLinkRow.dataset_id == dataset_id, CompanyLinkRow.company_id == company_id,
        )).rowcount  # fmt: skip
