"""The Chains page's scoring sheet: a person takes the suggested levels, saves the sheet under
their name, and sees the chain's profile; without a name nothing is saved."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.domain.scoring import CRITERIA
from dashboard.i18n import t
from dashboard.store import sheets
from dashboard.web import session

from ..paths import APP


@pytest.fixture
def sheet_store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'sheets.sqlite'}"
    monkeypatch.setenv("IS_DASHBOARD_DB", url)
    return url


def open_sheet(dataset: str = "leningrad") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params[session.DATASET] = dataset
    at.run()
    at.switch_page("app_pages/chains.py").run()
    at.session_state[session.TABS] = t("chainsui.tab.mca")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_chain_scored_and_saved_shows_its_profile(sheet_store):
    at = open_sheet()
    assert t("mca.no_sheets") in [i.value for i in at.info]
    assert at.button(key=session.SHEET_SAVE).disabled  # nobody named
    at.text_input(key=session.SCORER).input("Team <b>Neva</b>").run()
    at.button(key=session.SHEET_SUGGEST).click().run()
    at.button(key=session.SHEET_SAVE).click().run()
    assert not at.exception, [e.value for e in at.exception]
    chain_key = at.selectbox(key=session.CHAIN).value
    [saved] = sheets.read_sheets("leningrad", chain_key, url=sheet_store).sheets
    assert saved.scorer == "Team <b>Neva</b>"
    scored = {c: lv for c, lv in saved.levels().items() if lv is not None}
    assert scored and set(scored) < set(CRITERIA)  # suggestions only where evidence exists
    assert all(e.level == e.suggested for e in saved.entries if e.level is not None)
    assert [m.value for m in at.success] and "Team" in at.success[0].value
    charts = {c.proto.id for c in at.get("plotly_chart")}
    assert charts and t("mca.no_sheets") not in [i.value for i in at.info]
    assert session.SHEET_CSV in {b.key for b in at.get("download_button")}


def test_the_sheet_and_its_profile_in_russian(sheet_store):
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params[session.LANGUAGE] = "ru"
    at.query_params[session.DATASET] = "leningrad"
    at.run()
    at.switch_page("app_pages/chains.py").run()
    at.session_state[session.TABS] = t("chainsui.tab.mca", "ru")
    at.run()
    assert t("mca.sheet_heading", "ru") in [s.value for s in at.subheader]
    [sheet] = [f.value for f in at.dataframe if "evidence" in f.value.columns]
    assert t("mca.criterion.trust", "ru") in sheet["criterion"].tolist()
    assert t("mca.area.organisational", "ru") in sheet["area"].tolist()
