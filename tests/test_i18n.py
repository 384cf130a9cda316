"""Every translation key the code uses exists in the catalogue, and every entry is used."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from dashboard.i18n import available_languages, catalogue, t

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    *ROOT.glob("app.py"),
    *ROOT.glob("app_pages/*.py"),
    *(ROOT / "src" / "dashboard").glob("*.py"),
]
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")
FSTRING_KEY = re.compile(r"""\bt\(\s*f["']([a-z0-9_.]*)\{""")
PROBLEM_KEY = re.compile(r"""(?:"|')([a-z_]+)(?:"|')""")


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
