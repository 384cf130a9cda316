"""The pipeline in the store: following a chain, moves checked by the rules inside the write,
notes, yearly figures replaced by year, and the pipeline going with its chain; on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.domain.members import Member
from dashboard.domain.pipeline import Note, StageChange, YearResult
from dashboard.store import chains
from dashboard.store import pipelines as store

TODAY = date(2026, 12, 6)
ASH = Member("flow", "F1", "C1", "C2", "fly_ash", 1000.0, "t/yr")


def test_a_followed_chain_moves_through_its_stages_and_keeps_notes_and_years(url):
    chain_id = chains.create_chain("Ash to cement", "leningrad", [ASH], url=url)
    other = chains.create_chain("Heat", "kalundborg", [ASH], url=url)
    started = store.follow(chain_id, "  Anna  Petrova ", date(2024, 1, 10), today=TODAY, url=url)
    assert started.stage == "idea" and started.owner == "Anna Petrova"
    store.follow(other, "Lars", date(2024, 1, 1), today=TODAY, url=url)
    store.move(chain_id, StageChange(date(2024, 3, 1), "pilot"), today=TODAY,
               note="trial batch of 50 t", url=url)  # fmt: skip
    store.add_note(chain_id, Note(date(2024, 4, 1), "kiln trial passed", "Anna"), today=TODAY,
                   url=url)  # fmt: skip
    store.move(chain_id, StageChange(date(2024, 9, 1), "operating"), today=TODAY, url=url)
    store.record_year(chain_id, YearResult(2024, {"diverted_t": 400.0}, "estimated", "plan"),
                      today=TODAY, url=url)  # fmt: skip
    store.record_year(chain_id, YearResult(2024, {"diverted_t": 420.0, "jobs": 1.0},
                                           "reported", "weighbridge"), today=TODAY, url=url)
    store.record_year(chain_id, YearResult(2025, {"money_saved_eur": -500.0}), today=TODAY,
                      url=url)  # fmt: skip
    found = store.pipeline(chain_id, url=url)
    assert found.stage == "operating"
    assert [c.stage for c in found.changes] == ["idea", "pilot", "operating"]
    assert [n.text for n in found.notes] == ["trial batch of 50 t", "kiln trial passed"]
    assert [y.year for y in found.years] == [2024, 2025]
    assert found.years[0].values == {"diverted_t": 420.0, "ghg_avoided_t_co2e": None,
                                     "money_saved_eur": None, "jobs": 1.0}  # fmt: skip
    assert found.years[0].provenance == "reported" and found.years[0].source == "weighbridge"
    assert set(store.pipelines("leningrad", url=url)) == {chain_id}
    assert store.remove_year(chain_id, 2025, url=url)
    assert not store.remove_year(chain_id, 2025, url=url)


def test_the_rules_refuse_inside_the_write_and_nothing_changes(url):
    chain_id = chains.create_chain("Sludge", "leningrad", [ASH], url=url)
    with pytest.raises(store.PipelineRefused) as refused:
        store.move(chain_id, StageChange(TODAY, "pilot"), today=TODAY, url=url)
    assert refused.value.code == "not_followed"
    store.follow(chain_id, "Anna", date(2025, 1, 1), today=TODAY, url=url)
    for call, code in [
        (lambda: store.follow(chain_id, "Anna", TODAY, today=TODAY, url=url), "followed"),
        (lambda: store.follow("nope", "Anna", TODAY, today=TODAY, url=url), "no_chain"),
        (lambda: store.follow(chain_id, " ", TODAY, today=TODAY, url=url), "owner"),
        (lambda: store.move(chain_id, StageChange(TODAY, "stopped"), today=TODAY, url=url),
         "reason_needed"),
        (lambda: store.move(chain_id, StageChange(date(2024, 1, 1), "pilot"), today=TODAY,
                            url=url), "before_last"),
        (lambda: store.record_year(chain_id, YearResult(2025, {"diverted_t": 1.0}),
                                   today=TODAY, url=url), "not_running"),
        (lambda: store.add_note(chain_id, Note(TODAY, ""), today=TODAY, url=url), "empty_note"),
    ]:  # fmt: skip
        with pytest.raises(store.PipelineRefused) as refused:
            call()
        assert refused.value.code == code
    kept = store.pipeline(chain_id, url=url)
    assert kept.stage == "idea" and kept.notes == () and kept.years == ()
    store.move(chain_id, StageChange(TODAY, "stopped", "regulation"), today=TODAY, url=url)
    assert store.pipeline(chain_id, url=url).reason == "regulation"


def test_deleting_a_chain_or_unfollowing_it_removes_its_pipeline(url):
    chain_id = chains.create_chain("Grain", "grain-test", [ASH], url=url)
    store.follow(chain_id, "Anna", date(2025, 1, 1), today=TODAY, url=url)
    store.add_note(chain_id, Note(TODAY, "met the farm"), today=TODAY, url=url)
    assert store.unfollow(chain_id, url=url) and store.pipeline(chain_id, url=url) is None
    assert not store.unfollow(chain_id, url=url)
    store.follow(chain_id, "Anna", date(2025, 1, 1), today=TODAY, url=url)
    store.move(chain_id, StageChange(date(2025, 2, 1), "pilot"), today=TODAY, url=url)
    store.record_year(chain_id, YearResult(2025, {"diverted_t": 5.0}), today=TODAY, url=url)
    assert chains.delete_chain(chain_id, url=url)
    assert store.pipeline(chain_id, url=url) is None
    assert store.pipelines("grain-test", url=url) == {}
