"""Facilitators' workshops and their cards in the shared database. Every function takes an
optional database URL (default: `db.database_url()`).

A facilitator creates a workshop and gets its join code and a facilitator key; each phone that
joins holds a token of its own (made by `new_token`). Only the SHA-256 hashes of keys and
tokens are stored. A phone may add cards and change its own while they are new; the
facilitator may change any card, accept, reject or merge it. Every refusal is a
`WorkshopRefused` with a `code` the web layer words (no user-facing text here). Rows that
cannot be read are left out of `cards`.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.domain.reference import UNITS, ewc_list, materials, parse_ewc, resolve_nace
from dashboard.domain.workshop import (
    CARDS_PER_AUTHOR,
    COMPANY_MAX,
    DESCRIPTION_MAX,
    FREQUENCIES,
    KINDS,
    MERGED,
    NEW,
    STATUSES,
    TITLE_MAX,
    Card,
    CardFields,
    Workshop,
)  # fmt: skip
from dashboard.store.db import engine
from dashboard.store.models import WorkshopCardRow, WorkshopRow
from dashboard.store.rooms import CODE_ALPHABET, CODE_LENGTH, normalise_code
from dashboard.store.rows import BadRow, aware

CODE_ATTEMPTS = 20
QUANTITY_MAX = 1e12


class WorkshopRefused(Exception):
    code = "refused"


class NotFacilitator(WorkshopRefused):
    code = "not_facilitator"


class WorkshopClosed(WorkshopRefused):
    code = "closed"


class NotYourCard(WorkshopRefused):
    code = "not_your_card"


class CardSettled(WorkshopRefused):
    """The card was accepted, rejected or merged: only the facilitator changes it now."""

    code = "settled"


class TooManyCards(WorkshopRefused):
    code = "too_many_cards"


class Stale(WorkshopRefused):
    """The card changed since it was read (someone else saved first)."""

    code = "stale"


class BadCard(WorkshopRefused, ValueError):
    """A field of a card is missing or out of bounds; `field` names it."""

    code = "bad_card"

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


def _now(now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token() -> str:
    """A phone's token for the cards it writes."""
    return secrets.token_urlsafe(24)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _text(value: object, longest: int, field: str, *, empty: bool = False) -> str:
    text = " ".join(str(value or "").split())
    if (not text and not empty) or len(text) > longest:
        raise BadCard(field)
    return text


def checked(card: CardFields) -> CardFields:
    """The card with its text trimmed and its codes in their stored form; `BadCard` naming the
    first field that is missing or out of bounds."""
    if card.kind not in KINDS:
        raise BadCard("kind")
    quantity = card.quantity
    if quantity is not None and not (math.isfinite(quantity) and 0 <= quantity <= QUANTITY_MAX):
        raise BadCard("quantity")
    if card.unit is not None and card.unit not in UNITS:
        raise BadCard("unit")
    if card.frequency is not None and card.frequency not in FREQUENCIES:
        raise BadCard("frequency")
    for name, value, low, high in (("lat", card.lat, -90, 90), ("lon", card.lon, -180, 180)):
        if value is not None and not (math.isfinite(value) and low <= value <= high):
            raise BadCard(name)
    if (card.lat is None) != (card.lon is None):
        raise BadCard("lat")
    ewc = None
    if card.ewc_code:
        parsed = parse_ewc(card.ewc_code)
        if parsed is None or parsed[0] not in ewc_list().index:
            raise BadCard("ewc_code")
        ewc = parsed[0]
    if card.material and card.material not in materials().index:
        raise BadCard("material")
    nace = None
    if card.nace:
        found = resolve_nace(card.nace)
        if found is None:
            raise BadCard("nace")
        nace = found.code
    return replace(
        card,
        company=_text(card.company, COMPANY_MAX, "company"),
        description=_text(card.description, DESCRIPTION_MAX, "description"),
        quantity=None if quantity is None else float(quantity),
        place_id=card.place_id or None,
        ewc_code=ewc,
        material=card.material or None,
        nace=nace,
        shareable=bool(card.shareable),
    )


