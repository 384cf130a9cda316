"""Every page in Russian, and every tab of the Chains page, shows no text of the English
catalogue (a word or phrase the Russian catalogue words differently) anywhere a reader sees
text: headings, widgets and their help, options, table headers and cells, chart titles, axes,
legends and hover text, and the map's tooltips and legends. Text from the data (company
names, notes, sources) is data and stays as written; a bundled dataset's own texts are shown in
their Russian version (`description_ru`, ...)."""

from __future__ import annotations

import json
import re
from functools import cache

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import UnknownElement

from dashboard.domain import reference
from dashboard.i18n import catalogue, t
from dashboard.io.cases import load_library
from dashboard.io.datasets import bundled_datasets, load_or_raise
from dashboard.views.about_texts import attributions
from dashboard.web import session
from dashboard.web.chain_panels import PANELS

from ..paths import APP
from .test_pages import PAGES

TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success")  # fmt: skip
LABELLED = ("selectbox", "multiselect", "button", "toggle", "radio", "slider", "text_input",
            "checkbox", "metric", "tabs", "expander", "number_input", "text_area")  # fmt: skip
WITH_OPTIONS = ("selectbox", "multiselect", "radio")
IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]{3,}")
DATASET_ID = "leningrad"


def english_phrases() -> dict[str, str]:
    """English catalogue texts that Russian words differently, long enough not to be a code
    (a column name such as `location_provenance` is a code in either language)."""
    english, russian = catalogue("en"), catalogue("ru")
    return {
        key: text for key, text in english.items()
        if russian[key] != text and "{" not in text and not IDENTIFIER.fullmatch(text)
        and (len(text.split()) > 1 or len(text) > 11)
    }  # fmt: skip


CODE_PREFIXES = ("provenance.", "status.", "fate.", "material.", "policy.type.", "policy.level.",
                 "policy.kind.", "policy.status.", "group.", "home.direction.")  # fmt: skip


def english_words() -> dict[str, str]:
    """Short English words of codes (a provenance, a status, a material...): a table cell that
    is one of them in Russian is a code shown untranslated."""
    english, russian = catalogue("en"), catalogue("ru")
    return {
        text: key for key, text in english.items()
        if key.startswith(CODE_PREFIXES) and russian[key] != text
        and text != key.rsplit(".", 1)[1] and not text.isupper()  # ids: "biogas", "EU"
    }  # fmt: skip


def plain(text: str) -> str:
    """Markdown as read: backslash escapes and invisible word joiners removed."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def strings(value: object) -> list[str]:
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in strings(v)]
    return []


def untranslated(meta: dict) -> list[str]:
    """The texts of a dataset.json with no Russian version (its id): data, shown as written."""
    return [
        value for key, value in meta.items()
        if isinstance(value, str) and not key.endswith("_ru") and f"{key}_ru" not in meta
    ]  # fmt: skip


@cache
def data_texts() -> tuple[str, ...]:
    """Text written by the data: every text cell of the bundled datasets and their metadata,
    the factors' sources and notes (citations and their comments), and the licences' wording;
    longest first, so a longer text goes before a part of it."""
    texts: set[str] = {plain(attributions())}
    factors = pd.read_csv(reference.REFERENCE_DIR / "factors.csv", dtype=str)
    texts |= set(factors[["source", "note"]].stack().dropna())
    texts |= set(reference.materials()["distance_source"].dropna())  # citations
    ewc = reference.ewc_list()  # the European List of Waste has no Russian version
    texts |= set(ewc["title"].dropna()) | set(ewc["chapter_title"].dropna())
    for dataset_id, meta in bundled_datasets().items():
        texts |= set(untranslated(meta))
        texts |= {s for value in meta.values() if not isinstance(value, str) for s in strings(value)}
        dataset = load_or_raise(reference.DATASETS_DIR / dataset_id)
        for table in (dataset.companies, dataset.streams, dataset.flows):
            for column in table.columns:
                if table[column].dtype == object:
                    texts |= {v for v in table[column].dropna().unique() if isinstance(v, str)}
    entries, _ = load_library()  # the cases' names, notes, titles and units have one language
    for entry in entries:
        texts |= {p.name for p in entry.case.partners} | {x.note for x in entry.case.exchanges}
        texts |= {s.title for s in entry.case.sources} | {r.unit or "" for r in entry.case.results}
    return tuple(sorted((x for x in texts if len(x) > 3), key=len, reverse=True))


def unknown_elements(node) -> list[UnknownElement]:
    found = []
    for child in getattr(node, "children", {}).values():
        if isinstance(child, UnknownElement):
            found.append(child)
        found += unknown_elements(child)
    return found


def headers(frame_element) -> tuple[list[str], list[str]]:
    """A table's shown column headers, and the headers that are bare column names."""
    config = json.loads(frame_element.proto.columns or "{}")
    shown, bare = [], []
    for column in frame_element.value.columns:
        label = (config.get(str(column)) or {}).get("label")
        shown.append(label or str(column))
        if not label and IDENTIFIER.fullmatch(str(column)):
            bare.append(str(column))
    return shown, bare


