"""The Examples page in AppTest: every documented case is listed, the filters narrow them, a
chosen case shows its sheet, diagram and tables, and the page reads in Russian."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from dashboard.io.cases import load_library
from dashboard.views.markdown import escape_markdown
from dashboard.web import session

from ..paths import APP

ENTRIES, FAILED = load_library()


def page(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/examples.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_every_case_is_listed_and_a_filter_narrows_them():
    assert FAILED == []
    at = page()
    total = len(ENTRIES)
    assert t("examples.count", shown=total, total=total) in [c.value for c in at.caption]
    assert len(at.selectbox(key=session.EX_CASE).options) == total
    planned = [e for e in ENTRIES if e.case.type == "planned"]
    at.multiselect(key=session.EX_TYPE).select("planned").run()
    assert len(at.selectbox(key=session.EX_CASE).options) == len(planned)


def test_a_chosen_case_shows_its_sheet_diagram_and_sources():
    at = page()
    entry = max(ENTRIES, key=lambda e: len(e.case.exchanges))
    at.selectbox(key=session.EX_CASE).set_value(entry.case.id).run()
    assert at.subheader[0].value == escape_markdown(entry.case.name.en)
    frames = [d.value for d in at.dataframe]
    [exchanges] = [f for f in frames if t("examples.col.giver") in f.columns]
    assert len(exchanges) == len(entry.case.exchanges)
    [sources] = [f for f in frames if t("examples.col.url") in f.columns]
    assert set(sources[t("examples.col.id")]) == {s.id for s in entry.case.sources}


def test_the_page_reads_in_russian():
    at = page(lang="ru")
    assert at.title[0].value == t("examples.title", "ru")
    first = at.selectbox(key=session.EX_CASE).value
    [entry] = [e for e in ENTRIES if e.case.id == first]
    assert at.subheader[0].value == escape_markdown(entry.case.name.ru)
