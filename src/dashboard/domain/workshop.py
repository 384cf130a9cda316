"""A facilitator's workshop: companies' "have" and "want" cards, filled in on their phones.

Value objects only; the store keeps them (`store.workshops`), `io.workshop` turns accepted cards
into a dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

KINDS = ("have", "want")
FREQUENCIES = ("continuous", "daily", "weekly", "monthly", "seasonal", "once")
"""How often a residue arises or a need recurs."""
NEW, ACCEPTED, REJECTED, MERGED = "new", "accepted", "rejected", "merged"
STATUSES = (NEW, ACCEPTED, REJECTED, MERGED)
TITLE_MAX = 120
COMPANY_MAX = 120
DESCRIPTION_MAX = 500
CARDS_PER_AUTHOR = 40
"""Cards one phone may add to a workshop."""


@dataclass(frozen=True)
class Workshop:
    id: str
    code: str
    title: str
    created: datetime
    expires: datetime


@dataclass(frozen=True)
class CardFields:
    """What a company representative fills in; codes are ids (`ewc_code` six digits, `material`
    a vocabulary id, `nace` a NACE code), empty when not chosen."""

    kind: str
    company: str
    description: str
    quantity: float | None = None
    unit: str | None = None
    frequency: str | None = None
    place_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    shareable: bool = False
    ewc_code: str | None = None
    material: str | None = None
    nace: str | None = None


@dataclass(frozen=True)
class Card:
    id: str
    workshop_id: str
    fields: CardFields
    status: str
    merged_into: str | None
    created: datetime
    updated: datetime
    version: int
