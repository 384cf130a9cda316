"""Every translation key the code uses exists in the catalogue, and every entry is used."""

from __future__ import annotations

import re
import string

import pytest

from dashboard.i18n import available_languages, catalogue, language, number, t, use_language

from ..paths import REPO

SOURCES = sorted(
    [
        REPO / "app.py",
        *(REPO / "app_pages").rglob("*.py"),
        *(REPO / "src" / "dashboard").rglob("*.py"),
    ]
)
LITERAL_KEY = re.compile(r"""\b(?:t|has)\(\s*["']([a-z0-9_.]+)["']""")
# f"material.{id}" and the like, whether passed to t() directly or built as a key first
FSTRING_KEY = re.compile(r"""\bf["']([a-z][a-z0-9_]*\.[a-z0-9_.]*)\{""")


def test_the_key_search_reads_every_layer_of_the_package():
    folders = {path.parent.name for path in SOURCES}
    assert {"app_pages", "domain", "io", "analysis", "policy", "views", "web"} <= folders
    assert len(SOURCES) >= 40


def used_keys() -> tuple[set[str], set[str]]:
    keys, prefixes = set(), set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        keys |= set(LITERAL_KEY.findall(text))
        prefixes |= set(FSTRING_KEY.findall(text))
    return keys, prefixes


def test_every_literal_key_exists():
    keys, _ = used_keys()
    missing = sorted(k for k in keys if k not in catalogue())
    assert missing == []


def test_every_catalogue_entry_is_used():
    keys, prefixes = used_keys()
    unused = [
        k for k in catalogue() if k not in keys and not any(k.startswith(p) for p in prefixes)
    ]
    assert unused == []


@pytest.mark.parametrize("language", available_languages())
def test_placeholders_match_english(language):
    english, other = catalogue("en"), catalogue(language)
    fields = lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f}  # noqa: E731
    assert {k: fields(v) for k, v in other.items()} == {k: fields(english[k]) for k in other}


def test_wrong_placeholder_is_an_error_and_unknown_key_too():
    with pytest.raises(KeyError):
        t("cli.no_such_path", wrong=1)
    with pytest.raises(KeyError):
        t("no.such.key")
    assert t("cli.no_such_path", command="validate", path="x").endswith(
        "validate: error: no such file or folder: x"
    )


def test_the_current_language_is_a_context_and_numbers_follow_it():
    assert language() == "en"
    assert number(12345.6, ",.1f") == "12,345.6"
    with use_language("ru"):
        assert language() == "ru"
        assert number(12345.6, ",.1f") == "12\u00a0345,6"
    assert language() == "en"


def test_every_catalogue_file_holds_exactly_the_english_keys():
    import json

    from dashboard.i18n import LOCALES_DIR

    files = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in LOCALES_DIR.glob("*.json")}
    assert {"en", "ru"} <= set(files)
    for code, entries in files.items():
        missing = sorted(set(files["en"]) - set(entries))
        extra = sorted(set(entries) - set(files["en"]))
        assert (missing, extra) == ([], []), code
        assert all(isinstance(v, str) and v.strip() for v in entries.values()), code


def test_a_number_with_a_format_spec_is_written_in_the_language():
    assert t("map.caption", "en", shown=1072).startswith("1,072 companies")
    assert "1\u00a0072." in t("map.caption", "ru", shown=1072)
