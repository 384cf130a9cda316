"""What one browser session may hold: at most MAX_UPLOADS uploaded datasets."""

from __future__ import annotations

import pytest
import streamlit as st

from dashboard.web import session
from dashboard.web.cache import UPLOAD_PREFIX


@pytest.fixture(autouse=True)
def empty_state():
    """Streamlit's session state outside a server (bare mode) is one dict per process."""
    st.session_state.clear()
    yield
    st.session_state.clear()


def test_a_session_keeps_its_last_uploads_and_drops_the_oldest():
    for i in range(session.MAX_UPLOADS + 2):
        session.select_upload(f"upload {i}", object())
    kept = [f"upload {i}" for i in range(2, session.MAX_UPLOADS + 2)]
    assert list(session.uploads()) == kept
    assert st.session_state[session.DATASET] == UPLOAD_PREFIX + kept[-1]


def test_uploading_a_name_again_replaces_it_and_makes_it_the_newest():
    first, again = object(), object()
    session.select_upload("a", first)
    session.select_upload("b", object())
    session.select_upload("a", again)
    assert list(session.uploads()) == ["b", "a"]
    assert session.uploads()["a"] is again
