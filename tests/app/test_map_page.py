"""The Map page under AppTest (AppTest does not draw the map; a click is its value in the
session state)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.web import session

from ..paths import APP


def test_map_page_selects_a_clicked_company_and_the_picker_overrides_it():
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params[session.DATASET] = "kalundborg"
    at.run()
    at.switch_page("app_pages/map.py").run()
    assert at.selectbox(key=session.MAP_COMPANY).value is None
    at.session_state[session.MAP] = {"last_object_clicked": {"lat": 55.6615, "lng": 11.0809}}
    at.run()
    assert not at.exception
    assert at.session_state[session.SELECTED_COMPANY] == "ks-asnaes"
    assert at.selectbox(key=session.MAP_COMPANY).value == "ks-asnaes"
    assert any("Asnæs Power Station" in h.value for h in at.subheader)
    at.selectbox(key=session.MAP_COMPANY).select("ks-refinery").run()
    assert at.session_state[session.SELECTED_COMPANY] == "ks-refinery"
    at.session_state[session.MAP] = {"last_object_clicked": {"lat": 50.0, "lng": 5.0}}
    at.run()
    assert at.session_state[session.SELECTED_COMPANY] == "ks-refinery"
