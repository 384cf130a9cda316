"""The Pipeline page in AppTest: a saved chain is followed, moved to pilot and operating, a year
of realised figures is recorded beside the ex-ante assessment, the portfolio counts it and the
funder's report holds it; a refused change says why and changes nothing; names from people
are shown as written."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.analysis.matching import find_candidates
from dashboard.domain.reference import DATASETS_DIR
from dashboard.i18n import t
from dashboard.io.datasets import load_path
from dashboard.store import chains, db
from dashboard.store import pipelines as store
from dashboard.views.chain_options import exchange_options
from dashboard.views.markdown import escape_markdown
from dashboard.web import session

from ..paths import APP

PAGE = "app_pages/pipeline.py"


@pytest.fixture(autouse=True)
def chain_store(monkeypatch, tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'pipeline.sqlite'}"
    monkeypatch.setenv(db.ENV_VAR, url)
    return url


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params[session.DATASET] = "leningrad"
    at.run()
    return ok(at.switch_page(PAGE).run())


def saved_chain(url: str, name: str = "Ash <b>to</b> cement") -> str:
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    options = exchange_options(dataset, find_candidates(dataset))
    flow = next(k for k in options if k.startswith("flow:"))
    return chains.create_chain(name, "leningrad", [options[flow].member], url=url)


def metric(at: AppTest, stage: str) -> str:
    return next(m.value for m in at.metric if m.label == t(f"pipeline.stage.{stage}"))


def test_without_saved_chains_the_page_says_how_to_get_one():
    at = open_page()
    assert [h.value for h in at.title] == [t("pipeline.title")]
    assert t("pipeline.no_chains") in [i.value for i in at.info]
    assert metric(at, "idea") == "0"


def test_a_chain_is_followed_moved_and_its_year_reaches_the_report(chain_store):
    chain_id = saved_chain(chain_store)
    at = open_page()
    last_year = date.today().year - 1
    at.text_input(key=session.PL_OWNER).input("Anna =1+1")
    at.date_input(key=session.PL_SINCE).set_value(date(last_year - 2, 1, 15))
    ok(at.button(key=session.PL_FOLLOW).click().run())
    assert metric(at, "idea") == "1"
    assert store.pipeline(chain_id, url=chain_store).owner == "Anna =1+1"
    assert any(escape_markdown("Anna =1+1") in m.value for m in at.markdown)
    at.selectbox(key=session.PL_STAGE).set_value("operating")
    at.date_input(key=session.PL_ON).set_value(date(last_year - 1, 3, 1))
    at.text_input(key=session.PL_NOTE).input("contract signed")
    ok(at.button(key=session.PL_MOVE).click().run())
    assert metric(at, "operating") == "1" and metric(at, "idea") == "0"
    at.number_input(key=session.PL_YEAR).set_value(last_year)
    at.number_input(key=session.pl_metric_key("diverted_t")).set_value(750.0)
    at.number_input(key=session.pl_metric_key("ghg_avoided_t_co2e")).set_value(31.5)
    at.text_input(key=session.PL_SOURCE).input("weighbridge log")
    ok(at.button(key=session.PL_RECORD).click().run())
    found = store.pipeline(chain_id, url=chain_store)
    assert found.years[0].values["diverted_t"] == 750.0
    assert found.years[0].values["money_saved_eur"] is None
    summary = next(d.value for d in at.dataframe if t("pipeline.col.realised") in d.value.columns)
    diverted = summary[summary[t("pipeline.col.metric")] == t("pipeline.metric.diverted_t")]
    assert list(diverted[t("pipeline.col.realised")]) == [750.0]
    assert diverted[t("pipeline.col.ex_ante")].notna().all()
    report = at.get("download_button")
    assert report, "the funder's report can be downloaded"
    notes = next(d.value for d in at.dataframe if t("pipeline.col.note") in d.value.columns)
    assert list(notes[t("pipeline.col.note")]) == ["contract signed"]


def test_a_stop_without_a_reason_is_refused_and_nothing_changes(chain_store):
    chain_id = saved_chain(chain_store)
    store.follow(chain_id, "Anna", date(2025, 1, 1), today=date.today(), url=chain_store)
    at = open_page()
    at.selectbox(key=session.PL_STAGE).set_value("stopped")
    ok(at.button(key=session.PL_MOVE).click().run())
    assert escape_markdown(t("pipeline.refused.reason_needed")) in [w.value for w in at.warning]
    assert store.pipeline(chain_id, url=chain_store).stage == "idea"
    at.selectbox(key=session.PL_STAGE).set_value("stopped")
    at.selectbox(key=session.PL_REASON).set_value("regulation")
    ok(at.button(key=session.PL_MOVE).click().run())
    assert store.pipeline(chain_id, url=chain_store).reason == "regulation"
    reasons = next(d.value for d in at.dataframe if t("pipeline.col.reason") in d.value.columns
                   and t("pipeline.col.chains") in d.value.columns)  # fmt: skip
    assert list(reasons[t("pipeline.col.reason")]) == [t("pipeline.reason.regulation")]

