"""The translation catalogue, the current language and number formatting.

Every user-facing string is looked up here by key. The current language is a context variable:
`use_language("ru")` sets it for a block (a page run, a command), `t()` and `number()` read it.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "en"
# (thousands separator, decimal mark) per language
SEPARATORS = {"en": (",", "."), "ru": ("\u00a0", ",")}

_language: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


@cache
def catalogue(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Return the key -> text mapping of one language, falling back to English per key."""
    base = json.loads((LOCALES_DIR / f"{DEFAULT_LANGUAGE}.json").read_text(encoding="utf-8"))
    path = LOCALES_DIR / f"{language}.json"
    if language != DEFAULT_LANGUAGE and path.exists():
        base |= json.loads(path.read_text(encoding="utf-8"))
    return base


def available_languages() -> list[str]:
    return sorted(p.stem for p in LOCALES_DIR.glob("*.json"))


def language() -> str:
    """The language of the current context."""
    return _language.get()


def set_language(code: str) -> None:
    """Make `code` the current language of this context from now on (a page run)."""
    _language.set(code if code in SEPARATORS else DEFAULT_LANGUAGE)


@contextmanager
def use_language(code: str) -> Iterator[None]:
    """Make `code` the current language inside the block."""
    token = _language.set(code)
    try:
        yield
    finally:
        _language.reset(token)


class _Formatter(string.Formatter):
    """`str.format` that writes a number with a format spec (`{count:,}`) in the separators of
    its language."""

    def __init__(self, language: str) -> None:
        self.language = language

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec and isinstance(value, int | float) and not isinstance(value, bool):
            return number(value, format_spec, self.language)
        return super().format_field(value, format_spec)


def t(key: str, language: str | None = None, **values: object) -> str:
    """Translate `key`, filling `{placeholders}` from `values` (numbers with a format spec in
    the language's separators); a missing key raises KeyError."""
    language = language or _language.get()
    text = catalogue(language)[key]
    return _Formatter(language).format(text, **values) if values else text


def has(key: str, language: str | None = None) -> bool:
    return key in catalogue(language or _language.get())


def number(value: float, spec: str = ",.0f", language: str | None = None) -> str:
    """A number written with a Python format `spec` in the separators of the language."""
    text = format(value, spec)
    thousands, decimal = SEPARATORS.get(language or _language.get(), SEPARATORS["en"])
    if (thousands, decimal) == (",", "."):
        return text
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