def _workshop(row: WorkshopRow) -> Workshop:
    return Workshop(row.id, row.code, row.title, aware(row.created), aware(row.expires))


def create_workshop(
    title: str,
    *,
    now: datetime | None = None,
    lifetime: timedelta = timedelta(days=7),
    url: str | None = None,
) -> tuple[Workshop, str]:
    """A new workshop with a fresh join code; return it and the facilitator's key."""
    now = _now(now)
    title = _text(title, TITLE_MAX, "title")
    key = secrets.token_urlsafe(24)
    for attempt in range(CODE_ATTEMPTS):
        workshop_id, code = uuid.uuid4().hex, _new_code()
        try:
            with Session(engine(url)) as session, session.begin():
                session.add(
                    WorkshopRow(
                        id=workshop_id, code=code, facilitator_key_hash=_hash(key), title=title,
                        created=now, expires=now + lifetime,
                    )
                )  # fmt: skip
        except IntegrityError:
            if attempt == CODE_ATTEMPTS - 1:
                raise
            continue
        return Workshop(workshop_id, code, title, now, now + lifetime), key
    raise AssertionError("unreachable")


def workshop_by_code(
    code: str, *, now: datetime | None = None, url: str | None = None
) -> Workshop | None:
    """The open workshop of a join code as typed; None when there is none or it has closed."""
    with Session(engine(url)) as session:
        row = session.scalar(select(WorkshopRow).where(WorkshopRow.code == normalise_code(code)))
        found = _readable(row)
    return found if found is not None and _now(now) < found.expires else None


def workshop(workshop_id: str, *, url: str | None = None) -> Workshop | None:
    with Session(engine(url)) as session:
        return _readable(session.get(WorkshopRow, workshop_id))


def _readable(row: WorkshopRow | None) -> Workshop | None:
    try:
        return None if row is None else _workshop(row)
    except BadRow:
        return None


def is_facilitator(workshop_id: str, key: str | None, *, url: str | None = None) -> bool:
    with Session(engine(url)) as session:
        return _key_matches(session, workshop_id, key)


def _key_matches(session: Session, workshop_id: str, key: str | None) -> bool:
    if not key:
        return False
    stored = session.scalar(
        select(WorkshopRow.facilitator_key_hash).where(WorkshopRow.id == workshop_id)
    )
    return stored is not None and hmac.compare_digest(_hash(key), stored)


def _open(session: Session, workshop_id: str, now: datetime) -> WorkshopRow:
    row = session.get(WorkshopRow, workshop_id)
    if row is None or now >= aware(row.expires):
        raise WorkshopClosed(workshop_id)
    return row


def _card(row: WorkshopCardRow) -> Card:
    fields = CardFields(
        kind=row.kind, company=row.company, description=row.description, quantity=row.quantity,
        unit=row.unit, frequency=row.frequency, place_id=row.place_id, lat=row.lat, lon=row.lon,
        shareable=bool(row.shareable), ewc_code=row.ewc_code, material=row.material,
        nace=row.nace,
    )  # fmt: skip
    if row.status not in STATUSES:
        raise BadRow(row.status)
    return Card(row.id, row.workshop_id, fields, row.status, row.merged_into,
                aware(row.created), aware(row.updated), int(row.version))  # fmt: skip


def _write(row: WorkshopCardRow, card: CardFields) -> None:
    for name in CardFields.__dataclass_fields__:
        setattr(row, name, getattr(card, name))


