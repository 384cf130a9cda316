"""Every page in Russian shows no text of the English catalogue (a word or phrase the Russian
catalogue words differently); text from the data (company names) is data and stays as written,
and a bundled dataset's texts are shown in their Russian version (`description_ru`, ...)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import catalogue, t
from dashboard.io.datasets import bundled_datasets
from dashboard.views.about_texts import attributions
from dashboard.web import session

from ..paths import APP
from .test_pages import PAGES

TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success")  # fmt: skip
LABELLED = ("selectbox", "multiselect", "button", "toggle", "radio", "slider", "text_input",
            "checkbox", "metric", "tabs", "expander")  # fmt: skip


def english_phrases() -> dict[str, str]:
    """English catalogue texts that Russian words differently, long enough not to be a code."""
    english, russian = catalogue("en"), catalogue("ru")
    return {
        key: text for key, text in english.items()
        if russian[key] != text and "{" not in text and (len(text.split()) > 1 or len(text) > 11)
    }  # fmt: skip


def plain(text: str) -> str:
    """Markdown as read: backslash escapes and invisible word joiners removed."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def untranslated(meta: dict) -> list[str]:
    """The texts of a dataset.json with no Russian version (its id): data, shown as written."""
    return [
        value for key, value in meta.items()
        if isinstance(value, str) and not key.endswith("_ru") and f"{key}_ru" not in meta
    ]  # fmt: skip


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in TEXT_ELEMENTS for e in getattr(at, kind)]
    parts += [getattr(e, "label", "") or "" for kind in LABELLED for e in getattr(at, kind)]
    text = plain("\n".join(str(p) for p in parts))
    for meta in bundled_datasets().values():
        for value in untranslated(meta):
            text = text.replace(value, "")
    return text.replace(plain(attributions()), "")  # the licences' wording, from data/SOURCES.md


def run_in_russian(page: str, dataset_id: str = "leningrad") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params[session.LANGUAGE] = "ru"
    at.query_params[session.DATASET] = dataset_id
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_a_page_in_russian_shows_no_english_catalogue_text(page):
    at = run_in_russian(page)
    assert not at.exception
    text = shown_text(at)
    leaks = {
        key: phrase for key, phrase in english_phrases().items()
        if re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text)
    }  # fmt: skip
    assert leaks == {}


def test_the_bundled_datasets_have_every_text_in_russian():
    assert all(untranslated(meta) == [meta["id"]] for meta in bundled_datasets().values())


def test_home_and_about_in_russian_show_the_russian_dataset_texts():
    meta = bundled_datasets()["leningrad"]
    home = plain("\n".join(c.value for c in run_in_russian(PAGES[0]).caption))
    assert meta["description_ru"] in home and meta["provenance_note_ru"] in home
    assert meta["description"] not in home and meta["provenance_note"] not in home
    about = shown_text(run_in_russian("app_pages/about.py"))
    for other in bundled_datasets().values():
        assert other["provenance_note_ru"] in about and other["provenance_note"] not in about


def test_kalundborg_s_published_totals_are_explained_in_russian():
    meta = bundled_datasets()["kalundborg"]
    at = run_in_russian("app_pages/chains.py", "kalundborg")
    [expander] = [e for e in at.expander if e.label == t("chainsui.published.heading", "ru")]
    notes = plain("\n".join(m.value for m in expander.markdown))
    assert meta["reconciliation_note_ru"] in notes and meta["reconciliation_note"] not in notes
