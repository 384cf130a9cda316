"""Saved what-ifs: kept with their changes in order, listed per dataset newest first, names
unique per dataset, deleted with their changes; the same on SQLite and PostgreSQL."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from dashboard.store import db
from dashboard.store import scenarios as store
from dashboard.store.models import ScenarioChangeRow

from .test_uploads import newest_migration

CHANGES = (("gate_fee.landfill.RU", "24.5"), ("co2_price.RU", "+50%"), ("status.slag", "waste"))


def test_a_scenario_is_kept_with_its_changes_in_order(url):
    scenario_id = store.save_scenario("Налог на захоронение +50 %", "leningrad", CHANGES, url)
    kept = store.get_scenario(scenario_id, url)
    assert kept.name == "Налог на захоронение +50 %" and kept.dataset_id == "leningrad"
    assert kept.changes == CHANGES and kept.created == kept.updated
    assert kept.created.tzinfo is not None
    assert store.get_scenario("0" * 32, url) is None


def test_scenarios_are_listed_per_dataset_newest_first(url):
    first = store.save_scenario("first", "kalundborg", CHANGES[:1], url)
    time.sleep(0.01)
    second = store.save_scenario("second", "kalundborg", (), url)
    store.save_scenario("elsewhere", "finland_eprtr", CHANGES, url)
    listed = store.list_scenarios("kalundborg", url)
    assert [s.scenario_id for s in listed] == [second, first]
    assert listed[0].changes == () and listed[1].changes == CHANGES[:1]
    assert {s.dataset_id for s in store.list_scenarios(url=url)} >= {"kalundborg", "finland_eprtr"}


def test_a_name_is_unique_per_dataset_and_a_free_one_is_offered(url):
    store.save_scenario("CO2 price", "ds-unique", CHANGES, url)
    with pytest.raises(store.DuplicateName) as taken:
        store.save_scenario("CO2 price", "ds-unique", (), url)
    assert taken.value.suggestion == "CO2 price (2)"
    assert store.free_name("CO2 price", "ds-unique", url) == "CO2 price (2)"
    assert store.save_scenario("CO2 price", "another dataset", (), url)  # other datasets may


def test_deleting_a_scenario_deletes_its_changes_and_nothing_else(url):
    gone = store.save_scenario("gone", "ds-delete", CHANGES, url)
    kept = store.save_scenario("kept", "ds-delete", CHANGES, url)
    assert store.delete_scenario(gone, url)
    assert not store.delete_scenario(gone, url)
    assert [s.scenario_id for s in store.list_scenarios("ds-delete", url)] == [kept]
    with Session(db.engine(url)) as session:
        count = select(func.count()).select_from(ScenarioChangeRow)
        assert session.scalar(count.where(ScenarioChangeRow.scenario_id == gone)) == 0
        assert session.scalar(count.where(ScenarioChangeRow.scenario_id == kept)) == len(CHANGES)


def test_the_schema_has_the_scenario_tables_at_the_newest_migration(tmp_path):
    engine = db.engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with engine.connect() as connection:
        assert db.current(connection) == db.head() == newest_migration()
    tables = set(inspect(engine).get_table_names())
    assert {"scenario", "scenario_change", "chain", "upload"} <= tables
    indexes = {i["name"]: i for i in inspect(engine).get_indexes("scenario")}
    assert indexes["uq_scenario_dataset_name"]["unique"]