def add_card(
    workshop_id: str,
    token: str,
    card: CardFields,
    *,
    now: datetime | None = None,
    url: str | None = None,
) -> Card:
    """A new card written by the phone holding `token`; `WorkshopClosed`, `BadCard`,
    `TooManyCards`."""
    now = _now(now)
    card = checked(card)
    if not token:
        raise NotYourCard("")
    with Session(engine(url)) as session, session.begin():
        _open(session, workshop_id, now)
        written = session.scalar(
            select(func.count()).select_from(WorkshopCardRow).where(
                WorkshopCardRow.workshop_id == workshop_id,
                WorkshopCardRow.author_hash == _hash(token),
            )
        )  # fmt: skip
        if written >= CARDS_PER_AUTHOR:
            raise TooManyCards(workshop_id)
        row = WorkshopCardRow(
            id=uuid.uuid4().hex, workshop_id=workshop_id, author_hash=_hash(token), status=NEW,
            merged_into=None, created=now, updated=now, version=1,
        )  # fmt: skip
        _write(row, card)
        session.add(row)
        session.flush()
        return _card(row)


def _held_card(session: Session, workshop_id: str, card_id: str) -> WorkshopCardRow:
    row = session.get(WorkshopCardRow, card_id, with_for_update=True)
    if row is None or row.workshop_id != workshop_id:
        raise NotYourCard(card_id)
    return row


def update_card(
    workshop_id: str,
    card_id: str,
    card: CardFields,
    *,
    version: int,
    token: str | None = None,
    key: str | None = None,
    now: datetime | None = None,
    url: str | None = None,
) -> Card:
    """Change a card: its author (by `token`) while it is new, the facilitator (by `key`) at
    any time; `version` is the one read (`Stale` when another save came first)."""
    now = _now(now)
    card = checked(card)
    with Session(engine(url)) as session, session.begin():
        _open(session, workshop_id, now)
        row = _held_card(session, workshop_id, card_id)
        facilitator = _key_matches(session, workshop_id, key)
        if not facilitator:
            if not token or not hmac.compare_digest(row.author_hash, _hash(token)):
                raise NotYourCard(card_id)
            if row.status != NEW:
                raise CardSettled(card_id)
        if row.version != version:
            raise Stale(card_id)
        _write(row, card)
        row.updated, row.version = now, row.version + 1
        session.flush()
        return _card(row)


def set_status(
    workshop_id: str,
    key: str | None,
    card_ids: list[str],
    status: str,
    *,
    merged_into: str | None = None,
    now: datetime | None = None,
    url: str | None = None,
) -> list[Card]:
    """Accept, reject, reopen or merge cards (facilitator only); merged cards point to the card
    they were merged into, which must be of the same workshop and kind and not merged itself."""
    if status not in STATUSES or (status == MERGED) != (merged_into is not None):
        raise BadCard("status")
    now = _now(now)
    with Session(engine(url)) as session, session.begin():
        _open(session, workshop_id, now)
        if not _key_matches(session, workshop_id, key):
            raise NotFacilitator(workshop_id)
        target = None
        if merged_into is not None:
            target = _held_card(session, workshop_id, merged_into)
            if target.status == MERGED or merged_into in card_ids:
                raise BadCard("merged_into")
        changed = []
        for card_id in card_ids:
            row = _held_card(session, workshop_id, card_id)
            if target is not None and row.kind != target.kind:
                raise BadCard("merged_into")
            row.status, row.merged_into = status, merged_into
            row.updated, row.version = now, row.version + 1
            changed.append(row)
        session.flush()
        return [_card(row) for row in changed]


def cards(
    workshop_id: str, *, token: str | None = None, url: str | None = None
) -> list[Card]:
    """The workshop's cards, oldest first (only the phone's own with `token`); unreadable rows
    are left out."""
    query = select(WorkshopCardRow).where(WorkshopCardRow.workshop_id == workshop_id)
    if token is not None:
        query = query.where(WorkshopCardRow.author_hash == _hash(token))
    with Session(engine(url)) as session:
        rows = session.scalars(query.order_by(WorkshopCardRow.created, WorkshopCardRow.id))
        found = []
        for row in rows:
            try:
                found.append(_card(row))
            except (BadRow, TypeError, ValueError):
                continue
    return found

