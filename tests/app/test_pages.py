"""Every page runs under AppTest on every bundled dataset without an exception."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from dashboard.io.datasets import bundled_datasets
from dashboard.store import uploads as store
from dashboard.web import session

from ..paths import APP

PAGES = [
    "app_pages/home.py",
    "app_pages/map.py",
    "app_pages/flows.py",
    "app_pages/chains.py",
    "app_pages/policy.py",
    "app_pages/data.py",
    "app_pages/about.py",
]
DATASETS = list(bundled_datasets())


def run_page(page: str, dataset_id: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if dataset_id:
        at.query_params[session.DATASET] = dataset_id
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    return at


def test_there_are_three_bundled_datasets():
    assert set(DATASETS) >= {"leningrad", "kalundborg", "finland_eprtr"}


@pytest.mark.parametrize("dataset_id", DATASETS)
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page, dataset_id):
    at = run_page(page, dataset_id)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value
    assert at.selectbox(key=session.DATASET).value == dataset_id


def test_home_counts_follow_the_sector_filter_from_the_url():
    whole = run_page(PAGES[0], "leningrad")
    filtered = run_page(PAGES[0], "leningrad", sector="D")
    assert filtered.multiselect(key=session.SECTOR).value == ["D"]
    count = {m.label: int(m.value.replace(",", "")) for m in filtered.metric}
    total = {m.label: int(m.value.replace(",", "")) for m in whole.metric}
    assert 0 < count["Companies"] < total["Companies"]


def test_data_page_lists_the_three_tables_of_the_filtered_view():
    at = run_page("app_pages/data.py", "leningrad", sector="D")
    shown = {tuple(d.value.columns[:2]): d.value for d in at.dataframe}
    companies = shown[("company_id", "name")]
    assert len(companies) > 0 and set(companies["nace"].str[:2]) <= {"35"}
    streams = shown[("stream_id", "company_id")]
    assert set(streams["company_id"]) <= set(companies["company_id"])
    assert ("flow_id", "source_company") in shown


def _upload_script():
    import streamlit as st

    from dashboard.web.sidebar import sidebar
    from dashboard.web.uploads import accept_upload

    sidebar()
    bad = {"companies.csv": b"company_id,name\nA,B\n", "streams.csv": b""}
    good = {
        "companies.csv": b"company_id,name,nace,lat,lon\nA,<b>x</b>,10,59.9,30.3\n",
        "streams.csv": b"stream_id,company_id,direction,material,quantity,unit\n"
        b"S,A,have,fly_ash,3,t/yr\n",
    }
    st.button("bad", key="bad", on_click=accept_upload, args=("broken", bad))
    st.button("good", key="good", on_click=accept_upload, args=("mine", good))
    st.write(len(st.session_state.get("uploads", {})))


def test_failed_upload_changes_nothing_and_valid_upload_is_selected():
    at = AppTest.from_function(_upload_script, default_timeout=60)
    at.run()
    before = at.selectbox(key=session.DATASET).value
    at.button(key="bad").click().run()
    assert at.selectbox(key=session.DATASET).value == before
    problems = [str(p) for p in at.session_state[session.UPLOAD_PROBLEMS]]
    assert "companies.csv:1:nace: required column is missing" in problems
    assert "streams.csv: the file is empty" in problems
    assert at.session_state[session.UPLOADS] == {}
    at.button(key="good").click().run()
    assert at.session_state[session.UPLOAD_PROBLEMS] == []
    choice = at.selectbox(key=session.DATASET).value
    upload_id = choice.removeprefix("upload:")
    assert choice.startswith("upload:") and len(upload_id) == store.ID_LENGTH
    assert store.read_upload(upload_id).name == "mine"
    assert list(at.session_state[session.UPLOADS]) == [upload_id]


def _link_script():
    from dashboard.web.sidebar import sidebar

    sidebar()


def test_a_link_to_a_stored_upload_opens_it_in_a_new_session_and_a_dead_link_says_so():
    files = {
        "companies.csv": b"company_id,name,nace,lat,lon\nA,Linked Oy,10.51,60.2,24.9\n",
        "streams.csv": b"stream_id,company_id,direction,material,quantity,unit\n"
        b"S,A,have,fly_ash,3,t/yr\n",
    }
    upload_id = store.save_upload("linked", files, owner="another session")
    at = AppTest.from_function(_link_script, default_timeout=60)
    at.query_params[session.DATASET] = f"upload:{upload_id}"
    at.run()
    assert not at.exception
    assert at.selectbox(key=session.DATASET).value == f"upload:{upload_id}"
    assert not at.warning
    dead = AppTest.from_function(_link_script, default_timeout=60)
    dead.query_params[session.DATASET] = "upload:" + "0" * store.ID_LENGTH
    dead.run()
    assert dead.selectbox(key=session.DATASET).value == "leningrad"
    assert [w.value for w in dead.warning] == [t("sidebar.upload_gone", days=store.KEEP_DAYS)]
