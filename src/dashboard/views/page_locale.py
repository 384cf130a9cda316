"""The browser page's language: its `lang` attribute (hyphenation, screen readers) and the
locale the tables' numbers and dates are written in.

Streamlit's tables format numbers with `Intl.NumberFormat(navigator.languages)`, the browser's
languages, not the language chosen in the app; the script below makes the page report the chosen
one, so a Russian page writes 12 345,6 and an English one 12,345.6 whatever the browser's setting.
"""

from __future__ import annotations

import json

LOCALES = {"en": ("en-GB", "en"), "ru": ("ru-RU", "ru")}


def locale_script(language: str) -> str:
    """HTML with a script that gives the page the language's `lang` and locales."""
    tags = json.dumps(list(LOCALES.get(language, LOCALES["en"])))
    return (
        "<script>(() => {"
        f"const tags = {tags};"
        "for (const name of ['languages', 'language']) {"
        "Object.defineProperty(window.navigator, name, {configurable: true,"
        " get: () => name === 'languages' ? tags : tags[0]});"
        "}"
        "document.documentElement.lang = tags[1];"
        "})();</script>"
    )
