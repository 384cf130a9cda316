"""Access rules: password hashes, how long a sign-in lasts, the failed sign-in limit, and which
tier a visit gets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dashboard.domain.access import (
    COMPANY,
    FACILITATOR,
    FAILURES_ALLOWED,
    PUBLIC,
    Tier,
    hash_password,
    locked_out,
    signed_in,
    tier_of,
    valid_hash,
    verify_password,
)

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def test_a_hash_verifies_its_password_only_and_never_holds_it():
    made = hash_password("correct horse battery")
    assert valid_hash(made) and "correct" not in made
    assert verify_password("correct horse battery", made)
    assert not verify_password("correct horse batterz", made)
    assert hash_password("correct horse battery") != made  # a new salt each time


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$1$2$3", "md5$1$1$1$aa$bb",
                                    "scrypt$x$8$1$aa$bb", "scrypt$16384$8$1$!!$??"])
def test_a_malformed_hash_matches_nothing(stored):
    assert not verify_password("anything", stored)


def test_a_sign_in_lasts_eight_hours():
    assert signed_in(NOW, NOW + timedelta(hours=7, minutes=59))
    assert not signed_in(NOW, NOW + timedelta(hours=8))
    assert not signed_in(None, NOW)
    assert not signed_in(NOW + timedelta(minutes=1), NOW)


def test_failed_sign_ins_lock_a_client_out_only_within_the_window():
    recent = [NOW - timedelta(minutes=m) for m in range(FAILURES_ALLOWED)]
    assert locked_out(recent, NOW)
    assert not locked_out(recent[:-1], NOW)
    old = [NOW - timedelta(minutes=16 + m) for m in range(10)]
    assert not locked_out(old, NOW)


def test_the_tier_of_a_visit():
    public, company = dict(public_asked=False), ("leningrad", "C7")
    assert tier_of(protected=False, facilitator=False, company=None, **public).kind == FACILITATOR
    assert tier_of(protected=True, facilitator=False, company=None, **public).kind == PUBLIC
    assert tier_of(protected=True, facilitator=True, company=company, **public).kind == FACILITATOR
    found = tier_of(protected=True, facilitator=False, company=company, **public)
    assert found == Tier(COMPANY, "C7", "leningrad")
    assert found.keep("leningrad") == ("C7",) and found.keep("finland") == ()
    for protected in (False, True):
        asked = tier_of(protected=protected, facilitator=True, company=company, public_asked=True)
        assert asked.kind == PUBLIC and asked.keep("leningrad") == ()
