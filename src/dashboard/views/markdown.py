"""Text from data inside Markdown: escaped so that `st.markdown` shows it literally.

Streamlit's Markdown (`st.markdown`, `st.caption`, alerts, and every widget label, help text and
radio option) turns more than CommonMark into markup, and some of it after the backslash
escapes are gone, on the text itself:

- `:material/name:` icons and `:streamlit:` logos, `:name:` emoji shortcodes and
  `:color[text]` directives;
- bare links: `https://…`, `www.…` and `name@host.tld`;
- typographic arrows and signs: ` -> `, ` <- `, ` -- `, ` >= `, ` <= `, ` ~= `;
- `$…$` LaTeX, `&name;` character references, `[text](url)` links, HTML.

So every ASCII punctuation character that means something is escaped with a backslash, and an
invisible WORD JOINER (U+2060) is put where one of the text-level patterns would start: after
a colon or an `@` that a character follows, between `www` and its dot, and between the two
signs of an arrow. The text reads and copies as typed (the joiner has no width).
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&])")
# Places where Streamlit would otherwise find a shortcode, a bare link or an arrow in the text.
_BREAKS = re.compile(
    r"(?<=[:@])(?=\S)"  # :material/…: :streamlit: :smile: :red[…] https:// name@host
    r"|(?<=www)(?=\.)"  # www.host
    r"|(?<=[-<>~])(?=[-<>=])",  # -> <- <-> -- >= <= ~=
    re.IGNORECASE,
)


def escape_markdown(text: object) -> str:
    """Text that `st.markdown` and Streamlit labels show literally (no Markdown, HTML, LaTeX,
    icons, emoji, bare links or typographic replacements from data)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", _BREAKS.sub(WORD_JOINER, str(text)))

