"""Who sees what: the three tiers, the facilitator's password, and how long a sign-in lasts.

- `public`: a policymaker's view, the dataset through `anonymise.public_view`;
- `company`: one company's own data in full, every other company as the public sees it;
- `facilitator`: everything.

A deployment turns access control on by giving a facilitator password hash (made with
`python -m dashboard password`) in the server's secrets or environment, or an identity provider
for Streamlit's login with the facilitators' e-mail addresses. Without either, the installation
is open: one trainer's laptop, where everyone is the facilitator."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

PUBLIC, COMPANY, FACILITATOR = "public", "company", "facilitator"
TIERS = (PUBLIC, COMPANY, FACILITATOR)
SIGN_IN_HOURS = 8
"""A facilitator's sign-in lasts this long, then the password is asked again."""
FAILURES_ALLOWED, FAILURE_WINDOW = 5, timedelta(minutes=15)
"""Failed sign-ins from one client within the window before it must wait for the window."""
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
PREFIX = "scrypt"


@dataclass(frozen=True)
class Tier:
    """The tier of a visit; `company` and `dataset` name the company a company link opens."""

    kind: str
    company: str = ""
    dataset: str = ""

    def keep(self, dataset: str) -> tuple[str, ...]:
        """The companies of `dataset` this visit sees in full (all: facilitator)."""
        return (self.company,) if self.kind == COMPANY and self.dataset == dataset else ()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, salt: bytes | None = None) -> str:
    """`scrypt$n$r$p$salt$hash`: what the server's secrets hold instead of the password."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return "$".join((PREFIX, str(SCRYPT["n"]), str(SCRYPT["r"]), str(SCRYPT["p"]), _b64(salt),
                     _b64(digest)))  # fmt: skip


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` (a `hash_password` result) was made from; a
    malformed hash matches nothing."""
    try:
        prefix, n, r, p, salt, digest = stored.strip().split("$")
        if prefix != PREFIX:
            return False
        made = hashlib.scrypt(password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p),
                              dklen=len(_unb64(digest)))  # fmt: skip
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(made, _unb64(digest))


def valid_hash(stored: str) -> bool:
    """Whether `stored` has the form `hash_password` makes."""
    parts = stored.strip().split("$")
    return len(parts) == 6 and parts[0] == PREFIX and all(parts[1:4]) and parts[1].isdigit()


def signed_in(since: datetime | None, now: datetime, hours: float = SIGN_IN_HOURS) -> bool:
    """Whether a sign-in made at `since` still holds at `now`."""
    return since is not None and since <= now < since + timedelta(hours=hours)


def locked_out(failures: list[datetime], now: datetime) -> bool:
    """Whether a client with these failed sign-ins must wait before trying again."""
    recent = [f for f in failures if now - FAILURE_WINDOW < f <= now]
    return len(recent) >= FAILURES_ALLOWED


def tier_of(
    *, protected: bool, facilitator: bool, company: tuple[str, str] | None, public_asked: bool
) -> Tier:
    """The tier of a visit: an open installation and a signed-in facilitator see everything
    (unless they ask for the public view), a company link sees its company, others the
    public."""
    if public_asked:
        return Tier(PUBLIC)
    if facilitator or not protected:
        return Tier(FACILITATOR)
    if company is not None:
        return Tier(COMPANY, company=company[1], dataset=company[0])
    return Tier(PUBLIC)
