"""The chain store on a SQLite file in tmp_path; the URL comes from IS_DASHBOARD_DB."""

from __future__ import annotations

from sqlalchemy import create_engine, func, select

from dashboard.domain.members import Member
from dashboard.store import chains as store
from dashboard.store import db
from dashboard.store.models import ChainRow, MemberRow


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
