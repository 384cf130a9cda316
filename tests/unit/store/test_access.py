"""Access in the store: failed sign-ins counted per client within the window (across
processes, so in the database), and company links that expire and can be revoked; on SQLite
and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from dashboard.store import access as store

NOW = datetime.now(UTC).replace(microsecond=0)


def test_failures_are_counted_per_client_within_the_window_and_cleared(url):
    client, other = uuid.uuid4().hex, uuid.uuid4().hex
    for minutes in (20, 3, 2, 1):
        store.record_failure(client, now=NOW - timedelta(minutes=minutes), url=url)
    store.record_failure(other, now=NOW, url=url)
    assert len(store.failures(client, now=NOW, url=url)) == 3
    assert all(f.tzinfo is not None for f in store.failures(client, now=NOW, url=url))
    store.clear_failures(client, url=url)
    assert store.failures(client, now=NOW, url=url) == []
    assert len(store.failures(other, now=NOW, url=url)) == 1


def test_a_company_link_opens_its_company_until_it_expires_or_is_revoked(url):
    token = store.create_company_link("leningrad", "C7", days=30, now=NOW, url=url)
    assert store.company_of(token, now=NOW, url=url) == ("leningrad", "C7")
    assert store.company_of(token, now=NOW + timedelta(days=31), url=url) is None
    assert store.company_of("guess", now=NOW, url=url) is None
    assert store.company_of(None, url=url) is None
    assert store.revoke_company_links("leningrad", "C7", url=url) >= 1
    assert store.company_of(token, now=NOW, url=url) is None
