"""Reading stored values back defensively: a value that cannot be read raises `BadRow`, so the
caller leaves that one row out instead of breaking the page for everyone."""

from __future__ import annotations

from datetime import UTC, datetime


class BadRow(ValueError):
    """A stored value that cannot be read back."""


def aware(value: object) -> datetime:
    """A stored time as an aware UTC datetime (SQLite hands back text without a zone)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as error:
            raise BadRow(value) from error
    if not isinstance(value, datetime):
        raise BadRow(repr(value))
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def now_utc(now: datetime | None = None) -> datetime:
    """`now` (the current time when None) as an aware UTC datetime."""
    return (now or datetime.now(UTC)).astimezone(UTC)
