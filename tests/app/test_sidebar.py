"""The sidebar names datasets, sectors, regions and materials; codes stay in the URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.domain.labels import material_label, region_name, section_label
from dashboard.io.datasets import bundled_datasets
from dashboard.web import session

from ..paths import APP

REPO = Path(APP).parent


def run(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at


def test_filters_show_names_and_keep_codes_as_values():
    at = run(dataset="leningrad", sector="C", region="RU-LEN", material="fly_ash")
    assert not at.exception
    sector = at.multiselect(key=session.SECTOR)
    assert sector.value == ["C"]
    assert section_label("C") in sector.options and "C" not in sector.options
    region = at.multiselect(key=session.REGION)
    assert region.value == ["RU-LEN"] and region_name("RU-LEN") in region.options
    material = at.multiselect(key=session.MATERIAL)
    assert material.value == ["fly_ash"] and material_label("fly_ash") in material.options
    assert "fly_ash" not in material.options
    dataset = at.selectbox(key=session.DATASET)
    assert dataset.value == "leningrad"
    assert bundled_datasets()["leningrad"]["title"] in dataset.options


def test_no_multiselect_can_select_every_fuzzy_match_at_once():
    """Streamlit's multiselect offers "Select N matches" for typed text unless told not to,
    and its fuzzy filter matches far more than the typed words."""
    calls = []
    for path in [*REPO.glob("app_pages/*.py"), *REPO.glob("src/dashboard/web/*.py")]:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\.multiselect\(", text):
            end = text.find("\n    )", match.end())
            calls.append((path.name, text[match.end() : end if end > 0 else None]))
    assert calls
    for name, call in calls:
        assert "select_all=False" in call and 'filter_mode="contains"' in call, name


def test_the_selected_company_is_in_the_url_and_a_link_restores_it():
    from dashboard.domain.reference import DATASETS_DIR
    from dashboard.io.datasets import load_or_raise

    company = load_or_raise(DATASETS_DIR / "leningrad").companies.iloc[3]
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params[session.DATASET] = "leningrad"
    at.query_params[session.SELECTED_COMPANY] = company["company_id"]
    at.run()
    at.switch_page("app_pages/map.py").run()
    assert not at.exception
    assert at.selectbox(key=session.MAP_COMPANY).value == company["company_id"]
    assert at.query_params[session.SELECTED_COMPANY] in (company["company_id"], [company["company_id"]])
    other = load_or_raise(DATASETS_DIR / "leningrad").companies.iloc[7]["company_id"]
    at.selectbox(key=session.MAP_COMPANY).set_value(other).run()
    assert at.query_params[session.SELECTED_COMPANY] in (other, [other])


def test_the_place_filter_names_towns_and_keeps_their_ids_in_the_url():
    at = run(dataset="kalundborg", place="gn2619154")
    assert not at.exception
    place = at.multiselect(key=session.PLACE)
    assert place.value == ["gn2619154"] and "Kalundborg (DK-85)" in place.options


def test_the_language_comes_from_the_url_or_the_browser_and_is_kept_in_the_url():
    from dashboard.i18n import t

    russian = run(lang="ru")
    assert not russian.exception
    assert russian.title[0].value == t("home.title", "ru") != t("home.title", "en")
    assert russian.query_params[session.LANGUAGE] in ("ru", ["ru"])
    title_ru = bundled_datasets()["leningrad"]["title_ru"]
    assert title_ru.startswith("Санкт-Петербург") and title_ru in russian.selectbox(
        key=session.DATASET
    ).options
    english = run()
    assert english.title[0].value == t("home.title", "en")
    english.segmented_control(key=session.LANGUAGE).set_value("ru").run()
    assert english.title[0].value == t("home.title", "ru")


@pytest.mark.parametrize(
    ("page", "title", "analysis"),
    [
        ("app_pages/map.py", "map.title", "find_candidates"),
        ("app_pages/chains.py", "chainsui.title", "assess_chain"),
    ],
)
def test_switching_language_keeps_page_dataset_and_filters_and_recomputes_nothing(
    monkeypatch, page, title, analysis
):
    """Analysis results hold no text, so their caches are not keyed on the language: a switch
    redraws the page in the other language from the cached results."""
    from dashboard.i18n import t
    from dashboard.web import cache

    calls = []
    real = getattr(cache, analysis)
    monkeypatch.setattr(cache, analysis, lambda *a, **k: calls.append(1) or real(*a, **k))
    st.cache_data.clear()
    at = run(dataset="kalundborg", sector="C")
    at.switch_page(page).run()
    computed = len(calls)
    assert computed >= 1 and not at.exception
    at.segmented_control(key=session.LANGUAGE).set_value("ru").run()
    assert not at.exception
    assert at.title[0].value == t(title, "ru")
    assert at.selectbox(key=session.DATASET).value == "kalundborg"
    assert at.multiselect(key=session.SECTOR).value == ["C"]
    assert at.query_params[session.LANGUAGE] in ("ru", ["ru"])
    assert len(calls) == computed
