"""Pages hold no bare string statements but their docstring: Streamlit's magic would show them."""

from __future__ import annotations

import ast

import pytest

from ..paths import REPO

PAGES = sorted((REPO / "app_pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_no_string_is_written_by_magic(page):
    tree = ast.parse(page.read_text(encoding="utf-8"))
    strings = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ]  # fmt: skip
    docstrings = [
        n.body[0].lineno for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(n)
    ]  # fmt: skip
    assert set(strings) <= set(docstrings)