def table_cells(at: AppTest) -> list[str]:
    return [
        str(v) for frame in at.dataframe for column in frame.value.columns
        if frame.value[column].dtype == object for v in frame.value[column].dropna()
    ]  # fmt: skip


def shown_text(at: AppTest, without_data: bool = True) -> tuple[str, list[str]]:
    """All text a reader sees on the page (less the data's own, unless `without_data` is
    false), and the tables' headers that are bare column names."""
    parts = [e.value for kind in TEXT_ELEMENTS for e in getattr(at, kind)]
    for kind in LABELLED:
        for e in getattr(at, kind):
            parts += [getattr(e, "label", "") or "", getattr(e, "help", "") or ""]
    for kind in WITH_OPTIONS:
        for e in getattr(at, kind):
            parts += [str(o) for o in e.options]
    parts += [e.proto.label for e in at.get("download_button")]
    bare: list[str] = []
    for frame in at.dataframe:
        shown, raw = headers(frame)
        parts += shown
        bare += raw
        for column in frame.value.columns:
            if frame.value[column].dtype == object:
                parts += [str(v) for v in frame.value[column].dropna()]
    for chart in at.get("plotly_chart"):
        parts += strings(json.loads(chart.proto.spec))
    for element in unknown_elements(at._tree):  # the map: a custom component's arguments
        if element.type == "component_instance":
            parts += strings(json.loads(element.proto.json_args or "{}"))
    text = plain("\n".join(str(p) for p in parts))
    for data in data_texts() if without_data else ():
        text = text.replace(data, "")
    return text, bare


def leaks(at: AppTest) -> dict[str, object]:
    text, bare = shown_text(at)
    found: dict[str, object] = {
        key: phrase for key, phrase in english_phrases().items()
        if re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text)
    }  # fmt: skip
    if bare:
        found["bare column names"] = bare
    words = english_words()
    data = set(data_texts())
    codes = sorted({words[c] for c in table_cells(at) if c in words and c not in data})
    if codes:
        found["codes in table cells"] = codes
    return found


def open_in_russian(page: str, dataset_id: str = DATASET_ID) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params[session.LANGUAGE] = "ru"
    at.query_params[session.DATASET] = dataset_id
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_a_page_in_russian_shows_no_english_catalogue_text(page):
    assert leaks(open_in_russian(page)) == {}


@pytest.mark.parametrize("panel", list(PANELS))
def test_every_tab_of_a_chain_in_russian_shows_no_english_catalogue_text(panel):
    at = open_in_russian("app_pages/chains.py")
    at.session_state[session.TABS] = t(f"chainsui.tab.{panel}", "ru")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert leaks(at) == {}


def test_the_leak_check_sees_tables_charts_and_the_map():
    """The check reads what it claims to: an English page has catalogue text in each place."""
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params[session.DATASET] = DATASET_ID
    at.run()
    at.switch_page("app_pages/map.py")
    at.run()
    text, _ = shown_text(at)
    assert t("map.legend.sectors", "en") in text  # the map's legend (a component)
    assert t("map.col.score", "en") in text  # a table header
    at.switch_page(PAGES[0])
    at.run()
    text, _ = shown_text(at)
    assert t("home.direction.have", "en") in text  # a table cell
    assert t("chart.by_sector", "en") in text  # a chart title


def test_the_bundled_datasets_have_every_text_in_russian():
    assert all(untranslated(meta) == [meta["id"]] for meta in bundled_datasets().values())


def test_home_and_about_in_russian_show_the_russian_dataset_texts():
    meta = bundled_datasets()["leningrad"]
    home = plain("\n".join(c.value for c in open_in_russian(PAGES[0]).caption))
    assert meta["description_ru"] in home and meta["provenance_note_ru"] in home
    assert meta["description"] not in home and meta["provenance_note"] not in home
    about, _ = shown_text(open_in_russian("app_pages/about.py"), without_data=False)
    for other in bundled_datasets().values():
        assert other["provenance_note_ru"] in about and other["provenance_note"] not in about


def test_kalundborg_s_published_totals_are_explained_in_russian():
    meta = bundled_datasets()["kalundborg"]
    at = open_in_russian("app_pages/chains.py", "kalundborg")
    [expander] = [e for e in at.expander if e.label == t("chainsui.published.heading", "ru")]
    notes = plain("\n".join(m.value for m in expander.markdown))
    assert meta["reconciliation_note_ru"] in notes and meta["reconciliation_note"] not in notes


def test_the_policy_page_in_russian_shows_the_russian_next_steps():
    from dashboard.analysis.policy.catalogue import bundled_catalogue

    at = open_in_russian("app_pages/policy.py")
    cells = set(table_cells(at))
    text, _ = shown_text(at, without_data=False)
    measures = bundled_catalogue().measures
    shown = [m for m in measures if m.action_ru in cells]
    assert shown, "no Russian next step in the findings tables"
    assert all(m.action_ru in text for m in shown)
    assert not [m.measure_id for m in measures if m.action_en in text]
    assert t("policy.action_label", "ru") in text
