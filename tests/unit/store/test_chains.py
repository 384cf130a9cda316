"""The chain store on a SQLite file in tmp_path; the URL comes from IS_DASHBOARD_DB."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import create_engine, func, select

from dashboard.domain.members import Member
from dashboard.store import chains as store
from dashboard.store import db
from dashboard.store.models import ChainRow, MemberRow

from .test_uploads import newest_migration


def url_for(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'sub' / 'chains.sqlite'}"


MEMBERS = [
    Member("flow", "len-f01"),
    Member("candidate", "S1>W2", "A", "B", "fly_ash", 1500.0, "t/yr"),
]


def test_url_from_environment_and_default(monkeypatch, tmp_path):
    monkeypatch.delenv(db.ENV_VAR, raising=False)
    assert db.database_url().endswith("var/dashboard.sqlite")
    monkeypatch.setenv(db.ENV_VAR, url_for(tmp_path))
    assert db.database_url() == url_for(tmp_path)
    chain_id = store.create_chain("from env", "leningrad")
    assert (tmp_path / "sub" / "chains.sqlite").exists()
    assert store.get_chain(chain_id).name == "from env"


def test_engine_is_created_once_per_url(tmp_path):
    url = url_for(tmp_path)
    assert db.engine_for(url) is db.engine_for(url)


def test_create_rename_edit_delete(tmp_path):
    url = url_for(tmp_path)
    chain_id = store.create_chain("Brewery chain", "leningrad", MEMBERS, url=url)
    chain = store.get_chain(chain_id, url)
    assert chain.name == "Brewery chain" and chain.dataset_id == "leningrad"
    assert chain.members == tuple(MEMBERS)
    assert chain.created == chain.updated
    assert store.rename_chain(chain_id, "Пивной кластер → биогаз", url)
    renamed = store.get_chain(chain_id, url)
    assert renamed.name == "Пивной кластер → биогаз"
    assert renamed.updated >= chain.updated
    assert store.set_members(chain_id, [MEMBERS[1], Member("flow", "len-f04")], url)
    assert [m.ref_id for m in store.get_chain(chain_id, url).members] == ["S1>W2", "len-f04"]
    other = store.create_chain("other", "kalundborg", url=url)
    assert {c.id for c in store.list_chains(url=url)} == {chain_id, other}
    assert [c.id for c in store.list_chains("kalundborg", url)] == [other]
    assert store.delete_chain(chain_id, url)
    assert store.get_chain(chain_id, url) is None
    assert not store.delete_chain(chain_id, url)
    assert not store.rename_chain(chain_id, "x", url)
    assert not store.set_members(chain_id, [], url)
    with create_engine(url).connect() as connection:
        assert connection.scalar(select(func.count()).select_from(MemberRow)) == 0


def test_chains_survive_a_new_engine_on_the_same_file(tmp_path):
    url = url_for(tmp_path)
    chain_id = store.create_chain("kept", "leningrad", MEMBERS, url=url)
    db.engine_for.cache_clear()
    fresh = create_engine(url)
    with fresh.connect() as connection:
        assert connection.scalar(select(ChainRow.name).where(ChainRow.id == chain_id)) == "kept"
    fresh.dispose()
    assert store.get_chain(chain_id, url).members == tuple(MEMBERS)


def test_unknown_member_kind_is_rejected(tmp_path):
    import pytest

    with pytest.raises(ValueError):
        store.create_chain("bad", "x", [Member("stream", "s1")], url=url_for(tmp_path))


# --- migrations, other databases, and rows that cannot be read ------------------------------

MIGRATE_AT_ONCE = """
import sys
from dashboard.store import chains, db
url = sys.argv[1]
chains.create_chain("from " + sys.argv[2], "race", url=url)
print(db.current(db.engine_for(db.normalise(url)).connect()))
"""


def test_a_sqlite_file_is_in_wal_mode_with_a_busy_timeout_and_foreign_keys(tmp_path):
    engine = db.engine_for(url_for(tmp_path))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()  # a fresh connection sets them again
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_two_processes_creating_the_schema_at_once_do_not_race(tmp_path):
    import subprocess
    import sys

    url = url_for(tmp_path)
    started = [
        subprocess.Popen([sys.executable, "-c", MIGRATE_AT_ONCE, url, str(i)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(4)
    ]  # fmt: skip
    results = [p.communicate(timeout=120) for p in started]
    assert [p.returncode for p in started] == [0] * 4, [e for _, e in results]
    assert {out.strip() for out, _ in results} == {db.head()}
    assert len(store.list_chains("race", url=url)) == 4


def test_a_database_made_before_migrations_is_kept_and_stamped(tmp_path):
    url = url_for(tmp_path)
    (tmp_path / "sub").mkdir()
    old = create_engine(url)
    from dashboard.store.models import Base

    Base.metadata.create_all(old, tables=[ChainRow.__table__, MemberRow.__table__])
    with old.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO chain VALUES ('c1', 'old', 'leningrad', '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00')"
        )
    assert [c.name for c in store.list_chains("leningrad", url=url)] == ["old"]
    with db.engine_for(url).connect() as connection:
        assert db.current(connection) == db.head()


def test_a_bad_row_is_skipped_and_named_not_fatal(tmp_path):
    url = url_for(tmp_path)
    good = store.create_chain("good", "leningrad", MEMBERS, url=url)
    bad_date = store.create_chain("bad date", "leningrad", url=url)
    bad_quantity = store.create_chain("bad quantity", "leningrad", MEMBERS, url=url)
    infinite = store.create_chain("infinite", "leningrad", MEMBERS, url=url)
    with db.engine_for(url).begin() as connection:
        connection.exec_driver_sql(
            f"UPDATE chain SET created = 'yesterday' WHERE id = '{bad_date}'"
        )
        connection.exec_driver_sql(
            f"UPDATE chain_member SET quantity = 'lots' WHERE chain_id = '{bad_quantity}'"
            " AND kind = 'candidate'"
        )
        connection.exec_driver_sql(
            f"UPDATE chain_member SET quantity = 9e999 WHERE chain_id = '{infinite}'"
            " AND kind = 'candidate'"
        )
    listing = store.read_chains("leningrad", url=url)
    assert [c.id for c in listing.chains] == [good]
    assert sorted(listing.skipped) == sorted([bad_date, bad_quantity, infinite])
    assert store.get_chain(bad_date, url=url) is None
    assert store.get_chain(good, url=url).members == tuple(MEMBERS)


def test_postgresql_urls_use_psycopg_and_the_store_works_there(postgres_url):
    assert db.normalise("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.normalise("postgres://u:p@h/d") == "postgresql+psycopg://u:p@h/d"
    plain = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    chain_id = store.create_chain("Brewery chain", "leningrad", MEMBERS, url=plain)
    assert store.rename_chain(chain_id, "Renamed", url=plain)
    assert store.set_members(chain_id, MEMBERS[::-1], url=plain)
    [stored] = store.list_chains("leningrad", url=plain)
    assert (stored.name, stored.members) == ("Renamed", tuple(MEMBERS[::-1]))
    assert stored.created.tzinfo is not None
    assert store.delete_chain(chain_id, url=plain)


def test_postgresql_schema_from_several_processes_at_once(postgres_url):
    import subprocess
    import sys

    started = [
        subprocess.Popen([sys.executable, "-c", MIGRATE_AT_ONCE, postgres_url, str(i)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(4)
    ]  # fmt: skip
    results = [p.communicate(timeout=120) for p in started]
    assert [p.returncode for p in started] == [0] * 4, [e for _, e in results]
    assert len(store.list_chains("race", url=postgres_url)) == 4


# --- names unique per dataset -----------------------------------------------------------------


def test_a_name_is_unique_per_dataset_and_a_free_one_is_suggested(tmp_path):
    import pytest

    url = url_for(tmp_path)
    first = store.create_chain("Ash", "leningrad", url=url)
    store.create_chain("Ash", "kalundborg", url=url)
    store.create_chain("Ash (2)", "leningrad", url=url)
    with pytest.raises(store.DuplicateName) as taken:
        store.create_chain("Ash", "leningrad", MEMBERS, url=url)
    assert taken.value.suggestion == "Ash (3)" == store.free_name("Ash", "leningrad", url)
    assert store.free_name("Slag", "leningrad", url) == "Slag"
    other = store.create_chain("Slag", "leningrad", url=url)
    with pytest.raises(store.DuplicateName):
        store.rename_chain(other, "Ash", url)
    assert store.rename_chain(first, "Ash", url)  # its own name
    names = [c.name for c in store.list_chains("leningrad", url)]
    assert sorted(names) == ["Ash", "Ash (2)", "Slag"]


def test_the_database_refuses_a_duplicate_name_itself(tmp_path):
    import pytest
    from sqlalchemy.exc import IntegrityError

    url = url_for(tmp_path)
    store.create_chain("Ash", "leningrad", url=url)
    with pytest.raises(IntegrityError), db.engine_for(url).begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO chain VALUES ('c2', 'Ash', 'leningrad', '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00')"
        )


def _database_at_0001_with_duplicates(url: str) -> None:
    from alembic import command

    old = create_engine(db.normalise(url))
    with old.begin() as connection:
        command.upgrade(db._config(connection), "0001")
        for i, (name, dataset, day) in enumerate(
            [("Ash", "leningrad", 3), ("Ash", "leningrad", 1), ("Ash (2)", "leningrad", 2),
             ("Ash", "leningrad", 4), ("Ash", "kalundborg", 1), ("Slag", "leningrad", 1)]
        ):  # fmt: skip
            connection.execute(
                ChainRow.__table__.insert().values(
                    id=f"c{i}", name=name, dataset_id=dataset,
                    created=datetime(2026, 1, day, tzinfo=UTC), updated=datetime(2026, 1, 5,
                    tzinfo=UTC),
                )
            )  # fmt: skip
    old.dispose()


def _upgraded_names(url: str) -> dict[str, str]:
    return {c.id: c.name for c in store.list_chains(url=url)}


RENAMED = {"c1": "Ash", "c2": "Ash (2)", "c0": "Ash (3)", "c3": "Ash (4)", "c4": "Ash",
           "c5": "Slag"}  # fmt: skip


def test_an_existing_database_with_duplicate_names_is_upgraded_by_renaming_them(tmp_path):
    url = url_for(tmp_path)
    (tmp_path / "sub").mkdir()
    _database_at_0001_with_duplicates(url)
    assert _upgraded_names(url) == RENAMED  # the oldest keeps the name
    with db.engine_for(url).connect() as connection:
        assert db.current(connection) == db.head() == newest_migration()


def test_postgresql_refuses_duplicates_and_upgrades_an_old_database(postgres_url):
    import pytest
    from sqlalchemy import text

    with create_engine(postgres_url).begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.engine_for.cache_clear()
    _database_at_0001_with_duplicates(postgres_url)
    assert _upgraded_names(postgres_url) == RENAMED
    with pytest.raises(store.DuplicateName) as taken:
        store.create_chain("Slag", "leningrad", url=postgres_url)
    assert taken.value.suggestion == "Slag (2)"
    for chain_id in RENAMED:
        store.delete_chain(chain_id, url=postgres_url)
