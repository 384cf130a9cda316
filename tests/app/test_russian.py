"""Every page in Russian shows no text of the English catalogue (a word or phrase the Russian
catalogue words differently); text from the data (company names, a dataset's description)
is data and stays as written."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import catalogue
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


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in TEXT_ELEMENTS for e in getattr(at, kind)]
    parts += [getattr(e, "label", "") or "" for kind in LABELLED for e in getattr(at, kind)]
    text = plain("\n".join(str(p) for p in parts))
    for meta in bundled_datasets().values():  # data: written in the dataset's own language
        for value in meta.values():
            if isinstance(value, str):
                text = text.replace(value, "")
    return text.replace(plain(attributions()), "")  # the licences' wording, from data/SOURCES.md


@pytest.mark.parametrize("page", PAGES)
def test_a_page_in_russian_shows_no_english_catalogue_text(page):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params[session.LANGUAGE] = "ru"
    at.query_params[session.DATASET] = "leningrad"
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    assert not at.exception
    text = shown_text(at)
    leaks = {
        key: phrase for key, phrase in english_phrases().items()
        if re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text)
    }  # fmt: skip
    assert leaks == {}
