"""The translation catalogue: every user-facing string is looked up here by key."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).with_name("locales")
DEFAULT_LANGUAGE = "en"


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


def t(key: str, language: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Translate `key`, filling `{placeholders}` from `values`; a missing key raises KeyError."""
    text = catalogue(language)[key]
    return text.format(**values) if values else text
