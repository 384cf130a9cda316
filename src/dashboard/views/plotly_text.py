"""Text from data inside plotly figures, shown as typed.

Plotly draws labels, hover texts, titles and legends from a subset of HTML (`<b>`, `<br>`,
`<a href>`, ...) and decodes only a few character references (`&amp;`, `&lt;`, `&gt;`,
`&nbsp;`, `&mu;`, `&times;`, `&plusmn;`, `&deg;` and numeric ones). So `<`, `>` and `&` are
escaped and nothing else: `&quot;` or `&#x27;` from `html.escape` would be shown as written.
"""

from __future__ import annotations

import html

from dashboard.i18n import SEPARATORS, language


def escape_plotly(text: object) -> str:
    """Text that plotly shows literally (`<b>`, `&amp;` and `"` as typed)."""
    return html.escape(str(text), quote=False)


def separators() -> str:
    """Plotly's `layout.separators` (decimal mark, then thousands separator) of the language."""
    thousands, decimal = SEPARATORS.get(language(), SEPARATORS["en"])
    return decimal + thousands
