"""Rules of the house that import contracts cannot see: pages keep no state of their own, and
every key the app keeps in the session is named in `dashboard.web.session`."""

from __future__ import annotations

import ast
import re

import pytest

from ..paths import REPO

PAGES = sorted((REPO / "app_pages").glob("*.py"))
WEB = REPO / "src" / "dashboard" / "web"


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_pages_read_settings_then_render_and_never_touch_the_session(page):
    source = page.read_text(encoding="utf-8")
    assert "session_state" not in source
    tree = ast.parse(source)
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert "render" in functions
    calls = [node for node in tree.body if isinstance(node, ast.Expr)]
    assert any(
        isinstance(c.value, ast.Call) and getattr(c.value.func, "id", "") == "render"
        for c in calls
    ), "the page ends by calling render(...)"


def test_only_the_session_module_reads_or_writes_the_session():
    for path in WEB.glob("*.py"):
        if path.name != "session.py":
            assert "st.session_state[" not in path.read_text(encoding="utf-8"), path.name
            assert "st.session_state." not in path.read_text(encoding="utf-8"), path.name


def test_widget_keys_in_pages_come_from_the_session_module():
    literal_key = re.compile(r"""\bkey=["']""")
    for path in [*PAGES, *WEB.glob("*.py")]:
        assert not literal_key.search(path.read_text(encoding="utf-8")), path.name


def test_the_server_is_private_and_shows_no_tracebacks_by_default():
    import tomllib

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert config["client"]["showErrorDetails"] == "none"
    assert "--server.address $(HOST)" in (REPO / "Makefile").read_text(encoding="utf-8")
