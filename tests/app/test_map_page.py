"""The Map page under AppTest (AppTest does not draw the map; a click is its value in the
session state)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from dashboard.views.markdown import escape_markdown
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


def pick(at: AppTest, name: str) -> None:
    """Choose the company called `name` in the map's picker."""
    full = at.session_state[session._DATA].full
    (company_id,) = full.companies.loc[full.companies["name"] == name, "company_id"]
    at.selectbox(key=session.MAP_COMPANY).select(company_id).run()


def leningrad_map() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params[session.DATASET] = "leningrad"
    at.run()
    at.switch_page("app_pages/map.py").run()
    return at


def candidate_rows(at: AppTest):
    """The candidates table below the map (the only table with a reasons column)."""
    (frame,) = [d.value for d in at.dataframe if "reasons" in d.value.columns]
    return frame


def test_selecting_a_company_narrows_the_candidates_table_until_all_are_asked_for():
    at = leningrad_map()
    everything = candidate_rows(at)
    assert len(everything) > 20
    company = everything["source_name"].iloc[0]
    pick(at, company)
    mine = candidate_rows(at)
    assert 0 < len(mine) < len(everything)
    assert ((mine["source_name"] == company) | (mine["target_name"] == company)).all()
    assert any(
        escape_markdown(company) in c.value and f" {len(mine)} " in c.value for c in at.caption
    )
    at.toggle(key=session.MAP_ALL_CANDIDATES).set_value(True).run()
    assert len(candidate_rows(at)) == len(everything)


def test_the_panel_shows_readable_cards_not_narrow_tables():
    at = leningrad_map()
    first = candidate_rows(at).iloc[0]
    pick(at, first["source_name"])
    assert [d.value.columns for d in at.dataframe if "direction" in d.value.columns] == []
    texts = "\n".join(m.value for m in at.markdown)
    assert f"{first['quantity']:,.0f} {first['unit']}" in texts
    assert escape_markdown(first["target_name"]) in texts
    assert "score" in texts and " km" in texts


def test_the_online_street_map_warns_that_it_needs_the_internet():
    at = leningrad_map()
    assert not at.warning
    at.toggle(key=session.MAP_TILES).set_value(True).run()
    assert [w.value for w in at.warning] == [t("map.tiles_offline")]


def test_the_candidates_table_lists_only_the_best_rows(monkeypatch):
    monkeypatch.setattr("dashboard.views.map_layers.TABLE_ROWS", 20)
    at = leningrad_map()
    assert not at.exception
    rows = candidate_rows(at)
    assert len(rows) == 20 and rows["reasons"].str.len().gt(0).all()
    total = next(int(c.value.split()[0].replace(",", "")) for c in at.caption
                 if "candidates, best first" in c.value)  # fmt: skip
    assert total > 20
    assert any(c.value == t("map.candidates.capped", shown=20, count=total) for c in at.caption)


def test_the_data_layers_are_built_once_until_the_data_or_settings_change(monkeypatch):
    import dashboard.views.map_layers as mv

    built = []
    real = mv.data_layers
    monkeypatch.setattr(mv, "data_layers", lambda *a: built.append(a[-1]) or real(*a))
    at = leningrad_map()
    assert len(built) == 1
    full = at.session_state[session._DATA].full
    pick(at, full.companies["name"].iloc[0])
    at.run()
    assert not at.exception and len(built) == 1
    at.toggle(key=session.MAP_CHOROPLETH).set_value(True).run()
    assert len(built) == 2 and built[-1].choropleth
    at.query_params[session.LANGUAGE] = "ru"
    at.session_state[session.LANGUAGE] = "ru"
    at.run()
    assert not at.exception and len(built) == 3
