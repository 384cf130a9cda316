"""Text from data inside Markdown: escaped so that `st.markdown` shows it literally."""

from __future__ import annotations

import re

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=])")


def escape_markdown(text: object) -> str:
    """Text that `st.markdown` shows literally (no Markdown, HTML or LaTeX from data)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
