"""The Policy page's what-if under AppTest: its tab starts from the current factor values, a run
shows the baseline beside the scenario with the numbers of `analysis.scenario`, what changed
state and a chart; scenarios are saved, loaded and deleted in the store (a SQLite file in
tmp_path); in Russian it shows no English catalogue text."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.analysis import scenario as sc
from dashboard.domain.factors import Factors
from dashboard.domain.labels import significant
from dashboard.domain.reference import DATASETS_DIR
from dashboard.i18n import t
from dashboard.io.datasets import load_or_raise
from dashboard.store import db
from dashboard.store import scenarios as store
from dashboard.web import session

from ..paths import APP
from .test_russian import leaks, open_in_russian

PAGE = "app_pages/policy.py"
LANDFILL = "gate_fee.landfill.RU"


@pytest.fixture(autouse=True)
def scenario_store(monkeypatch, tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'scenarios.sqlite'}"
    monkeypatch.setenv(db.ENV_VAR, url)
    return url


def open_what_if(at: AppTest | None = None, lang: str = "en") -> AppTest:
    if at is None:
        at = AppTest.from_file(APP, default_timeout=180)
        at.query_params[session.DATASET] = "leningrad"
        at.run()
        at.switch_page(PAGE)
        at.run()
    at.session_state[session.POLICY_TABS] = t("policy.tab.what_if", lang)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def number(at: AppTest, key: str):
    return at.number_input(key=session.scenario_input_key(key))


def comparison(at: AppTest, lang: str = "en"):
    """The metrics table: the one whose first column names the results."""
    label = t("scenario.metric.candidates_viable", lang)
    found = [f.value for f in at.dataframe
             if "metric" in f.value and label in set(f.value["metric"])]  # fmt: skip
    assert len(found) == 1
    return found[0].set_index("metric")


def run(at: AppTest) -> AppTest:
    at.button(key=session.SCENARIO_RUN).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_what_if_starts_from_the_current_values_and_is_not_run_yet():
    at = open_what_if()
    assert number(at, LANDFILL).value == pytest.approx(Factors().get(LANDFILL).value)
    assert number(at, "transport.eur_per_tkm").value == pytest.approx(0.12)
    assert number(at, "co2_price.RU").value == 0  # Russia: no carbon price
    assert not at.toggle(key=session.SCENARIO_CO2).value
    assert t("scenario.not_run") in [i.value for i in at.info]
    status = at.selectbox(key=session.scenario_input_key("status.slag"))
    assert status.value == "" and set(status.options) >= {t("policy.status.waste")}


def test_a_run_shows_the_numbers_of_the_analysis_and_what_changed_state():
    at = open_what_if()
    number(at, LANDFILL).set_value(0.0)
    at.toggle(key=session.SCENARIO_CO2).set_value(True)
    number(at, "co2_price.RU").set_value(5.0)
    run(at)
    expected = sc.evaluate(
        load_or_raise(DATASETS_DIR / "leningrad"),
        sc.Scenario("x", ((LANDFILL, "0.0"), ("co2_price.RU", "5.0"))),
    )
    shown = comparison(at)
    viable = shown.loc[t("scenario.metric.candidates_viable")]
    assert viable["baseline"] == expected.baseline.candidates[sc.VIABLE]
    assert viable["scenario"] == expected.after.candidates[sc.VIABLE]
    assert viable["baseline"] != viable["scenario"]
    ghg = shown.loc[t("scenario.metric.allocated_ghg")]
    assert ghg["scenario"] == significant(expected.after.allocated_ghg.value)  # as people read
    moved = [f.value for f in at.dataframe if "exchange" in f.value]
    assert len(moved) == 1 and len(moved[0]) == len(expected.changed) > 0
    assert at.get("plotly_chart")
    assert at.get("download_button")


def test_a_scenario_is_saved_loaded_and_deleted_through_the_widgets(scenario_store):
    at = open_what_if()
    number(at, LANDFILL).set_value(40.0)
    run(at)
    at.text_input(key=session.SCENARIO_NAME).input("Landfill 40")
    at.button(key=session.SCENARIO_SAVE).click()
    at.run()
    [saved] = store.list_scenarios("leningrad", scenario_store)
    assert saved.name == "Landfill 40" and saved.changes == ((LANDFILL, "40.0"),)
    # a second save under the same name is refused with a free name offered
    at.button(key=session.SCENARIO_SAVE).click()
    at.run()
    assert any("Landfill 40 \\(2\\)" in w.value for w in at.warning)  # as markdown
    assert at.text_input(key=session.SCENARIO_NAME).value == "Landfill 40 (2)"
    assert len(store.list_scenarios("leningrad", scenario_store)) == 1
    # change the widgets, then load: the saved values come back and run
    number(at, LANDFILL).set_value(5.0)
    run(at)
    assert at.selectbox(key=session.SCENARIO_SAVED).value == saved.scenario_id
    at.button(key=session.SCENARIO_LOAD).click()
    at.run()
    assert number(at, LANDFILL).value == 40.0
    assert session.scenario_input_key(LANDFILL) in at.session_state
    changes = comparison(at).loc[t("scenario.metric.candidates_viable")]
    assert changes["scenario"] >= changes["baseline"]  # a higher charge loses nothing
    at.button(key=session.SCENARIO_DELETE).click()
    at.run()
    assert store.list_scenarios("leningrad", scenario_store) == []
    assert t("scenario.none_saved") in [c.value for c in at.caption]


def test_the_what_if_in_russian_shows_no_english_catalogue_text():
    at = open_what_if(open_in_russian(PAGE), "ru")
    assert leaks(at) == {}
    number(at, LANDFILL).set_value(0.0)
    at.selectbox(key=session.scenario_input_key("status.slag")).set_value("waste")
    run(at)
    assert len(comparison(at, "ru")) > 10
    assert leaks(at) == {}
