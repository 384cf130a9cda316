"""No user-facing string is written in the code: every text a widget, a heading, a table's
column or a chart shows comes from the translation catalogue (or from the data)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ..paths import REPO

DISPLAY_CALLS = {
    "title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
    "write", "toast", "text", "button", "download_button", "selectbox", "multiselect", "radio",
    "toggle", "checkbox", "slider", "select_slider", "text_input", "number_input", "text_area",
    "file_uploader", "metric", "expander", "tabs", "segmented_control", "pills", "status",
    "spinner", "popover", "form_submit_button", "link_button", "page_link", "Page",
    "set_page_config", "TextColumn", "NumberColumn", "LinkColumn", "Column", "SelectboxColumn",
    "CheckboxColumn", "ProgressColumn", "ListColumn",
}  # fmt: skip
TEXT_KEYWORDS = {"label", "help", "placeholder", "title", "page_title", "caption", "text",
                 "hovertext", "hovertemplate", "legendgrouptitle"}  # fmt: skip
TRACE_KEYWORDS = {"name"}  # a Plotly trace's name is its legend entry
LOGGERS = {"LOG", "log", "logger", "logging"}  # log lines are for the operator, in English
WORD = re.compile(r"[A-Za-zА-Яа-яЁё]{2,}")
# Literal text that is not language: markup, format codes, CSS and Plotly template syntax.
NOT_WORDS = re.compile(r"%\{[^}]*\}|<[^>]+>|:material/[a-z_]+:|\{[^}]*\}|&[a-z]+;|\bpx\b")
SOURCES = sorted(
    [
        REPO / "app.py",
        *(REPO / "app_pages").rglob("*.py"),
        *(REPO / "src" / "dashboard" / "web").rglob("*.py"),
        *(REPO / "src" / "dashboard" / "views").rglob("*.py"),
    ]
)


def literal_text(node: ast.AST) -> str:
    """The literal characters of a string or f-string expression ('' for anything else)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return literal_text(node.left) + literal_text(node.right)
    return ""


def has_words(text: str) -> bool:
    return bool(WORD.search(NOT_WORDS.sub("", text)))


def written_texts(path: Path) -> list[str]:
    """'file:line: text' of each literal text passed to a display call or a text keyword."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
        if owner in LOGGERS:
            continue
        keywords = TEXT_KEYWORDS | (TRACE_KEYWORDS if owner == "go" else set())
        arguments = list(node.args[:1]) if name in DISPLAY_CALLS else []
        arguments += [k.value for k in node.keywords if k.arg in keywords]
        for argument in arguments:
            text = literal_text(argument)
            if has_words(text) and not text.endswith(".py"):  # a page's file, not text
                found.append(f"{path.name}:{node.lineno}: {text!r}")
    return found


def test_the_search_reads_the_pages_and_the_display_layers():
    assert {p.parent.name for p in SOURCES} >= {"app_pages", "web", "views"}


@pytest.mark.parametrize(
    "code",
    ['st.button("Save")', 'st.caption(f"Total {n}")', 'go.Bar(name="high")',
     'st.column_config.TextColumn("Name")', 'fig.update_layout(title="Flows " + unit)'],
)
def test_the_search_finds_a_written_text(tmp_path, code):
    source = tmp_path / "page.py"
    source.write_text(code + "\n", encoding="utf-8")
    assert len(written_texts(source)) == 1


def test_no_user_facing_text_is_written_in_the_code():
    assert [text for path in SOURCES for text in written_texts(path)] == []
